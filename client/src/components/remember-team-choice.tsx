import { Trans, useLingui } from '@lingui/react/macro';
import { useId, useState } from 'react';

import type { VerifiedRoster } from '#crypto';
import { forgetOnThisDevice, isRememberedOnThisDevice, rememberOnThisDevice } from '../lib/roster-trust';
import { Choice } from './ui';
import './remember-team-choice.css';

interface RememberTeamChoiceProps {
  /** The address the team was checked under (RosterTrust's `slug`). */
  slug: string;
  teamName: string;
  /** A roster this browser trusts now: only such a roster is ever kept. */
  roster: VerifiedRoster;
}

/**
 * The reporter's opt-in to keeping a team's fingerprint on this device (no traces unless asked,
 * issue 14), off unless they chose it before: what it stores, what it protects and what it costs,
 * in plain words. Ticking writes the entry at once, unticking removes it at once. Give it
 * `key={slug}` so a page that switches team shows that team's choice.
 *
 * For reporters and the person targeted (intake, appeal and receipt pages); members' pages keep
 * the roster on the device without asking (roster-trust.ts, RosterMemory).
 */
export function RememberTeamChoice({ slug, teamName, roster }: RememberTeamChoiceProps) {
  const id = useId();
  const explanationId = `${id}-explanation`;
  const { t } = useLingui();
  const [kept, setKept] = useState(() => isRememberedOnThisDevice(slug));
  /** What the last tick or untick did, said in the live region (in words at render time). */
  const [news, setNews] = useState<'refused' | 'remembered' | 'forgotten'>();

  function choose(remember: boolean): void {
    if (remember) rememberOnThisDevice(slug, roster);
    else forgetOnThisDevice(slug);
    const nowKept = isRememberedOnThisDevice(slug);
    setKept(nowKept);
    setNews(remember && !nowKept ? 'refused' : nowKept ? 'remembered' : 'forgotten');
  }

  return (
    <div className="remember-team">
      <Choice
        type="checkbox"
        id={id}
        label={t`Remember this team’s fingerprint on this device`}
        checked={kept}
        onChange={choose}
        describedBy={explanationId}
      />
      <p className="remember-team__explanation" id={explanationId}>
        {kept && !news && (
          <>
            <Trans>
              This device already remembers {teamName} from an earlier visit. Untick the box to forget this
              team on this device.
            </Trans>{' '}
          </>
        )}
        <Trans>
          What it keeps: the team’s public security fingerprint and the latest change to its member list that
          this browser checked, nothing you wrote. What it protects: on a later visit this browser can notice
          if someone hides a change in the team’s member list, such as a member being removed, and warn you.
          What it costs: anyone who looks at this device’s storage can tell it was used to contact {teamName}.
          Without it, this browser forgets the team as soon as you close or reload this page, so it cannot
          notice such a change between two visits.
        </Trans>
      </p>
      <p className="remember-team__news" aria-live="polite">
        {news === 'refused' &&
          t`This browser refused to store it (a private window may): it is remembered until you close this tab only.`}
        {news === 'remembered' &&
          t`Remembered: this device now keeps the fingerprint of ${teamName}. Untick the box to forget this team on this device.`}
        {news === 'forgotten' && t`Forgotten: this device no longer keeps the fingerprint of ${teamName}.`}
      </p>
    </div>
  );
}
