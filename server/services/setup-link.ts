/**
 * The one-time set-up link for the founding admin. The token travels in the URL fragment
 * (`/setup#token`), which browsers never send to a server, so it appears in no access log.
 * Only its hash is stored. A new link replaces any earlier unused one.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { newToken } from '../auth/tokens.js';

export async function createSetupLink(db: Kysely<DB>, publicUrl: URL): Promise<string> {
  const { token, hash } = newToken();
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('setup_tokens').where('used_at', 'is', null).execute();
    await tx.insertInto('setup_tokens').values({ token_hash: hash }).execute();
  });
  return new URL(`setup#${token}`, publicUrl.href.endsWith('/') ? publicUrl : `${publicUrl.href}/`).href;
}

export async function hasAnyTeam(db: Kysely<DB>): Promise<boolean> {
  return (await db.selectFrom('teams').select('id').limit(1).executeTakeFirst()) !== undefined;
}
