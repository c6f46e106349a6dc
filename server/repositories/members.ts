/** Team members: their keys and login material, their role and whether they are active. */
import { sql, type Insertable } from 'kysely';
import { FINISHED_CASE_STATUSES, type MemberStatus, type Role } from '#contract/enumerations';
import type { MemberView } from '#contract/members';
import type { Db } from '../db/executor.js';
import type { Members } from '../db/schema.js';
import { toB64, toTime } from '../db/wire.js';
import { notExcluded } from './case-exclusions.js';

/** The signed-in member as the routes know them. */
export interface MemberContext {
  id: string;
  teamId: string;
  name: string;
  role: Role;
}

/** The column holds a role the migration's CHECK allows; anything else would be no admin. */
export function roleOf(role: string): Role {
  return role === 'admin' ? 'admin' : 'member';
}

/** The member, while they are active: removal takes effect at once. */
export async function findActiveMemberContext(db: Db, memberId: string): Promise<MemberContext | undefined> {
  const member = await db
    .selectFrom('members')
    .select(['id', 'team_id', 'name', 'role'])
    .where('id', '=', memberId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return member && { id: member.id, teamId: member.team_id, name: member.name, role: roleOf(member.role) };
}

/** What a member's browser needs to unlock their keys, with their team. */
function memberWithTeam(db: Db) {
  return db
    .selectFrom('members')
    .innerJoin('teams', 'teams.id', 'members.team_id')
    .select([
      'members.id',
      'members.name',
      'members.role',
      'members.kdf',
      'members.key_bundle',
      'members.index_key_grant',
      'teams.id as team_id',
      'teams.slug as team_slug',
      'teams.name as team_name',
    ]);
}

export type MemberWithTeam = Awaited<ReturnType<typeof findSessionMember>>;

/** The active member signing in with this name, and the verifier their `auth` must match. */
export function findSignInMember(db: Db, teamSlug: string, name: string) {
  return memberWithTeam(db)
    .select('members.verifier')
    .where('teams.slug', '=', teamSlug)
    .where('members.name', '=', name)
    .where('members.status', '=', 'active')
    .executeTakeFirst();
}

export function findSessionMember(db: Db, memberId: string) {
  return memberWithTeam(db).where('members.id', '=', memberId).executeTakeFirstOrThrow();
}

/** The team's members, pending ones included, with the open cases assigned to each. */
export async function listTeamMembers(db: Db, teamId: string, viewerId: string): Promise<MemberView[]> {
  const rows = await db
    .selectFrom('members')
    .select(['id', 'name', 'role', 'status', 'enc_pk', 'sign_pk', 'created_at'])
    .select((eb) =>
      eb
        .selectFrom('cases')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('cases.assignee', '=', 'members.id')
        .where('cases.status', 'not in', FINISHED_CASE_STATUSES)
        // Count only cases the viewer may see: a count must not reveal a case someone was excluded from.
        .where(notExcluded('cases.id', viewerId))
        .as('open_cases'),
    )
    .where('team_id', '=', teamId)
    .orderBy('created_at')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    role: roleOf(row.role),
    status: row.status as MemberStatus,
    enc_pk: toB64(row.enc_pk),
    sign_pk: toB64(row.sign_pk),
    created_at: toTime(row.created_at),
    open_cases: row.open_cases ?? 0,
  }));
}

/** The key the member signs items with. */
export async function findSignPublicKey(db: Db, memberId: string): Promise<Buffer> {
  const row = await db
    .selectFrom('members')
    .select('sign_pk')
    .where('id', '=', memberId)
    .executeTakeFirstOrThrow();
  return row.sign_pk;
}

/** The member with this id if they are active in this team. */
export function findActiveMember(db: Db, memberId: string, teamId: string) {
  return db
    .selectFrom('members')
    .select(['id', 'team_id'])
    .where('id', '=', memberId)
    .where('team_id', '=', teamId)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

/** Ids of the members a new report must be granted to: active at the roster's head. */
export async function activeMemberIds(db: Db, teamId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('members')
    .select('id')
    .where('team_id', '=', teamId)
    .where('status', '=', 'active')
    .execute();
  return rows.map((row) => row.id);
}

/** True when a member has this id (in any team) or this name in the team. */
export async function memberIdOrNameTaken(
  db: Db,
  teamId: string,
  id: string,
  name: string,
): Promise<boolean> {
  const clash = await db
    .selectFrom('members')
    .select('id')
    .where((eb) => eb.or([eb('id', '=', id), eb.and([eb('team_id', '=', teamId), eb('name', '=', name)])]))
    .executeTakeFirst();
  return clash !== undefined;
}

export async function insertMember(db: Db, member: Insertable<Members>): Promise<void> {
  await db.insertInto('members').values(member).execute();
}

export function findTeamMember(db: Db, memberId: string, teamId: string) {
  return db
    .selectFrom('members')
    .selectAll()
    .where('id', '=', memberId)
    .where('team_id', '=', teamId)
    .executeTakeFirst();
}

export async function activateMember(
  db: Db,
  memberId: string,
  role: Role,
  indexKeyGrant: Buffer,
): Promise<void> {
  await db
    .updateTable('members')
    .set({ status: 'active', role, index_key_grant: indexKeyGrant })
    .where('id', '=', memberId)
    .execute();
}

export async function markMemberRemoved(db: Db, memberId: string): Promise<void> {
  await db
    .updateTable('members')
    .set({ status: 'removed', removed_at: sql`now()` })
    .where('id', '=', memberId)
    .execute();
}

export async function changeMemberRole(db: Db, memberId: string, role: Role): Promise<void> {
  await db.updateTable('members').set({ role }).where('id', '=', memberId).execute();
}

/** Deletes a pending invitee of the team; false when there is none with that id. */
export async function deletePendingMember(db: Db, memberId: string, teamId: string): Promise<boolean> {
  const deleted = await db
    .deleteFrom('members')
    .where('id', '=', memberId)
    .where('team_id', '=', teamId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return deleted.numDeletedRows !== 0n;
}

/** The member's own sealed settings (an envelope and its key sealed to them), or null. */
export async function findMemberSettings(db: Db, memberId: string): Promise<unknown> {
  const row = await db
    .selectFrom('members')
    .select('settings')
    .where('id', '=', memberId)
    .executeTakeFirstOrThrow();
  return row.settings;
}

/** Replaces the member's sealed settings; the server stores them without reading them. */
export async function storeMemberSettings(db: Db, memberId: string, settings: unknown): Promise<void> {
  await db
    .updateTable('members')
    .set({ settings: JSON.stringify(settings) })
    .where('id', '=', memberId)
    .execute();
}
