/**
 * Adding an item (message, note, record) to a case, from a member or from the reporter.
 * The rules of docs/protocol.md 10.4, checked before anything is stored:
 * the author's signature verifies, the grants cover exactly who must read it, messages go to
 * the reporter and notes and records stay within the team.
 */
import type { ItemSubmission } from '#contract/cases';
import type { Database } from '../db/database.js';
import { isUniqueViolation } from '../db/database-errors.js';
import { fromB64 } from '../db/wire.js';
import { badRequest, conflict } from '../errors.js';
import { recordAudit } from '../repositories/audit-events.js';
import { touchCase, type CaseRow } from '../repositories/cases.js';
import { excludedMembers } from '../repositories/case-exclusions.js';
import { insertGrants } from '../repositories/grants.js';
import { insertItem, itemExists } from '../repositories/items.js';
import { findSignPublicKey, type MemberContext } from '../repositories/members.js';
import { verifyItemSignature } from '../verify.js';
import { bindAttachments } from './attachments.js';
import { caseForMember, caseForReceipt, caseWithdrawn, lockOpenCase } from './case-access.js';
import { assertGrantsCover, caseRecipients } from './recipients.js';

const duplicateItem = () => conflict('duplicate_item', 'An item with this id already exists');

/** A member adds a message, note or record to a case they may see, signed with their key; audited. */
export async function addMemberItem(
  db: Database,
  member: MemberContext,
  caseId: string,
  item: ItemSubmission,
  maxAttachmentBytes: number,
): Promise<void> {
  const row = await caseForMember(db, caseId, member);
  const signPublicKey = await findSignPublicKey(db, member.id);
  await addItem(db, row, item, { id: member.id, signPublicKey }, maxAttachmentBytes);
  await recordAudit(db, {
    teamId: row.team_id,
    memberId: member.id,
    caseId: row.id,
    action: `item.${item.kind}`,
    details: { item: item.id, audience: item.audience },
  });
}

/** The reporter answers on their case, signed with the key their report was signed with. */
export async function addReporterItem(
  db: Database,
  caseId: string,
  item: ItemSubmission,
  maxAttachmentBytes: number,
): Promise<void> {
  const row = await caseForReceipt(db, caseId);
  if (row.status === 'withdrawn') throw caseWithdrawn();
  await addItem(db, row, item, { id: 'reporter', signPublicKey: row.reporter_sign_pk }, maxAttachmentBytes);
}

async function addItem(
  db: Database,
  caseRow: CaseRow,
  item: ItemSubmission,
  author: { /** a member id, or "reporter" */ id: string; signPublicKey: Uint8Array },
  maxAttachmentBytes: number,
): Promise<void> {
  if (item.case !== caseRow.id) throw badRequest('wrong_case', 'The item names another case');
  if (item.author !== author.id) throw badRequest('wrong_author', 'The item must name its sender as author');
  if (author.id === 'reporter' && item.kind !== 'message') {
    throw badRequest('reporter_messages_only', 'A reporter sends messages to the team, nothing else');
  }
  if (item.payload.v !== 1) throw badRequest('unknown_version', 'This server accepts envelope version 1');
  if ((item.kind === 'message') !== (item.audience === 'reporter')) {
    throw badRequest('bad_audience', 'Messages go to the reporter; notes and records stay within the team');
  }
  // Decoded once, for the signature check and for the insert.
  const decoded = { ciphertext: fromB64(item.payload.c), sig: fromB64(item.sig) };
  if (!verifyItemSignature(item.id, item.case, decoded.ciphertext, decoded.sig, author.signPublicKey)) {
    throw badRequest('bad_signature', "The item's signature does not verify against its author's key");
  }
  try {
    await storeItem(db, caseRow, item, decoded, maxAttachmentBytes);
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateItem();
    throw error;
  }
}

async function storeItem(
  db: Database,
  caseRow: CaseRow,
  item: ItemSubmission,
  decoded: { readonly ciphertext: Buffer; readonly sig: Buffer },
  maxAttachmentBytes: number,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await lockOpenCase(tx, caseRow.id);
    const excluded = await excludedMembers(tx, caseRow.id);
    const recipients = await caseRecipients(tx, caseRow.team_id, excluded);
    if (item.audience === 'reporter') recipients.add('reporter');
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
      ciphertext: decoded.ciphertext,
      sig: decoded.sig,
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
    await touchCase(tx, caseRow.id);
  });
}
