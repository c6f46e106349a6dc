/**
 * Every enumeration of the wire format, written once. Server routes validate with the schemas,
 * the client checks replies with them and iterates the lists, and a test compares them with the
 * CHECK constraints of the frozen migrations (which keep their own copies, as migrations must).
 *
 * Adding a value here is a contract change: the migration that allows it comes first.
 */
import { Type, type Static } from 'typebox';

/** Where a case stands, in the order a case usually moves through them. */
export const CASE_STATUSES = [
  'received',
  'acknowledged',
  'investigating',
  'awaiting_reporter',
  'referred',
  'closed',
  'withdrawn',
] as const;
export const CaseStatus = Type.Enum(CASE_STATUSES);
export type CaseStatus = Static<typeof CaseStatus>;

/** A case in one of these needs nothing more from the team; every other status is open. */
export const FINISHED_CASE_STATUSES = ['closed', 'withdrawn'] as const satisfies readonly CaseStatus[];

export function isFinishedStatus(status: CaseStatus): boolean {
  return (FINISHED_CASE_STATUSES as readonly CaseStatus[]).includes(status);
}

export const ROLES = ['admin', 'member'] as const;
export const Role = Type.Enum(ROLES);
export type Role = Static<typeof Role>;

/** A member asks to join (pending), an admin adds them to the roster (active), or removes them. */
export const MEMBER_STATUSES = ['pending', 'active', 'removed'] as const;
export const MemberStatus = Type.Enum(MEMBER_STATUSES);
export type MemberStatus = Static<typeof MemberStatus>;

/** A message goes to the reporter or the team, a note stays in the team, a record is a decision. */
export const ITEM_KINDS = ['message', 'note', 'record'] as const;
export const ItemKind = Type.Enum(ITEM_KINDS);
export type ItemKind = Static<typeof ItemKind>;

export const AUDIENCES = ['reporter', 'team'] as const;
export const Audience = Type.Enum(AUDIENCES);
export type Audience = Static<typeof Audience>;
