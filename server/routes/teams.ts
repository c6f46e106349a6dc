/** Public team information: what the intake page lists, and the signed roster clients verify. */
import { Type } from 'typebox';
import type { App } from '../app.js';
import { ErrorReply, notFound } from '../errors.js';
import { findTeamBySlug, listTeams, loadRoster, teamSummary } from '../repositories/teams.js';
import { TeamDetail, TeamList, TeamSlugParams } from '../schemas/teams.js';

export default function teamRoutes(app: App): void {
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
          }),
        },
      },
    },
    () => ({
      idle_lock_minutes: app.config.sessionIdleMinutes,
      max_attachment_bytes: app.config.maxAttachmentBytes,
      max_report_attachment_bytes: app.config.maxReportAttachmentBytes,
    }),
  );
}
