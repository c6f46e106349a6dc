/** Items of a case: messages, internal notes and records, each encrypted and signed by its author. */
import type { Audience, ItemKind } from '#contract/enumerations';
import type { ItemView } from '#contract/cases';
import type { Db } from '../db/executor.js';
import { envelopeFromRow, toB64, toTime } from '../db/wire.js';

/** Whether an item, or a referral (whose id its case will take), already has this id. */
export async function itemExists(db: Db, itemId: string): Promise<boolean> {
  const clash = await db
    .selectFrom('items')
    .select('id')
    .where('id', '=', itemId)
    .unionAll(db.selectFrom('referrals').select('id').where('id', '=', itemId))
    .executeTakeFirst();
  return clash !== undefined;
}

export async function insertItem(
  db: Db,
  item: {
    id: string;
    caseId: string;
    kind: ItemKind;
    author: string;
    audience: Audience;
    payloadV: number;
    nonce: Buffer;
    ciphertext: Buffer;
    sig: Buffer;
  },
): Promise<void> {
  await db
    .insertInto('items')
    .values({
      id: item.id,
      case_id: item.caseId,
      kind: item.kind,
      author: item.author,
      audience: item.audience,
      payload_v: item.payloadV,
      payload_nonce: item.nonce,
      payload_ct: item.ciphertext,
      sig: item.sig,
    })
    .execute();
}

/** Items of a case that `recipient` holds a grant for, oldest first, each with that grant. */
export function listItemsFor(db: Db, caseId: string, recipient: string): Promise<ItemView[]> {
  return itemViews(db, recipient, { caseId });
}

/**
 * These items, those of them that `recipient` holds a grant for, each with that grant: the
 * retained records of a page of purged cases, in one query.
 */
export function listItemsByIdFor(db: Db, itemIds: readonly string[], recipient: string): Promise<ItemView[]> {
  if (itemIds.length === 0) return Promise.resolve([]);
  return itemViews(db, recipient, { itemIds });
}

async function itemViews(
  db: Db,
  recipient: string,
  among: { caseId: string } | { itemIds: readonly string[] },
): Promise<ItemView[]> {
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
    .where((eb) =>
      'caseId' in among ? eb('items.case_id', '=', among.caseId) : eb('items.id', 'in', among.itemIds),
    )
    .orderBy('items.created_at')
    .orderBy('items.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    case: row.case_id,
    kind: row.kind as ItemKind,
    author: row.author,
    audience: row.audience as Audience,
    payload: envelopeFromRow(row),
    attachments: row.attachment_ids ?? [],
    sig: toB64(row.sig),
    created_at: toTime(row.created_at),
    grant: toB64(row.sealed),
  }));
}
