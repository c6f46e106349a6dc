/**
 * What the handling panel shows of a case, folded from its opened items (the records only
 * members' browsers can read) and what the server knows (events, vote rounds, quorum).
 *
 * The server enforces what it can without reading content: who voted, the quorum count, the
 * status machine. The rules that need content are checked here, in every member's browser: a
 * closing summary is present, the votes' majority, and the seed's closing order for an
 * actionable case (the sanction recorded before any notice, the sanctioned user told before the
 * target). A case closed against them, by a modified client, is shown as such.
 */
import type { CaseEvent, VoteRound } from '#contract/cases';
import type { CaseStatus, VoteChoice } from '#contract/enumerations';
import type { ClosingSummaryRecord, DecisionRecord, RecordBody } from '#contract/records';
import type { OpenedItem } from '../../../lib/keyring/types.js';

type VerifiedItem = Extract<OpenedItem, { verified: true }>;

/** A verified record with the signed facts around it: who wrote it, when the server stored it. */
export interface RecordEntry<R extends RecordBody = RecordBody> {
  readonly item: string;
  readonly author: string;
  readonly at: string;
  /** Position among the case's items: breaks ties between equal times. */
  readonly order: number;
  readonly record: R;
}

/** Every verified record of the case, oldest first. Unverified items say nothing. */
export function caseRecords(items: readonly OpenedItem[]): RecordEntry[] {
  const records: RecordEntry[] = [];
  items.forEach((item, order) => {
    if (item.verified && item.kind === 'record' && item.record !== null) {
      records.push({ item: item.id, author: item.author, at: item.createdAt, order, record: item.record });
    }
  });
  return records.sort(byTime);
}

function byTime(a: { at: string; order: number }, b: { at: string; order: number }): number {
  const t = Date.parse(a.at) - Date.parse(b.at);
  return t !== 0 && !Number.isNaN(t) ? t : a.order - b.order;
}

/** The records of one type, narrowed, oldest first. */
export function recordsOfType<T extends RecordBody['type']>(
  records: readonly RecordEntry[],
  type: T,
): RecordEntry<Extract<RecordBody, { type: T }>>[] {
  return records.filter((r): r is RecordEntry<Extract<RecordBody, { type: T }>> => r.record.type === type);
}

/** The latest record of one type, or null: for records where the last one stands. */
export function latestRecordOfType<T extends RecordBody['type']>(
  records: readonly RecordEntry[],
  type: T,
): RecordEntry<Extract<RecordBody, { type: T }>> | null {
  return recordsOfType(records, type).at(-1) ?? null;
}

// ---------------------------------------------------------------------------
// Votes
// ---------------------------------------------------------------------------

/** One member's vote as the team reads it; `choice` is null when its record cannot be read here. */
export interface MemberVote {
  readonly member: string;
  readonly at: string;
  readonly choice: VoteChoice | null;
  readonly note: string;
}

export interface RoundState {
  readonly number: number;
  readonly current: boolean;
  readonly quorum: number;
  /** The server's count: votes cast reached the quorum. */
  readonly reached: boolean;
  /** The latest vote of each member who voted in this round, in the order they voted. */
  readonly votes: readonly MemberVote[];
  readonly counts: Readonly<Partial<Record<VoteChoice, number>>>;
  /** The choice with the most votes; null for no readable vote or a tie. */
  readonly majority: VoteChoice | null;
  /** Two or more choices share the most votes: the team opens another round. */
  readonly tie: boolean;
}

/**
 * A round as the team reads it. The server says who voted and with which item; the item says
 * how. A vote counts only when its record is signed by the member the server names and is for
 * this round: a record that says otherwise is shown as unreadable, never counted.
 */
export function roundState(round: VoteRound, records: readonly RecordEntry[]): RoundState {
  const byItem = new Map(recordsOfType(records, 'vote').map((r) => [r.item, r]));
  const latest = new Map<string, MemberVote>();
  for (const v of round.votes) {
    const entry = byItem.get(v.item);
    const valid = entry !== undefined && entry.author === v.member && entry.record.round === round.number;
    const vote: MemberVote = {
      member: v.member,
      at: v.at,
      choice: valid ? entry.record.choice : null,
      note: valid ? entry.record.note : '',
    };
    const before = latest.get(v.member);
    if (before === undefined || Date.parse(before.at) <= Date.parse(v.at)) latest.set(v.member, vote);
  }
  const votes = [...latest.values()];
  const { counts, majority, tie } = tally(votes.map((v) => v.choice));
  return {
    number: round.number,
    current: round.current,
    quorum: round.quorum,
    reached: round.reached,
    votes,
    counts,
    majority,
    tie,
  };
}

/** Counts of each choice, the majority (most votes, alone), and whether the top is shared. */
export function tally(choices: readonly (VoteChoice | null)[]): {
  counts: Partial<Record<VoteChoice, number>>;
  majority: VoteChoice | null;
  tie: boolean;
} {
  const counts: Partial<Record<VoteChoice, number>> = {};
  for (const c of choices) if (c !== null) counts[c] = (counts[c] ?? 0) + 1;
  const ranked = (Object.entries(counts) as [VoteChoice, number][]).sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  if (first === undefined) return { counts, majority: null, tie: false };
  const tie = second !== undefined && second[1] === first[1];
  return { counts, majority: tie ? null : first[0], tie };
}

/** Where the case stands against the team's quorum: the latest round decides. */
export interface QuorumState {
  readonly quorum: number;
  readonly round: RoundState | null;
  readonly cast: number;
  /** No vote is needed, or the latest round has enough votes. */
  readonly reached: boolean;
}

export function quorumState(rounds: readonly RoundState[], quorum: number): QuorumState {
  const round = rounds.at(-1) ?? null;
  const cast = round?.votes.length ?? 0;
  return {
    quorum,
    round,
    cast,
    reached: quorum === 0 || (round !== null && (round.reached || cast >= quorum)),
  };
}

// ---------------------------------------------------------------------------
// Closing
// ---------------------------------------------------------------------------

/** A closing summary has all four parts the seed asks for. */
export function summaryComplete(
  s: Pick<ClosingSummaryRecord, 'about' | 'investigators' | 'findings' | 'outcome'>,
): boolean {
  return [s.about, s.investigators, s.findings, s.outcome].every((part) => part.trim() !== '');
}

export type ClosingOrderProblem =
  /** A notice was recorded before the decision with its actions (or with no such decision). */
  | 'notice_before_decision'
  /** The target was told before the sanctioned user. */
  | 'target_before_sanctioned';

/**
 * The seed's closing order for an actionable case, from the records: the decision with its
 * actions is recorded before any notice goes out, and the sanctioned user is told before the
 * target. Empty for a case whose latest decision is not actionable, or that has none yet.
 */
export function closingOrderProblems(records: readonly RecordEntry[]): ClosingOrderProblem[] {
  const decisions = recordsOfType(records, 'decision');
  if (decisions.at(-1)?.record.outcome !== 'actionable') return [];
  const problems: ClosingOrderProblem[] = [];
  const notices = recordsOfType(records, 'notice');
  // The sanction is the first actionable decision that records an action taken.
  const sanction = decisions.find((d) => d.record.outcome === 'actionable' && d.record.actions.length > 0);
  if (notices.some((n) => sanction === undefined || byTime(n, sanction) < 0)) {
    problems.push('notice_before_decision');
  }
  const firstToTarget = notices.find((n) => n.record.to === 'target');
  const firstToSanctioned = notices.find((n) => n.record.to === 'sanctioned_user');
  if (
    firstToTarget !== undefined &&
    (firstToSanctioned === undefined || byTime(firstToTarget, firstToSanctioned) < 0)
  ) {
    problems.push('target_before_sanctioned');
  }
  return problems;
}

export type CloseBlocker = 'quorum_not_reached' | 'tie' | 'closing_order';

/**
 * Why the case cannot be closed yet, besides its summary (which the close form itself asks
 * for): the vote, and the closing order.
 */
export function closeBlockers(q: QuorumState, order: readonly ClosingOrderProblem[]): CloseBlocker[] {
  const blockers: CloseBlocker[] = [];
  if (!q.reached) blockers.push('quorum_not_reached');
  else if (q.quorum > 0 && q.round?.tie === true) blockers.push('tie');
  if (order.length > 0) blockers.push('closing_order');
  return blockers;
}

export type ClosedCaseProblem = 'no_summary' | 'summary_incomplete' | ClosingOrderProblem;

/**
 * For a closed case: the rules its closing broke, as this browser reads the records. The
 * summary is the record that came with the latest closing, or failing that the latest summary
 * recorded before it.
 */
export function closedCaseProblems(
  status: CaseStatus,
  events: readonly CaseEvent[],
  records: readonly RecordEntry[],
): ClosedCaseProblem[] {
  if (status !== 'closed') return [];
  const closing = events.filter((e) => e.kind === 'status' && e.to === 'closed').at(-1);
  const summaries = recordsOfType(records, 'closing_summary');
  const summary =
    summaries.find((s) => closing?.item != null && s.item === closing.item) ??
    summaries.filter((s) => closing === undefined || Date.parse(s.at) <= Date.parse(closing.at)).at(-1);
  const problems: ClosedCaseProblem[] = [];
  if (summary === undefined) problems.push('no_summary');
  else if (!summaryComplete(summary.record)) problems.push('summary_incomplete');
  return [...problems, ...closingOrderProblems(records)];
}

// ---------------------------------------------------------------------------
// Everything the panel shows
// ---------------------------------------------------------------------------

export interface CaseState {
  readonly records: readonly RecordEntry[];
  readonly rounds: readonly RoundState[];
  readonly quorum: QuorumState;
  /** The latest decision recorded, if any. */
  readonly decision: RecordEntry<DecisionRecord> | null;
  readonly summary: RecordEntry<ClosingSummaryRecord> | null;
  readonly summaryPresent: boolean;
  readonly closingOrder: readonly ClosingOrderProblem[];
  readonly closeBlockers: readonly CloseBlocker[];
  readonly closedProblems: readonly ClosedCaseProblem[];
}

export function caseState(input: {
  readonly status: CaseStatus;
  readonly items: readonly OpenedItem[];
  readonly events: readonly CaseEvent[];
  readonly rounds: readonly VoteRound[];
  readonly quorum: number;
}): CaseState {
  const records = caseRecords(input.items);
  const rounds = input.rounds.map((r) => roundState(r, records));
  const quorum = quorumState(rounds, input.quorum);
  const summary = latestRecordOfType(records, 'closing_summary');
  const closingOrder = closingOrderProblems(records);
  return {
    records,
    rounds,
    quorum,
    decision: latestRecordOfType(records, 'decision'),
    summary,
    summaryPresent: summary !== null && summaryComplete(summary.record),
    closingOrder,
    closeBlockers: closeBlockers(quorum, closingOrder),
    closedProblems: closedCaseProblems(input.status, input.events, records),
  };
}

/** The verified items of the case by id: for the timeline to show an event's item beside it. */
export function itemsById(items: readonly OpenedItem[]): ReadonlyMap<string, VerifiedItem> {
  const map = new Map<string, VerifiedItem>();
  for (const item of items) if (item.verified) map.set(item.id, item);
  return map;
}

// ---------------------------------------------------------------------------
// The timeline
// ---------------------------------------------------------------------------

export type TimelineEntry =
  | { readonly type: 'item'; readonly at: string; readonly item: OpenedItem }
  | {
      readonly type: 'event';
      readonly at: string;
      readonly event: CaseEvent;
      /** The verified item stored with the change (a hand-over note, a summary, a vote), if any. */
      readonly item: VerifiedItem | null;
    };

/**
 * Items and server events in one list by time. An item that came with a change is shown with
 * the change ("Ada handed the case to Bo — note") rather than a second time on its own; an
 * item that could not be verified is always shown on its own, with its problem.
 */
export function timeline(items: readonly OpenedItem[], events: readonly CaseEvent[]): TimelineEntry[] {
  const verified = itemsById(items);
  const carried = new Set<string>();
  const entries: (TimelineEntry & { order: number })[] = [];
  const position = new Map(items.map((item, order) => [item.id, order]));
  events.forEach((event, i) => {
    const item = event.item === null ? null : (verified.get(event.item) ?? null);
    if (item !== null) carried.add(item.id);
    // Times are to the second. A change stored with an item takes that item's place in the
    // server's order, so the records ticked just after an acknowledgement follow it; a change
    // without one goes after the items of the same second.
    const order = (event.item === null ? undefined : position.get(event.item)) ?? items.length + i;
    entries.push({ type: 'event', at: event.at, event, item, order });
  });
  items.forEach((item, order) => {
    if (!carried.has(item.id)) entries.push({ type: 'item', at: item.createdAt, item, order });
  });
  return entries.sort(byTime).map(({ order: _order, ...entry }) => entry);
}
