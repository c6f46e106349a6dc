/**
 * The team console's words for statuses, kinds, roles and danger. Dates, counts and sizes are
 * formatted by lib/format.ts, which holds the page's locale; the lists of values come from the
 * contract, so a status added there cannot be missing from a menu here.
 */
import { CASE_STATUSES, type CaseStatus } from '#contract/enumerations';
import type { InvolvedAccount, ReportKind } from '#crypto';

export const STATUS_WORDS: Readonly<Record<CaseStatus, string>> = {
  received: 'New',
  acknowledged: 'Acknowledged',
  investigating: 'Investigating',
  awaiting_reporter: 'Waiting for the reporter',
  referred: 'Referred',
  closed: 'Closed',
  withdrawn: 'Withdrawn by the reporter',
};

/** Statuses a member may set: every status but withdrawal, which is the reporter's alone. */
export const SETTABLE_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter((s) => s !== 'withdrawn');

/** A status as stored in the audit log (any string): its words when it is one we know. */
export function statusWords(status: string): string {
  const known = CASE_STATUSES.find((s) => s === status);
  return known === undefined ? status : STATUS_WORDS[known];
}

/** Every kind a report body may name (a kind the protocol adds fails to compile until it has words). */
export const KIND_WORDS: Readonly<Record<string, string>> = {
  personal_attack: 'Personal attacks',
  threat: 'Threats',
  offensive_comment: 'Offensive or discriminatory comments',
  sexual_content: 'Sexual language or imagery',
  unwanted_contact: 'Unwanted contact, following, stalking',
  doxing: 'Private information disclosed (doxing, outing)',
  private_communication: 'Private communication published',
  disruption: 'Sustained disruption or trolling',
  discrimination: 'Discrimination',
  reporting_misuse: 'Misuse of the reporting system',
  impersonation: 'Impersonation',
  brigading: 'Brigading',
  intimate_images: 'Intimate images',
  contact_offwiki: 'Calls or emails to the person',
  family_or_employer: 'Contact with family or employer',
  account_compromise: 'Account compromise',
  image_based: 'Image-based harassment',
  other: 'Other',
} satisfies Record<ReportKind, string>;

/** A kind code from a report body (written by anyone): its words, or the code marked as unknown. */
export function kindWords(code: string): string {
  return Object.hasOwn(KIND_WORDS, code) ? (KIND_WORDS[code] ?? code) : `Other (${code})`;
}

export const INVOLVED_WORDS: Readonly<Record<string, string>> = {
  alleged_harasser: 'Alleged harasser',
  target: 'Target',
  witness: 'Witness',
  other: 'Other',
} satisfies Record<InvolvedAccount['role'], string>;

/** Words for a danger that puts a case on top; null for none or not said. */
export function dangerWords(danger: string | null): string | null {
  if (danger === 'life') return 'Danger to someone’s life';
  if (danger === 'minor') return 'A minor is involved';
  return null;
}
