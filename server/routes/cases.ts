/** The team console's data: cases granted to the signed-in member, their items, their metadata. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AuditList,
  AuditQuery,
  CaseDetail,
  CaseBodies,
  CaseBodiesQuery,
  CaseBoundaries,
  CaseBoundariesQuery,
  CaseList,
  CaseDetailQuery,
  CaseListQuery,
  CaseLocalActionRequest,
  CaseMetadata,
  CaseParams,
  CasePatch,
  ItemSubmission,
  RegrantReply,
  RegrantRequest,
  RegrantWork,
  RegrantWorkQuery,
  RetainedSubmission,
} from '#contract/cases';
import { Created } from '#contract/common';
import { errorReplies } from '#contract/http';
import { adminsOnly, membersOnly } from '../plugins/auth.js';
import { compressedReply } from '../plugins/compression.js';
import { plainJsonReply } from '../plugins/plain-json-reply.js';
import { listAuditEvents } from '../repositories/audit-events.js';
import { caseBodies } from '../services/case-bodies.js';
import { listCaseBoundaries, listCases, openCase, recordLocalAction, updateCase } from '../services/cases.js';
import { addMemberItem } from '../services/items.js';
import { regrantWork, storeRegrants } from '../services/regrants.js';
import { keepRetainedRecord } from '../services/retention.js';

/** The audit log shows this many of the latest events. */
const AUDIT_EVENTS = 500;

const memberCases = membersOnly((app, _options, done) => {
  app.get(
    '/api/cases',
    {
      // Ciphertext, sealed keys and metadata, no secret: compressed (plugins/compression.ts).
      ...compressedReply,
      // Pages of 1,000 cases: written with JSON.stringify (plugins/plain-json-reply.ts).
      ...plainJsonReply,
      schema: {
        summary:
          'Cases granted to the signed-in member, newest first, each by its summary envelope (its report only when it has none)',
        querystring: CaseListQuery,
        response: { 200: CaseList, ...errorReplies(400, 401, 403) },
      },
    },
    async (request) => listCases(app.db, request.member, request.query),
  );

  app.get(
    '/api/cases/boundaries',
    {
      schema: {
        summary:
          "Where the signed-in member's case list can be cut into ranges of `every` cases, for fetching them side by side",
        querystring: CaseBoundariesQuery,
        response: { 200: CaseBoundaries, ...errorReplies(400, 401, 403) },
      },
    },
    async (request) => listCaseBoundaries(app.db, request.member, request.query),
  );

  // A path of its own beside /api/cases/:id, which Fastify's router never takes it for: a static
  // segment wins over a parameter whatever the order the routes were registered in.
  app.get(
    '/api/cases/bodies',
    {
      schema: {
        summary:
          "The report bodies of up to 50 cases (`ids`, separated by commas) that you may see, for your console's background reads: neither marked read nor audited",
        querystring: CaseBodiesQuery,
        response: { 200: CaseBodies, ...errorReplies(400, 401, 403) },
      },
    },
    async (request) => caseBodies(app.db, request.member, request.query.ids),
  );

  app.get(
    '/api/cases/:id',
    {
      ...compressedReply,
      schema: {
        summary: 'One case with its items; ?background=1 neither marks it read nor audits an opening',
        params: CaseParams,
        querystring: CaseDetailQuery,
        response: { 200: CaseDetail, ...errorReplies(400, 401, 403, 404) },
      },
    },
    async (request) =>
      openCase(app.db, request.member, request.params.id, {
        background: request.query.background === '1',
      }),
  );

  app.post(
    '/api/cases/:id/items',
    {
      schema: {
        summary: 'Add a message to the reporter, an internal note or a record, signed by the member',
        params: CaseParams,
        body: ItemSubmission,
        response: { 201: Created, ...errorReplies(400, 401, 403, 404, 409, 413, 415) },
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
        summary:
          'Move the status (with the item the move needs), change the check-in or follow-up date or the assignee',
        params: CaseParams,
        body: CasePatch,
        response: { 200: CaseMetadata, ...errorReplies(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request) =>
      updateCase(
        app.db,
        request.member,
        request.params.id,
        request.body,
        app.config.maxReportAttachmentBytes,
      ),
  );

  app.post(
    '/api/cases/:id/retained',
    {
      schema: {
        summary:
          "Keep the case's retained record, the minimal record left once retention deletes the case's details",
        params: CaseParams,
        body: RetainedSubmission,
        response: { 201: Created, ...errorReplies(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      await keepRetainedRecord(app.db, request.member, request.params.id, request.body.item);
      return reply.status(201).send({ id: request.body.item.id });
    },
  );

  app.post(
    '/api/cases/:id/local-actions',
    {
      schema: {
        summary: "Record in the audit log that the member's browser printed or exported the case",
        params: CaseParams,
        body: CaseLocalActionRequest,
        response: { 204: Type.Null(), ...errorReplies(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      await recordLocalAction(app.db, request.member, request.params.id, request.body.action);
      return reply.status(204).send(null);
    },
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
        response: { 200: RegrantWork, ...errorReplies(400, 401, 403, 404) },
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
        response: { 200: RegrantReply, ...errorReplies(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request) => ({ granted: await storeRegrants(app.db, request.member, request.body) }),
  );

  app.get(
    '/api/audit',
    {
      schema: {
        summary: 'The latest audit events of the team, filtered by action, member or case number (admins)',
        querystring: AuditQuery,
        response: { 200: AuditList, ...errorReplies(400, 401, 403) },
      },
    },
    async (request) => {
      const { action, member, case_number } = request.query;
      return {
        events: await listAuditEvents(app.db, request.member.teamId, request.member.id, AUDIT_EVENTS, {
          action,
          member,
          caseNumber: case_number === undefined ? undefined : Number(case_number),
        }),
      };
    },
  );
  done();
});

const caseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(memberCases);
  await app.register(adminCases);
};

export default caseRoutes;
