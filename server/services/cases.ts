/** The team console's view of cases: the paged list, one case with its items, and its metadata. */
import type { Static } from 'typebox';
import type { CaseDetail, CaseList, CaseMetadata, CasePatch, CaseSummary } from '#contract/cases';
import type { CaseStatus } from '#contract/enumerations';
import type { Db } from '../db/executor.js';
import { envelopeFromRow, toB64, toTime, toTimeOrNull } from '../db/wire.js';
import { badRequest } from '../errors.js';
import { listReportAttachmentIds } from '../repositories/attachments.js';
import { recordAudit } from '../repositories/audit-events.js';
import { excludedMembers } from '../repositories/case-exclusions.js';
import {
  listCasesGrantedTo,
  updateCaseUnlessWithdrawn,
  type CaseCursor,
  type CaseRow,
} from '../repositories/cases.js';
import { findSealedKey } from '../repositories/grants.js';
import { listItemsFor } from '../repositories/items.js';
import { findActiveMember, type MemberContext } from '../repositories/members.js';
import { caseForMember, caseWithdrawn } from './case-access.js';

const DEFAULT_PAGE = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_PAGE = 1000;
/**
 * A page ends once its reports' ciphertext passes this many bytes, whatever `limit` asked for,
 * so a team with many large reports gets more pages instead of a reply too big to build. The
 * first case of a page is always in it.
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

/** What the list and the detail of a case share. */
function caseSummary(
  row: Pick<
    CaseRow,
    | 'id'
    | 'status'
    | 'urgent'
    | 'created_at'
    | 'updated_at'
    | 'check_in_by'
    | 'assignee'
    | 'payload_v'
    | 'payload_nonce'
    | 'payload_ct'
  >,
  excluded: string[],
  sealed: Buffer,
): CaseSummary {
  return {
    id: row.id,
    status: row.status as CaseStatus,
    urgent: row.urgent,
    created_at: toTime(row.created_at),
    updated_at: toTime(row.updated_at),
    check_in_by: toTimeOrNull(row.check_in_by),
    assignee: row.assignee,
    excluded,
    payload: envelopeFromRow(row),
    grant: toB64(sealed),
  };
}

/** A page of the cases granted to the member, newest first, and the cursor of the next one. */
export async function listCases(
  db: Db,
  member: MemberContext,
  query: { limit?: string; cursor?: string },
): Promise<CaseList> {
  const limit = Math.min(Number(query.limit ?? DEFAULT_PAGE), MAX_PAGE);
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  // One row more than the page, to know whether another page follows.
  const rows = await listCasesGrantedTo(db, member, {
    limit: limit + 1,
    cursor,
    maxPayloadBytes: PAGE_MAX_PAYLOAD_BYTES,
  });
  const page: (Omit<(typeof rows)[number], 'payload_ct'> & { payload_ct: Buffer })[] = [];
  for (const row of rows.slice(0, limit)) {
    if (row.payload_ct === null) break;
    page.push({ ...row, payload_ct: row.payload_ct });
  }
  const last = page.at(-1);
  return {
    cases: page.map((row) => caseSummary(row, row.excluded ?? [], row.sealed)),
    next: rows.length > page.length && last ? encodeCursor({ at: last.cursor_at, id: last.id }) : null,
  };
}

/** One case with its items, as the member may read them; the opening is audited. */
export async function openCase(db: Db, member: MemberContext, caseId: string): Promise<CaseDetail> {
  const row = await caseForMember(db, caseId, member);
  const sealed = await findSealedKey(db, row.id, member.id);
  const attachments = await listReportAttachmentIds(db, row.id);
  await recordAudit(db, { teamId: row.team_id, memberId: member.id, caseId: row.id, action: 'case.opened' });
  const excluded = await excludedMembers(db, row.id);
  return {
    ...caseSummary(row, excluded, sealed),
    team: row.team_id,
    roster_seq: row.roster_seq,
    attachments,
    items: await listItemsFor(db, row.id, member.id),
    reporter: { box_pk: toB64(row.reporter_box_pk), sign_pk: toB64(row.reporter_sign_pk) },
    sig: toB64(row.sig),
  };
}

/** Changes a case's status, check-in date or assignee; the change is audited. */
export async function updateCase(
  db: Db,
  member: MemberContext,
  caseId: string,
  patch: Static<typeof CasePatch>,
): Promise<Static<typeof CaseMetadata>> {
  const row = await caseForMember(db, caseId, member);
  const { status, check_in_by, assignee } = patch;
  if (status === 'withdrawn') throw badRequest('reporter_only', 'Only the reporter can withdraw a report');
  if (row.status === 'withdrawn') throw caseWithdrawn();
  if (assignee) {
    const excluded = await excludedMembers(db, row.id);
    const candidate = await findActiveMember(db, assignee, row.team_id);
    if (!candidate || excluded.includes(assignee)) {
      throw badRequest(
        'assignee_not_allowed',
        'A case can be assigned only to an active member who may see it',
      );
    }
  }
  const changes = {
    ...(status !== undefined ? { status } : {}),
    ...(check_in_by !== undefined
      ? { check_in_by: check_in_by === null ? null : new Date(check_in_by) }
      : {}),
    ...(assignee !== undefined ? { assignee } : {}),
  };
  const updated = await updateCaseUnlessWithdrawn(db, row.id, changes);
  if (!updated) throw caseWithdrawn();
  await recordAudit(db, {
    teamId: row.team_id,
    memberId: member.id,
    caseId: row.id,
    action: 'case.updated',
    details: {
      before: { status: row.status, check_in_by: toTimeOrNull(row.check_in_by), assignee: row.assignee },
      after: {
        status: updated.status,
        check_in_by: toTimeOrNull(updated.check_in_by),
        assignee: updated.assignee,
      },
    },
  });
  return {
    id: updated.id,
    status: updated.status as CaseStatus,
    check_in_by: toTimeOrNull(updated.check_in_by),
    assignee: updated.assignee,
    updated_at: toTime(updated.updated_at),
  };
}
