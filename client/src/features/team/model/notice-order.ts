/**
 * The seed's closing order ("Closing cases: Closing actionable reports"): take the on-wiki action
 * first, then tell the sanctioned user, then the target or reporter, then any public venue. The
 * server cannot read records, so every member's browser checks this order: before a notice is
 * recorded (noticeRefusal); model/case-state.ts checks the records already there, since a
 * modified client could have written them in any order.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import type { NoticeRecipient, VoteChoice } from '#contract/enumerations';

export interface DecisionFacts {
  readonly outcome: VoteChoice;
  readonly actions: readonly unknown[];
}

/**
 * Why a notice to `to` may not be recorded now, or null, in the page's language. `earlier` are
 * the notices already recorded.
 */
export function noticeRefusal(
  to: NoticeRecipient,
  decision: DecisionFacts | null,
  earlier: readonly NoticeRecipient[],
): string | null {
  if (decision === null) {
    return i18n._(msg`Record the decision, with the on-wiki actions taken, before recording any notice.`);
  }
  if (decision.outcome !== 'actionable') {
    return to === 'sanctioned_user'
      ? i18n._(
          msg`The decision is not actionable: nobody was sanctioned. Notify the target, and the reported user if they knew of the case.`,
        )
      : null;
  }
  if (decision.actions.length === 0) {
    return i18n._(
      msg`For an actionable case, record the sanction (the on-wiki action) in the decision before any notice: a user told first is left with “nothing left to lose”.`,
    );
  }
  if ((to === 'target' || to === 'public_venue') && !earlier.includes('sanctioned_user')) {
    return i18n._(
      msg`Notify the sanctioned user first, immediately after the sanction, then the target or reporter.`,
    );
  }
  return null;
}
