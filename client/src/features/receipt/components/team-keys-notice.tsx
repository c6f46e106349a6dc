import { Trans, useLingui } from '@lingui/react/macro';

import { Notice } from '../../../components/ui';
import { describeTrustProblem } from '../../../lib/roster-trust';
import type { OpenedThread } from '../model/open-case';

/** Loud, when the team's keys cannot be trusted: answers are disabled and senders unconfirmed. */
export function TeamKeysNotice({ opened }: { opened: OpenedThread }) {
  const { t } = useLingui();
  const { trust } = opened;
  if (trust.status === 'trusted' && !opened.teamProblem) return null;
  const reason = trust.status === 'invalid' ? trust.message : '';
  const reasons =
    trust.status === 'warning'
      ? trust.problems.map((p) => describeTrustProblem(p, opened.team.name))
      : trust.status === 'invalid'
        ? [t`The team’s member list does not pass this browser’s security checks (${reason}).`]
        : [];
  if (opened.teamProblem) reasons.push(opened.teamProblem);
  return (
    <Notice tone="security" role="alert" title={<Trans>Warning: the team’s keys cannot be confirmed</Trans>}>
      <ul>
        {reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      <p>
        <Trans>
          Messages below cannot be confirmed as coming from the team, and you cannot send anything from here
          until this is resolved. Do not share personal details in answer to them. If you can, tell the team
          through another channel.
        </Trans>
      </p>
    </Notice>
  );
}
