/** The decrypted case laid out for paper: the same document the export writes. */
import { formatDateTime } from '../../../../../lib/format';
import { dangerWords, INVOLVED_WORDS, kindWords, statusWords } from '../../../model/words';
import { formatFileSize } from '../../../../../lib/format';
import { recordDetails } from '../records/describe-record';
import { RecordDetailsList } from '../records/record-details-list';
import { exportedItemHeading, type CaseExport, type ExportedItem } from './case-export';

function Files({ files }: { files: readonly { name: string; type: string; size: number }[] }) {
  if (files.length === 0) return null;
  return (
    <ul className="print-case__files">
      {files.map((f, i) => (
        <li key={`${i}-${f.name}`}>
          {f.name} <span className="muted">({formatFileSize(f.size)})</span>
        </li>
      ))}
    </ul>
  );
}

function ItemEntry({ item }: { item: ExportedItem }) {
  if ('withheld' in item) {
    return (
      <li className="print-case__item print-case__item--withheld">
        <p className="print-case__item-head">Withheld item · {formatDateTime(item.created_at)}</p>
        <p>{item.withheld}</p>
      </li>
    );
  }
  const what = exportedItemHeading(item);
  return (
    <li className={`print-case__item print-case__item--${item.kind}`}>
      <p className="print-case__item-head">
        <strong>{what}</strong> · {item.author_name} · {formatDateTime(item.written_at ?? item.created_at)}
      </p>
      {item.record !== null && (
        <>
          <p>{item.summary}</p>
          <RecordDetailsList details={recordDetails(item.record)} />
        </>
      )}
      {item.text !== '' && <div className="prewrap">{item.text}</div>}
      <Files files={item.attachments} />
    </li>
  );
}

export function PrintableCase({ doc }: { doc: CaseExport }) {
  const c = doc.case;
  const r = doc.report;
  return (
    <article className="print-case" aria-labelledby="print-case-title">
      <h2 id="print-case-title">
        Case #{c.number} · {doc.team.name}
      </h2>
      <dl className="print-case__facts">
        <dt>Status</dt>
        <dd>
          {statusWords(c.status)}
          {c.urgent ? ' · urgent' : ''}
        </dd>
        <dt>Opened</dt>
        <dd>{formatDateTime(c.created_at)}</dd>
        <dt>Last change</dt>
        <dd>{formatDateTime(c.updated_at)}</dd>
        <dt>Assigned to</dt>
        <dd>{c.assignee_name ?? 'Nobody'}</dd>
        {c.check_in_by !== null && (
          <>
            <dt>Check in by</dt>
            <dd>{formatDateTime(c.check_in_by)}</dd>
          </>
        )}
        {c.follow_up_by !== null && (
          <>
            <dt>Follow up by</dt>
            <dd>{formatDateTime(c.follow_up_by)}</dd>
          </>
        )}
        <dt>Printed by</dt>
        <dd>
          {doc.exported_by.name}, {formatDateTime(doc.exported_at)}
        </dd>
      </dl>
      <p className="print-case__confidential">
        Confidential: decrypted from an end-to-end encrypted case. Keep this copy as safe as the case.
      </p>

      <section aria-labelledby="print-report">
        <h3 id="print-report">The report</h3>
        {r === null ? (
          <p>The report could not be opened: {doc.report_problem}</p>
        ) : (
          <>
            <dl className="print-case__facts">
              <dt>Summary</dt>
              <dd>{r.summary}</dd>
              <dt>What kind</dt>
              <dd>{r.kinds.length > 0 ? r.kinds.map(kindWords).join(', ') : 'Not said'}</dd>
              <dt>Where</dt>
              <dd>{r.where || 'Not said'}</dd>
              <dt>Danger</dt>
              <dd>{dangerWords(r.danger) ?? (r.danger === 'none' ? 'No immediate danger' : 'Not said')}</dd>
              <dt>Private information</dt>
              <dd>{r.privateInfoExposed ? 'Exposed' : 'Not reported as exposed'}</dd>
              {r.submittedAt !== null && (
                <>
                  <dt>Written</dt>
                  <dd>{formatDateTime(r.submittedAt)}</dd>
                </>
              )}
            </dl>
            <h4>What happened</h4>
            <div className="prewrap">{r.whatHappened}</div>
            {r.links.length > 0 && (
              <>
                <h4>Links and diffs</h4>
                <ul>
                  {r.links.map((l, i) => (
                    <li key={`${i}-${l.url}`}>
                      <span className="break">{l.url}</span>
                      {l.note !== '' && <> — {l.note}</>}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {r.involved.length > 0 && (
              <>
                <h4>Accounts involved</h4>
                <ul>
                  {r.involved.map((p, i) => (
                    <li key={`${i}-${p.name}`}>
                      {p.name} <span className="muted">({INVOLVED_WORDS[p.role] ?? p.role})</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
            {r.attachments.length > 0 && <h4>Files</h4>}
            <Files files={r.attachments} />
          </>
        )}
      </section>

      <section aria-labelledby="print-thread">
        <h3 id="print-thread">Messages, notes and records</h3>
        {doc.items.length === 0 ? (
          <p>Nothing was written in this case yet.</p>
        ) : (
          <ol className="plain-list print-case__items">
            {doc.items.map((item) => (
              <ItemEntry key={item.id} item={item} />
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="print-events">
        <h3 id="print-events">Timeline of changes</h3>
        {doc.events.length === 0 ? (
          <p>No changes recorded.</p>
        ) : (
          <ol className="print-case__events">
            {doc.events.map((e, i) => (
              <li key={`${i}-${e.at}`}>
                <span className="nowrap">{formatDateTime(e.at)}</span>: {e.words}
              </li>
            ))}
          </ol>
        )}
      </section>
    </article>
  );
}
