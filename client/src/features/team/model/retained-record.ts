/**
 * The retained record (docs/protocol.md 10.8): the little a team keeps of a case once its
 * details are deleted under the team's retention. The seed ("After a case: follow-up tracking
 * and appeals") asks that a team can always find the result of a case, the parties involved and
 * the reporter; so a member's browser, which alone can read the case, writes this record when a
 * case is closed or withdrawn, and the server purges the case only once it has one.
 *
 * Pure: built from what the browser has already opened (the report and the verified records),
 * so every path is unit-tested without a keyring. Sealing and sending are lib/retained-writer.ts.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import { isFinishedStatus, type CaseStatus, type RetainedResult } from '#contract/enumerations';
import type { RetainedRecord } from '#contract/records';
import { formatList } from '../../../lib/format.js';
import type { CaseMeta, RecordFields, ReportView } from '../../../lib/keyring/types.js';
import { latestRecordOfType, type RecordEntry } from './case-state.js';

/** What the page asks the keyring to seal: the record without `schema` and `written_at`. */
export type RetainedFields = Extract<RecordFields, { type: 'retained' }>;
export type RetainedParty = RetainedRecord['parties'][number];

/**
 * The schema's limits (contract/records.ts RetainedRecord), checked against it by a unit test.
 * A reader refuses a record over them, so the builder cuts to them instead.
 */
export const RETAINED_LIMITS = {
  /** Parties kept, in the order the reporter listed them. */
  parties: 100,
  /** Characters of a party's name. */
  partyName: 255,
  /** Characters of the outcome in the team's words. */
  outcome: 2000,
} as const;

/**
 * Whether a case still needs its retained record: finished (closed or withdrawn), without one,
 * and not purged. The server clears `retained` when a case is reopened, so a case closed again
 * needs a new record.
 */
export function needsRetainedRecord(
  c: Pick<CaseMeta, 'status' | 'finishedAt' | 'retained' | 'purgedAt'>,
): boolean {
  return isFinishedStatus(c.status) && c.finishedAt !== null && c.retained === null && c.purgedAt === null;
}

/**
 * The case's result: `withdrawn` for a withdrawn case, else the outcome of the latest decision
 * recorded, else `closed_without_decision`.
 */
export function retainedResult(status: CaseStatus, records: readonly RecordEntry[]): RetainedResult {
  if (status === 'withdrawn') return 'withdrawn';
  return latestRecordOfType(records, 'decision')?.record.outcome ?? 'closed_without_decision';
}

/**
 * `text` cut to at most `max` UTF-16 code units, ending with "…" when cut, and never between
 * the two halves of a surrogate pair (so it is also at most `max` code points).
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** The report's accounts involved as parties: named ones, each once, within the schema's limits. */
export function retainedParties(involved: ReportView['involved']): RetainedParty[] {
  const parties: RetainedParty[] = [];
  const seen = new Set<string>();
  for (const person of involved) {
    const name = clip(person.name.trim(), RETAINED_LIMITS.partyName);
    const key = `${person.role}\u0000${name}`;
    if (name === '' || seen.has(key)) continue;
    seen.add(key);
    parties.push({ name, role: person.role });
    if (parties.length === RETAINED_LIMITS.parties) break;
  }
  return parties;
}

/** What the builder reads: the case as served and as this browser opened it. */
export interface RetainedSource {
  readonly number: number;
  readonly status: CaseStatus;
  /** When the server says the case was closed or withdrawn. */
  readonly finishedAt: string | null;
  /** The report as this browser read it; null when it could not be opened. */
  readonly report: Pick<ReportView, 'reporterRole' | 'involved'> | null;
  /** The case's verified records (model/case-state.ts caseRecords), oldest first. */
  readonly records: readonly RecordEntry[];
}

/**
 * The retained record of a finished case, or null when it cannot be written from this browser:
 * the case is open, has no finishing time, or its report could not be read here (a record
 * without its parties would be worse than none: another member's browser may read it).
 */
export function retainedRecordFields(source: RetainedSource): RetainedFields | null {
  const { report, finishedAt } = source;
  if (!isFinishedStatus(source.status) || finishedAt === null || report === null) return null;
  const finished = Date.parse(finishedAt);
  if (Number.isNaN(finished)) return null;
  const summary = latestRecordOfType(source.records, 'closing_summary');
  return {
    type: 'retained',
    case_number: source.number,
    result: retainedResult(source.status, source.records),
    // The contract's time: RFC 3339 in UTC, whatever precision the server wrote it with.
    finished_at: new Date(finished).toISOString(),
    parties: retainedParties(report.involved),
    reporter_role: report.reporterRole ?? 'unknown',
    outcome: clip(summary?.record.outcome.trim() ?? '', RETAINED_LIMITS.outcome),
  };
}

/**
 * The record to show for a purged case: a verified `retained` record naming this case's
 * number, the one the server names as kept if it is among them, else the latest. Null when
 * none is left or none checks out.
 */
export function keptRecord(
  records: readonly RecordEntry[],
  caseNumber: number,
  retainedId: string | null,
): RecordEntry<RetainedRecord> | null {
  const ours = records.filter(
    (r): r is RecordEntry<RetainedRecord> =>
      r.record.type === 'retained' && r.record.case_number === caseNumber,
  );
  return ours.find((r) => r.item === retainedId) ?? ours.at(-1) ?? null;
}

/** "Bad_Actor (alleged harasser)": a party and its role, in the page's language. */
function partyWords(party: RetainedParty): string {
  const partyName = party.name;
  const role: string = party.role;
  switch (role) {
    case 'alleged_harasser':
      return i18n._(msg`${partyName} (alleged harasser)`);
    case 'target':
      return i18n._(msg`${partyName} (target)`);
    case 'witness':
      return i18n._(msg`${partyName} (witness)`);
    case 'other':
      return i18n._(msg`${partyName} (other)`);
    default:
      // A role this console has no words for: shown as it came.
      return `${partyName} (${role})`;
  }
}

/** "Bad_Actor (alleged harasser), Ana (target)": the parties in one line. */
export function partiesWords(parties: readonly RetainedParty[]): string {
  return formatList(parties.map(partyWords));
}
