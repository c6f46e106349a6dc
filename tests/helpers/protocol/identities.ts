/**
 * Who speaks to the server: a member's device (keys, credentials, perhaps a passphrase) and a
 * reporter (a receipt and the keys derived from it).
 *
 * Costs: every passphrase or receipt derivation is an Argon2id run. Where a passphrase is
 * typed, tests use the protocol minimum (ops 2, 64 MiB, `cheapKdf()`). Identities enrolled
 * without a passphrase and `reporterWithoutReceipt` skip the derivation where a test is not
 * about it (the server sees the same kind of values). Receipts always cost ops 2 / 64 MiB, so
 * `newReporter` is for tests about receipts.
 */
import {
  deriveReceiptKeys,
  enrolMember,
  generateId,
  generateMemberKeys,
  generateReceipt,
  hashLookup,
  keyToBase64,
  randomBytes,
  toBase64Url,
  wrapMemberKeys,
  type Enrolment,
  type KdfParams,
  type KeyEncryptionKey,
  type LookupKey,
  type MemberCredentialsWire,
  type MemberKeys,
  type ReceiptKeys,
} from '../../../crypto/index.js';

// ---------------------------------------------------------------------------
// Members
// ---------------------------------------------------------------------------

/** The protocol's minimum Argon2id cost (ops 2, 64 MiB) with a fresh salt: for tests. */
export function cheapKdf(): KdfParams {
  return { alg: 'argon2id13', ops: 2, mem: 64 * 1024 * 1024, salt: toBase64Url(randomBytes(16)) };
}

/** Everything a member's device knows about them, secrets included. */
export interface MemberIdentity {
  readonly id: string;
  readonly team: string;
  readonly name: string;
  /**
   * The passphrase, or null for an identity enrolled without one (no Argon2id run; the server
   * gets the same kind of credentials, but only `signInFast` can sign in with them).
   */
  readonly passphrase: string | null;
  /** The recovery code shown once, or null when enrolled without a passphrase. */
  readonly recoveryCode: string | null;
  readonly keys: MemberKeys;
  /** What the server received (public keys, KDF parameters, auth, wrapped key bundles). */
  readonly credentials: MemberCredentialsWire;
}

export function randomPassphrase(): string {
  return `test passphrase ${toBase64Url(randomBytes(12))}`;
}

/** The identity of a member enrolled with a passphrase (enrolMember, or foundTeam for the founder). */
export function identityFrom(enrolment: Enrolment, team: string, passphrase: string): MemberIdentity {
  return {
    id: enrolment.credentials.id,
    team,
    name: enrolment.credentials.name,
    passphrase,
    recoveryCode: enrolment.recoveryCode,
    keys: enrolment.keys,
    credentials: enrolment.credentials,
  };
}

/**
 * Credentials shaped exactly like enrolMember's, made without Argon2id: `auth` and both key
 * encryption keys are random, so no passphrase or recovery code opens them. For the many
 * identities whose passphrase no test ever types.
 */
function enrolWithoutPassphrase(team: string, name: string): MemberIdentity {
  const id = generateId();
  const keys = generateMemberKeys();
  const context = { team, memberId: id };
  const randomKek = () => randomBytes(32) as KeyEncryptionKey;
  return {
    id,
    team,
    name,
    passphrase: null,
    recoveryCode: null,
    keys,
    credentials: {
      id,
      name,
      enc_pk: keyToBase64(keys.enc.publicKey),
      sign_pk: keyToBase64(keys.sign.publicKey),
      kdf: cheapKdf(),
      auth: toBase64Url(randomBytes(32)),
      keys: wrapMemberKeys(keys, randomKek(), context),
      recovery: { kdf: cheapKdf(), keys: wrapMemberKeys(keys, randomKek(), context) },
    },
  };
}

/**
 * A new member's device: keys and credentials. With a passphrase, the real enrolment
 * (enrolMember, Argon2id at the protocol minimum for the passphrase and the recovery code);
 * without one, enrolWithoutPassphrase.
 */
export function enrolIdentity(options: {
  team: string;
  name: string;
  passphrase?: string;
  kdf?: KdfParams;
}): MemberIdentity {
  if (options.passphrase === undefined) return enrolWithoutPassphrase(options.team, options.name);
  const enrolment = enrolMember({
    team: options.team,
    name: options.name,
    passphrase: options.passphrase,
    kdf: options.kdf ?? cheapKdf(),
    recoveryKdf: cheapKdf(),
  });
  return identityFrom(enrolment, options.team, options.passphrase);
}

// ---------------------------------------------------------------------------
// Reporters
// ---------------------------------------------------------------------------

export interface ReporterIdentity {
  /** The receipt as shown to the reporter, or null for a reporter made without one. */
  readonly receipt: string | null;
  readonly keys: ReceiptKeys;
}

/** A real receipt and its keys (Argon2id, ops 2 / 64 MiB). */
export function newReporter(): ReporterIdentity {
  const receipt = generateReceipt();
  return { receipt, keys: deriveReceiptKeys(receipt) };
}

/**
 * A reporter whose keys are random instead of derived from a receipt: on the wire exactly like
 * one (box_pk, sign_pk, lookup_hash; `lookup` still opens a receipt session), without the
 * Argon2id run. For tests that are not about receipts.
 */
export function reporterWithoutReceipt(): ReporterIdentity {
  const { enc, sign } = generateMemberKeys();
  const lookup = randomBytes(32) as LookupKey;
  return { receipt: null, keys: { lookup, lookupHash: hashLookup(lookup), box: enc, sign } };
}
