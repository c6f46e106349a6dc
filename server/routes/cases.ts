/** The team console's data: cases granted to the signed-in member, their items, their metadata. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CaseDetail,
  CaseList,
  CaseListQuery,
  CaseMetadata,
  CaseParams,
  CasePatch,
  ItemSubmission,
  RegrantReply,
  RegrantRequest,
  RegrantWork,
  RegrantWorkQuery,
} from '#contract/cases';
import { Created } from '#contract/common';
import { errorReplies } from '#contract/http';
import { adminsOnly, membersOnly } from '../plugins/auth.js';
import { listAuditEvents } from '../repositories/audit-events.js';
import { listCases, openCase, updateCase } from '../services/cases.js';
import { addMemberItem } from '../services/items.js';
import { regrantWork, storeRegrants } from '../services/regrants.js';

/** The audit log shows this many of the latest events. */
const AUDIT_EVENTS = 500;

const memberCases = membersOnly((app, _options, done) => {
  app.get(
    '/api/cases',
    {
      schema: {
        summary: 'Cases granted to the signed-in member, newest first',
        querystring: CaseListQuery,
        response: { 200: CaseList, ...errorReplies(400, 401) },
      },
    },
    async (request) => listCases(app.db, request.member, request.query),
  );

  app.get(
    '/api/cases/:id',
    {
      schema: {
        summary: 'One case with its items',
        params: CaseParams,
        response: { 200: CaseDetail, ...errorReplies(401, 404) },
      },
    },
    async (request) => openCase(app.db, request.member, request.params.id),
  );

  app.post(
    '/api/cases/:id/items',
    {
      schema: {
        summary: 'Add a message to the reporter, an internal note or a record, signed by the member',
        params: CaseParams,
        body: ItemSubmission,
        response: { 201: Created, ...errorReplies(400, 401, 404, 409, 413) },
      },
    },
    async (request, reply) => {
      const { maxReportAttachmentBytes } = app.config;
      await addMemberItem(app.db, request.member, request.params.id, request.body, maxReportAttachmentBytes);
      return reply.status(201).send({ id: request.body.id });
    },
  );

  app.patch(
    '/api/cases/:id',
    {
      schema: {
        summary: 'Change status, check-in date or assignee',
        params: CaseParams,
        body: CasePatch,
        response: { 200: CaseMetadata, ...errorReplies(400, 401, 404, 409) },
      },
    },
    async (request) => updateCase(app.db, request.member, request.params.id, request.body),
  );
  done();
});

const adminCases = adminsOnly((app, _options, done) => {
  app.get(
    '/api/regrants',
    {
      schema: {
        summary: "Objects the admin can read that a member cannot yet (to re-grant in the admin's browser)",
        querystring: RegrantWorkQuery,
        response: { 200: RegrantWork, ...errorReplies(403, 404) },
      },
    },
    async (request) => regrantWork(app.db, request.member, request.query.member),
  );

  app.post(
    '/api/regrants',
    {
      schema: {
        summary: 'Store re-granted keys for a member who joined after the cases (admins)',
        body: RegrantRequest,
        response: { 200: RegrantReply, ...errorReplies(400, 403, 404) },
      },
    },
    async (request) => ({ granted: await storeRegrants(app.db, request.member, request.body) }),
  );

  app.get(
    '/api/audit',
    {
      schema: {
        summary: 'The latest audit events of the team (admins)',
        response: {
          200: Type.Object({
            events: Type.Array(
              Type.Object({
                id: Type.Integer(),
                member: Type.Union([Type.String(), Type.Null()]),
                case: Type.Union([Type.String(), Type.Null()]),
                action: Type.String(),
                details: Type.Record(Type.String(), Type.Unknown()),
                at: Type.String(),
              }),
            ),
          }),
          ...errorReplies(403),
        },
      },
    },
    async (request) => ({
      events: await listAuditEvents(app.db, request.member.teamId, request.member.id, AUDIT_EVENTS),
    }),
  );
  done();
});

const caseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(memberCases);
  await app.register(adminCases);
};

export default caseRoutes;
