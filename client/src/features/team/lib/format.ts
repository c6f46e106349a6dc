/** Words for dates, statuses, kinds and roles in the team console. */
import type { CaseStatus } from '#contract/common';

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

/** "3 days ago", "in 2 hours", "now". */
export function timeAgo(iso: string, now = Date.now()): string {
  const diff = Date.parse(iso) - now;
  if (Number.isNaN(diff)) return 'at an unknown time';
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return relative.format(Math.round(diff / ms), unit);
  }
  return 'just now';
}

export function formatDate(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : dateFormat.format(t);
}

export function formatDateTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : dateTimeFormat.format(t);
}

export const STATUS_WORDS: Record<CaseStatus, string> = {
  received: 'New',
  acknowledged: 'Acknowledged',
  investigating: 'Investigating',
  awaiting_reporter: 'Waiting for the reporter',
  referred: 'Referred',
  closed: 'Closed',
  withdrawn: 'Withdrawn by the reporter',
};

/** Statuses a member may set (withdrawal is the reporter's alone). */
export const SETTABLE_STATUSES: readonly CaseStatus[] = [
  'received',
  'acknowledged',
  'investigating',
  'awaiting_reporter',
  'referred',
  'closed',
];

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
};

export function kindWords(code: string): string {
  return Object.hasOwn(KIND_WORDS, code) ? (KIND_WORDS[code] ?? code) : `Other (${code})`;
}

export const INVOLVED_WORDS: Readonly<Record<string, string>> = {
  alleged_harasser: 'Alleged harasser',
  target: 'Target',
  witness: 'Witness',
  other: 'Other',
};

export function dangerWords(danger: string | null): string | null {
  if (danger === 'life') return 'Danger to someone’s life';
  if (danger === 'minor') return 'A minor is involved';
  return null;
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} bytes`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(0)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}
