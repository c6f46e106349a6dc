/**
 * Adding an item (message, note, record) to a case, from a member or from a receipt's holder
 * (the reporter, or the target a member invited in). The rules of docs/protocol.md 10.4, checked
 * before anything is stored: the author's signature verifies, the grants cover exactly who must
 * read it, messages go to the reporter's thread or the target's, notes and records stay within
 * the team, and a receipt's holder writes only messages in their own thread.
 *
 * A message may move the case (docs/protocol.md 10.5): a member's first message to the reporter
 * acknowledges a received case, and the reporter's answer to a case awaiting them puts it back
 * under investigation. The target's thread moves no status: the status tells the reporter's story. The move is made in the transaction that stores the message, so the status
 * never disagrees with the items.
 */
import type { ItemSubmission } from '#contract/cases';
import type { CaseStatus, ReceiptRole } from '#contract/enumerations';
import { nextStatus } from '#contract/status-machine';
import type { Database } from '../db/database.js';
import { isUniqueViolation, violatedConstraint } from '../db/database-errors.js';
import type { Db } from '../db/executor.js';
import { fromB64 } from '../db/wire.js';
import { badRequest, conflict, notFound, type AppError } from '../errors.js';
import { recordAudit } from '../repositories/audit-events.js';
import { findReceiptSignKey, findTargetReceipt, type ReceiptOpening } from '../repositories/case-receipts.js';
import { insertCaseEvents } from '../repositories/case-events.js';
import { excludedMembers } from '../repositories/case-exclusions.js';
import { lockCase, updateCaseUnlessWithdrawn, type CaseRow } from '../repositories/cases.js';
import { insertGrants } from '../repositories/grants.js';
import { insertItem, itemExists } from '../repositories/items.js';
import { findSignPublicKey, type MemberContext } from '../repositories/members.js';
import { recusedMembers } from '../repositories/recusals.js';
import { notifyReporterReplied, wakeNotificationWorkers } from '../notifications/outbox.js';
import { verifyItemSignature } from '../verify.js';
import { bindAttachments } from './attachments.js';
import { assertChangeable, caseForMember, caseForReceipt, CASE_NOT_FOUND } from './case-access.js';
import { assertGrantsCover, caseRecipients } from './recipients.js';

const duplicateItem = () => conflict('duplicate_item', 'An item with this id already exists');

/** Who signs an item: a member id with their key, or a receipt role with that receipt's key. */
export interface ItemAuthor {
  readonly id: string;
  readonly signPublicKey: Uint8Array;
}

/** An item whose shape and signature were checked, with its ciphertext and signature decoded. */
export interface CheckedItem {
  readonly item: ItemSubmission;
  readonly ciphertext: Buffer;
  readonly sig: Buffer;
}

/** A member adds a message, note or record to a case they may see, signed with their key; audited. */
export async function addMemberItem(
  db: Database,
  member: MemberContext,
  caseId: string,
  item: ItemSubmission,
  maxAttachmentBytes: number,
): Promise<void> {
  const row = await caseForMember(db, caseId, member);
  const checked = checkItem(row, item, await memberAuthor(db, member));
  await inTransaction(db, async (tx) => {
    const locked = await lockCaseForItem(tx, row.id);
    await storeItem(tx, locked, checked, maxAttachmentBytes);
    const move = await applyMessageEffects(tx, locked, checked.item, member.id);
    await recordAudit(tx, {
      teamId: row.team_id,
      memberId: member.id,
      caseId: row.id,
      action: `item.${item.kind}`,
      details: { item: item.id, audience: item.audience },
    });
    if (move) {
      await recordAudit(tx, {
        teamId: row.team_id,
        memberId: member.id,
        caseId: row.id,
        action: 'case.status',
        details: { ...move, item: item.id },
      });
    }
  });
}

/**
 * A receipt's holder answers on their case, signed with their receipt's key: the reporter with
 * the key their report was signed with, the target with the key of the receipt made for them.
 */
export async function addReceiptItem(
  db: Database,
  { caseId, role }: ReceiptOpening,
  item: ItemSubmission,
  maxAttachmentBytes: number,
): Promise<void> {
  const row = await caseForReceipt(db, caseId);
  assertChangeable(row);
  const signPublicKey =
    role === 'reporter' ? row.reporter_sign_pk : await findReceiptSignKey(db, row.id, role);
  if (signPublicKey === undefined) throw notFound(CASE_NOT_FOUND);
  const checked = checkItem(row, item, { id: role, signPublicKey });
  await inTransaction(db, async (tx) => {
    const locked = await lockCaseForItem(tx, row.id);
    await storeItem(tx, locked, checked, maxAttachmentBytes);
    const move = await applyMessageEffects(tx, locked, checked.item, role);
    await notifyReporterReplied(tx, row.id);
    // The reporter's move is in the audit log too, under no member.
    if (move) {
      await recordAudit(tx, {
        teamId: row.team_id,
        memberId: null,
        caseId: row.id,
        action: 'case.status',
        details: { ...move, item: item.id },
      });
    }
  });
  wakeNotificationWorkers();
}

export async function memberAuthor(db: Db, member: MemberContext): Promise<ItemAuthor> {
  return { id: member.id, signPublicKey: await findSignPublicKey(db, member.id) };
}

/**
 * The checks that need no transaction: the item is for this case, from its sender, of a kind
 * and audience that go together, and its signature verifies against the author's key.
 */
export function checkItem(
  caseRow: Pick<CaseRow, 'id'>,
  item: ItemSubmission,
  author: ItemAuthor,
): CheckedItem {
  if (item.case !== caseRow.id) throw badRequest('wrong_case', 'The item names another case');
  if (item.author !== author.id) throw badRequest('wrong_author', 'The item must name its sender as author');
  if (isReceiptRole(author.id)) {
    if (item.kind !== 'message') {
      throw badRequest('reporter_messages_only', 'A reporter sends messages to the team, nothing else');
    }
    if (item.audience !== author.id) {
      throw badRequest('bad_audience', `A message from the ${author.id} goes in the ${author.id}'s thread`);
    }
  }
  if (item.payload.v !== 1) throw badRequest('unknown_version', 'This server accepts envelope version 1');
  if ((item.kind === 'message') !== (item.audience !== 'team')) {
    throw badRequest(
      'bad_audience',
      "Messages go to the reporter's thread or the target's; notes and records stay within the team",
    );
  }
  // Decoded once, for the signature check and for the insert.
  const ciphertext = fromB64(item.payload.c);
  const sig = fromB64(item.sig);
  if (!verifyItemSignature(item.id, item.case, ciphertext, sig, author.signPublicKey)) {
    throw badRequest('bad_signature', "The item's signature does not verify against its author's key");
  }
  return { item, ciphertext, sig };
}

/**
 * Runs `work` in a transaction, answering a duplicate item id (found, or raced by another insert
 * of the same id) with 409 duplicate_item, and another broken unique constraint the way
 * `onConflict` names it (a vote's second vote in a round).
 */
export async function inTransaction<T>(
  db: Database,
  work: (tx: Db) => Promise<T>,
  /** Refusals for other unique constraints the work may break, by constraint name. */
  onConflict: Readonly<Record<string, () => AppError>> = {},
): Promise<T> {
  try {
    return await db.transaction().execute(work);
  } catch (error) {
    if (isUniqueViolation(error)) {
      const constraint = violatedConstraint(error);
      throw (constraint === undefined ? undefined : onConflict[constraint])?.() ?? duplicateItem();
    }
    throw error;
  }
}

/**
 * Locks the case row for the rest of the transaction and refuses a purged or withdrawn case:
 * changes to one case, and a withdrawal or a purge racing them, are taken one at a time.
 */
export async function lockCaseForItem(tx: Db, caseId: string): Promise<CaseRow> {
  const row = await lockCase(tx, caseId);
  if (!row) throw notFound(CASE_NOT_FOUND);
  assertChangeable(row);
  return row;
}

function isReceiptRole(author: string): author is ReceiptRole {
  return author === 'reporter' || author === 'target';
}

/**
 * Stores a checked item, its grants and its attachments, in the caller's transaction, which has
 * locked the case. The grants must cover exactly the team's active members minus the members
 * the reporter excluded and those who recused themselves, plus the reporter for a message in the
 * reporter's thread, or the target for one in the target's (who must have been invited in).
 */
export async function storeItem(
  tx: Db,
  caseRow: CaseRow,
  { item, ciphertext, sig }: CheckedItem,
  maxAttachmentBytes: number,
): Promise<void> {
  const excluded = await excludedMembers(tx, caseRow.id);
  const recused = await recusedMembers(tx, caseRow.id);
  const recipients = await caseRecipients(tx, caseRow.team_id, [...excluded, ...recused]);
  if (item.audience === 'reporter') recipients.add('reporter');
  if (item.audience === 'target') {
    if ((await findTargetReceipt(tx, caseRow.id)) === undefined) {
      throw badRequest('no_target', 'Nobody was invited into this case as its target yet');
    }
    recipients.add('target');
  }
  await assertGrantsCover(tx, caseRow.team_id, item.grants, recipients);
  if (await itemExists(tx, item.id)) throw duplicateItem();
  await insertItem(tx, {
    id: item.id,
    caseId: caseRow.id,
    kind: item.kind,
    author: item.author,
    audience: item.audience,
    payloadV: item.payload.v,
    nonce: fromB64(item.payload.n),
    ciphertext,
    sig,
  });
  await insertGrants(
    tx,
    item.grants.map((g) => ({
      caseId: caseRow.id,
      objectId: item.id,
      recipient: g.to,
      sealed: fromB64(g.k),
    })),
  );
  await bindAttachments(
    tx,
    item.attachments ?? [],
    { caseId: caseRow.id, itemId: item.id },
    maxAttachmentBytes,
  );
}

/**
 * What an item stored on its own does to the case: updated_at always; a message in the reporter's
 * thread marks when its side last wrote and may move the status (member_message,
 * reporter_message). Returns the move, after writing it to the case's timeline, or undefined when
 * the status stays.
 */
async function applyMessageEffects(
  tx: Db,
  caseRow: CaseRow,
  item: ItemSubmission,
  actor: string,
): Promise<{ from: CaseStatus; to: CaseStatus } | undefined> {
  const from = caseRow.status as CaseStatus;
  // The target's thread changes only updated_at: the status and the reply marks are the reporter's.
  const isMessage = item.kind === 'message' && item.audience === 'reporter';
  const byReporter = actor === 'reporter';
  // Messages never refuse (contract/status-machine.ts): no row in the table leaves the status.
  const to = isMessage
    ? (nextStatus(from, { type: byReporter ? 'reporter_message' : 'member_message' }) ?? from)
    : from;
  const now = new Date();
  await updateCaseUnlessWithdrawn(tx, caseRow.id, {
    ...(to !== from ? { status: to } : {}),
    ...(isMessage ? (byReporter ? { reporter_replied_at: now } : { team_replied_at: now }) : {}),
  });
  if (to === from) return undefined;
  await insertCaseEvents(tx, [{ caseId: caseRow.id, kind: 'status', actor, from, to, itemId: item.id }]);
  return { from, to };
}
