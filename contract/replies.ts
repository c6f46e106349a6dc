/**
 * Replies the client decodes whose schemas were still written inline in server/routes: here so
 * that the client checks them against the contract too. The server's routes should take them
 * from here (the lead moves them where they belong).
 */
import { Type, type Static } from 'typebox';
import { Slug } from './common.js';

/** `GET /api/config`: public settings the client needs (server/routes/teams.ts). */
export const ConfigReply = Type.Object({
  idle_lock_minutes: Type.Integer(),
  max_attachment_bytes: Type.Integer(),
  max_report_attachment_bytes: Type.Integer(),
  pinned_fingerprints: Type.Record(Slug, Type.String({ pattern: '^[0-9a-f]{64}$' }), {
    description:
      'team slug → the fingerprint the deployment pins for it (CONFIDE_TEAM_FINGERPRINTS), from its configuration, not its database',
  }),
  quick_exit_url: Type.String({
    pattern: '^https?://',
    description:
      'where a reporter’s “Leave now” button goes (CONFIDE_QUICK_EXIT_URL): an absolute http(s) address of a harmless site',
  }),
});
export type ConfigReply = Static<typeof ConfigReply>;
