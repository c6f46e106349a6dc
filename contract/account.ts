/**
 * A member's own account (docs/http-api.md 10.12–10.14): recovering keys with the recovery code,
 * changing the passphrase, and second factors (WebAuthn security keys and passkeys, TOTP, one-time
 * recovery codes for the second factor).
 */
import { Type, type Static } from 'typebox';
import { B64Bytes, Envelope, KdfParams, PlainText, Signature, Slug, Time, Uuid } from './common.js';
import { SecondFactorMethod } from './enumerations.js';
import { SessionReply } from './members.js';

/**
 * WebAuthn's JSON shapes (PublicKeyCredential*OptionsJSON, RegistrationResponseJSON,
 * AuthenticationResponseJSON) are @simplewebauthn's, which checks them field by field; the contract
 * only bounds them as objects.
 */
export const WebAuthnJson = Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), {
  description: 'a WebAuthn JSON object as @simplewebauthn/browser makes and reads it',
});

/** New passphrase credentials: what 5.6's member credentials carry about the passphrase. */
const NewCredentials = {
  kdf: KdfParams,
  auth: B64Bytes(32, 'kdf(2, "cnfdmbr1", master) of the new passphrase'),
  keys: Envelope,
};
const RecoveryCopy = Type.Object({ kdf: KdfParams, keys: Envelope }, { additionalProperties: false });

// --- Sign-in with a second factor --------------------------------------------------------------

/**
 * What POST /api/session (and a recovery) answers when the member holds a second factor: no keys
 * yet, a short-lived token to present with the factor at POST /api/session/second-factor.
 */
export const SecondFactorChallenge = Type.Object({
  second_factor: Type.Object({
    token: Type.String({ description: 'single use, valid for 5 minutes' }),
    methods: Type.Array(SecondFactorMethod),
    /** Options for navigator.credentials.get, when the member has a security key or passkey. */
    webauthn: Type.Union([WebAuthnJson, Type.Null()]),
  }),
});
export type SecondFactorChallenge = Static<typeof SecondFactorChallenge>;

/** POST /api/session and POST /api/recovery/complete: a session, or a second factor to give first. */
export const SignInReply = Type.Union([SessionReply, SecondFactorChallenge]);
export type SignInReply = Static<typeof SignInReply>;

export const TotpCode = Type.String({ pattern: '^[0-9]{6}$', description: 'six digits' });
export const SecondFactorRecoveryCode = Type.String({
  minLength: 10,
  maxLength: 40,
  pattern: '^[A-Za-z0-9 -]+$',
  description: 'one of the one-time codes shown when the second factor was set up',
});

/** Exactly one proof of the second factor. */
export const SecondFactorProof = Type.Object(
  {
    token: Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }),
    totp: Type.Optional(TotpCode),
    webauthn: Type.Optional(WebAuthnJson),
    recovery_code: Type.Optional(SecondFactorRecoveryCode),
  },
  { additionalProperties: false, minProperties: 2, maxProperties: 2 },
);
export type SecondFactorProof = Static<typeof SecondFactorProof>;

// --- Recovery with the recovery code ------------------------------------------------------------

export const RecoveryStartRequest = Type.Object(
  { team: Slug, name: PlainText({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
/**
 * The recovery copy of the member's keys and a fresh nonce to sign. For a name that is not a
 * member, plausible and stable fake values, so the reply does not tell who is a member.
 */
export const RecoveryStartReply = Type.Object({
  member: Uuid,
  team: Uuid,
  nonce: B64Bytes(32, 'single use, valid for 10 minutes'),
  recovery: RecoveryCopy,
});
export type RecoveryStartReply = Static<typeof RecoveryStartReply>;

/**
 * New credentials, signed by the recovered signing key over the nonce (docs/protocol.md 5.8). The
 * server keeps them only if the signature verifies with the member's `sign_pk`; then the old
 * passphrase and recovery code stop working and every session of the member ends.
 */
export const RecoveryCompleteRequest = Type.Object(
  {
    team: Slug,
    name: PlainText({ minLength: 1, maxLength: 64 }),
    nonce: B64Bytes(32),
    credentials: Type.Object({ ...NewCredentials, recovery: RecoveryCopy }, { additionalProperties: false }),
    sig: Signature,
  },
  { additionalProperties: false },
);
export type RecoveryCompleteRequest = Static<typeof RecoveryCompleteRequest>;
export type RecoveredCredentials = RecoveryCompleteRequest['credentials'];

// --- Passphrase change -------------------------------------------------------------------------

/**
 * PUT /api/me/passphrase: the current passphrase's `auth` proves it is the member at the keyboard;
 * `recovery`, when sent, replaces the recovery code too. Every other session of the member ends.
 */
export const PassphraseChangeRequest = Type.Object(
  {
    current_auth: B64Bytes(32),
    ...NewCredentials,
    recovery: Type.Optional(RecoveryCopy),
  },
  { additionalProperties: false },
);
export type PassphraseChangeRequest = Static<typeof PassphraseChangeRequest>;

// --- Confirming it is the member at the keyboard -----------------------------------------------

/**
 * POST /api/me/confirm: the current passphrase's `auth` again, as PUT /api/me/passphrase's
 * `current_auth`. Changing second factors needs a session confirmed within the last 10 minutes
 * (server/services/session-confirmation.ts).
 */
export const ConfirmRequest = Type.Object({ auth: B64Bytes(32) }, { additionalProperties: false });
export type ConfirmRequest = Static<typeof ConfirmRequest>;

// --- Managing one's second factors -------------------------------------------------------------

export const SecurityKey = Type.Object({
  id: Type.String({ description: 'the credential id, base64url' }),
  name: Type.String(),
  created_at: Time,
  last_used_at: Type.Union([Time, Type.Null()]),
});
export type SecurityKey = Static<typeof SecurityKey>;

/** GET /api/me/second-factor */
export const MySecondFactors = Type.Object({
  totp: Type.Boolean(),
  webauthn: Type.Array(SecurityKey),
  recovery_codes_left: Type.Integer(),
  /** The team requires a second factor; until the member has one, the console asks for it first. */
  required_by_team: Type.Boolean(),
});
export type MySecondFactors = Static<typeof MySecondFactors>;

/** POST /api/me/second-factor/totp/start: a new secret, not yet in force. */
export const TotpStartReply = Type.Object({
  secret: Type.String({ description: 'base32, for typing in by hand' }),
  uri: Type.String({ description: 'otpauth:// URI, for a QR code' }),
});
export const TotpConfirmRequest = Type.Object({ code: TotpCode }, { additionalProperties: false });

export const SecurityKeyName = PlainText({ minLength: 1, maxLength: 64 });
export const WebAuthnRegisterRequest = Type.Object(
  { name: SecurityKeyName, response: WebAuthnJson },
  { additionalProperties: false },
);

/**
 * Adding the first second factor (or asking for new codes) shows one-time recovery codes, once;
 * adding another factor leaves the codes as they are (null).
 */
export const SecondFactorAdded = Type.Object({
  recovery_codes: Type.Union([Type.Array(Type.String()), Type.Null()]),
});
export const RecoveryCodesReply = Type.Object({ recovery_codes: Type.Array(Type.String()) });
/** A credential id is base64url (WebAuthn's JSON form); anything else names no key. */
export const SecurityKeyParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 1400, pattern: '^[A-Za-z0-9_-]+$' }),
});
