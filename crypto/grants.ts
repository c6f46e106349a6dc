/**
 * Grants: a content key sealed to each person who may read the content.
 *
 *   grants = [ { "to": member_id | "reporter", "k": b64(crypto_box_seal(K, pk)) } ]
 *
 * Also the team's index key, sealed to each member the same way.
 */
import { BOX_SECRET_KEY_BYTES, KEY_BYTES } from './constants.js';
import { fromBase64Url, toBase64Url } from './encoding.js';
import { ConfideCryptoError } from './errors.js';
import { randomBytes } from './random.js';
import { openSealed, sealToRecipient, sealWithEphemeralKey } from './sealed-box.js';
import type { SealedBoxOpener } from './sealed-box-batch.js';
import type { BoxKeyPair, BoxPublicKey, Grant, IndexKey, ItemKey, Recipient, ReportKey } from './types.js';

/**
 * Seals `key` to every recipient. Recipient ids must be distinct. All
 * ephemeral keys come from one random draw.
 */
export function grantKey(key: ReportKey | ItemKey, recipients: readonly Recipient[]): Grant[] {
  const esks = randomBytes(recipients.length * BOX_SECRET_KEY_BYTES);
  try {
    return grantKeyWithEphemeralKeys(key, recipients, esks);
  } finally {
    esks.fill(0);
  }
}

/**
 * @internal `ephemeralSecretKeys` holds 32 fresh random bytes per recipient, in
 * order; they must never be reused.
 */
export function grantKeyWithEphemeralKeys(
  key: Uint8Array,
  recipients: readonly Recipient[],
  ephemeralSecretKeys: Uint8Array,
): Grant[] {
  if (key.length !== KEY_BYTES) {
    throw new ConfideCryptoError('BAD_KEY', `a granted key must be ${KEY_BYTES} bytes`);
  }
  assertDistinctRecipients(recipients);
  return recipients.map((recipient, i) => {
    const esk = ephemeralSecretKeys.subarray(i * BOX_SECRET_KEY_BYTES, (i + 1) * BOX_SECRET_KEY_BYTES);
    return { to: recipient.id, k: toBase64Url(sealWithEphemeralKey(key, recipient.boxPublicKey, esk)) };
  });
}

/** INVALID_ARGUMENT on an empty id or a repeated one. */
export function assertDistinctRecipients(recipients: readonly Recipient[]): void {
  const seen = new Set<string>();
  for (const r of recipients) {
    if (typeof r.id !== 'string' || r.id === '') {
      throw new ConfideCryptoError('INVALID_ARGUMENT', 'every recipient needs an id');
    }
    if (seen.has(r.id)) {
      throw new ConfideCryptoError('INVALID_ARGUMENT', `recipient ${r.id} is listed twice`);
    }
    seen.add(r.id);
  }
}

/** Opens a grant (`k` of a grant, or the `grant` field the server returns) as a report key. */
export function unwrapReportKey(sealedKey: string, recipient: BoxKeyPair): ReportKey {
  return unwrapContentKey(sealedKey, recipient, 'report key grant') as ReportKey;
}

/** Opens a grant as an item key. */
export function unwrapItemKey(sealedKey: string, recipient: BoxKeyPair): ItemKey {
  return unwrapContentKey(sealedKey, recipient, 'item key grant') as ItemKey;
}

/** Seals the team's index key to one member: b64(crypto_box_seal(index_key, member.enc_pk)). */
export function wrapIndexKey(indexKey: IndexKey, recipientPublicKey: BoxPublicKey): string {
  if (indexKey.length !== KEY_BYTES) {
    throw new ConfideCryptoError('BAD_KEY', `index key must be ${KEY_BYTES} bytes`);
  }
  return toBase64Url(sealToRecipient(indexKey, recipientPublicKey));
}

/** Opens the team's index key sealed to this member. */
export function unwrapIndexKey(sealedKey: string, recipient: BoxKeyPair): IndexKey {
  return unwrapContentKey(sealedKey, recipient, 'index key') as IndexKey;
}

/**
 * unwrapReportKey for many grants at once, with an opener of sealedBoxOpener (the platform's
 * X25519 where it has it): each grant's key, or in its place the error unwrapReportKey would have
 * thrown for it.
 */
export async function unwrapReportKeys(
  sealedKeys: readonly string[],
  opener: SealedBoxOpener,
): Promise<(ReportKey | ConfideCryptoError)[]> {
  const what = 'report key grant';
  const decoded = sealedKeys.map((sealedKey) => {
    try {
      return fromBase64Url(sealedKey, what);
    } catch (error) {
      return error instanceof ConfideCryptoError
        ? error
        : new ConfideCryptoError('BAD_ENCODING', String(error));
    }
  });
  const boxes = decoded.filter((d): d is Uint8Array => d instanceof Uint8Array);
  const opened = await opener.openAll(boxes, what);
  let next = 0;
  return decoded.map((d) => {
    if (!(d instanceof Uint8Array)) return d;
    const key = opened[next++];
    if (key === undefined) return new ConfideCryptoError('TAMPERED', `${what} was not opened`);
    if (key instanceof ConfideCryptoError) return key;
    return checkedKeyLength(key, what) as ReportKey;
  });
}

function unwrapContentKey(sealedKey: string, recipient: BoxKeyPair, what: string): Uint8Array {
  const sealed = fromBase64Url(sealedKey, what);
  const key = openSealed(sealed, recipient, what);
  const checked = checkedKeyLength(key, what);
  if (checked instanceof ConfideCryptoError) throw checked;
  return checked;
}

/** The key, or BAD_KEY when the box held anything but a key's 32 bytes (then zeroed). */
function checkedKeyLength(key: Uint8Array, what: string): Uint8Array | ConfideCryptoError {
  if (key.length === KEY_BYTES) return key;
  key.fill(0);
  return new ConfideCryptoError('BAD_KEY', `${what} holds ${key.length} bytes, expected ${KEY_BYTES}`);
}
