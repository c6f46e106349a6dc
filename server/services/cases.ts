/**
 * The team console's view of cases: the paged list, one case with its items and timeline, and
 * changes to its metadata under the status machine (docs/protocol.md 10.5).
 */
import type {
  CaseBoundaries,
  CaseDetail,
  CaseList,
  CaseMetadata,
  CasePatch,
  CaseSummary,
  ItemView,
} from '#contract/cases';
import type { CaseLink } from '#contract/appeals';
import type { CaseLocalAction, CaseStatus, ItemKind } from '#contract/enumerations';
import { memberEventFor, nextStatus, type StatusEvent } from '#contract/status-machine';
import type { Database } from '../db/database.js';
import type { Db } from '../db/executor.js';
import { envelopeOrNull, summaryOrNull, toB64, toTime, toTimeOrNull } from '../db/wire.js';
import { badRequest, conflict } from '../errors.js';
import { appealOfLink, listAppealLinks } from '../repositories/appeals.js';
import { listReportAttachmentIds } from '../repositories/attachments.js';
import { findTargetReceipt } from '../repositories/case-receipts.js';
import { incomingReferral, outgoingReferrals } from './referrals.js';
import { recordAudit } from '../repositories/audit-events.js';
import { insertCaseEvents, listCaseEvents, type NewCaseEvent } from '../repositories/case-events.js';
import { excludedMembers } from '../repositories/case-exclusions.js';
import { findCaseRead, markCaseRead } from '../repositories/case-reads.js';
import {
  caseListBoundaries,
  countCasesGrantedTo,
  listCasesGrantedTo,
  updateCaseUnlessWithdrawn,
  type CaseChanges,
  type CaseCursor,
  type CaseRow,
} from '../repositories/cases.js';
import { findSealedKey } from '../repositories/grants.js';
import { listItemsByIdFor, listItemsFor } from '../repositories/items.js';
import { findActiveMember, type MemberContext } from '../repositories/members.js';
import { recusedMembers } from '../repositories/recusals.js';
import { teamRetentionDays } from '../repositories/retention.js';
import { teamQuorum } from '../repositories/teams.js';
import { hasVoted, listVoteRounds } from '../repositories/votes.js';
import { caseForMember, casePurged } from './case-access.js';
import { purgeAfter } from './retention.js';
import {
  checkItem,
  inTransaction,
  lockCaseForItem,
  memberAuthor,
  storeItem,
  type CheckedItem,
} from './items.js';

const DEFAULT_PAGE = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_PAGE = 1000;
/**
 * A page ends once the ciphertext it lists (each case's summary, or its whole report for a case
 * written before summaries) passes this many bytes, whatever `limit` asked for, so a team with
 * many large legacy reports gets more pages instead of a reply too big to build. The first case
 * of a page is always in it. Summaries are 528 bytes: a page of MAX_PAGE of them stays far under.
 */
export const PAGE_MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;

/**
 * created_at in the cursor keeps PostgreSQL's microseconds. A JavaScript Date keeps only
 * milliseconds, and a cursor rounded to them skipped every case sharing the page's last instant;
 * intake writes the reports that arrive together in one statement, so they share now() exactly.
 */
const CURSOR_TIME = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.\d{6}Z$/;

/** True for a real instant in CURSOR_TIME's form (no 31 February, which PostgreSQL would refuse). */
function isCursorTime(text: string): boolean {
  const parts = CURSOR_TIME.exec(text)?.slice(1).map(Number);
  if (parts?.length !== 6) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = parts;
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    year >= 2000 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  );
}

function encodeCursor(cursor: CaseCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string): CaseCursor {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<CaseCursor>;
    // Cursors are made by this server from created_at; anything else is forged.
    if (
      typeof value.at === 'string' &&
      isCursorTime(value.at) &&
      typeof value.id === 'string' &&
      UUID.test(value.id)
    ) {
      return { at: value.at, id: value.id };
    }
  } catch {
    // fall through to the error below
  }
  throw badRequest('bad_cursor', 'That page cursor is not valid; start from the first page');
}

/** The case columns the list and the detail of a case share. */
type SummaryRow = Pick<
  CaseRow,
  | 'id'
  | 'number'
  | 'status'
  | 'urgent'
  | 'created_at'
  | 'updated_at'
  | 'check_in_by'
  | 'follow_up_by'
  | 'assignee'
  | 'reporter_replied_at'
  | 'team_replied_at'
  | 'finished_at'
  | 'retained_item_id'
  | 'purged_at'
  | 'payload_v'
  | 'payload_nonce'
  | 'payload_ct'
  | 'summary_nonce'
  | 'summary_ct'
>;

/** What the list and the detail of a case share. */
function caseSummary(
  row: SummaryRow,
  reader: {
    excluded: string[];
    /** The member's grant on the report; null once purged. */
    sealed: Buffer | null;
    readAt: Date | null;
    retentionDays: number | null;
    /** Once purged: the retained record as the member may read it. */
    retainedItem: ItemView | null;
    /** On an appeal: the case it appeals (services/appeals.ts). */
    appealOf: CaseLink | null;
  },
): CaseSummary {
  const purged = row.purged_at !== null;
  return {
    id: row.id,
    number: row.number,
    status: row.status as CaseStatus,
    urgent: row.urgent,
    created_at: toTime(row.created_at),
    updated_at: toTime(row.updated_at),
    check_in_by: toTimeOrNull(row.check_in_by),
    follow_up_by: toTimeOrNull(row.follow_up_by),
    assignee: row.assignee,
    excluded: reader.excluded,
    reporter_replied_at: toTimeOrNull(row.reporter_replied_at),
    team_replied_at: toTimeOrNull(row.team_replied_at),
    read_at: toTimeOrNull(reader.readAt),
    finished_at: toTimeOrNull(row.finished_at),
    retained: row.retained_item_id,
    purge_after: purgeAfter(row, reader.retentionDays),
    purged_at: toTimeOrNull(row.purged_at),
    summary: purged ? null : summaryOrNull(row),
    payload: purged ? null : envelopeOrNull(row),
    grant: purged || reader.sealed === null ? null : toB64(reader.sealed),
    retained_item: purged ? reader.retainedItem : null,
    appeal_of: reader.appealOf,
  };
}

/**
 * A page of the cases granted to the member, newest first, and the cursor of the next one. Each
 * case is listed by its summary envelope; only a case without one (written before summaries)
 * carries its whole report as `payload` (repositories/cases.ts reads no other).
 */
export async function listCases(
  db: Db,
  member: MemberContext,
  query: { limit?: string; cursor?: string; until?: string },
): Promise<CaseList> {
  const limit = Math.min(Number(query.limit ?? DEFAULT_PAGE), MAX_PAGE);
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  const until = query.until ? decodeCursor(query.until) : undefined;
  // One row more than the page, to know whether another page follows (in the range, with `until`).
  const rows = await listCasesGrantedTo(db, member, {
    limit: limit + 1,
    cursor,
    until,
    maxPayloadBytes: PAGE_MAX_PAYLOAD_BYTES,
  });
  const page: typeof rows = [];
  for (const row of rows.slice(0, limit)) {
    if (row.past_page_cap) break;
    page.push(row);
  }
  const last = page.at(-1);
  const retentionDays = await teamRetentionDays(db, member.teamId);
  // A purged case's grant is on its retained record: those of the page, in one query.
  const retained = await listItemsByIdFor(
    db,
    page.flatMap((row) => (row.purged_at !== null && row.retained_item_id ? [row.retained_item_id] : [])),
    member.id,
  );
  const retainedById = new Map(retained.map((item) => [item.id, item]));
  // The first page says how many there are in all: the console shows how far a long list got.
  const total = cursor === undefined ? await countCasesGrantedTo(db, member) : undefined;
  return {
    ...(total === undefined ? {} : { total }),
    cases: page.map((row) =>
      caseSummary(row, {
        excluded: row.excluded,
        sealed: row.purged_at === null ? row.sealed : null,
        readAt: row.read_at,
        retentionDays,
        retainedItem: retainedById.get(row.retained_item_id ?? '') ?? null,
        appealOf:
          row.appeal_of !== null && row.appeal_of_number !== null
            ? { id: row.appeal_of, number: row.appeal_of_number }
            : null,
      }),
    ),
    next: rows.length > page.length && last ? encodeCursor({ at: last.cursor_at, id: last.id }) : null,
  };
}

/**
 * Where the member's case list can be cut into ranges of `every` cases (CaseBoundaries), and how
 * many cases it has. The cursors are the ones `next` would give at those cases.
 */
export async function listCaseBoundaries(
  db: Db,
  member: MemberContext,
  query: { every: string },
): Promise<CaseBoundaries> {
  const every = Math.min(Number(query.every), MAX_PAGE);
  const { total, boundaries } = await caseListBoundaries(db, member, every);
  return { total, boundaries: boundaries.map(encodeCursor) };
}

/**
 * Opening a case is audited once per sitting: a member who opened it within this many seconds
 * (every save reloads it) is not logged again.
 */
const OPENED_AUDIT_SECONDS = 3600;

/**
 * One case with its items, timeline, recusals and vote rounds, as the member may read them. The
 * opening is remembered (the list's unread marker) and audited. `read_at` is the member's
 * opening before this one, so their browser can mark what is new since. A `background` fetch (the
 * console writing a retained record on its own) is neither: no member looked at the case.
 */
export async function openCase(
  db: Db,
  member: MemberContext,
  caseId: string,
  options: { background?: boolean } = {},
): Promise<CaseDetail> {
  const row = await caseForMember(db, caseId, member);
  const read =
    options.background === true
      ? { previous: await findCaseRead(db, member.id, row.id), recent: true }
      : await markCaseRead(db, member.id, row.id, OPENED_AUDIT_SECONDS);
  if (!read.recent) {
    await recordAudit(db, {
      teamId: row.team_id,
      memberId: member.id,
      caseId: row.id,
      action: 'case.opened',
    });
  }
  // One after the other: a page open holds one pooled connection at a time, not seven.
  const quorum = await teamQuorum(db, row.team_id);
  const retentionDays = await teamRetentionDays(db, row.team_id);
  // A purged case has no grant on its report left; its items are the retained record alone.
  const purged = row.purged_at !== null;
  const sealed = purged ? null : await findSealedKey(db, row.id, member.id);
  const attachments = await listReportAttachmentIds(db, row.id);
  const excluded = await excludedMembers(db, row.id);
  const items = await listItemsFor(db, row.id, member.id);
  const recused = await recusedMembers(db, row.id);
  const events = await listCaseEvents(db, row.id);
  const rounds = await listVoteRounds(db, row.id, quorum);
  const appealOf = row.appeal_of === null ? null : await appealOfLink(db, row.id);
  const appeals = await listAppealLinks(db, row.id, member);
  const votedOnOriginal = row.appeal_of !== null && (await hasVoted(db, row.appeal_of, null, member.id));
  const target = await findTargetReceipt(db, row.id);
  const referrals = await outgoingReferrals(db, row.id);
  const referral = await incomingReferral(db, row.id);
  return {
    ...caseSummary(row, {
      excluded,
      sealed,
      readAt: read.previous,
      retentionDays,
      retainedItem: items.find((item) => item.id === row.retained_item_id) ?? null,
      appealOf,
    }),
    team: row.team_id,
    roster_seq: row.roster_seq,
    attachments,
    items,
    reporter: { box_pk: toB64(row.reporter_box_pk), sign_pk: toB64(row.reporter_sign_pk) },
    sig: toB64(row.sig),
    recused,
    events,
    rounds,
    quorum,
    tag_epoch: row.tag_epoch,
    appeals,
    voted_on_original: votedOnOriginal,
    target:
      target === undefined || target.invitation_sig === null
        ? null
        : {
            box_pk: toB64(target.box_pk),
            sign_pk: toB64(target.sign_pk),
            invited_by: target.invited_by,
            invited_at: toTime(target.created_at),
            sig: toB64(target.invitation_sig),
          },
    referrals,
    referral,
  };
}

/** The browser printed or exported the case (both done locally): the audit log keeps it. */
export async function recordLocalAction(
  db: Db,
  member: MemberContext,
  caseId: string,
  action: CaseLocalAction,
): Promise<void> {
  const row = await caseForMember(db, caseId, member);
  if (row.purged_at !== null) throw casePurged();
  await recordAudit(db, {
    teamId: row.team_id,
    memberId: member.id,
    caseId: row.id,
    action: `case.${action}`,
  });
}

/** The item a status move takes, and how to name it in a refusal. */
interface ItemRule {
  readonly kinds: readonly ItemKind[];
  readonly what: string;
}

/** The moves that must carry an item, stored in the same transaction (docs/protocol.md 10.5). */
function itemRuleFor(event: StatusEvent): ItemRule | undefined {
  switch (event.type) {
    case 'acknowledge':
      return {
        kinds: ['message'],
        what: 'Acknowledging needs the message to the reporter (an item of kind message)',
      };
    case 'close':
      return { kinds: ['record'], what: 'Closing needs the closing summary (an item of kind record)' };
    case 'reopen':
      return {
        kinds: ['note', 'record'],
        what: 'Reopening needs the reason (an item of kind note or record)',
      };
    default:
      return undefined;
  }
}

const HAND_OVER: ItemRule = { kinds: ['note'], what: 'A hand-over may carry a note (an item of kind note)' };

function dateOrNull(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}

/** One change of one field, as the timeline and the audit log write it. */
interface FieldChange {
  readonly field: 'status' | 'assignee' | 'check_in_by' | 'follow_up_by';
  readonly kind: NewCaseEvent['kind'];
  readonly from: string | null;
  readonly to: string | null;
}

/**
 * Changes a case's status, dates or assignee, with the item a move needs, all in one transaction
 * on the locked case: the status machine (contract/status-machine.ts) decides which moves are
 * allowed; every change goes to the case's timeline, and the request to the audit log once.
 */
export async function updateCase(
  db: Database,
  member: MemberContext,
  caseId: string,
  patch: CasePatch,
  maxAttachmentBytes: number,
): Promise<CaseMetadata> {
  const visible = await caseForMember(db, caseId, member);
  const checked = patch.item ? checkItem(visible, patch.item, await memberAuthor(db, member)) : undefined;
  return inTransaction(db, async (tx) => {
    const row = await lockCaseForItem(tx, visible.id);
    const from = row.status as CaseStatus;
    const changes: FieldChange[] = [];
    let rule: ItemRule | undefined;

    if (patch.status !== undefined) {
      const event = memberEventFor(from, patch.status);
      const to = nextStatus(from, event);
      if (to === null) {
        throw conflict(
          'status_change_not_allowed',
          `A case cannot go from ${from} to ${patch.status}; see the status machine in docs/protocol.md 10.5`,
        );
      }
      if (to !== from) {
        rule = itemRuleFor(event);
        changes.push({ field: 'status', kind: 'status', from, to });
      }
    }
    if (patch.assignee !== undefined && patch.assignee !== row.assignee) {
      if (patch.assignee !== null) await assertAssignable(tx, row, patch.assignee);
      changes.push({ field: 'assignee', kind: 'assignee', from: row.assignee, to: patch.assignee });
    }
    for (const [field, kind] of [
      ['check_in_by', 'check_in'],
      ['follow_up_by', 'follow_up'],
    ] as const) {
      const asked = patch[field];
      if (asked === undefined) continue;
      const before = toTimeOrNull(row[field]);
      const after = toTimeOrNull(dateOrNull(asked));
      if (before !== after) changes.push({ field, kind, from: before, to: after });
    }

    const itemGoesWith = placeItem(rule, checked, changes);
    if (changes.some((c) => c.field === 'status' && c.to === 'closed')) await assertQuorum(tx, row);

    if (checked) await storeItem(tx, row, checked, maxAttachmentBytes);
    const update: CaseChanges = {};
    for (const change of changes) {
      if (change.field === 'status') update.status = change.to ?? undefined;
      else if (change.field === 'assignee') update.assignee = change.to;
      else update[change.field] = dateOrNull(change.to);
    }
    if (checked?.item.kind === 'message') update.team_replied_at = new Date();
    const updated =
      changes.length > 0 || checked
        ? await updateCaseUnlessWithdrawn(tx, row.id, update)
        : { ...row, updated_at: row.updated_at };
    if (!updated) throw new Error('the locked case was withdrawn under the lock');

    await insertCaseEvents(
      tx,
      changes.map((c) => ({
        caseId: row.id,
        kind: c.kind,
        actor: member.id,
        from: c.from,
        to: c.to,
        itemId: c.field === itemGoesWith ? (checked?.item.id ?? null) : null,
      })),
    );
    if (changes.length > 0) {
      await recordAudit(tx, {
        teamId: row.team_id,
        memberId: member.id,
        caseId: row.id,
        action: 'case.updated',
        details: {
          before: Object.fromEntries(changes.map((c) => [c.field, c.from])),
          after: Object.fromEntries(changes.map((c) => [c.field, c.to])),
          ...(checked ? { item: checked.item.id } : {}),
        },
      });
    }
    return {
      id: updated.id,
      number: updated.number,
      status: updated.status as CaseStatus,
      check_in_by: toTimeOrNull(updated.check_in_by),
      follow_up_by: toTimeOrNull(updated.follow_up_by),
      assignee: updated.assignee,
      updated_at: toTime(updated.updated_at),
    };
  });
}

/**
 * Which change the request's item goes with: the status move that needs it, else a hand-over.
 * Refuses a move that needs an item and has none (400 item_required), and an item no change
 * takes, or of the wrong kind (400 wrong_item_kind).
 */
function placeItem(
  rule: ItemRule | undefined,
  checked: CheckedItem | undefined,
  changes: readonly FieldChange[],
): FieldChange['field'] | undefined {
  if (rule) {
    if (!checked) throw badRequest('item_required', rule.what);
    if (!rule.kinds.includes(checked.item.kind)) throw badRequest('wrong_item_kind', rule.what);
    return 'status';
  }
  if (!checked) return undefined;
  if (changes.some((c) => c.field === 'assignee')) {
    if (!HAND_OVER.kinds.includes(checked.item.kind)) throw badRequest('wrong_item_kind', HAND_OVER.what);
    return 'assignee';
  }
  throw badRequest(
    'wrong_item_kind',
    'Only acknowledging, closing, reopening and a hand-over take an item; send this one to /api/cases/{id}/items',
  );
}

/** A case is assigned only to an active member who may see it and has not recused themselves. */
async function assertAssignable(tx: Db, row: CaseRow, assignee: string): Promise<void> {
  const excluded = await excludedMembers(tx, row.id);
  const recused = await recusedMembers(tx, row.id);
  const candidate = await findActiveMember(tx, assignee, row.team_id);
  if (!candidate || excluded.includes(assignee)) {
    throw badRequest(
      'assignee_not_allowed',
      'A case can be assigned only to an active member who may see it',
    );
  }
  if (recused.includes(assignee)) {
    throw conflict(
      'member_recused',
      'This member recused themselves from the case and cannot be assigned to it',
    );
  }
}

/** Where the team has a quorum, a case closes only after its latest vote round reached it. */
async function assertQuorum(tx: Db, row: CaseRow): Promise<void> {
  const quorum = await teamQuorum(tx, row.team_id);
  if (quorum === 0) return;
  const latest = (await listVoteRounds(tx, row.id, quorum)).at(-1);
  if (!latest?.reached) {
    throw conflict(
      'quorum_not_reached',
      latest
        ? `The latest vote round has ${latest.votes.length} of the ${quorum} votes the team needs to close a case`
        : `The team needs a vote round with ${quorum} votes before a case is closed; open one first`,
    );
  }
}
