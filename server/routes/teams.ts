/** Public team information: what the intake page lists, and the signed roster clients verify. */
import { Type } from 'typebox';
import type { App } from '../app.js';
import { ErrorReply, notFound } from '../errors.js';
import { findTeamBySlug, listTeams, loadRoster, teamSummary } from '../repositories/teams.js';
import { Slug } from '#contract/common';
import { TeamDetail, TeamList, TeamSlugParams } from '#contract/teams';
import { checkPinnedFingerprints, logPinChecks } from '../services/team-pins.js';

export default function teamRoutes(app: App): void {
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
        response: { 200: TeamDetail, 404: ErrorReply },
      },
    },
    // Served even when the team's genesis is not its pin: the roster is public, browsers compare
    // it with the pin themselves and say so, and the team console can show both fingerprints.
    async (request) => {
      const team = await findTeamBySlug(app.db, request.params.slug);
      if (!team) throw notFound('There is no team at that address');
      const roster = await loadRoster(app.db, team.id);
      const genesis = roster[0];
      if (!genesis) throw notFound('That team is not set up yet');
      return {
        ...teamSummary(team),
        fingerprint: Buffer.from(genesis.hash, 'base64url').toString('hex'),
        roster,
      };
    },
  );

  app.get(
    '/api/config',
    {
      schema: {
        summary: 'Public settings the client needs',
        response: {
          200: Type.Object({
            idle_lock_minutes: Type.Integer(),
            max_attachment_bytes: Type.Integer(),
            max_report_attachment_bytes: Type.Integer(),
            pinned_fingerprints: Type.Record(Slug, Type.String({ pattern: '^[0-9a-f]{64}$' }), {
              description:
                'team slug → the fingerprint the deployment pins for it (CONFIDE_TEAM_FINGERPRINTS), from its configuration, not its database',
            }),
          }),
        },
      },
    },
    () => ({
      idle_lock_minutes: app.config.sessionIdleMinutes,
      max_attachment_bytes: app.config.maxAttachmentBytes,
      max_report_attachment_bytes: app.config.maxReportAttachmentBytes,
      pinned_fingerprints: Object.fromEntries(app.config.teamFingerprints),
    }),
  );
}
