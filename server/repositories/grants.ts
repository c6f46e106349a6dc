/**
 * Grants: an object's key (a case's or an item's) sealed to one recipient, a member or the
 * reporter. Holding a grant is what lets someone read an object; the server only stores them.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../db/executor.js';
import { notExcluded } from './case-exclusions.js';
import { notRecused } from './recusals.js';

/** True when `recipient` holds a grant for the object whose id is in `objectIdColumn`. */
export function holdsGrant(objectIdColumn: string, recipient: string): Expression<SqlBool> {
  return sql<SqlBool>`exists (select 1 from grants as held where held.object_id = ${sql.ref(objectIdColumn)} and held.recipient = ${recipient})`;
}

/** The object's key sealed to `recipient`; the caller knows the grant exists. */
export async function findSealedKey(db: Db, objectId: string, recipient: string): Promise<Buffer> {
  const grant = await db
    .selectFrom('grants')
    .select('sealed')
    .where('object_id', '=', objectId)
    .where('recipient', '=', recipient)
    .executeTakeFirstOrThrow();
  return grant.sealed;
}

export async function insertGrants(
  db: Db,
  grants: readonly { caseId: string; objectId: string; recipient: string; sealed: Buffer }[],
): Promise<void> {
  await db.insertInto('grants').values(grants.map(grantColumns)).execute();
}

/** Stores the grants a recipient does not hold yet; returns how many were new. */
export async function insertMissingGrants(
  db: Db,
  grants: readonly { caseId: string; objectId: string; recipient: string; sealed: Buffer }[],
): Promise<number> {
  const result = await db
    .insertInto('grants')
    .values(grants.map(grantColumns))
    .onConflict((oc) => oc.columns(['object_id', 'recipient']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

function grantColumns(grant: { caseId: string; objectId: string; recipient: string; sealed: Buffer }) {
  return {
    case_id: grant.caseId,
    object_id: grant.objectId,
    recipient: grant.recipient,
    sealed: grant.sealed,
  };
}

/**
 * Removes every grant `recipient` holds on the case (the case's own key and every item's): what
 * a recusal does, so that the member can no longer read any of it from the server.
 */
export async function deleteGrantsOnCase(db: Db, caseId: string, recipient: string): Promise<number> {
  const result = await db
    .deleteFrom('grants')
    .where('case_id', '=', caseId)
    .where('recipient', '=', recipient)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Objects of the team's cases that `holder` can read and `target` cannot, and that the reporter
 * did not exclude `target` from nor `target` recused from: what an admin can re-grant to a
 * member who joined later.
 */
export function listRegrantable(db: Db, holder: string, teamId: string, target: string) {
  return db
    .selectFrom('grants')
    .innerJoin('cases', 'cases.id', 'grants.case_id')
    .select(['grants.object_id', 'grants.case_id', 'grants.sealed'])
    .where('grants.recipient', '=', holder)
    .where('cases.team_id', '=', teamId)
    .where((eb) => eb.not(holdsGrant('grants.object_id', target)))
    .where(notExcluded('grants.case_id', target))
    .where(notRecused('grants.case_id', target))
    .orderBy('grants.case_id')
    .execute();
}

/**
 * Of these objects, those of the team's cases that `holder` can read, that the reporter did not
 * exclude `target` from and that `target` did not recuse themselves from, each with its case;
 * of a purged case, only its retained record. The case rows stay key-share locked until the
 * transaction ends: a purge (which locks FOR UPDATE, skipping locked cases) cannot delete an
 * object between this check and the new grants, nor a re-grant waiting on a purge grant what
 * that purge deleted (the lock waits, then the case is read again, purged).
 */
export function findGrantableObjects(
  db: Db,
  objectIds: readonly string[],
  holder: string,
  teamId: string,
  target: string,
) {
  return db
    .selectFrom('grants')
    .innerJoin('cases', 'cases.id', 'grants.case_id')
    .select(['grants.object_id', 'grants.case_id'])
    .where('grants.object_id', 'in', objectIds)
    .where('grants.recipient', '=', holder)
    .where('cases.team_id', '=', teamId)
    .where(notExcluded('grants.case_id', target))
    .where(notRecused('grants.case_id', target))
    .where(sql<SqlBool>`(cases.purged_at is null or grants.object_id = cases.retained_item_id)`)
    .forKeyShare('cases')
    .execute();
}

/**
 * The active members who hold a grant on the object (a report: who can read it now), in the
 * order they joined. Removed members may hold old grants, but can no longer fetch anything.
 */
export async function listActiveReaders(db: Db, objectId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('grants')
    .innerJoin('members', (join) =>
      join.on(sql<SqlBool>`members.id::text = grants.recipient`).on('members.status', '=', 'active'),
    )
    .select('members.id')
    .where('grants.object_id', '=', objectId)
    .orderBy('members.created_at')
    .orderBy('members.id')
    .execute();
  return rows.map((row) => row.id);
}
