/** Invitation links: single-use, stored only as the hash of their token, with an expiry. */
import { sql } from 'kysely';
import type { Role } from '#contract/enumerations';
import type { Db } from '../db/executor.js';

/** Stores a new invitation; returns when it expires. */
export async function insertInvitation(
  db: Db,
  invitation: { id: string; teamId: string; tokenHash: Buffer; role: Role; createdBy: string; days: number },
): Promise<Date> {
  const row = await db
    .insertInto('invitations')
    .values({
      id: invitation.id,
      team_id: invitation.teamId,
      token_hash: invitation.tokenHash,
      role: invitation.role,
      created_by: invitation.createdBy,
      expires_at: sql`now() + make_interval(days => ${invitation.days})`,
    })
    .returning('expires_at')
    .executeTakeFirstOrThrow();
  return row.expires_at;
}

/** The invitation with this token hash and its team, used or not. */
export function findInvitationByTokenHash(db: Db, tokenHash: Buffer) {
  return db
    .selectFrom('invitations')
    .innerJoin('teams', 'teams.id', 'invitations.team_id')
    .select([
      'invitations.id',
      'invitations.role',
      'invitations.expires_at',
      'invitations.used_at',
      'teams.id as team_id',
      'teams.slug',
      'teams.name',
    ])
    .where('invitations.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/**
 * Marks the invitation used, if nobody has yet: of two people racing with one link, one gets
 * true. The member it made is recorded after the member row exists (setInvitationMember).
 */
export async function claimInvitation(db: Db, invitationId: string): Promise<boolean> {
  const claimed = await db
    .updateTable('invitations')
    .set({ used_at: sql`now()`, member_id: null })
    .where('id', '=', invitationId)
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return claimed !== undefined;
}

export async function setInvitationMember(db: Db, invitationId: string, memberId: string): Promise<void> {
  await db.updateTable('invitations').set({ member_id: memberId }).where('id', '=', invitationId).execute();
}

/** Unused invitations that expired more than 30 days ago. */
export async function deleteLongExpiredInvitations(db: Db): Promise<number> {
  const result = await db
    .deleteFrom('invitations')
    .where('used_at', 'is', null)
    .where('expires_at', '<', sql<Date>`now() - interval '30 days'`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
