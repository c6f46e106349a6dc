/**
 * Receipts and the cases they open (docs/protocol.md 8.5): the reporter's, written with the
 * report, and a target's, written when a member invites the target in. Only the hash of a
 * receipt's lookup value is kept.
 */
import { sql } from 'kysely';
import type { ReceiptRole } from '#contract/enumerations';
import type { Db } from '../db/executor.js';

/** The first key of the two-key advisory locks on receipts: "Rcpt". */
const RECEIPT_LOCK_CLASS = 0x5263_7074;

/**
 * Waits for the lock on one lookup hash, held until the transaction `tx` ends: "is this receipt
 * in use? then store it" is one step for every server process, so two invitations racing with
 * one receipt cannot both store it. Keyed by the hash's first four bytes (a rare shared key only
 * makes two invitations wait for each other).
 */
export async function lockLookupHash(tx: Db, lookupHash: Buffer): Promise<void> {
  const key = lookupHash.length >= 4 ? lookupHash.readInt32BE(0) : 0;
  await sql`select pg_advisory_xact_lock(${RECEIPT_LOCK_CLASS}::integer, ${key}::integer)`.execute(tx);
}

export interface ReceiptOpening {
  readonly caseId: string;
  readonly role: ReceiptRole;
  /** The receipt's lookup hash: it may open other cases too (a referral the reporter consented to). */
  readonly lookupHash: Buffer;
}

/** The case a receipt opens, and as what; the first it opened when there are several. */
export async function findOpeningByLookupHash(
  db: Db,
  lookupHash: Buffer,
): Promise<ReceiptOpening | undefined> {
  const row = await db
    .selectFrom('case_receipts')
    .select(['case_id', 'role'])
    .where('lookup_hash', '=', lookupHash)
    .orderBy('created_at')
    .orderBy('case_id')
    .limit(1)
    .executeTakeFirst();
  return row && { caseId: row.case_id, role: row.role as ReceiptRole, lookupHash };
}

/** What the receipt a session was opened with opens this case as; undefined once it opens it no more. */
export async function findRoleOnCase(
  db: Db,
  lookupHash: Buffer,
  caseId: string,
): Promise<ReceiptRole | undefined> {
  const row = await db
    .selectFrom('case_receipts')
    .select('role')
    .where('lookup_hash', '=', lookupHash)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  return row?.role as ReceiptRole | undefined;
}

export async function lookupHashInUse(db: Db, lookupHash: Buffer): Promise<boolean> {
  const row = await db
    .selectFrom('case_receipts')
    .select('case_id')
    .where('lookup_hash', '=', lookupHash)
    .executeTakeFirst();
  return row !== undefined;
}

export interface TargetReceiptRow {
  readonly box_pk: Buffer;
  readonly sign_pk: Buffer;
  readonly invited_by: string | null;
  readonly invitation_sig: Buffer | null;
  readonly created_at: Date;
}

/** The target's receipt on a case, if a member invited the target in. */
export function findTargetReceipt(db: Db, caseId: string): Promise<TargetReceiptRow | undefined> {
  return db
    .selectFrom('case_receipts')
    .select(['box_pk', 'sign_pk', 'invited_by', 'invitation_sig', 'created_at'])
    .where('case_id', '=', caseId)
    .where('role', '=', 'target')
    .executeTakeFirst();
}

/** The sign key `role` signs its items with on this case (the reporter's or the target's). */
export async function findReceiptSignKey(
  db: Db,
  caseId: string,
  role: ReceiptRole,
): Promise<Buffer | undefined> {
  const row = await db
    .selectFrom('case_receipts')
    .select('sign_pk')
    .where('case_id', '=', caseId)
    .where('role', '=', role)
    .executeTakeFirst();
  return row?.sign_pk;
}

/** Stores a target's receipt; false when the case has one already (nothing is stored then). */
export async function insertTargetReceipt(
  db: Db,
  receipt: {
    caseId: string;
    lookupHash: Buffer;
    boxPk: Buffer;
    signPk: Buffer;
    invitedBy: string;
    sig: Buffer;
  },
): Promise<Date | undefined> {
  const row = await db
    .insertInto('case_receipts')
    .values({
      case_id: receipt.caseId,
      lookup_hash: receipt.lookupHash,
      role: 'target',
      box_pk: receipt.boxPk,
      sign_pk: receipt.signPk,
      invited_by: receipt.invitedBy,
      invitation_sig: receipt.sig,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('created_at')
    .executeTakeFirst();
  return row?.created_at;
}
