import { useId } from 'react';

import { RememberTeamChoice } from '../../../../components/remember-team-choice';
import { Choice, Notice } from '../../../../components/ui';
import type { RosterTrust } from '../../../../lib/roster-trust';
import { describeRosterChange, describeTrustProblem } from '../../../../lib/roster-trust';
import { formatFingerprintText } from '../../model/fingerprint-text';
import './team-security.css';

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
  const confirmId = useId();
  if (trust.status === 'invalid') {
    return (
      <Notice
        tone="error"
        role="alert"
        title="This team’s keys cannot be checked, so your report cannot be sent to it"
      >
        <p>
          The list of the team’s members and their keys did not pass this browser’s security checks (
          {trust.message}). This can be a fault on the server or an attempt to read reports. Nothing has been
          sent. Please let the team know through another channel, or choose another team.
        </p>
      </Notice>
    );
  }
  const fingerprint = formatFingerprintText(trust.roster.fingerprint);
  if (trust.status === 'warning') {
    const onlyFingerprint = trust.problems.every((p) => p === 'fingerprint-changed');
    const previous = trust.remembered ? formatFingerprintText(trust.remembered.fingerprint) : undefined;
    const pinned = trust.pinned !== undefined ? formatFingerprintText(trust.pinned) : undefined;
    const pinDiffers = trust.problems.includes('pinned-fingerprint-differs');
    return (
      <Notice tone="security" role="alert" title={`Warning: this may not be the real “${trust.team.name}”`}>
        <ul>
          {trust.problems.map((problem) => (
            <li key={problem}>{describeTrustProblem(problem, trust.team.name)}</li>
          ))}
        </ul>
        <dl className="fingerprint-compare">
          {pinned && (
            <>
              <dt>Fingerprint the people who run this site have set for the team</dt>
              <dd className="fingerprint">{pinned}</dd>
            </>
          )}
          {previous && (
            <>
              <dt>Fingerprint this browser saw before</dt>
              <dd className="fingerprint">{previous}</dd>
            </>
          )}
          <dt>Fingerprint shown now</dt>
          <dd className="fingerprint">{fingerprint}</dd>
        </dl>
        {onlyFingerprint ? (
          <>
            <p>
              Do not send anything yet. Ask the team, through a channel you trust (for example their page on
              the wiki), what their fingerprint is. Only if it matches the one shown now, tick the box below.
            </p>
            <Choice
              type="checkbox"
              id={confirmId}
              label={`I have checked with the team that their fingerprint is now ${fingerprint}`}
              checked={confirmed}
              onChange={onConfirm}
            />
          </>
        ) : pinDiffers ? (
          <p>
            Your report cannot be sent to this team while its fingerprint is not the one this site has set for
            it. Nothing has been sent. Please let the team know through another channel, or choose another
            team.
          </p>
        ) : (
          <p>
            Your report cannot be sent to this team from this browser. Nothing has been sent. Please let the
            team know through another channel.
          </p>
        )}
      </Notice>
    );
  }
  return (
    <div className="team-security">
      <p className="team-security__label">
        Security fingerprint of {trust.team.name}:{' '}
        <span className="fingerprint" translate="no">
          {fingerprint}
        </span>
      </p>
      {trust.pinned !== undefined && (
        <p className="team-security__hint">
          <strong>Confirmed by this site:</strong> this is the fingerprint the people who run this site have
          set for {trust.team.name}.
        </p>
      )}
      <p className="team-security__hint">
        {trust.firstSeen
          ? 'This browser has no earlier record of this team. If the team publishes its fingerprint somewhere else, such as its page on the wiki, you can check that the two match. '
          : 'This is the same fingerprint this browser saw before. '}
        Your report is encrypted only for the team members listed under this fingerprint, and this browser
        will warn you if it changes while you are here. Members who join the team later are given access by an
        admin when they are added, except anyone you exclude below.
      </p>
      {trust.changes.length > 0 && (
        <p className="team-security__hint">
          Since this browser last saw the team: {trust.changes.map(describeRosterChange).join('; ')}.
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
