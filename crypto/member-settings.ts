/**
 * A member's own settings (docs/protocol.md 5.7): what only that member should read, such as the
 * list of their personal details the composer's wording check warns about. The server stores the
 * result and hands it back; it never holds a key that opens it.
 *
 *   K       = 32 fresh random bytes
 *   payload = envelope(JSON(settings), K, ad("member-settings", team, member_id))
 *   k       = b64(crypto_box_seal(K, member.enc_pk))
 *
 * A fresh K on every save, sealed to the member's own key, rather than the key-encryption key:
 * the settings then open with the unlocked X25519 key alone, as grants do, and a passphrase
 * change does not have to re-encrypt them.
 */
import {
  AD_KIND_MEMBER_SETTINGS,
  BOX_SECRET_KEY_BYTES,
  KEY_BYTES,
  MEMBER_SETTINGS_SCHEMA,
  NONCE_BYTES,
} from './constants.js';
import { assertUuid, fromBase64Url, fromUtf8, parseJson, toBase64Url, utf8 } from './encoding.js';
import { sealEnvelopeWithNonce, openEnvelope } from './envelope.js';
import { ConfideCryptoError } from './errors.js';
import { randomBytes } from './random.js';
import { openSealed, sealWithEphemeralKey } from './sealed-box.js';
import type { BoxKeyPair, BoxPublicKey, Envelope, SymmetricKey } from './types.js';

/** How many personal details a member may list, and how long each may be. */
export const MAX_PERSONAL_DETAILS = 100;
export const MAX_PERSONAL_DETAIL_CHARS = 200;

/** The settings as they are encrypted: `{"schema":"confide/member-settings/v1", ...}`. */
export interface MemberSettingsBody {
  readonly schema: typeof MEMBER_SETTINGS_SCHEMA;
  /** Words the member does not want to write to anyone by mistake: real name, e-mail, city. */
  readonly personal_details: readonly string[];
}

/** Whose settings these are: the AD binds the ciphertext to this team and member. */
export interface MemberSettingsContext {
  readonly team: string;
  readonly memberId: string;
}

/** What the server stores (contract/settings.ts SealedMemberSettings). */
export interface SealedMemberSettings {
  readonly payload: Envelope;
  readonly k: string;
}

/** Encrypts `body` under a fresh key sealed to the member's own `enc_pk`. */
export function sealMemberSettings(
  body: MemberSettingsBody,
  ownPublicKey: BoxPublicKey,
  context: MemberSettingsContext,
): SealedMemberSettings {
  const key = randomBytes(KEY_BYTES);
  const esk = randomBytes(BOX_SECRET_KEY_BYTES);
  try {
    return sealMemberSettingsWith(
      utf8(JSON.stringify(checkBody(body))),
      ownPublicKey,
      context,
      key,
      randomBytes(NONCE_BYTES),
      esk,
    );
  } finally {
    key.fill(0);
    esk.fill(0);
  }
}

/**
 * Explicit key, nonce and ephemeral key: for the vector generator only, which must reproduce its
 * output byte for byte. Reusing any of the three breaks the construction.
 * @internal
 */
export function sealMemberSettingsWith(
  plaintext: Uint8Array,
  ownPublicKey: BoxPublicKey,
  context: MemberSettingsContext,
  key: Uint8Array,
  nonce: Uint8Array,
  ephemeralSecretKey: Uint8Array,
): SealedMemberSettings {
  const payload = sealEnvelopeWithNonce(plaintext, key as SymmetricKey, envelopeContext(context), nonce);
  const k = toBase64Url(sealWithEphemeralKey(key, ownPublicKey, ephemeralSecretKey));
  return { payload, k };
}

/**
 * Opens the member's settings with their own key pair. TAMPERED when the key or envelope was
 * altered, sealed to another member, or moved from another member or team (the AD);
 * INVALID_ARGUMENT when the decrypted body is not member settings.
 */
export function openMemberSettings(
  sealed: SealedMemberSettings,
  own: BoxKeyPair,
  context: MemberSettingsContext,
): MemberSettingsBody {
  const key = openSealed(fromBase64Url(sealed.k, 'member settings key'), own, 'member settings key');
  try {
    if (key.length !== KEY_BYTES) {
      throw new ConfideCryptoError('BAD_KEY', `member settings key holds ${key.length} bytes`);
    }
    const plaintext = openEnvelope(sealed.payload, key as SymmetricKey, envelopeContext(context));
    const what = 'member settings';
    return checkBody(parseJson(fromUtf8(plaintext, what), what));
  } finally {
    key.fill(0);
  }
}

function envelopeContext(context: MemberSettingsContext) {
  assertUuid(context.team, 'team id');
  assertUuid(context.memberId, 'member id');
  return { kind: AD_KIND_MEMBER_SETTINGS, team: context.team, id: context.memberId };
}

/** The body's shape, checked both ways: a page may not seal, nor a tampered store return, junk. */
function checkBody(value: unknown): MemberSettingsBody {
  const bad = (why: string): never => {
    throw new ConfideCryptoError('INVALID_ARGUMENT', `member settings ${why}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad('must be an object');
  const { schema, personal_details: details } = value as Record<string, unknown>;
  if (schema !== MEMBER_SETTINGS_SCHEMA) bad(`must have schema ${MEMBER_SETTINGS_SCHEMA}`);
  if (!Array.isArray(details)) return bad('need a personal_details list');
  if (details.length > MAX_PERSONAL_DETAILS) bad(`list at most ${MAX_PERSONAL_DETAILS} personal details`);
  for (const detail of details as unknown[]) {
    if (typeof detail !== 'string' || detail.length > MAX_PERSONAL_DETAIL_CHARS) {
      bad(`personal details must be strings of at most ${MAX_PERSONAL_DETAIL_CHARS} characters`);
    }
  }
  return { schema: MEMBER_SETTINGS_SCHEMA, personal_details: [...(details as string[])] };
}
