/** A member's WebAuthn credentials (security keys and passkeys): public keys and signature counters. */
import type { Db } from '../db/executor.js';

export function listSecurityKeys(db: Db, memberId: string) {
  return db
    .selectFrom('security_keys')
    .select(['id', 'name', 'public_key', 'counter', 'transports', 'created_at', 'last_used_at'])
    .where('member_id', '=', memberId)
    .orderBy('created_at')
    .execute();
}

export type SecurityKeyRow = Awaited<ReturnType<typeof listSecurityKeys>>[number];

export function findSecurityKey(db: Db, memberId: string, id: string) {
  return db
    .selectFrom('security_keys')
    .select(['id', 'name', 'public_key', 'counter', 'transports', 'created_at', 'last_used_at'])
    .where('member_id', '=', memberId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** True when a credential with this id is already registered (to anyone: ids are unique). */
export async function securityKeyExists(db: Db, id: string): Promise<boolean> {
  return (
    (await db.selectFrom('security_keys').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
  );
}

export async function insertSecurityKey(
  db: Db,
  key: {
    id: string;
    memberId: string;
    name: string;
    publicKey: Buffer;
    counter: number;
    transports: string[];
  },
): Promise<void> {
  await db
    .insertInto('security_keys')
    .values({
      id: key.id,
      member_id: key.memberId,
      name: key.name,
      public_key: key.publicKey,
      counter: key.counter,
      transports: JSON.stringify(key.transports),
    })
    .execute();
}

/**
 * Stores the counter of a verified assertion, only if the stored one is still the one it was
 * checked against: of two assertions verified at the same moment, one is recorded and the
 * other refused (false).
 */
export async function recordSecurityKeyUse(
  db: Db,
  id: string,
  checkedCounter: number,
  newCounter: number,
): Promise<boolean> {
  const updated = await db
    .updateTable('security_keys')
    .set({ counter: newCounter, last_used_at: new Date() })
    .where('id', '=', id)
    .where('counter', '=', checkedCounter)
    .executeTakeFirst();
  return updated.numUpdatedRows !== 0n;
}

export async function deleteSecurityKey(db: Db, memberId: string, id: string): Promise<boolean> {
  const deleted = await db
    .deleteFrom('security_keys')
    .where('member_id', '=', memberId)
    .where('id', '=', id)
    .executeTakeFirst();
  return deleted.numDeletedRows !== 0n;
}

/** Deletes every security key and passkey of the member (an admin's reset); how many there were. */
export async function deleteMemberSecurityKeys(db: Db, memberId: string): Promise<number> {
  const deleted = await db.deleteFrom('security_keys').where('member_id', '=', memberId).executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
