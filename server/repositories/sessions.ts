/**
 * Sessions, stored only as the hash of their token (auth/tokens.ts), each with an idle expiry
 * that use pushes back up to a hard limit.
 */
import { sql } from 'kysely';
import type { Db } from '../db/executor.js';

export type SessionKind = 'member' | 'receipt';

export async function insertSession(
  db: Db,
  session: {
    tokenHash: Buffer;
    kind: SessionKind;
    memberId: string | null;
    caseId: string | null;
    /** The receipt a receipt session was opened with (its lookup hash); null for a member session. */
    lookupHash: Buffer | null;
    idleMinutes: number;
  },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      token_hash: session.tokenHash,
      kind: session.kind,
      member_id: session.memberId,
      case_id: session.caseId,
      lookup_hash: session.lookupHash,
      expires_at: sql`now() + make_interval(mins => ${session.idleMinutes})`,
    })
    .execute();
}

/** The session with this token hash and kind, unless it has expired. */
export function findLiveSession(db: Db, tokenHash: Buffer, kind: SessionKind) {
  return db
    .selectFrom('sessions')
    .select(['token_hash', 'member_id', 'case_id', 'lookup_hash', 'last_seen_at', 'created_at'])
    .where('token_hash', '=', tokenHash)
    .where('kind', '=', kind)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

/**
 * When the member session began and when its member last confirmed their passphrase in it, with
 * the database's clock to judge both by (services/session-confirmation.ts).
 */
export function findSessionConfirmation(db: Db, tokenHash: Buffer) {
  return db
    .selectFrom('sessions')
    .select(['created_at', 'confirmed_at', sql<Date>`now()`.as('now')])
    .where('token_hash', '=', tokenHash)
    .where('kind', '=', 'member')
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

/** The member has just given their passphrase again in this session. */
export async function markSessionConfirmed(db: Db, tokenHash: Buffer): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ confirmed_at: sql`now()` })
    .where('token_hash', '=', tokenHash)
    .where('kind', '=', 'member')
    .execute();
}

/** Marks the session used now: its idle expiry moves on, never past `maxHours` after it began. */
export async function touchSession(
  db: Db,
  tokenHash: Buffer,
  idleMinutes: number,
  maxHours: number,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({
      last_seen_at: sql`now()`,
      expires_at: sql`least(now() + make_interval(mins => ${idleMinutes}), created_at + make_interval(hours => ${maxHours}))`,
    })
    .where('token_hash', '=', tokenHash)
    .execute();
}

export async function deleteSession(db: Db, tokenHash: Buffer): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteMemberSessions(db: Db, memberId: string): Promise<void> {
  await db.deleteFrom('sessions').where('member_id', '=', memberId).execute();
}

/** Ends every session of the member but one (the one that changed the passphrase). */
export async function deleteOtherMemberSessions(
  db: Db,
  memberId: string,
  keepTokenHash: Buffer,
): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where('member_id', '=', memberId)
    .where('token_hash', '!=', keepTokenHash)
    .execute();
}

export async function deleteExpiredSessions(db: Db): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where('expires_at', '<', sql<Date>`now()`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
