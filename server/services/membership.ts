/**
 * Membership: invitations, joining, and the signed roster that admins extend.
 *
 * The server never decides who is on a team by itself: a member becomes active only when an
 * admin's browser signs a roster entry for them (after comparing fingerprints), and is removed
 * only by another signed entry. The server checks each entry against the chain before storing
 * it, and applies its effect (activate, remove, change role) in the same transaction.
 */
import type { Static } from 'typebox';
import type { Role } from '#contract/enumerations';
import type {
  InvitationLookupReply,
  InvitationReply,
  MemberCredentials,
  MemberList,
  RosterAppendRequest,
} from '#contract/members';
import { hashToken, newToken } from '../auth/tokens.js';
import type { Database } from '../db/database.js';
import { isUniqueViolation } from '../db/database-errors.js';
import type { Db } from '../db/executor.js';
import { fromB64, toB64, toTime } from '../db/wire.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../errors.js';
import { recordAudit } from '../repositories/audit-events.js';
import { unassignMember } from '../repositories/cases.js';
import {
  deleteMemberGrants,
  markIndexKeyDue,
  upsertIndexKeyGrants,
} from '../repositories/index-key-grants.js';
import {
  claimInvitation,
  findInvitationByTokenHash,
  insertInvitation,
  setInvitationMember,
} from '../repositories/invitations.js';
import {
  activateMember,
  changeMemberRole,
  deletePendingMember,
  findTeamMember,
  insertMember,
  listTeamMembers,
  lockActiveAdmins,
  markMemberRemoved,
  memberIdOrNameTaken,
  roleOf,
  type MemberContext,
} from '../repositories/members.js';
import { insertRosterEntry, loadRoster } from '../repositories/roster-entries.js';
import { deleteMemberSessions } from '../repositories/sessions.js';
import { lockTeam } from '../repositories/teams.js';
import { notifyMemberPending, wakeNotificationWorkers } from '../notifications/outbox.js';
import { checkRosterAppend } from '../verify.js';
import { memberColumns } from './credentials.js';
import { checkAddedMemberGrant } from './index-keys.js';
import { teamOfMember } from './team-of-member.js';

const INVITATION_DAYS = 7;

export async function listMembers(
  db: Db,
  viewer: MemberContext,
  slug: string,
): Promise<Static<typeof MemberList>> {
  const team = await teamOfMember(db, slug, viewer);
  return { members: await listTeamMembers(db, team.id, viewer.id) };
}

/** A new invitation link's token (shown once) for the admin's team. */
export async function inviteMember(
  db: Db,
  admin: MemberContext,
  slug: string,
  role: Role,
): Promise<Static<typeof InvitationReply>> {
  const team = await teamOfMember(db, slug, admin);
  const { token, hash } = newToken();
  const id = crypto.randomUUID();
  const expiresAt = await insertInvitation(db, {
    id,
    teamId: team.id,
    tokenHash: hash,
    role,
    createdBy: admin.id,
    days: INVITATION_DAYS,
  });
  await recordAudit(db, {
    teamId: team.id,
    memberId: admin.id,
    action: 'invitation.created',
    details: { invitation: id, role },
  });
  return { id, token, expires_at: toTime(expiresAt) };
}

async function openInvitation(db: Db, token: string) {
  const invitation = await findInvitationByTokenHash(db, hashToken(token));
  if (!invitation || invitation.used_at !== null || invitation.expires_at.getTime() < Date.now()) {
    throw new AppError(
      404,
      'invitation_invalid',
      'This invitation link is not valid, has expired or has already been used. Ask an admin for a new one.',
    );
  }
  return invitation;
}

/**
 * What an invitation link is for: the team and the role. A link that was used says so (410), so
 * the join page can tell the invitee before they make keys; only the holder of the token learns it.
 */
export async function lookUpInvitation(db: Db, token: string): Promise<Static<typeof InvitationLookupReply>> {
  const invitation = await findInvitationByTokenHash(db, hashToken(token));
  if (!invitation) {
    throw new AppError(
      404,
      'invitation_invalid',
      'This invitation link is not valid. Check that you copied all of it, or ask an admin for a new one.',
    );
  }
  if (invitation.used_at !== null) {
    throw new AppError(
      410,
      'invitation_used',
      'This invitation link has already been used to join the team. Each link works once: if it was not you who used it, tell an admin of the team, and ask them for a new link.',
    );
  }
  if (invitation.expires_at.getTime() < Date.now()) {
    throw new AppError(
      404,
      'invitation_invalid',
      'This invitation link has expired. Ask an admin for a new one.',
    );
  }
  return {
    team: { id: invitation.team_id, slug: invitation.slug, name: invitation.name },
    role: roleOf(invitation.role),
    expires_at: toTime(invitation.expires_at),
  };
}

const nameTaken = (name: string): AppError =>
  conflict('name_taken', `Someone on this team is already called "${name}". Please choose another name.`);

/** The invitee joins as a pending member with the keys their browser made. */
export async function acceptInvitation(
  db: Database,
  token: string,
  member: MemberCredentials,
): Promise<void> {
  const invitation = await openInvitation(db, token);
  try {
    await db.transaction().execute(async (tx) => {
      if (!(await claimInvitation(tx, invitation.id)))
        throw new AppError(404, 'invitation_invalid', 'This invitation link has already been used');
      if (await memberIdOrNameTaken(tx, invitation.team_id, member.id, member.name))
        throw nameTaken(member.name);
      await insertMember(tx, {
        ...memberColumns(member),
        team_id: invitation.team_id,
        role: invitation.role,
        status: 'pending',
      });
      await setInvitationMember(tx, invitation.id, member.id);
      await recordAudit(tx, {
        teamId: invitation.team_id,
        memberId: member.id,
        action: 'invitation.accepted',
        details: { invitation: invitation.id },
      });
      await notifyMemberPending(tx, invitation.team_id);
    });
    wakeNotificationWorkers();
  } catch (error) {
    // The same name taken at the same moment through another invitation.
    if (isUniqueViolation(error)) throw nameTaken(member.name);
    throw error;
  }
}

/**
 * Appends a roster entry the admin signed (add a pending member, remove one, change a role),
 * after checking it against the chain, and applies its effect in the same transaction. An `add`
 * carries the new member's grant of the team's index key once the team has one
 * (services/index-keys.ts); a `remove` deletes the removed member's grants.
 */
export async function appendRosterEntry(
  db: Database,
  admin: MemberContext,
  slug: string,
  request: Static<typeof RosterAppendRequest>,
): Promise<number> {
  const team = await teamOfMember(db, slug, admin);
  const { row, index_key_grant } = request;
  const { entry } = row;
  if (entry.by !== admin.id) throw forbidden('A roster entry must be signed by the admin who sends it');

  await db.transaction().execute(async (tx) => {
    // Serialise roster changes per team: the chain has one head.
    await lockTeam(tx, team.id);
    const roster = await loadRoster(tx, team.id);
    if (entry.seq !== roster.length) {
      throw conflict('roster_changed', 'The roster changed in the meantime; reload and try again', {
        roster_seq: roster.length - 1,
      });
    }
    await checkRosterAppend(roster, row, team.id);

    const subject = await findTeamMember(tx, entry.member.id, team.id);
    if (!subject) throw notFound('That person has not accepted an invitation to this team');
    const keysMatch =
      toB64(subject.enc_pk) === entry.member.enc_pk &&
      toB64(subject.sign_pk) === entry.member.sign_pk &&
      subject.name === entry.member.name;
    if (!keysMatch)
      throw badRequest('roster_member_mismatch', "The entry does not carry this member's name and keys");

    // only admins sign roster entries, so a team without an active admin could never change
    // its roster again. The admins' rows are locked, so two demotions at once cannot both pass.
    const losesAdmin =
      subject.status === 'active' &&
      subject.role === 'admin' &&
      (entry.op === 'remove' || (entry.op === 'role' && entry.member.role !== 'admin'));
    if (losesAdmin && (await lockActiveAdmins(tx, team.id)) <= 1) {
      throw conflict(
        'last_admin',
        'This is the last admin of the team. Make someone else an admin first: without an admin nobody could add or remove members again.',
      );
    }

    if (entry.op === 'add') {
      if (subject.status !== 'pending') throw conflict('not_pending', 'Only a pending member can be added');
      // The admin's key as stored: the one the roster lists for them, which the grant must verify with.
      const signer = await findTeamMember(tx, admin.id, team.id);
      if (!signer) throw forbidden('A roster entry must be signed by the admin who sends it');
      const grant = await checkAddedMemberGrant(
        tx,
        team.id,
        { id: admin.id, signPublicKey: signer.sign_pk },
        subject.id,
        index_key_grant,
      );
      await activateMember(tx, subject.id, entry.member.role);
      if (grant) await upsertIndexKeyGrants(tx, team.id, [grant]);
    } else if (entry.op === 'remove') {
      if (subject.status !== 'active') throw conflict('not_active', 'Only an active member can be removed');
      await markMemberRemoved(tx, subject.id);
      // Access ends at once: sessions go, and so do their assignments and their copies of the index
      // key (the key itself stays theirs until an admin issues a new one).
      await deleteMemberSessions(tx, subject.id);
      await unassignMember(tx, subject.id);
      await deleteMemberGrants(tx, subject.id);
      await markIndexKeyDue(tx, team.id);
    } else if (entry.op === 'role') {
      if (subject.status !== 'active') throw conflict('not_active', 'Only an active member can change role');
      await changeMemberRole(tx, subject.id, entry.member.role);
    } else {
      throw badRequest('bad_op', 'A team has exactly one genesis entry');
    }
    await insertRosterEntry(tx, team.id, { entry, sig: fromB64(row.sig), hash: fromB64(row.hash) });
    await recordAudit(tx, {
      teamId: team.id,
      memberId: admin.id,
      action: `roster.${entry.op}`,
      details: { member: subject.id, seq: entry.seq, role: entry.member.role },
    });
  });
  return entry.seq;
}

/** Discards a pending invitee who was never added to the roster. */
export async function discardInvitee(
  db: Db,
  admin: MemberContext,
  slug: string,
  memberId: string,
): Promise<void> {
  const team = await teamOfMember(db, slug, admin);
  if (!(await deletePendingMember(db, memberId, team.id))) throw notFound('No pending invitee with that id');
  await recordAudit(db, {
    teamId: team.id,
    memberId: admin.id,
    action: 'invitee.discarded',
    details: { member: memberId },
  });
}
