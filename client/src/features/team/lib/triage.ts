/**
 * The case list's order and flags (WORKFLOW.md, "Case list and triage"): urgent and
 * "private info exposed" on top, then newest first; unacknowledged cases past the team's
 * first-response target and passed check-in dates stand out. Also the per-case markers the
 * list shows beside them: the reporter answered, something new for this member, a follow-up due.
 */
import { isOpenStatus, type CaseStatus } from '#contract/enumerations';

export interface TriageFacts {
  readonly id: string;
  readonly status: CaseStatus;
  readonly urgent: boolean;
  readonly createdAt: string;
  /** Date.parse(createdAt), parsed once: sorting 10,000 cases must not parse dates 260,000 times. */
  readonly createdMs: number;
  readonly checkInBy: string | null;
  /** From the decrypted body; null when the case could not be opened. */
  readonly privateInfoExposed: boolean;
  readonly dangerous: boolean;
  /** Past the first-response target unanswered, or past the promised check-in date. */
  readonly late: boolean;
}

/**
 * Still needs the team: the contract's open statuses (received, acknowledged, investigating,
 * awaiting the reporter). A referred case is in someone else's hands, a closed or withdrawn one
 * is finished.
 */
export function isOpen(status: CaseStatus): boolean {
  return isOpenStatus(status);
}

/**
 * Nobody has acknowledged it yet and the team's first-response target has passed. The status is
 * the server's: a member's first message moves it from `received`, so an answered case is not flagged.
 */
export function isPastFirstResponse(
  c: Pick<TriageFacts, 'status' | 'createdAt'>,
  firstResponseHours: number,
  now = Date.now(),
): boolean {
  return c.status === 'received' && Date.parse(c.createdAt) + firstResponseHours * 3600_000 < now;
}

/** The date promised to the reporter has passed while the case is still open. */
export function isCheckInOverdue(c: Pick<TriageFacts, 'status' | 'checkInBy'>, now = Date.now()): boolean {
  return c.checkInBy !== null && isOpen(c.status) && Date.parse(c.checkInBy) < now;
}

/** `a` is a later time than `b`, or `b` never happened. An unparseable `a` is never later. */
function isLater(a: string | null, b: string | null): boolean {
  if (a === null) return false;
  const at = Date.parse(a);
  if (Number.isNaN(at)) return false;
  if (b === null) return true;
  const bt = Date.parse(b);
  return Number.isNaN(bt) || at > bt;
}

/** The reporter wrote after the team's last message to them (or the team never wrote). */
export function isReporterAnswered(c: {
  readonly reporterRepliedAt: string | null;
  readonly teamRepliedAt: string | null;
}): boolean {
  return isLater(c.reporterRepliedAt, c.teamRepliedAt);
}

/** Something happened on the case since this member last opened it (or they never did). */
export function isUnread(c: { readonly updatedAt: string; readonly readAt: string | null }): boolean {
  return isLater(c.updatedAt, c.readAt);
}

/** A closed case whose follow-up date has come: time to look at it again (the seed's follow-up). */
export function isFollowUpDue(
  c: { readonly status: CaseStatus; readonly followUpBy: string | null },
  now = Date.now(),
): boolean {
  return c.status === 'closed' && c.followUpBy !== null && Date.parse(c.followUpBy) <= now;
}

/**
 * The case's place in the triage order, most pressing first: 0 urgent or in danger, 1 private
 * information exposed, 2 late, 3 other open cases, 4 the others (referred, closed, withdrawn).
 * A number, so that the list can keep it per case and compare 100,000 cases without re-deriving it.
 */
export function triagePriority(
  c: Pick<TriageFacts, 'status' | 'urgent' | 'dangerous' | 'privateInfoExposed' | 'late'>,
): number {
  if (!isOpen(c.status)) return 4;
  if (c.urgent || c.dangerous) return 0;
  if (c.privateInfoExposed) return 1;
  if (c.late) return 2;
  return 3;
}

/**
 * Urgent first, then private information exposed, then late ones (no reply in time, or the
 * promised date passed), then other open cases, then the others (referred, closed, withdrawn);
 * newest first within each.
 */
export function compareForTriage(a: TriageFacts, b: TriageFacts): number {
  return compareTriageKeys(triagePriority(a), a, triagePriority(b), b);
}

/**
 * The triage order from a priority already worked out (triagePriority): newest first within a
 * priority, then by id, so that the order is total and does not depend on the order cases
 * arrived in (the list merges them batch by batch).
 */
export function compareTriageKeys(
  aPriority: number,
  a: { readonly createdMs: number; readonly id: string },
  bPriority: number,
  b: { readonly createdMs: number; readonly id: string },
): number {
  return aPriority - bPriority || b.createdMs - a.createdMs || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
