import { formatDateTime } from '../../../../lib/format';
import type { ReportView } from '../../../../lib/keyring/keyring';
import { openableUrl } from '../../model/openable-url';
import { dangerWords, INVOLVED_WORDS, kindWords } from '../../model/words';

/** The report as the reporter wrote it: facts, what happened, links and accounts involved. */
export function ReportSection({ report }: { report: ReportView }) {
  return (
    <section aria-labelledby="report-heading" className="report">
      <h2 id="report-heading">The report</h2>
      <dl className="report__facts">
        <div>
          <dt>Reported by</dt>
          <dd>
            {report.reporterRole === 'target'
              ? 'The person targeted'
              : report.reporterRole === 'third_party'
                ? 'Someone on another person’s behalf'
                : 'Not said'}
          </dd>
        </div>
        <div>
          <dt>What kind</dt>
          <dd>{report.kinds.length > 0 ? report.kinds.map(kindWords).join(', ') : 'Not said'}</dd>
        </div>
        <div>
          <dt>Danger</dt>
          <dd>
            {dangerWords(report.danger) ?? (report.danger === 'none' ? 'No immediate danger' : 'Not said')}
          </dd>
        </div>
        <div>
          <dt>Private information</dt>
          <dd>
            {report.privateInfoExposed ? 'Exposed and may still be visible' : 'Not reported as exposed'}
          </dd>
        </div>
        <div>
          <dt>Where</dt>
          <dd>{report.where !== '' ? report.where : 'Not said'}</dd>
        </div>
        {report.language !== null && (
          <div>
            <dt>Language</dt>
            <dd>{report.language}</dd>
          </div>
        )}
        {report.submittedAt !== null && (
          <div>
            <dt>Written</dt>
            <dd>{formatDateTime(report.submittedAt)}</dd>
          </div>
        )}
        <div>
          <dt>Contact</dt>
          <dd>
            {report.contact?.by === 'email' ? (
              <>
                By email: <span className="contact-email">{report.contact.email}</span>
              </>
            ) : (
              'Through the receipt only (messages here)'
            )}
          </dd>
        </div>
      </dl>

      <h3>What happened</h3>
      <div className="report__text">{report.whatHappened}</div>

      {report.links.length > 0 && (
        <>
          <h3>Links and diffs</h3>
          <p className="muted">Each opens an external site in a new tab, only if you choose to.</p>
          <ul className="report-links">
            {report.links.map((link, i) => (
              <ReportLink key={`${i}-${link.url}`} url={link.url} note={link.note} />
            ))}
          </ul>
        </>
      )}

      {report.involved.length > 0 && (
        <>
          <h3>Accounts involved</h3>
          <ul className="involved">
            {report.involved.map((p, i) => (
              <li key={`${i}-${p.name}`}>
                <span className="involved__name">{p.name}</span>{' '}
                <span className="muted">({INVOLVED_WORDS[p.role] ?? p.role})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** A link from a report: shown as text, never loaded; opening it is a deliberate click. */
function ReportLink({ url, note }: { url: string; note: string }) {
  const safe = openableUrl(url);
  return (
    <li className="report-link">
      <code className="report-link__url">{url}</code>
      {note !== '' && <p className="report-link__note">{note}</p>}
      {safe ? (
        <a href={safe.href} target="_blank" rel="noreferrer noopener" className="report-link__open">
          Open {safe.hostname}
          <span className="visually-hidden"> (opens an external site in a new tab)</span>
        </a>
      ) : (
        <p className="muted">Not a web address: not linked.</p>
      )}
    </li>
  );
}
