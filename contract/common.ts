/**
 * Building blocks of the wire format (docs/protocol.md), as JSON schemas. Routes validate
 * every body, parameter and reply with them; the client imports the static types with
 * `import type`, so there is one contract.
 */
import { Type, type Static } from 'typebox';
import { ReceiptRole } from './enumerations.js';
import { MAX_PAYLOAD_B64, SUMMARY_CIPHERTEXT_B64 } from './limits.js';

/**
 * Free text a person typed that the server stores in plain (team names, member names): no
 * control characters (PostgreSQL text cannot hold NUL, and none belongs in a name).
 */
export const PlainText = (options: { minLength?: number; maxLength: number; description?: string }) =>
  Type.String({ pattern: '^[^\\u0000-\\u001f\\u007f]*$', ...options });

/** Lowercase, hyphenated UUID v4: ids are made by the client that encrypts. */
export const Uuid = Type.String({
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$',
  description: 'UUID v4, lowercase',
});

/** base64url without padding; `maxLength` bounds what a hostile client can make us decode. */
export const B64 = (options: { minLength?: number; maxLength: number; description?: string }) =>
  Type.String({ pattern: '^[A-Za-z0-9_-]*$', ...options });

/** Exactly n bytes, base64url without padding. */
export const B64Bytes = (n: number, description?: string) => {
  const length = Math.ceil((n * 4) / 3);
  return Type.String({
    pattern: `^[A-Za-z0-9_-]{${length}}$`,
    minLength: length,
    maxLength: length,
    ...(description ? { description } : {}),
  });
};

export const PublicKey = B64Bytes(32, '32-byte public key');
export const Signature = B64Bytes(64, 'Ed25519 detached signature');
/** crypto_box_seal of a 32-byte key: 32 + 48 bytes. */
export const SealedKey = B64Bytes(80, 'crypto_box_seal of a 32-byte key');
export const Hash32 = B64Bytes(32, 'BLAKE2b-256');

/**
 * RFC 3339 UTC with seconds, e.g. 2026-11-24T06:41:00Z. Narrower than RFC 3339 where the tools
 * disagree with it: no leap second (`:60` is valid RFC 3339, but JavaScript's Date cannot hold
 * it) and no year 0000 (PostgreSQL has none). `format` checks the calendar (no 30 February).
 */
export const Time = Type.String({
  format: 'date-time',
  pattern: '^(?!0000)\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:[0-5]\\d(\\.\\d+)?Z$',
  description: 'RFC 3339 UTC',
});

export { MAX_ENVELOPE_PLAINTEXT_BYTES, MAX_PAYLOAD_B64 } from './limits.js';

export const Envelope = Type.Object(
  {
    v: Type.Integer({ description: 'format version; 1' }),
    n: B64Bytes(24, 'XChaCha20 nonce'),
    c: B64({ minLength: 22, maxLength: MAX_PAYLOAD_B64, description: 'padded ciphertext with tag' }),
  },
  { additionalProperties: false },
);
export type Envelope = Static<typeof Envelope>;

/**
 * A report's summary envelope (docs/protocol.md 9.7): an envelope whose plaintext is padded to exactly
 * 512 bytes, so `c` has exactly one length and every case of a list costs the same bytes.
 */
export const SummaryEnvelope = Type.Object(
  {
    v: Type.Integer({ description: 'format version; 1' }),
    n: B64Bytes(24, 'XChaCha20 nonce'),
    c: Type.String({
      pattern: `^[A-Za-z0-9_-]{${SUMMARY_CIPHERTEXT_B64}}$`,
      minLength: SUMMARY_CIPHERTEXT_B64,
      maxLength: SUMMARY_CIPHERTEXT_B64,
      description: '512 padded bytes and the tag',
    }),
  },
  { additionalProperties: false },
);

/** A member id, or the receipt role of a receipt's holder (docs/protocol.md 8.5). */
export const GrantRecipient = Type.Union([Uuid, ReceiptRole]);

export const Grant = Type.Object(
  { to: GrantRecipient, k: SealedKey },
  { additionalProperties: false, description: 'the object key sealed to one recipient' },
);
export type Grant = Static<typeof Grant>;

export const MAX_RECIPIENTS = 500;
export const Grants = Type.Array(Grant, { minItems: 1, maxItems: MAX_RECIPIENTS + 1 });

export const Slug = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{1,62}$',
  description: 'lowercase letters, digits, hyphens',
});

export const KdfParams = Type.Object(
  {
    alg: Type.Literal('argon2id13'),
    ops: Type.Integer({ minimum: 1, maximum: 32 }),
    mem: Type.Integer({ minimum: 8192, maximum: 4 * 1024 * 1024 * 1024 }),
    salt: B64Bytes(16, 'Argon2id salt'),
  },
  { additionalProperties: false },
);
export type KdfParams = Static<typeof KdfParams>;

export const Created = Type.Object({ id: Uuid });
