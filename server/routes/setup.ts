/**
 * The founding admin's first step: a one-time set-up link (printed by the server on first
 * start) lets a browser create a team. The token is single-use; only its hash is stored.
 */
import { sql } from 'kysely';
import type { App } from '../app.js';
import { hashToken } from '../auth/tokens.js';
import { AppError, ErrorReply } from '../errors.js';
import { SetupReply, SetupRequest } from '#contract/members';
import { createTeam } from '../services/teams.js';

export default function setupRoutes(app: App): void {
  app.post(
    '/api/setup',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        summary: 'Create a team with a one-time set-up token',
        body: SetupRequest,
        response: { 201: SetupReply, 400: ErrorReply, 403: ErrorReply, 409: ErrorReply },
      },
    },
    async (request, reply) => {
      const { token, team, genesis, admin, index_key_grant } = request.body;
      // Claim the token first and atomically: two browsers racing with one link get one team.
      const claimed = await app.db
        .updateTable('setup_tokens')
        .set({ used_at: sql`now()` })
        .where('token_hash', '=', hashToken(token))
        .where('used_at', 'is', null)
        .where('expires_at', '>', sql<Date>`now()`)
        .returning('token_hash')
        .executeTakeFirst();
      if (!claimed) {
        throw new AppError(
          403,
          'setup_link_invalid',
          'This set-up link is not valid: it has expired, was replaced by a newer one or has already been used. `npm run confide -- setup-link` on the server makes a new one.',
        );
      }
      try {
        const created = await createTeam(app.db, { team, genesis, admin, indexKeyGrant: index_key_grant });
        return await reply
          .status(201)
          .send({ team: created.teamId, slug: team.slug, fingerprint: created.fingerprint });
      } catch (error) {
        // The team was not created: give the link back so the admin can correct and retry.
        await app.db
          .updateTable('setup_tokens')
          .set({ used_at: null })
          .where('token_hash', '=', claimed.token_hash)
          .execute();
        throw error;
      }
    },
  );
}
