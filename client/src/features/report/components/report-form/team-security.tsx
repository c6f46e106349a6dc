import { Trans, useLingui } from '@lingui/react/macro';
import { useId } from 'react';

import { RememberTeamChoice } from '../../../../components/remember-team-choice';
import { Choice, Notice } from '../../../../components/ui';
import type { RosterTrust } from '../../../../lib/roster-trust';
import { describeRosterChange, describeTrustProblem } from '../../../../lib/roster-trust';
import { formatFingerprintText } from '../../model/fingerprint-text';
import './team-security.css';
import { formatList } from '../../../../lib/format';

interface TeamSecurityProps {
  trust: RosterTrust;
  confirmed: boolean;
  onConfirm: (confirmed: boolean) => void;
}

/**
 * The team's security fingerprint (R-2: shown prominently so it can be compared with one the
 * team publishes elsewhere) and, loudly, any reason not to trust the team's keys. Beside a
 * trusted fingerprint, the reporter's choice to remember the team on this device (off unless
 * they made it before): without it nothing about the team outlives the page.
 */
export function TeamSecurity({ trust, confirmed, onConfirm }: TeamSecurityProps) {
  const { t } = useLingui();
  const confirmId = useId();
  if (trust.status === 'invalid') {
    const problem = trust.message;
    return (
      <Notice
        tone="error"
        role="alert"
        title={t`This team’s keys cannot be checked, so your report cannot be sent to it`}
      >
        <p>
          <Trans>
            The list of the team’s members and their keys did not pass this browser’s security checks (
            {problem}). This can be a fault on the server or an attempt to read reports. Nothing has been
            sent. Please let the team know through another channel, or choose another team.
          </Trans>
        </p>
      </Notice>
    );
  }
  const teamName = trust.team.name;
  const fingerprint = formatFingerprintText(trust.roster.fingerprint);
  if (trust.status === 'warning') {
    const onlyFingerprint = trust.problems.every((p) => p === 'fingerprint-changed');
    const previous = trust.remembered ? formatFingerprintText(trust.remembered.fingerprint) : undefined;
    const pinned = trust.pinned !== undefined ? formatFingerprintText(trust.pinned) : undefined;
    const pinDiffers = trust.problems.includes('pinned-fingerprint-differs');
    return (
      <Notice tone="security" role="alert" title={t`Warning: this may not be the real “${teamName}”`}>
        <ul>
          {trust.problems.map((problem) => (
            <li key={problem}>{describeTrustProblem(problem, teamName)}</li>
          ))}
        </ul>
        <dl className="fingerprint-compare">
          {pinned && (
            <>
              <dt>
                <Trans>Fingerprint the people who run this site have set for the team</Trans>
              </dt>
              <dd className="fingerprint" translate="no">
                {pinned}
              </dd>
            </>
          )}
          {previous && (
            <>
              <dt>
                <Trans>Fingerprint this browser saw before</Trans>
              </dt>
              <dd className="fingerprint" translate="no">
                {previous}
              </dd>
            </>
          )}
          <dt>
            <Trans>Fingerprint shown now</Trans>
          </dt>
          <dd className="fingerprint" translate="no">
            {fingerprint}
          </dd>
        </dl>
        {onlyFingerprint ? (
          <>
            <p>
              <Trans>
                Do not send anything yet. Ask the team, through a channel you trust (for example their page on
                the wiki), what their fingerprint is. Only if it matches the one shown now, tick the box
                below.
              </Trans>
            </p>
            <Choice
              type="checkbox"
              id={confirmId}
              label={t`I have checked with the team that their fingerprint is now ${fingerprint}`}
              checked={confirmed}
              onChange={onConfirm}
            />
          </>
        ) : pinDiffers ? (
          <p>
            <Trans>
              Your report cannot be sent to this team while its fingerprint is not the one this site has set
              for it. Nothing has been sent. Please let the team know through another channel, or choose
              another team.
            </Trans>
          </p>
        ) : (
          <p>
            <Trans>
              Your report cannot be sent to this team from this browser. Nothing has been sent. Please let the
              team know through another channel.
            </Trans>
          </p>
        )}
      </Notice>
    );
  }
  const changes = formatList(trust.changes.map(describeRosterChange));
  return (
    <div className="team-security">
      <p className="team-security__label">
        <Trans>
          Security fingerprint of {teamName}:{' '}
          <span className="fingerprint" translate="no">
            {fingerprint}
          </span>
        </Trans>
      </p>
      {trust.pinned !== undefined && (
        <p className="team-security__hint">
          <Trans>
            <strong>Confirmed by this site:</strong> this is the fingerprint the people who run this site have
            set for {teamName}.
          </Trans>
        </p>
      )}
      <p className="team-security__hint">
        {trust.firstSeen ? (
          <Trans>
            This browser has no earlier record of this team. If the team publishes its fingerprint somewhere
            else, such as its page on the wiki, you can check that the two match.
          </Trans>
        ) : (
          <Trans>This is the same fingerprint this browser saw before.</Trans>
        )}{' '}
        <Trans>
          Your report is encrypted only for the team members listed under this fingerprint, and this browser
          will warn you if it changes while you are here. Members who join the team later are given access by
          an admin when they are added, except anyone you exclude below.
        </Trans>
      </p>
      {trust.changes.length > 0 && (
        <p className="team-security__hint">
          <Trans>Since this browser last saw the team: {changes}.</Trans>
        </p>
      )}
      <RememberTeamChoice
        key={trust.slug}
        slug={trust.slug}
        teamName={trust.team.name}
        roster={trust.roster}
      />
    </div>
  );
}
