/** Public team information: what the intake page lists, and the signed roster clients verify. */
import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { errorReplies } from '#contract/http';
import { ConfigReply } from '#contract/replies';
import { TeamDetail, TeamList, TeamSlugParams } from '#contract/teams';
import { listTeams, teamSummary } from '../repositories/teams.js';
import { checkPinnedFingerprints, logPinChecks } from '../services/team-pins.js';
import { publicTeam } from '../services/teams.js';

const teamRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  // Pinned fingerprints (CONFIDE_TEAM_FINGERPRINTS) against the database, once at start, so a
  // mismatch is in the log before anyone reports. A mismatch does not stop the deployment:
  // the other teams keep working, and reports to that team are refused (services/intake.ts).
  app.addHook('onReady', async () => {
    try {
      logPinChecks(app.log, await checkPinnedFingerprints(app.db, app.config.teamFingerprints));
    } catch (error) {
      app.log.error(
        { err: { type: (error as Error).name, message: (error as Error).message } },
        'CONFIDE_TEAM_FINGERPRINTS: the pins could not be checked at start; reports are still checked one by one',
      );
    }
  });

  app.get(
    '/api/teams',
    { schema: { summary: 'The teams of this deployment', response: { 200: TeamList } } },
    async () => ({ teams: (await listTeams(app.db)).map(teamSummary) }),
  );

  app.get(
    '/api/teams/:slug',
    {
      schema: {
        summary: "A team's public information and its signed roster",
        params: TeamSlugParams,
        response: { 200: TeamDetail, ...errorReplies(400, 404) },
      },
    },
    async (request) => publicTeam(app.db, request.params.slug),
  );

  app.get(
    '/api/config',
    {
      schema: {
        summary: 'Public settings the client needs',
        response: { 200: ConfigReply },
      },
    },
    () => ({
      idle_lock_minutes: app.config.sessionIdleMinutes,
      max_attachment_bytes: app.config.maxAttachmentBytes,
      max_report_attachment_bytes: app.config.maxReportAttachmentBytes,
      pinned_fingerprints: Object.fromEntries(app.config.teamFingerprints),
      quick_exit_url: app.config.quickExitUrl,
    }),
  );
  done();
};

export default teamRoutes;
