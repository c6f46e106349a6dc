/**
 * Requests and replies as plain JSON, typed by hand from docs/protocol.md: not imported from
 * the server or contract/, so the tests check the server against an independent description.
 * Only the crypto module's own types (envelopes, roster rows, report bodies) are reused.
 */
import type {
  Envelope,
  ItemAudience,
  ItemKind,
  KdfParams,
  MemberRole,
  ReportBody,
  RosterRow,
} from '../../../crypto/index.js';

export interface ErrorJson {
  error: { code: string; message: string; roster_seq?: number; index_epoch?: number };
}

export interface TeamDetailJson {
  id: string;
  slug: string;
  name: string;
  description: string;
  fingerprint: string;
  roster: RosterRow[];
}

export interface SessionJson {
  member: { id: string; name: string; role: MemberRole };
  keys: Envelope;
  kdf: KdfParams;
  team: { id: string; slug: string; name: string };
  /** The member's signed grant of the team's current index key (protocol 7), or null. */
  index_key: IndexKeyGrantJson | null;
  /** The team's current index-key epoch: 0 until it has a signed key. */
  index_epoch: number;
  index_key_due: boolean;
}

/** A signed grant of the team's index key: the key sealed to one member, signed by the admin `by`. */
export interface IndexKeyGrantJson {
  epoch: number;
  wrap: string;
  by: string;
  sig: string;
}

export interface ItemJson {
  id: string;
  case: string;
  kind: ItemKind;
  author: string;
  audience: ItemAudience;
  payload: Envelope;
  attachments: string[];
  sig: string;
  created_at: string;
  grant: string;
}

export type CaseStatus =
  'received' | 'acknowledged' | 'investigating' | 'awaiting_reporter' | 'referred' | 'closed' | 'withdrawn';

export interface CaseSummaryJson {
  id: string;
  status: CaseStatus;
  urgent: boolean;
  created_at: string;
  check_in_by: string | null;
  assignee: string | null;
  excluded: string[];
  /** Retention (protocol 10.8): the retained record's item id, and the dates of the purge. */
  retained?: string | null;
  purge_after?: string | null;
  purged_at?: string | null;
  /**
   * The report's summary envelope (protocol 9.7): null for a case written before summaries, and
   * once purged. GET /api/cases lists a case by it, and then sends no `payload`.
   */
  summary: Envelope | null;
  /** In GET /api/cases only for a case without a summary; null there otherwise, and once purged. */
  payload: Envelope | null;
  grant: string;
}

export interface CaseListJson {
  cases: CaseSummaryJson[];
  next: string | null;
  /** On the first page only: how many cases the member may see in all. */
  total?: number;
}

export interface CaseDetailJson extends CaseSummaryJson {
  /** The detail always carries the report (until the purge), with its summary when it has one. */
  payload: Envelope;
  team: string;
  roster_seq: number;
  attachments: string[];
  items: ItemJson[];
  reporter: { box_pk: string; sign_pk: string };
  sig: string;
  /** The index-key epoch of the case's blind-index tags (protocol 12); null when never tagged. */
  tag_epoch?: number | null;
}

export interface ReceiptCaseJson {
  id: string;
  team: string;
  team_slug: string;
  status: CaseStatus;
  check_in_by: string | null;
  created_at: string;
  excluded: string[];
  /** Who can read the report now; when retention will delete, or deleted, its details. */
  readers?: string[];
  purge_after?: string | null;
  purged_at?: string | null;
  payload: Envelope;
  /** The summary envelope `sig` covers with `payload`; null on a report without one. */
  summary: Envelope | null;
  grant: string;
  sig: string;
  items: ItemJson[];
}

export interface MemberViewJson {
  id: string;
  name: string;
  role: MemberRole;
  status: 'pending' | 'active' | 'removed';
  enc_pk: string;
  sign_pk: string;
  created_at: string;
  open_cases: number;
}

export interface AuditEventJson {
  member: string | null;
  case: string | null;
  case_number: number | null;
  action: string;
  details: Record<string, unknown>;
  at: string;
}

/** The fields added to the report body so a reader can authenticate what the server serves. */
export interface ReportBodyExtensions {
  readonly reporter_keys: { readonly box_pk: string; readonly sign_pk: string };
  readonly excluded: readonly string[];
  readonly team_fingerprint: string;
  readonly roster_head: { readonly seq: number; readonly hash: string };
}

export type FullReportBody = ReportBody & Partial<ReportBodyExtensions>;
