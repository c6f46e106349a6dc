import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';

import { Notice } from '../../../../components/ui';
import { formatList } from '../../../../lib/format';
import { SUMMARY_UNREADABLE, type OpenedCase, type ReportView } from '../../../../lib/keyring/keyring';
import type { VerifiedTeam } from '../../api/roster';
import type { ClosedCaseProblem } from '../../model/case-state';
import { reportProblemMessage } from '../../model/integrity-words';
import { reportRosterMismatch } from '../../model/report-roster';
import { CLOSING_PROBLEM_WORDS } from '../../model/words';

/**
 * What the keyring's checks found wrong with a case (R-1, R-3, R-19, signatures, and the target's
 * invitation of docs/protocol.md 8.5): each is said plainly, above the content, so that nobody
 * acts on an altered case unwarned.
 */
export function IntegrityNotices({ opened }: { opened: OpenedCase }) {
  const { t, i18n } = useLingui();
  // The keyring's reason, in the page's words.
  const problem = opened.reportProblem === null ? null : i18n._(reportProblemMessage(opened.reportProblem));
  return (
    <>
      {problem !== null && (
        <Notice tone="error" role="alert" title={t`This report could not be decrypted: ${problem}.`}>
          <p>
            <Trans>
              This is not an empty report. Tell your team’s admins; the server’s copy may have been altered.
            </Trans>
          </p>
        </Notice>
      )}
      {/* A referred case is signed by the referring member: ReferralOrigin warns about it. */}
      {opened.report !== null && !opened.signatureValid && opened.referral === null && (
        <Notice
          tone="error"
          role="alert"
          title={t`Warning: the reporter’s signature does not match this report.`}
        >
          <p>
            <Trans>
              The server’s copy of this case was altered, or the report was not written by the person who
              holds its receipt. Treat its content with suspicion; messages to the reporter are disabled.
            </Trans>
          </p>
        </Notice>
      )}
      {opened.reporterKeys === 'altered' && (
        <Notice tone="error" role="alert" title={t`Warning: the server’s copy of this case was altered.`}>
          <p>
            <Trans>
              The reporter’s keys the server sent are not the ones written inside the encrypted report.
              Someone with access to the server may be trying to read or fake messages with the reporter. No
              message to the reporter will be sent from this case. Tell your team’s admins.
            </Trans>
          </p>
        </Notice>
      )}
      {opened.excluded.altered && (
        <Notice tone="error" role="alert" title={t`Warning: the server changed who may see this case.`}>
          <p>
            <Trans>
              The list of excluded members the server sent differs from the one inside the encrypted report.
              This browser follows the report’s list and never encrypts anything of this case to an excluded
              member.
            </Trans>
          </p>
        </Notice>
      )}
      {opened.report !== null && opened.reporterKeys === 'unbound' && (
        <Notice tone="caution" title={t`This report does not carry the reporter’s keys inside it.`}>
          <p>
            <Trans>
              It was made by an older version of Confide: replies rely on the server’s copy of the reporter’s
              key.
            </Trans>
          </p>
        </Notice>
      )}
      {opened.target?.status === 'unverified' && (
        <Notice
          tone="error"
          role="alert"
          title={t`Warning: the target’s receipt on this case could not be verified.`}
        >
          <p>
            <Trans>
              The server lists a receipt for the target of this case, but no member of your team signed it.
              Someone with access to the server may be trying to read or fake messages with the target. No
              message to the target will be sent from this case, and messages signed as the target are
              withheld. Tell your team’s admins.
            </Trans>
          </p>
        </Notice>
      )}
      {opened.urgentMismatch && (
        <Notice tone="caution" role="alert" title={t`The server’s “urgent” mark does not match the report.`}>
          <p>
            <Trans>This page goes by what the reporter wrote.</Trans>
          </p>
        </Notice>
      )}
      <SummaryNotice disagrees={opened.summaryDisagrees} />
    </>
  );
}

/** The summary envelope's fields (crypto's summaryDisagreements), as the team knows them. */
const SUMMARY_FIELD_WORDS: Readonly<Record<string, MessageDescriptor>> = {
  reporter_role: msg`who is reporting`,
  kinds: msg`kinds of harassment`,
  danger: msg({ message: 'danger', comment: 'A field of a report that disagrees with its summary' }),
  private_info_exposed: msg`private information exposed`,
  summary: msg`summary line`,
  where: msg`where it happened`,
  involved: msg`accounts involved`,
};

/**
 * The line the case list showed (the report's summary envelope) says something the report does
 * not, or could not be decrypted: the reporter's browser wrote both, so only a faulty or hostile
 * writer does this. The report itself is what counts.
 */
function SummaryNotice({ disagrees }: { disagrees: readonly string[] | null }) {
  const { t, i18n } = useLingui();
  if (disagrees === null || disagrees.length === 0) return null;
  if (disagrees.includes(SUMMARY_UNREADABLE)) {
    return (
      <Notice tone="caution" role="alert" title={t`The case list could not show a line for this case.`}>
        <p>
          <Trans>
            Its summary could not be decrypted, although the report itself could. Read the report below; the
            summary may have been written wrongly.
          </Trans>
        </p>
      </Notice>
    );
  }
  const fields = formatList(
    disagrees.map((field) => {
      const words = SUMMARY_FIELD_WORDS[field];
      return words === undefined ? field : i18n._(words);
    }),
  );
  return (
    <Notice
      tone="caution"
      role="alert"
      title={t`The line shown in the case list for this case does not match the report itself (fields: ${fields}).`}
    >
      <p>
        <Trans>Read the report below; the summary may have been written wrongly.</Trans>
      </p>
    </Notice>
  );
}

/** the report was encrypted to another team, or to a member list this browser does not know. */
export function RosterNotice({ report, team }: { report: ReportView | null; team: VerifiedTeam }) {
  const { t } = useLingui();
  const mismatch = report
    ? reportRosterMismatch(report, { fingerprint: team.roster.fingerprint, rows: team.rows })
    : null;
  if (mismatch === null) return null;
  return (
    <Notice
      tone="error"
      role="alert"
      title={
        mismatch === 'other-team'
          ? t`Warning: this report was encrypted to a team with another fingerprint.`
          : t`Warning: this report was encrypted to a member list this browser does not recognise.`
      }
    >
      <p>
        <Trans>
          The server may have shown the reporter a different list of members than it shows you. Tell your
          team’s admins and compare the team fingerprint with each other.
        </Trans>
      </p>
    </Notice>
  );
}

/**
 * A closed case whose records break the closing rules (no summary, the seed's closing order):
 * the server cannot read records, so a modified client could have closed it so. Said plainly,
 * so the team can reopen it and put it right.
 */
export function ClosingNotices({ problems }: { problems: readonly ClosedCaseProblem[] }) {
  const { t } = useLingui();
  if (problems.length === 0) return null;
  return (
    <Notice tone="caution" role="alert" title={t`This case was closed without following the closing rules.`}>
      <ul className="point-list">
        {problems.map((p) => (
          <li key={p}>{CLOSING_PROBLEM_WORDS[p]}</li>
        ))}
      </ul>
      <p>
        <Trans>Reopen it, giving the reason, and record what is missing.</Trans>
      </p>
    </Notice>
  );
}
