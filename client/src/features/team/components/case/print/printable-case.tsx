/** The decrypted case laid out for paper: the same document the export writes. */
import { Trans, useLingui } from '@lingui/react/macro';

import { formatDateTime, formatList } from '../../../../../lib/format';
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
          <span translate="no">{f.name}</span> <span className="muted">({formatFileSize(f.size)})</span>
        </li>
      ))}
    </ul>
  );
}

function ItemEntry({ item }: { item: ExportedItem }) {
  if ('withheld' in item) {
    const when = formatDateTime(item.created_at);
    return (
      <li className="print-case__item print-case__item--withheld">
        <p className="print-case__item-head">
          <Trans>Withheld item · {when}</Trans>
        </p>
        <p>{item.withheld}</p>
      </li>
    );
  }
  const what = exportedItemHeading(item);
  return (
    <li className={`print-case__item print-case__item--${item.kind}`}>
      <p className="print-case__item-head">
        <strong>{what}</strong> · <span translate="no">{item.author_name}</span> ·{' '}
        {formatDateTime(item.written_at ?? item.created_at)}
      </p>
      {item.record !== null && (
        <>
          <p>{item.summary}</p>
          <RecordDetailsList details={recordDetails(item.record)} />
        </>
      )}
      {item.text !== '' && (
        <div className="prewrap" translate="no">
          {item.text}
        </div>
      )}
      <Files files={item.attachments} />
    </li>
  );
}

export function PrintableCase({ doc }: { doc: CaseExport }) {
  const { t } = useLingui();
  const c = doc.case;
  const r = doc.report;
  const caseNumber = c.number;
  const teamName = doc.team.name;
  const status = statusWords(c.status);
  const exportedBy = doc.exported_by.name;
  const exportedAt = formatDateTime(doc.exported_at);
  const reportProblem = doc.report_problem;
  return (
    <article className="print-case" aria-labelledby="print-case-title">
      <h2 id="print-case-title">
        <Trans>
          Case #{caseNumber} · <span translate="no">{teamName}</span>
        </Trans>
      </h2>
      <dl className="print-case__facts">
        <dt>
          <Trans>Status</Trans>
        </dt>
        <dd>{c.urgent ? <Trans>{status} · urgent</Trans> : status}</dd>
        <dt>
          <Trans>Opened</Trans>
        </dt>
        <dd>{formatDateTime(c.created_at)}</dd>
        <dt>
          <Trans>Last change</Trans>
        </dt>
        <dd>{formatDateTime(c.updated_at)}</dd>
        <dt>
          <Trans>Assigned to</Trans>
        </dt>
        <dd>
          {c.assignee_name === null ? <Trans>Nobody</Trans> : <span translate="no">{c.assignee_name}</span>}
        </dd>
        {c.check_in_by !== null && (
          <>
            <dt>
              <Trans>Check in by</Trans>
            </dt>
            <dd>{formatDateTime(c.check_in_by)}</dd>
          </>
        )}
        {c.follow_up_by !== null && (
          <>
            <dt>
              <Trans>Follow up by</Trans>
            </dt>
            <dd>{formatDateTime(c.follow_up_by)}</dd>
          </>
        )}
        <dt>
          <Trans>Printed by</Trans>
        </dt>
        <dd>
          <Trans>
            <span translate="no">{exportedBy}</span>, {exportedAt}
          </Trans>
        </dd>
      </dl>
      <p className="print-case__confidential">
        <Trans>
          Confidential: decrypted from an end-to-end encrypted case. Keep this copy as safe as the case.
        </Trans>
      </p>

      <section aria-labelledby="print-report">
        <h3 id="print-report">
          <Trans>The report</Trans>
        </h3>
        {r === null ? (
          <p>
            <Trans>The report could not be opened: {reportProblem}</Trans>
          </p>
        ) : (
          <>
            <dl className="print-case__facts">
              <dt>
                <Trans>Summary</Trans>
              </dt>
              <dd translate="no">{r.summary}</dd>
              <dt>
                <Trans>What kind</Trans>
              </dt>
              <dd>{r.kinds.length > 0 ? formatList(r.kinds.map(kindWords)) : t`Not said`}</dd>
              <dt>
                <Trans>Where</Trans>
              </dt>
              <dd>{r.where ? <span translate="no">{r.where}</span> : t`Not said`}</dd>
              <dt>
                <Trans>Danger</Trans>
              </dt>
              <dd>{dangerWords(r.danger) ?? (r.danger === 'none' ? t`No immediate danger` : t`Not said`)}</dd>
              <dt>
                <Trans>Private information</Trans>
              </dt>
              <dd>{r.privateInfoExposed ? t`Exposed` : t`Not reported as exposed`}</dd>
              {r.submittedAt !== null && (
                <>
                  <dt>
                    <Trans>Written</Trans>
                  </dt>
                  <dd>{formatDateTime(r.submittedAt)}</dd>
                </>
              )}
            </dl>
            <h4>
              <Trans>What happened</Trans>
            </h4>
            <div className="prewrap" translate="no">
              {r.whatHappened}
            </div>
            {r.links.length > 0 && (
              <>
                <h4>
                  <Trans>Links and diffs</Trans>
                </h4>
                <ul translate="no">
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
                <h4>
                  <Trans>Accounts involved</Trans>
                </h4>
                <ul>
                  {r.involved.map((p, i) => (
                    <li key={`${i}-${p.name}`}>
                      <span translate="no">{p.name}</span>{' '}
                      <span className="muted">({INVOLVED_WORDS[p.role] ?? p.role})</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
            {r.attachments.length > 0 && (
              <h4>
                <Trans>Files</Trans>
              </h4>
            )}
            <Files files={r.attachments} />
          </>
        )}
      </section>

      <section aria-labelledby="print-thread">
        <h3 id="print-thread">
          <Trans>Messages, notes and records</Trans>
        </h3>
        {doc.items.length === 0 ? (
          <p>
            <Trans>Nothing was written in this case yet.</Trans>
          </p>
        ) : (
          <ol className="plain-list print-case__items">
            {doc.items.map((item) => (
              <ItemEntry key={item.id} item={item} />
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="print-events">
        <h3 id="print-events">
          <Trans>Timeline of changes</Trans>
        </h3>
        {doc.events.length === 0 ? (
          <p>
            <Trans>No changes recorded.</Trans>
          </p>
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
