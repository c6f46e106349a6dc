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

/** The member holds a second factor: a TOTP secret in force or a security key (passkey). */
const hasSecondFactor = sql<boolean>`(members.totp_secret is not null or exists (
  select 1 from security_keys where security_keys.member_id = members.id))`;

/** The member's team requires a second factor and the member has none yet (needs `teams` joined). */
const mustAddSecondFactor = sql<boolean>`(teams.require_second_factor and not ${hasSecondFactor})`;

/** A member with a live session, and whether they must add a second factor before anything else. */
export interface ActiveSessionMember {
  member: MemberContext;
  mustAddSecondFactor: boolean;
}

/**
 * The member, while they are active (removal takes effect at once), with the team's
 * second-factor requirement worked out in the same query: an admin may switch it on while
 * sessions are open, so it is read on every request.
 */
export async function findActiveSessionMember(
  db: Db,
  memberId: string,
): Promise<ActiveSessionMember | undefined> {
  const row = await db
    .selectFrom('members')
    .innerJoin('teams', 'teams.id', 'members.team_id')
    .select(['members.id', 'members.team_id', 'members.name', 'members.role'])
    .select(mustAddSecondFactor.as('must_add_second_factor'))
    .where('members.id', '=', memberId)
    .where('members.status', '=', 'active')
    .executeTakeFirst();
  return (
    row && {
      member: { id: row.id, teamId: row.team_id, name: row.name, role: roleOf(row.role) },
      mustAddSecondFactor: row.must_add_second_factor,
    }
  );
}

/**
 * What a member's browser needs to unlock their keys, with their team, the team's index-key epoch
 * and the member's signed grant at that epoch (its columns null when they hold none; one row at
 * most, as the grants' primary key is (member_id, epoch)).
 */
function memberWithTeam(db: Db) {
  return db
    .selectFrom('members')
    .innerJoin('teams', 'teams.id', 'members.team_id')
    .leftJoin('index_key_grants', (join) =>
      join
        .onRef('index_key_grants.member_id', '=', 'members.id')
        .onRef('index_key_grants.epoch', '=', 'teams.index_epoch'),
    )
    .select([
      'members.id',
      'members.name',
      'members.role',
      'members.kdf',
      'members.key_bundle',
      'teams.id as team_id',
      'teams.slug as team_slug',
      'teams.name as team_name',
      'teams.index_epoch',
      'teams.index_key_due',
      'index_key_grants.epoch as grant_epoch',
      'index_key_grants.wrap as grant_wrap',
      'index_key_grants.signed_by as grant_signed_by',
      'index_key_grants.signature as grant_signature',
    ])
    .select(hasSecondFactor.as('has_second_factor'))
    .select(mustAddSecondFactor.as('must_add_second_factor'));
}

export type MemberWithTeam = Awaited<ReturnType<typeof findSessionMember>>;

/**
 * The member signing in with this name, and the verifier their `auth` must match: an active
 * one, or a pending one (who is told, once their passphrase matched, that an admin has yet to
 * add them). A removed member is not found.
 */
export function findSignInMember(db: Db, teamSlug: string, name: string) {
  return memberWithTeam(db)
    .select(['members.verifier', 'members.status'])
    .where('teams.slug', '=', teamSlug)
    .where('members.name', '=', name)
    .where('members.status', 'in', ['active', 'pending'])
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
    .select(hasSecondFactor.as('second_factor'))
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
    second_factor: row.second_factor,
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

/** The member becomes active with `role`; their grant of the index key is stored beside (index-key-grants.ts). */
export async function activateMember(db: Db, memberId: string, role: Role): Promise<void> {
  await db.updateTable('members').set({ status: 'active', role }).where('id', '=', memberId).execute();
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

/**
 * How many active admins the team has, locking their rows until the transaction ends, so that
 * two demotions or removals of different admins at the same moment cannot both leave one.
 */
export async function lockActiveAdmins(db: Db, teamId: string): Promise<number> {
  const rows = await db
    .selectFrom('members')
    .select('id')
    .where('team_id', '=', teamId)
    .where('status', '=', 'active')
    .where('role', '=', 'admin')
    .forUpdate()
    .execute();
  return rows.length;
}

// ---------------------------------------------------------------------------
// Credentials: recovery and passphrase change
// ---------------------------------------------------------------------------

/** The active member of this name with the recovery copy of their keys, when they have one. */
export function findRecoveryMember(db: Db, teamSlug: string, name: string) {
  return db
    .selectFrom('members')
    .innerJoin('teams', 'teams.id', 'members.team_id')
    .select([
      'members.id',
      'members.team_id',
      'members.sign_pk',
      'members.recovery_kdf',
      'members.recovery_bundle',
    ])
    .select(hasSecondFactor.as('has_second_factor'))
    .where('teams.slug', '=', teamSlug)
    .where('members.name', '=', name)
    .where('members.status', '=', 'active')
    .where('members.recovery_bundle', 'is not', null)
    .where('members.recovery_kdf', 'is not', null)
    .executeTakeFirst();
}

/** The verifier of the member's current passphrase. */
export async function findMemberVerifier(db: Db, memberId: string): Promise<Buffer> {
  const row = await db
    .selectFrom('members')
    .select('verifier')
    .where('id', '=', memberId)
    .executeTakeFirstOrThrow();
  return row.verifier;
}

export interface NewMemberCredentials {
  kdf: unknown;
  verifier: Buffer;
  keyBundle: unknown;
  /** The new recovery copy; undefined keeps the stored one. */
  recovery?: { kdf: unknown; keys: unknown } | undefined;
}

/** Replaces the member's passphrase material (and recovery copy): the old ones stop working. */
export async function replaceMemberCredentials(
  db: Db,
  memberId: string,
  credentials: NewMemberCredentials,
): Promise<void> {
  await db
    .updateTable('members')
    .set({
      kdf: JSON.stringify(credentials.kdf),
      verifier: credentials.verifier,
      key_bundle: JSON.stringify(credentials.keyBundle),
      ...(credentials.recovery === undefined
        ? {}
        : {
            recovery_kdf: JSON.stringify(credentials.recovery.kdf),
            recovery_bundle: JSON.stringify(credentials.recovery.keys),
          }),
    })
    .where('id', '=', memberId)
    .execute();
}

// ---------------------------------------------------------------------------
// Second factors held on the member row (TOTP); security keys have their own table
// ---------------------------------------------------------------------------

/** What deciding about a member's second factors needs: their TOTP state and their team's rule. */
export function findSecondFactorState(db: Db, memberId: string) {
  return db
    .selectFrom('members')
    .innerJoin('teams', 'teams.id', 'members.team_id')
    .select([
      'members.id',
      'members.name',
      'members.team_id',
      'members.status',
      'members.totp_secret',
      'members.totp_last_step',
      'teams.slug as team_slug',
      'teams.name as team_name',
      'teams.require_second_factor',
    ])
    .where('members.id', '=', memberId)
    .executeTakeFirstOrThrow();
}

/** Puts a TOTP secret in force (or removes it with null); no time step has been used with it yet. */
export async function setMemberTotp(db: Db, memberId: string, secret: Buffer | null): Promise<void> {
  await db
    .updateTable('members')
    .set({ totp_secret: secret, totp_last_step: null })
    .where('id', '=', memberId)
    .execute();
}

/**
 * Records that a TOTP code of time step `step` was accepted, only if no code of that step or a
 * later one was before: false means the code (or an older one) was already used.
 */
export async function claimTotpStep(db: Db, memberId: string, step: number): Promise<boolean> {
  const claimed = await db
    .updateTable('members')
    .set({ totp_last_step: step })
    .where('id', '=', memberId)
    .where('totp_secret', 'is not', null)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return claimed.numUpdatedRows !== 0n;
}

/** Locks the member's row until the transaction ends: changes to their second factors go one at a time. */
export async function lockMemberRow(db: Db, memberId: string): Promise<void> {
  await sql`select id from members where id = ${memberId} for update`.execute(db);
}
