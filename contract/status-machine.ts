/**
 * The case status machine (docs/protocol.md 10.5), written once: the server applies it to every
 * change and every message, and the console asks it which moves to offer.
 *
 * | from                    | event                                     | to                |
 * | ----------------------- | ----------------------------------------- | ----------------- |
 * | received                | a member's message to the reporter        | acknowledged      |
 * | received                | acknowledge                               | acknowledged      |
 * | any open                | a member sets investigating / awaiting    | that status       |
 * | awaiting_reporter       | a message from the reporter               | investigating     |
 * | any open                | close                                     | closed            |
 * | closed                  | reopen (with a reason)                    | investigating     |
 * | any open                | a referral is sent (referral issue)       | referred          |
 * | anything but finished   | the reporter withdraws                    | withdrawn (final) |
 *
 * A closed case is not withdrawn: it holds the team's documentation of a decision (the seed:
 * the result, the parties and the reporter must stay findable), which a withdrawal would end.
 * Messages never refuse: a message that moves nothing leaves the status as it is. The explicit
 * events are refused (null) where the table has no row.
 */
import { isOpenStatus, type CaseStatus } from './enumerations.js';

export type StatusEvent =
  | { readonly type: 'member_message' }
  | { readonly type: 'reporter_message' }
  | { readonly type: 'acknowledge' }
  | { readonly type: 'set'; readonly to: 'investigating' | 'awaiting_reporter' }
  | { readonly type: 'close' }
  | { readonly type: 'reopen' }
  | { readonly type: 'refer' }
  | { readonly type: 'withdraw' };

/** The statuses a member may ask for by name in PATCH /api/cases/{id}, with the event each means. */
export const MEMBER_SETTABLE_STATUSES = [
  'acknowledged',
  'investigating',
  'awaiting_reporter',
  'closed',
] as const satisfies readonly CaseStatus[];
export type MemberSettableStatus = (typeof MEMBER_SETTABLE_STATUSES)[number];

/**
 * The event a member's request for `to` stands for, given where the case is: asking for
 * investigating on a closed case is a reopening.
 */
export function memberEventFor(from: CaseStatus, to: MemberSettableStatus): StatusEvent {
  switch (to) {
    case 'acknowledged':
      return { type: 'acknowledge' };
    case 'closed':
      return { type: 'close' };
    case 'investigating':
      return from === 'closed' ? { type: 'reopen' } : { type: 'set', to };
    case 'awaiting_reporter':
      return { type: 'set', to };
  }
}

/** Where `event` takes a case that is in `from`, or null when the machine refuses it. */
export function nextStatus(from: CaseStatus, event: StatusEvent): CaseStatus | null {
  if (from === 'withdrawn') return null;
  switch (event.type) {
    case 'member_message':
      return from === 'received' ? 'acknowledged' : from;
    case 'reporter_message':
      return from === 'awaiting_reporter' ? 'investigating' : from;
    case 'acknowledge':
      return from === 'received' ? 'acknowledged' : null;
    case 'set':
      return isOpenStatus(from) ? event.to : null;
    case 'close':
      return isOpenStatus(from) ? 'closed' : null;
    case 'reopen':
      return from === 'closed' ? 'investigating' : null;
    case 'refer':
      return isOpenStatus(from) ? 'referred' : null;
    case 'withdraw':
      return from === 'closed' ? null : 'withdrawn';
  }
}

/** The statuses a member can move a case in `from` to, for the console to offer. */
export function memberMovesFrom(from: CaseStatus): MemberSettableStatus[] {
  return MEMBER_SETTABLE_STATUSES.filter(
    (to) => to !== from && nextStatus(from, memberEventFor(from, to)) === to,
  );
}
