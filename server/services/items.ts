/**
 * Adding an item (message, note, record) to a case, from a member or from the reporter.
 * The rules of docs/protocol.md "Messages and notes", checked before anything is stored:
 * the author's signature verifies, the grants cover exactly who must read it, messages go to
 * the reporter and notes and records stay within the team.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { isUniqueViolation } from '../db/database-errors.js';
import { badRequest, conflict } from '../errors.js';
import type { ItemSubmission } from '#contract/cases';
import { bindAttachments } from './attachments.js';
import { lockOpenCase, type CaseRow } from './case-access.js';
import { assertGrantsCover, caseRecipients, excludedMembers } from './recipients.js';
import { verifyItemSignature } from '../verify.js';
import { fromB64, toB64 } from '../wire.js';

export async function addItem(
  db: Kysely<DB>,
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
    await insertItem(db, caseRow, item, decoded, maxAttachmentBytes);
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('duplicate_item', 'An item with this id already exists');
    throw error;
  }
}

async function insertItem(
  db: Kysely<DB>,
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
    const clash = await tx.selectFrom('items').select('id').where('id', '=', item.id).executeTakeFirst();
    if (clash) throw conflict('duplicate_item', 'An item with this id already exists');
    await tx
      .insertInto('items')
      .values({
        id: item.id,
        case_id: caseRow.id,
        kind: item.kind,
        author: item.author,
        audience: item.audience,
        payload_v: item.payload.v,
        payload_nonce: fromB64(item.payload.n),
        payload_ct: decoded.ciphertext,
        sig: decoded.sig,
      })
      .execute();
    await tx
      .insertInto('grants')
      .values(
        item.grants.map((g) => ({
          case_id: caseRow.id,
          object_id: item.id,
          recipient: g.to,
          sealed: fromB64(g.k),
        })),
      )
      .execute();
    await bindAttachments(
      tx,
      item.attachments ?? [],
      { caseId: caseRow.id, itemId: item.id },
      maxAttachmentBytes,
    );
    await tx.updateTable('cases').set({ updated_at: new Date() }).where('id', '=', caseRow.id).execute();
  });
}

/** Items of a case that `recipient` holds a grant for, oldest first, each with that grant. */
export async function itemsFor(db: Kysely<DB>, caseId: string, recipient: string) {
  const rows = await db
    .selectFrom('items')
    .innerJoin('grants', (join) =>
      join.onRef('grants.object_id', '=', 'items.id').on('grants.recipient', '=', recipient),
    )
    .select([
      'items.id',
      'items.case_id',
      'items.kind',
      'items.author',
      'items.audience',
      'items.payload_v',
      'items.payload_nonce',
      'items.payload_ct',
      'items.sig',
      'items.created_at',
      'grants.sealed',
    ])
    .select((eb) =>
      eb
        .selectFrom('attachments')
        .select((inner) =>
          inner.fn
            .coalesce(inner.fn.agg<string[]>('array_agg', ['attachments.id']), inner.val<string[]>([]))
            .as('ids'),
        )
        .whereRef('attachments.item_id', '=', 'items.id')
        .as('attachment_ids'),
    )
    .where('items.case_id', '=', caseId)
    .orderBy('items.created_at')
    .orderBy('items.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    case: row.case_id,
    kind: row.kind as 'message' | 'note' | 'record',
    author: row.author,
    audience: row.audience as 'reporter' | 'team',
    payload: { v: row.payload_v, n: toB64(row.payload_nonce), c: toB64(row.payload_ct) },
    attachments: row.attachment_ids ?? [],
    sig: toB64(row.sig),
    created_at: row.created_at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    grant: toB64(row.sealed),
  }));
}
