/**
 * Notifications: each member's own choices and test mail, and the team's webhook and delivery
 * failures (admins). What a notification says, and who may still receive one, is decided in
 * server/notifications/.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorReplies } from '#contract/http';
import {
  DeliveryFailureList,
  MyNotifications,
  MyNotificationsPut,
  NotificationQueued,
  TeamWebhook,
  TeamWebhookPut,
} from '#contract/notifications';
import { listFailures } from '../notifications/failures.js';
import { queueTestMail, readMyNotifications, saveMyNotifications } from '../notifications/member-choices.js';
import { queueTestWebhook, readTeamWebhook, saveTeamWebhook } from '../notifications/team-webhook.js';
import { adminsOnly, membersOnly } from '../plugins/auth.js';

/** A test is one mail or request to somewhere the member or admin chose: a few a minute is plenty. */
const testLimit = { rateLimit: { max: 5, timeWindow: '1 minute' } };

const memberNotifications = membersOnly((app, _options, done) => {
  const emailAvailable = app.config.smtpUrl !== undefined;

  app.get(
    '/api/me/notifications',
    {
      schema: {
        summary: "The signed-in member's notification address, events and digest interval",
        response: { 200: MyNotifications, ...errorReplies(401, 403) },
      },
    },
    async (request) => readMyNotifications(app.db, request.member, emailAvailable),
  );

  app.put(
    '/api/me/notifications',
    {
      schema: {
        summary: "Replace the signed-in member's notification choices",
        body: MyNotificationsPut,
        response: { 200: MyNotifications, ...errorReplies(400, 401, 403, 413, 415) },
      },
    },
    async (request) => saveMyNotifications(app.db, request.member, request.body, emailAvailable),
  );

  app.post(
    '/api/me/notifications/test',
    {
      config: testLimit,
      schema: {
        summary: "Queue a test mail to the signed-in member's address",
        response: { 202: NotificationQueued, ...errorReplies(400, 401, 403, 409, 413, 415, 429) },
      },
    },
    async (request, reply) =>
      reply.status(202).send({ id: await queueTestMail(app.db, request.member, emailAvailable) }),
  );
  done();
});

const teamNotifications = adminsOnly((app, _options, done) => {
  app.get(
    '/api/team/webhook',
    {
      schema: {
        summary: "The team's webhook: its URL, events and signing secret (admins)",
        response: { 200: TeamWebhook, ...errorReplies(401, 403) },
      },
    },
    async (request) => readTeamWebhook(app.db, request.member),
  );

  app.put(
    '/api/team/webhook',
    {
      schema: {
        summary: "Set, change or remove the team's webhook (admins)",
        body: TeamWebhookPut,
        response: { 200: TeamWebhook, ...errorReplies(400, 401, 403, 413, 415) },
      },
    },
    async (request) => saveTeamWebhook(app.db, request.member, request.body, app.config.webhookAllowLoopback),
  );

  app.post(
    '/api/team/webhook/test',
    {
      config: testLimit,
      schema: {
        summary: "Queue a test delivery to the team's webhook (admins)",
        response: { 202: NotificationQueued, ...errorReplies(400, 401, 403, 409, 413, 415, 429) },
      },
    },
    async (request, reply) => reply.status(202).send({ id: await queueTestWebhook(app.db, request.member) }),
  );

  app.get(
    '/api/team/notifications/failures',
    {
      schema: {
        summary: 'Notifications not delivered yet after trying, or given up, newest first (admins)',
        response: { 200: DeliveryFailureList, ...errorReplies(401, 403) },
      },
    },
    async (request) => ({ failures: await listFailures(app.db, request.member) }),
  );
  done();
});

const notificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(memberNotifications);
  await app.register(teamNotifications);
};

export default notificationRoutes;
