/**
 * Member login material. The server never sees a passphrase: it gets `auth`, a key derived
 * from it in the member's browser, and stores only `verifier = BLAKE2b-256(auth)`.
 *
 * Unknown names get plausible, stable fake KDF parameters (a salt made from a deployment
 * secret and the name), so asking for parameters does not reveal who is on a team.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { verifierForAuth } from '../verify.js';
import { equalBytes } from '../auth/tokens.js';
import { toB64 } from '../wire.js';

export function verifierFor(authB64: string): Buffer {
  return Buffer.from(verifierForAuth(authB64));
}

export function authMatches(authB64: string, verifier: Uint8Array): boolean {
  return equalBytes(verifierFor(authB64), verifier);
}

/** A verifier nobody can match, compared against when the name is unknown (same work either way). */
export const UNMATCHABLE_VERIFIER = randomBytes(32);

const SECRET_NAME = 'fake-kdf-salt-key';

export async function deploymentSecret(db: Kysely<DB>, name = SECRET_NAME): Promise<Buffer> {
  const fresh = randomBytes(32);
  await db
    .insertInto('server_secrets')
    .values({ name, value: fresh })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('server_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.value;
}

export function fakeKdfParams(secret: Buffer, teamSlug: string, name: string) {
  const salt = createHmac('sha256', secret)
    .update(`${teamSlug}\n${name.normalize('NFKC')}`)
    .digest()
    .subarray(0, 16);
  return { alg: 'argon2id13' as const, ops: 3, mem: 268435456, salt: toB64(salt) };
}
