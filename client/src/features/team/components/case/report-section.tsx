import { Trans, useLingui } from '@lingui/react/macro';

import { formatDateTime, formatList, languageName } from '../../../../lib/format';
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
  const { t } = useLingui();
  const notSaid = t`Not said`;
  const email = report.contact?.by === 'email' ? report.contact.email : null;
  return (
    <section aria-labelledby="report-heading" className="report">
      <h2 id="report-heading">{appeal ? <Trans>The appeal</Trans> : <Trans>The report</Trans>}</h2>
      <Facts className="report__facts">
        <Fact term={appeal ? t`Sent by` : t`Reported by`}>
          {appeal
            ? t`The person the decision was about`
            : report.reporterRole === 'target'
              ? t`The person targeted`
              : report.reporterRole === 'third_party'
                ? t`Someone on another person’s behalf`
                : notSaid}
        </Fact>
        <Fact term={t`What kind`}>{report.kinds.length > 0 ? formatKinds(report.kinds) : notSaid}</Fact>
        <Fact term={t`Danger`}>
          {dangerWords(report.danger) ?? (report.danger === 'none' ? t`No immediate danger` : notSaid)}
        </Fact>
        <Fact term={t`Private information`}>
          {report.privateInfoExposed ? t`Exposed and may still be visible` : t`Not reported as exposed`}
        </Fact>
        <Fact term={t`Where`}>
          {report.where !== '' ? <span translate="no">{report.where}</span> : notSaid}
        </Fact>
        {report.language !== null && (
          <Fact term={t`Language`}>
            {languageName(report.language)} <span translate="no">({report.language})</span>
          </Fact>
        )}
        {report.submittedAt !== null && <Fact term={t`Written`}>{formatDateTime(report.submittedAt)}</Fact>}
        <Fact term={t`Contact`}>
          {email !== null ? (
            <Trans>
              By email:{' '}
              <span className="contact-email" translate="no">
                {email}
              </span>
            </Trans>
          ) : (
            t`Through the receipt only (messages here)`
          )}
        </Fact>
      </Facts>

      <h3>
        {report.referral !== null ? (
          <Trans>The referring team’s summary</Trans>
        ) : (
          <Trans>What happened</Trans>
        )}
      </h3>
      {/* The reporter's own words: never offered to the browser's translator, which would send them
          to a translation service, in the clear. */}
      <div className="report__text prewrap" translate="no">
        {report.whatHappened}
      </div>
      {report.referral !== null && <ReferralFields referral={report.referral} />}

      {report.links.length > 0 && (
        <>
          <h3>
            <Trans>Links and diffs</Trans>
          </h3>
          <p className="muted">
            <Trans>Each opens an external site in a new tab, only if you choose to.</Trans>
          </p>
          <ul className="plain-list">
            {report.links.map((link, i) => (
              <ReportLink key={`${i}-${link.url}`} url={link.url} note={link.note} />
            ))}
          </ul>
        </>
      )}

      {report.involved.length > 0 && (
        <>
          <h3>
            <Trans>Accounts involved</Trans>
          </h3>
          <ul className="plain-list">
            {report.involved.map((p, i) => (
              <InvolvedAccount key={`${i}-${p.name}`} name={p.name} role={p.role} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** "Ana (reported)": an account the report names, and its role in words. */
function InvolvedAccount({ name, role }: { name: string; role: string }) {
  const roleWords = INVOLVED_WORDS[role] ?? role;
  return (
    <li>
      <span className="involved__name" translate="no">
        {name}
      </span>{' '}
      <span className="muted">
        <Trans comment="An account’s role in the report, in brackets after its name">({roleWords})</Trans>
      </span>
    </li>
  );
}

/** The kinds of harassment, as a list in the page's language. */
function formatKinds(kinds: readonly string[]): string {
  return formatList(kinds.map(kindWords));
}

/** What the referring member wrote for this team: how to reach them and the reporter, their work, links and diffs. */
function ReferralFields({ referral }: { referral: ReferralFieldsView }) {
  const { t } = useLingui();
  const fromTeam = referral.fromTeam.name;
  const notSaid = t`Not said`;
  return (
    <>
      <h3>
        {fromTeam !== '' ? (
          <Trans>
            From <span translate="no">{fromTeam}</span>
          </Trans>
        ) : (
          <Trans>From the referring team</Trans>
        )}
      </h3>
      <Facts className="report__facts">
        <Fact term={t`Contact of the referring member`}>{referral.contactReferrer || notSaid}</Fact>
        <Fact term={t`Contact of the reporter`}>{referral.contactReporter || notSaid}</Fact>
      </Facts>
      <h4>
        <Trans>Work done so far</Trans>
      </h4>
      {referral.preliminaryWork !== '' ? (
        <div className="report__text prewrap">{referral.preliminaryWork}</div>
      ) : (
        <p className="muted">
          <Trans>Not said.</Trans>
        </p>
      )}
      {referral.links.length > 0 && (
        <>
          <h4>
            <Trans>Links from the referring team</Trans>
          </h4>
          <ul className="plain-list">
            {referral.links.map((link, i) => (
              <ReportLink key={`${i}-${link.url}`} url={link.url} note={link.note} />
            ))}
          </ul>
        </>
      )}
      {referral.diffs.length > 0 && (
        <>
          <h4>
            <Trans>Diffs</Trans>
          </h4>
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
  const host = safe?.hostname ?? '';
  return (
    <Card small>
      <code className="report-link__url" translate="no">
        {url}
      </code>
      {note !== '' && (
        <p className="report-link__note" translate="no">
          {note}
        </p>
      )}
      {safe ? (
        <a href={safe.href} target="_blank" rel="noreferrer noopener">
          <Trans>
            Open <span translate="no">{host}</span>
            <span className="visually-hidden"> (opens an external site in a new tab)</span>
          </Trans>
        </a>
      ) : (
        <p className="muted">
          <Trans>Not a web address: not linked.</Trans>
        </p>
      )}
    </Card>
  );
}
