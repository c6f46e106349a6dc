/**
 * Composition for people joining a team: everything a new member's device makes before the
 * server hears of them. Used by the founding admin's set-up (browser and command line), by an
 * invitee joining, and by tests — one implementation of "make a member" for all of them.
 *
 * The returned `credentials` are what the server receives (public keys, KDF parameters, the
 * login `auth`, the wrapped key bundle and its recovery copy). `keys` and `recoveryCode` are
 * secret: keep the keys in memory only, show the recovery code once.
 */
import { formatProtocolTime } from './encoding.js';
import { signIndexKeyGrant, type SignedIndexKeyGrant } from './index-key-grants.js';
import { generateIndexKey, generateMemberKeys, keyToBase64 } from './keys.js';
import {
  authToken,
  deriveMemberSecrets,
  deriveRecoveryKek,
  generateKdfParams,
  generateRecoveryCode,
  wrapMemberKeys,
} from './member-keys.js';
import { generateId } from './random.js';
import { buildRosterEntry, rosterMember, signRosterEntry } from './roster.js';
import type { Envelope, IndexKey, KdfParams, MemberKeys, MemberRole, RosterRow } from './types.js';

export interface MemberCredentialsWire {
  id: string;
  name: string;
  enc_pk: string;
  sign_pk: string;
  kdf: KdfParams;
  auth: string;
  keys: Envelope;
  recovery: { kdf: KdfParams; keys: Envelope };
}

export interface Enrolment {
  credentials: MemberCredentialsWire;
  keys: MemberKeys;
  recoveryCode: string;
}

export interface EnrolOptions {
  team: string;
  name: string;
  passphrase: string;
  /** Defaults to a new UUID v4. */
  memberId?: string;
  /** Defaults to generateKdfParams() (Argon2id ops 3, 256 MiB). Tests may pass cheaper ones. */
  kdf?: KdfParams;
  recoveryKdf?: KdfParams;
}

/** Makes a member's keys, wraps them under the passphrase and a new recovery code. */
export function enrolMember(options: EnrolOptions): Enrolment {
  const memberId = options.memberId ?? generateId();
  const keys = generateMemberKeys();
  const kdf = options.kdf ?? generateKdfParams();
  const secrets = deriveMemberSecrets(options.passphrase, kdf);
  const context = { team: options.team, memberId };
  const recoveryCode = generateRecoveryCode();
  const recoveryKdf = options.recoveryKdf ?? generateKdfParams();
  const recoveryKek = deriveRecoveryKek(recoveryCode, recoveryKdf);
  return {
    keys,
    recoveryCode,
    credentials: {
      id: memberId,
      name: options.name,
      enc_pk: keyToBase64(keys.enc.publicKey),
      sign_pk: keyToBase64(keys.sign.publicKey),
      kdf,
      auth: authToken(secrets.auth),
      keys: wrapMemberKeys(keys, secrets.kek, context),
      recovery: { kdf: recoveryKdf, keys: wrapMemberKeys(keys, recoveryKek, context) },
    },
  };
}

export interface FoundedTeam {
  admin: Enrolment;
  genesis: RosterRow;
  indexKey: IndexKey;
  /** The founding admin's grant of the index key at epoch 1, signed by them (docs/protocol.md 7). */
  indexKeyGrant: SignedIndexKeyGrant;
}

/** The founding admin of a new team: their enrolment, the signed genesis entry, the index key. */
export function foundTeam(
  options: Omit<EnrolOptions, 'name'> & { adminName: string; now?: Date },
): FoundedTeam {
  const admin = enrolMember({ ...options, name: options.adminName });
  const member = rosterMember({
    id: admin.credentials.id,
    name: options.adminName,
    role: 'admin',
    encPublicKey: admin.keys.enc.publicKey,
    signPublicKey: admin.keys.sign.publicKey,
  });
  const entry = buildRosterEntry(undefined, {
    team: options.team,
    at: formatProtocolTime(options.now ?? new Date()),
    op: 'genesis',
    member,
    by: member.id,
  });
  const genesis = signRosterEntry(entry, admin.keys.sign.secretKey);
  const indexKey = generateIndexKey();
  const indexKeyGrant = signIndexKeyGrant(
    indexKey,
    { team: options.team, member: member.id, encPublicKey: admin.keys.enc.publicKey },
    { id: member.id, signSecretKey: admin.keys.sign.secretKey },
    1,
  );
  return { admin, genesis, indexKey, indexKeyGrant };
}

/** A roster entry adding, removing or re-roling `member`, signed by an active admin. */
export function signedRosterChange(options: {
  previous: RosterRow;
  op: 'add' | 'remove' | 'role';
  member: { id: string; name: string; role: MemberRole; enc_pk: string; sign_pk: string };
  admin: { id: string; keys: MemberKeys };
  now?: Date;
}): RosterRow {
  const entry = buildRosterEntry(options.previous, {
    team: options.previous.entry.team,
    at: formatProtocolTime(options.now ?? new Date()),
    op: options.op,
    member: { ...options.member },
    by: options.admin.id,
  });
  return signRosterEntry(entry, options.admin.keys.sign.secretKey);
}
