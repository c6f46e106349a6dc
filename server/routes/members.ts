/**
 * Membership: invitations, joining, and the signed roster that admins extend.
 *
 * The server never decides who is on a team by itself: a member becomes active only when an
 * admin's browser signs a roster entry for them (after comparing fingerprints), and is removed
 * only by another signed entry. The server checks each entry against the chain before storing
 * it, and applies its effect (activate, remove, change role) in the same transaction.
 */
import { sql } from 'kysely';
import { Type } from 'typebox';
import type { App } from '../app.js';
import { hashToken, newToken } from '../auth/tokens.js';
import { AppError, badRequest, conflict, ErrorReply, forbidden, notFound } from '../errors.js';
import { recordAudit } from '../repositories/audit.js';
import { findTeamBySlug, loadRoster } from '../repositories/teams.js';
import {
  InvitationAcceptReply,
  InvitationAcceptRequest,
  InvitationLookupReply,
  InvitationLookupRequest,
  InvitationReply,
  InvitationRequest,
  MemberList,
  RosterAppendReply,
  RosterAppendRequest,
} from '#contract/members';
import { TeamSlugParams } from '#contract/teams';
import { Uuid } from '#contract/common';
import { memberColumns } from '../services/teams.js';
import { notExcluded } from '../services/case-access.js';
import { isUniqueViolation } from '../db/database-errors.js';
import type { MemberCredentials } from '#contract/members';
import { checkRosterAppend } from '../verify.js';
import { fromB64, toB64, toTime } from '../wire.js';

const INVITATION_DAYS = 7;

export default function memberRoutes(app: App): void {
  async function teamOfMember(slug: string, memberTeamId: string | undefined) {
    const team = await findTeamBySlug(app.db, slug);
    // A member of another team learns nothing about this one beyond its public page.
    if (!team || team.id !== memberTeamId) throw notFound('There is no such team');
    return team;
  }

  app.get(
    '/api/teams/:slug/members',
    {
      preHandler: app.requireMember,
      schema: {
        summary: 'Members, including pending invitees',
        params: TeamSlugParams,
        response: { 200: MemberList, 404: ErrorReply },
      },
    },
    async (request) => {
      const team = await teamOfMember(request.params.slug, request.member?.teamId);
      const viewer = request.member?.id ?? '';
      const rows = await app.db
        .selectFrom('members')
        .select(['id', 'name', 'role', 'status', 'enc_pk', 'sign_pk', 'created_at'])
        .select((eb) =>
          eb
            .selectFrom('cases')
            .select(eb.fn.countAll<number>().as('n'))
            .whereRef('cases.assignee', '=', 'members.id')
            .where('cases.status', 'not in', ['closed', 'withdrawn'])
            // Count only cases the viewer may see: a count must not reveal a case someone was excluded from.
            .where(notExcluded('cases.id', viewer))
            .as('open_cases'),
        )
        .where('team_id', '=', team.id)
        .orderBy('created_at')
        .execute();
      return {
        members: rows.map((row) => ({
          id: row.id,
          name: row.name,
          role: row.role === 'admin' ? ('admin' as const) : ('member' as const),
          status: row.status as 'pending' | 'active' | 'removed',
          enc_pk: toB64(row.enc_pk),
          sign_pk: toB64(row.sign_pk),
          created_at: toTime(row.created_at),
          open_cases: row.open_cases ?? 0,
        })),
      };
    },
  );

  app.post(
    '/api/teams/:slug/invitations',
    {
      preHandler: app.requireAdmin,
      schema: {
        summary: 'Invite someone by link (admins)',
        params: TeamSlugParams,
        body: InvitationRequest,
        response: { 201: InvitationReply, 403: ErrorReply, 404: ErrorReply },
      },
    },
    async (request, reply) => {
      const team = await teamOfMember(request.params.slug, request.member?.teamId);
      const { token, hash } = newToken();
      const id = crypto.randomUUID();
      const row = await app.db
        .insertInto('invitations')
        .values({
          id,
          team_id: team.id,
          token_hash: hash,
          role: request.body.role,
          created_by: request.member?.id ?? '',
          expires_at: sql`now() + make_interval(days => ${INVITATION_DAYS})`,
        })
        .returning('expires_at')
        .executeTakeFirstOrThrow();
      await recordAudit(app.db, {
        teamId: team.id,
        memberId: request.member?.id ?? null,
        action: 'invitation.created',
        details: { invitation: id, role: request.body.role },
      });
      return reply.status(201).send({ id, token, expires_at: toTime(row.expires_at) });
    },
  );

  async function openInvitation(token: string) {
    const invitation = await app.db
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
      .where('invitations.token_hash', '=', hashToken(token))
      .executeTakeFirst();
    if (!invitation || invitation.used_at !== null || invitation.expires_at.getTime() < Date.now()) {
      throw new AppError(
        404,
        'invitation_invalid',
        'This invitation link is not valid, has expired or has already been used. Ask an admin for a new one.',
      );
    }
    return invitation;
  }

  const invitationLimit = { rateLimit: { max: 20, timeWindow: '1 minute' } };

  app.post(
    '/api/invitations/lookup',
    {
      config: invitationLimit,
      schema: {
        summary: 'What an invitation link is for',
        body: InvitationLookupRequest,
        response: { 200: InvitationLookupReply, 404: ErrorReply },
      },
    },
    async (request) => {
      const invitation = await openInvitation(request.body.token);
      return {
        team: { id: invitation.team_id, slug: invitation.slug, name: invitation.name },
        role: invitation.role === 'admin' ? ('admin' as const) : ('member' as const),
        expires_at: toTime(invitation.expires_at),
      };
    },
  );

  app.post(
    '/api/invitations/accept',
    {
      config: invitationLimit,
      schema: {
        summary: "Join with the keys made in the invitee's browser; an admin then signs the roster entry",
        body: InvitationAcceptRequest,
        response: { 201: InvitationAcceptReply, 404: ErrorReply, 409: ErrorReply },
      },
    },
    async (request, reply) => {
      const { token, member } = request.body;
      const invitation = await openInvitation(token);
      await acceptInvitation(invitation, member);
      return reply.status(201).send({ member: member.id, status: 'pending' as const });
    },
  );

  async function acceptInvitation(
    invitation: { id: string; team_id: string; role: string },
    member: MemberCredentials,
  ): Promise<void> {
    try {
      await app.db.transaction().execute(async (tx) => {
        const claimed = await tx
          .updateTable('invitations')
          .set({ used_at: sql`now()`, member_id: null })
          .where('id', '=', invitation.id)
          .where('used_at', 'is', null)
          .returning('id')
          .executeTakeFirst();
        if (!claimed)
          throw new AppError(404, 'invitation_invalid', 'This invitation link has already been used');
        const clash = await tx
          .selectFrom('members')
          .select('id')
          .where((eb) =>
            eb.or([
              eb('id', '=', member.id),
              eb.and([eb('team_id', '=', invitation.team_id), eb('name', '=', member.name)]),
            ]),
          )
          .executeTakeFirst();
        if (clash)
          throw conflict(
            'name_taken',
            `Someone on this team is already called "${member.name}". Please choose another name.`,
          );
        await tx
          .insertInto('members')
          .values({
            ...memberColumns(member),
            team_id: invitation.team_id,
            role: invitation.role,
            status: 'pending',
          })
          .execute();
        await tx
          .updateTable('invitations')
          .set({ member_id: member.id })
          .where('id', '=', invitation.id)
          .execute();
        await recordAudit(tx, {
          teamId: invitation.team_id,
          memberId: member.id,
          action: 'invitation.accepted',
          details: { invitation: invitation.id },
        });
      });
    } catch (error) {
      // The same name taken at the same moment through another invitation.
      if (isUniqueViolation(error)) {
        throw conflict(
          'name_taken',
          `Someone on this team is already called "${member.name}". Please choose another name.`,
        );
      }
      throw error;
    }
  }

  app.post(
    '/api/teams/:slug/roster',
    {
      preHandler: app.requireAdmin,
      schema: {
        summary:
          'Append a signed roster entry: add a pending member, remove a member, change a role (admins)',
        params: TeamSlugParams,
        body: RosterAppendRequest,
        response: {
          201: RosterAppendReply,
          400: ErrorReply,
          403: ErrorReply,
          404: ErrorReply,
          409: ErrorReply,
        },
      },
    },
    async (request, reply) => {
      const team = await teamOfMember(request.params.slug, request.member?.teamId);
      const { row, index_key_grant } = request.body;
      const { entry } = row;
      if (entry.by !== request.member?.id)
        throw forbidden('A roster entry must be signed by the admin who sends it');

      await app.db.transaction().execute(async (tx) => {
        // Serialise roster changes per team: the chain has one head.
        await sql`select id from teams where id = ${team.id} for update`.execute(tx);
        const roster = await loadRoster(tx, team.id);
        if (entry.seq !== roster.length) {
          throw conflict('roster_changed', 'The roster changed in the meantime; reload and try again', {
            roster_seq: roster.length - 1,
          });
        }
        await checkRosterAppend(roster, row, team.id);

        const subject = await tx
          .selectFrom('members')
          .selectAll()
          .where('id', '=', entry.member.id)
          .where('team_id', '=', team.id)
          .executeTakeFirst();
        if (!subject) throw notFound('That person has not accepted an invitation to this team');
        const keysMatch =
          toB64(subject.enc_pk) === entry.member.enc_pk &&
          toB64(subject.sign_pk) === entry.member.sign_pk &&
          subject.name === entry.member.name;
        if (!keysMatch)
          throw badRequest('roster_member_mismatch', "The entry does not carry this member's name and keys");

        if (entry.op === 'add') {
          if (subject.status !== 'pending')
            throw conflict('not_pending', 'Only a pending member can be added');
          if (!index_key_grant)
            throw badRequest(
              'index_key_grant_missing',
              "Adding a member must include the team's index key sealed to them",
            );
          await tx
            .updateTable('members')
            .set({ status: 'active', role: entry.member.role, index_key_grant: fromB64(index_key_grant) })
            .where('id', '=', subject.id)
            .execute();
        } else if (entry.op === 'remove') {
          if (subject.status !== 'active')
            throw conflict('not_active', 'Only an active member can be removed');
          await tx
            .updateTable('members')
            .set({ status: 'removed', removed_at: sql`now()` })
            .where('id', '=', subject.id)
            .execute();
          // Access ends at once: sessions go, and so do their assignments.
          await tx.deleteFrom('sessions').where('member_id', '=', subject.id).execute();
          await tx.updateTable('cases').set({ assignee: null }).where('assignee', '=', subject.id).execute();
        } else if (entry.op === 'role') {
          if (subject.status !== 'active')
            throw conflict('not_active', 'Only an active member can change role');
          await tx
            .updateTable('members')
            .set({ role: entry.member.role })
            .where('id', '=', subject.id)
            .execute();
        } else {
          throw badRequest('bad_op', 'A team has exactly one genesis entry');
        }
        await tx
          .insertInto('roster_entries')
          .values({
            team_id: team.id,
            seq: entry.seq,
            entry: JSON.stringify(entry),
            sig: fromB64(row.sig),
            hash: fromB64(row.hash),
          })
          .execute();
        await recordAudit(tx, {
          teamId: team.id,
          memberId: request.member?.id ?? null,
          action: `roster.${entry.op}`,
          details: { member: subject.id, seq: entry.seq, role: entry.member.role },
        });
      });
      return reply.status(201).send({ seq: entry.seq });
    },
  );

  app.delete(
    '/api/teams/:slug/members/:id',
    {
      preHandler: app.requireAdmin,
      schema: {
        summary: 'Discard a pending invitee who was never added (admins)',
        params: Type.Object({ slug: TeamSlugParams.properties.slug, id: Uuid }),
        response: { 204: Type.Null(), 404: ErrorReply },
      },
    },
    async (request, reply) => {
      const team = await teamOfMember(request.params.slug, request.member?.teamId);
      const deleted = await app.db
        .deleteFrom('members')
        .where('id', '=', request.params.id)
        .where('team_id', '=', team.id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (deleted.numDeletedRows === 0n) throw notFound('No pending invitee with that id');
      await recordAudit(app.db, {
        teamId: team.id,
        memberId: request.member?.id ?? null,
        action: 'invitee.discarded',
        details: { member: request.params.id },
      });
      return reply.status(204).send(null);
    },
  );
}
