/**
 * Settings: the team's (members read them, admins change them) and each member's own sealed
 * settings, which only that member reads and writes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorReplies } from '#contract/http';
import {
  MemberSettingsReply,
  SealedMemberSettings,
  TeamSettings,
  TeamSettingsPatch,
} from '#contract/settings';
import { adminsOnly, membersOnly } from '../plugins/auth.js';
import { readMemberSettings, saveMemberSettings } from '../services/member-settings.js';
import { changeTeamSettings, readTeamSettings } from '../services/team-settings.js';

const memberSettings = membersOnly((app, _options, done) => {
  app.get(
    '/api/team/settings',
    {
      schema: {
        summary:
          "The signed-in member's team settings: description, quorum, templates, support kit, retention, notification defaults",
        response: { 200: TeamSettings, ...errorReplies(401, 403) },
      },
    },
    async (request) => readTeamSettings(app.db, request.member.teamId),
  );

  app.get(
    '/api/me/settings',
    {
      schema: {
        summary: "The signed-in member's own settings, sealed to them (null before the first save)",
        response: { 200: MemberSettingsReply, ...errorReplies(401, 403) },
      },
    },
    async (request) => readMemberSettings(app.db, request.member.id),
  );

  app.put(
    '/api/me/settings',
    {
      schema: {
        summary: "Replace the signed-in member's own sealed settings",
        body: SealedMemberSettings,
        response: { 204: Type.Null(), ...errorReplies(400, 401, 403, 413, 415) },
      },
    },
    async (request, reply) => {
      await saveMemberSettings(app.db, request.member.id, request.body);
      return reply.status(204).send(null);
    },
  );
  done();
});

const adminSettings = adminsOnly((app, _options, done) => {
  app.patch(
    '/api/team/settings',
    {
      schema: {
        summary: "Change the team's settings (admins)",
        body: TeamSettingsPatch,
        response: { 200: TeamSettings, ...errorReplies(400, 401, 403, 413, 415) },
      },
    },
    async (request) => changeTeamSettings(app.db, request.member, request.body),
  );
  done();
});

const settingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(memberSettings);
  await app.register(adminSettings);
};

export default settingsRoutes;
