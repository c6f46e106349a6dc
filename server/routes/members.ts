/**
 * Membership (services/membership.ts): the member list, invitation links, joining, the signed
 * roster that admins extend, and an admin's reset of a member's second factor
 * (services/second-factor/admin-reset.ts).
 */
import type { FastifyPluginAsyncTypebox, FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Uuid } from '#contract/common';
import { errorReplies } from '#contract/http';
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
import { adminsOnly, confirmedAdminsOnly, membersOnly } from '../plugins/auth.js';
import {
  acceptInvitation,
  appendRosterEntry,
  discardInvitee,
  inviteMember,
  listMembers,
  lookUpInvitation,
} from '../services/membership.js';
import { resetSecondFactor } from '../services/second-factor/admin-reset.js';

const teamMembers = membersOnly((app, _options, done) => {
  app.get(
    '/api/teams/:slug/members',
    {
      schema: {
        summary: 'Members, including pending invitees',
        params: TeamSlugParams,
        response: { 200: MemberList, ...errorReplies(400, 401, 403, 404) },
      },
    },
    async (request) => listMembers(app.db, request.member, request.params.slug),
  );
  done();
});

const invitationLinks = adminsOnly((app, _options, done) => {
  app.post(
    '/api/teams/:slug/invitations',
    {
      schema: {
        summary: 'Invite someone by link (admins)',
        params: TeamSlugParams,
        body: InvitationRequest,
        response: { 201: InvitationReply, ...errorReplies(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await inviteMember(app.db, request.member, request.params.slug, request.body.role)),
  );
  done();
});

/** The invitee's side, before they have an account: anonymous, so rate-limited. */
const joining: FastifyPluginCallbackTypebox = (app, _options, done) => {
  const invitationLimit = { rateLimit: { max: 20, timeWindow: '1 minute' } };

  app.post(
    '/api/invitations/lookup',
    {
      config: invitationLimit,
      schema: {
        summary: 'What an invitation link is for',
        body: InvitationLookupRequest,
        response: { 200: InvitationLookupReply, ...errorReplies(400, 403, 404, 410, 413, 415, 429) },
      },
    },
    async (request) => lookUpInvitation(app.db, request.body.token),
  );

  app.post(
    '/api/invitations/accept',
    {
      config: invitationLimit,
      schema: {
        summary: "Join with the keys made in the invitee's browser; an admin then signs the roster entry",
        body: InvitationAcceptRequest,
        response: { 201: InvitationAcceptReply, ...errorReplies(400, 403, 404, 409, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const { token, member } = request.body;
      await acceptInvitation(app.db, token, member);
      return reply.status(201).send({ member: member.id, status: 'pending' as const });
    },
  );
  done();
};

const roster = adminsOnly((app, _options, done) => {
  app.post(
    '/api/teams/:slug/roster',
    {
      schema: {
        summary:
          'Append a signed roster entry: add a pending member, remove a member, change a role (admins)',
        params: TeamSlugParams,
        body: RosterAppendRequest,
        response: { 201: RosterAppendReply, ...errorReplies(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const seq = await appendRosterEntry(app.db, request.member, request.params.slug, request.body);
      return reply.status(201).send({ seq });
    },
  );

  app.delete(
    '/api/teams/:slug/members/:id',
    {
      schema: {
        summary: 'Discard a pending invitee who was never added (admins)',
        params: Type.Object({ slug: TeamSlugParams.properties.slug, id: Uuid }),
        response: { 204: Type.Null(), ...errorReplies(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      await discardInvitee(app.db, request.member, request.params.slug, request.params.id);
      return reply.status(204).send(null);
    },
  );
  done();
});

/** For a member who lost every factor and their one-time codes; the admin's session must be confirmed. */
const secondFactorReset = confirmedAdminsOnly((app, _options, done) => {
  app.delete(
    '/api/members/:id/second-factor',
    {
      schema: {
        summary:
          "Reset a member's second factor: their keys, app and one-time codes go, and every session of theirs ends (admins)",
        params: Type.Object({ id: Uuid }),
        response: { 204: Type.Null(), ...errorReplies(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      await resetSecondFactor(app.db, request.member, request.params.id);
      return reply.status(204).send(null);
    },
  );
  done();
});

// In this order, which is the order of the API's documentation.
const memberRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(teamMembers);
  await app.register(invitationLinks);
  await app.register(joining);
  await app.register(roster);
  await app.register(secondFactorReset);
};

export default memberRoutes;
