/**
 * The one-time set-up link for the founding admin. The token travels in the URL fragment
 * (`/setup#token`), which browsers never send to a server, so it appears in no access log.
 * Only its hash is stored. A new link replaces any earlier unused one; a link expires after
 * CONFIDE_SETUP_LINK_HOURS (a day by default), and every unused link is dropped when a team is
 * created by any path (the browser or the command line), so a link printed to a log on first
 * start cannot add a team later.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { newToken } from '../auth/tokens.js';

export async function createSetupLink(db: Kysely<DB>, publicUrl: URL, validHours: number): Promise<string> {
  const { token, hash } = newToken();
  await db.transaction().execute(async (tx) => {
    await dropUnusedSetupLinks(tx);
    await tx
      .insertInto('setup_tokens')
      .values({ token_hash: hash, expires_at: sql`now() + make_interval(hours => ${validHours})` })
      .execute();
  });
  return new URL(`setup#${token}`, publicUrl.href.endsWith('/') ? publicUrl : `${publicUrl.href}/`).href;
}

/** Every link not used yet stops working (called whenever a team is created). */
export async function dropUnusedSetupLinks(db: Kysely<DB>): Promise<void> {
  await db.deleteFrom('setup_tokens').where('used_at', 'is', null).execute();
}

export async function hasAnyTeam(db: Kysely<DB>): Promise<boolean> {
  return (await db.selectFrom('teams').select('id').limit(1).executeTakeFirst()) !== undefined;
}
