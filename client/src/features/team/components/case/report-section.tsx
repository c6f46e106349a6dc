import { formatDateTime } from '../../../../lib/format';
import type { ReferralFieldsView, ReportView } from '../../../../lib/keyring/keyring';
import { openableUrl } from '../../model/openable-url';
import { dangerWords, INVOLVED_WORDS, kindWords } from '../../model/words';
import { Card } from '../card';
import { Fact, Facts } from '../facts';
import './report-section.css';

/**
 * The report as the reporter wrote it: facts, what happened, links and accounts involved. An
 * appeal (docs/protocol.md 10.9) is a report its appellant sent from the appeal page, about a
 * decision on them: named as such. A referral from another team (docs/protocol.md 10.10) carries
 * the referring member's summary in place of what happened, and what they add for this team.
 */
export function ReportSection({ report, appeal = false }: { report: ReportView; appeal?: boolean }) {
  return (
    <section aria-labelledby="report-heading" className="report">
      <h2 id="report-heading">{appeal ? 'The appeal' : 'The report'}</h2>
      <Facts className="report__facts">
        <Fact term={appeal ? 'Sent by' : 'Reported by'}>
          {appeal
            ? 'The person the decision was about'
            : report.reporterRole === 'target'
              ? 'The person targeted'
              : report.reporterRole === 'third_party'
                ? 'Someone on another person’s behalf'
                : 'Not said'}
        </Fact>
        <Fact term="What kind">
          {report.kinds.length > 0 ? report.kinds.map(kindWords).join(', ') : 'Not said'}
        </Fact>
        <Fact term="Danger">
          {dangerWords(report.danger) ?? (report.danger === 'none' ? 'No immediate danger' : 'Not said')}
        </Fact>
        <Fact term="Private information">
          {report.privateInfoExposed ? 'Exposed and may still be visible' : 'Not reported as exposed'}
        </Fact>
        <Fact term="Where">{report.where !== '' ? report.where : 'Not said'}</Fact>
        {report.language !== null && <Fact term="Language">{report.language}</Fact>}
        {report.submittedAt !== null && <Fact term="Written">{formatDateTime(report.submittedAt)}</Fact>}
        <Fact term="Contact">
          {report.contact?.by === 'email' ? (
            <>
              By email: <span className="contact-email">{report.contact.email}</span>
            </>
          ) : (
            'Through the receipt only (messages here)'
          )}
        </Fact>
      </Facts>

      <h3>{report.referral !== null ? 'The referring team’s summary' : 'What happened'}</h3>
      <div className="report__text prewrap">{report.whatHappened}</div>
      {report.referral !== null && <ReferralFields referral={report.referral} />}

      {report.links.length > 0 && (
        <>
          <h3>Links and diffs</h3>
          <p className="muted">Each opens an external site in a new tab, only if you choose to.</p>
          <ul className="plain-list">
            {report.links.map((link, i) => (
              <ReportLink key={`${i}-${link.url}`} url={link.url} note={link.note} />
            ))}
          </ul>
        </>
      )}

      {report.involved.length > 0 && (
        <>
          <h3>Accounts involved</h3>
          <ul className="plain-list">
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

/** What the referring member wrote for this team: how to reach them and the reporter, their work, links and diffs. */
function ReferralFields({ referral }: { referral: ReferralFieldsView }) {
  return (
    <>
      <h3>From {referral.fromTeam.name || 'the referring team'}</h3>
      <Facts className="report__facts">
        <Fact term="Contact of the referring member">{referral.contactReferrer || 'Not said'}</Fact>
        <Fact term="Contact of the reporter">{referral.contactReporter || 'Not said'}</Fact>
      </Facts>
      <h4>Work done so far</h4>
      {referral.preliminaryWork !== '' ? (
        <div className="report__text prewrap">{referral.preliminaryWork}</div>
      ) : (
        <p className="muted">Not said.</p>
      )}
      {referral.links.length > 0 && (
        <>
          <h4>Links from the referring team</h4>
          <ul className="plain-list">
            {referral.links.map((link, i) => (
              <ReportLink key={`${i}-${link.url}`} url={link.url} note={link.note} />
            ))}
          </ul>
        </>
      )}
      {referral.diffs.length > 0 && (
        <>
          <h4>Diffs</h4>
          <ul className="plain-list">
            {referral.diffs.map((link, i) => (
              <ReportLink key={`${i}-${link.url}`} url={link.url} note={link.note} />
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** A link from a report: shown as text, never loaded; opening it is a deliberate click. */
function ReportLink({ url, note }: { url: string; note: string }) {
  const safe = openableUrl(url);
  return (
    <Card small>
      <code className="report-link__url">{url}</code>
      {note !== '' && <p className="report-link__note">{note}</p>}
      {safe ? (
        <a href={safe.href} target="_blank" rel="noreferrer noopener">
          Open {safe.hostname}
          <span className="visually-hidden"> (opens an external site in a new tab)</span>
        </a>
      ) : (
        <p className="muted">Not a web address: not linked.</p>
      )}
    </Card>
  );
}
