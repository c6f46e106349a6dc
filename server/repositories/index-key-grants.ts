/**
 * Signed grants of the team's index key (docs/protocol.md 7) and the team's current epoch. The
 * server stores and serves them; the signature is checked before anything is stored
 * (services/index-keys.ts, services/membership.ts), and again by each member's browser.
 */
import type { Db } from '../db/executor.js';

/** One member's grant as stored: the wrap and signature as bytes. */
export interface StoredIndexKeyGrant {
  memberId: string;
  epoch: number;
  wrap: Buffer;
  signedBy: string;
  signature: Buffer;
}

/** The team's current index-key epoch (0: no signed key yet). */
export async function teamIndexEpoch(db: Db, teamId: string): Promise<number> {
  const row = await db
    .selectFrom('teams')
    .select('index_epoch')
    .where('id', '=', teamId)
    .executeTakeFirstOrThrow();
  return row.index_epoch;
}

export async function setTeamIndexEpoch(
  db: Db,
  teamId: string,
  epoch: number,
  newKey: boolean,
): Promise<void> {
  // A new key is one no removed member holds: no removal waits for one any more. The same key
  // signed again leaves a waiting removal waiting.
  await db
    .updateTable('teams')
    .set(newKey ? { index_epoch: epoch, index_key_due: false } : { index_epoch: epoch })
    .where('id', '=', teamId)
    .execute();
}

/**
 * A member was removed: the next admin console to sign in makes a new key (protocol.md 7), unless
 * the team has none yet (its first key is new anyway).
 */
export async function markIndexKeyDue(db: Db, teamId: string): Promise<void> {
  await db
    .updateTable('teams')
    .set({ index_key_due: true })
    .where('id', '=', teamId)
    .where('index_epoch', '>', 0)
    .execute();
}

/** Stores grants of the team's key, replacing any the members held at the same epoch. */
export async function upsertIndexKeyGrants(
  db: Db,
  teamId: string,
  grants: readonly StoredIndexKeyGrant[],
): Promise<void> {
  if (grants.length === 0) return;
  await db
    .insertInto('index_key_grants')
    .values(
      grants.map((grant) => ({
        team_id: teamId,
        member_id: grant.memberId,
        epoch: grant.epoch,
        wrap: grant.wrap,
        signed_by: grant.signedBy,
        signature: grant.signature,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['member_id', 'epoch']).doUpdateSet((eb) => ({
        wrap: eb.ref('excluded.wrap'),
        signed_by: eb.ref('excluded.signed_by'),
        signature: eb.ref('excluded.signature'),
        created_at: eb.ref('excluded.created_at'),
      })),
    )
    .execute();
}

/** Deletes the team's grants of every epoch but `keep`: a new key makes them useless. */
export async function deleteOtherEpochGrants(db: Db, teamId: string, keep: number): Promise<void> {
  await db.deleteFrom('index_key_grants').where('team_id', '=', teamId).where('epoch', '<>', keep).execute();
}

/** Deletes every grant the member holds: a removed member is given no key again. */
export async function deleteMemberGrants(db: Db, memberId: string): Promise<void> {
  await db.deleteFrom('index_key_grants').where('member_id', '=', memberId).execute();
}
