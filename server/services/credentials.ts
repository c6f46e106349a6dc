/**
 * Member login material. The server never sees a passphrase: it gets `auth`, a key derived
 * from it in the member's browser, and stores only `verifier = BLAKE2b-256(auth)`.
 *
 * Unknown names get plausible, stable fake KDF parameters (a salt made from a deployment
 * secret and the name), so asking for parameters does not reveal who is on a team.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { MemberCredentials } from '#contract/members';
import { equalBytes } from '../auth/tokens.js';
import type { Db } from '../db/executor.js';
import { fromB64, toB64 } from '../db/wire.js';
import { badRequest } from '../errors.js';
import { findOrInsertServerSecret } from '../repositories/server-secrets.js';
import { verifierForAuth } from '../verify.js';

/** The verifier to store for new credentials; 400 when `auth` is not canonical base64url of 32 bytes. */
export function verifierFor(authB64: string): Buffer {
  try {
    return Buffer.from(verifierForAuth(authB64));
  } catch {
    throw badRequest('bad_auth', 'The auth value is not 32 bytes of base64url');
  }
}

/** Constant-time check of a sign-in; a malformed `auth` simply does not match. */
export function authMatches(authB64: string, verifier: Uint8Array): boolean {
  let candidate: Buffer;
  try {
    candidate = Buffer.from(verifierForAuth(authB64));
  } catch {
    candidate = Buffer.alloc(32);
  }
  return equalBytes(candidate, verifier);
}

/** A verifier nobody can match, compared against when the name is unknown (same work either way). */
export const UNMATCHABLE_VERIFIER = randomBytes(32);

const SECRET_NAME = 'fake-kdf-salt-key';

/** A random key this deployment keeps under `name`, made on first use, the same for every process. */
export function deploymentSecret(db: Db, name = SECRET_NAME): Promise<Buffer> {
  return findOrInsertServerSecret(db, name, randomBytes(32));
}

export function fakeKdfParams(secret: Buffer, teamSlug: string, name: string) {
  const salt = createHmac('sha256', secret)
    .update(`${teamSlug}\n${name.normalize('NFKC')}`)
    .digest()
    .subarray(0, 16);
  return { alg: 'argon2id13' as const, ops: 3, mem: 268435456, salt: toB64(salt) };
}

/** The columns every new member row gets from what their browser made. */
export function memberColumns(credentials: MemberCredentials) {
  return {
    id: credentials.id,
    name: credentials.name,
    enc_pk: fromB64(credentials.enc_pk),
    sign_pk: fromB64(credentials.sign_pk),
    kdf: JSON.stringify(credentials.kdf),
    verifier: verifierFor(credentials.auth),
    key_bundle: JSON.stringify(credentials.keys),
    recovery_bundle: credentials.recovery ? JSON.stringify(credentials.recovery.keys) : null,
    recovery_kdf: credentials.recovery ? JSON.stringify(credentials.recovery.kdf) : null,
  };
}
