/**
 * Signed grants of the team's index key (docs/protocol.md 7, fixing review-notes.md R-5).
 *
 * A bare `crypto_box_seal(index_key, member.enc_pk)` is anonymous: the server could seal a key it
 * knows to a member, whose browser would then tag cases with it, and the server could hash every
 * public username with that key to read the tags. So each wrap is signed by the admin who made it:
 *
 *   wrap    = b64(crypto_box_seal(index_key, member.enc_pk))
 *   message = "confide/v1/index-key-grant\n" || canon({ "by", "epoch", "member", "team", "wrap" })
 *   sig     = Ed25519(admin.sign_sk, message)
 *
 * `epoch` is the key's version (1, then one more at each rotation): tags made under different
 * epochs are never compared. A member's browser takes a grant only if the signature verifies
 * against `by`'s key in the verified roster and `by` is an active admin there, `team` and `member`
 * are its own, and the wrap opens with its own key. A wrap without a signature is never taken.
 */
import { INDEX_KEY_GRANT_CONTEXT, KEY_BYTES, SIGNATURE_BYTES } from './constants.js';
import { assertUuid, canonicalJsonBytes, fromBase64UrlFixed, isUuid, toBase64Url, utf8 } from './encoding.js';
import { ConfideCryptoError } from './errors.js';
import { unwrapIndexKey } from './grants.js';
import { signPublicKeyFromBase64 } from './keys.js';
import { sealToRecipient, sealWithEphemeralKey } from './sealed-box.js';
import { lib } from './sodium.js';
import type { BoxKeyPair, BoxPublicKey, IndexKey, SignPublicKey, SignSecretKey } from './types.js';

/** The largest epoch: PostgreSQL's integer, like every other counter of the contract. */
export const MAX_INDEX_EPOCH = 2147483647;

/** A signed grant as it travels: everything but `team` and `member`, which the route implies. */
export interface SignedIndexKeyGrant {
  readonly epoch: number;
  /** b64(crypto_box_seal(index_key, member.enc_pk)): 80 bytes, 107 characters. */
  readonly wrap: string;
  /** The member id of the admin who signed. */
  readonly by: string;
  /** b64(Ed25519 signature): 64 bytes, 86 characters. */
  readonly sig: string;
}

/** What a grant's signature covers besides the grant itself: whose grant, in which team. */
export interface IndexKeyGrantContext {
  readonly team: string;
  readonly member: string;
}

/**
 * The bytes an index-key grant signs. INVALID_ARGUMENT for an id that is not a UUID or an epoch
 * outside 1..MAX_INDEX_EPOCH: canon would carry them, but no grant may name them.
 */
export function indexKeyGrantMessage(
  grant: Pick<SignedIndexKeyGrant, 'epoch' | 'wrap' | 'by'>,
  context: IndexKeyGrantContext,
): Uint8Array {
  assertUuid(context.team, 'team id');
  assertUuid(context.member, 'member id');
  assertUuid(grant.by, 'signer id');
  assertEpoch(grant.epoch);
  const claim = {
    by: grant.by,
    epoch: grant.epoch,
    member: context.member,
    team: context.team,
    wrap: grant.wrap,
  };
  const body = canonicalJsonBytes(claim);
  const prefix = utf8(INDEX_KEY_GRANT_CONTEXT);
  const message = new Uint8Array(prefix.length + body.length);
  message.set(prefix);
  message.set(body, prefix.length);
  return message;
}

/** The signing admin's side: seals `indexKey` to the member and signs the grant. */
export function signIndexKeyGrant(
  indexKey: IndexKey,
  grantee: IndexKeyGrantContext & { readonly encPublicKey: BoxPublicKey },
  signer: { readonly id: string; readonly signSecretKey: SignSecretKey },
  epoch: number,
): SignedIndexKeyGrant {
  assertIndexKey(indexKey);
  const wrap = toBase64Url(sealToRecipient(indexKey, grantee.encPublicKey));
  return signWrap(wrap, grantee, signer, epoch);
}

/**
 * @internal For the vectors: signIndexKeyGrant with the sealed box's ephemeral secret key given,
 * so that `wrap` (and so `sig`) is reproducible. It must never be reused.
 */
export function signIndexKeyGrantWithEphemeralKey(
  indexKey: IndexKey,
  grantee: IndexKeyGrantContext & { readonly encPublicKey: BoxPublicKey },
  signer: { readonly id: string; readonly signSecretKey: SignSecretKey },
  epoch: number,
  ephemeralSecretKey: Uint8Array,
): SignedIndexKeyGrant {
  assertIndexKey(indexKey);
  const wrap = toBase64Url(sealWithEphemeralKey(indexKey, grantee.encPublicKey, ephemeralSecretKey));
  return signWrap(wrap, grantee, signer, epoch);
}

function signWrap(
  wrap: string,
  context: IndexKeyGrantContext,
  signer: { readonly id: string; readonly signSecretKey: SignSecretKey },
  epoch: number,
): SignedIndexKeyGrant {
  const unsigned = { epoch, wrap, by: signer.id };
  const sig = lib().crypto_sign_detached(indexKeyGrantMessage(unsigned, context), signer.signSecretKey);
  return { ...unsigned, sig: toBase64Url(sig) };
}

/**
 * Whether `grant.sig` is `grant.by`'s signature, with the key `signerSignPublicKey` (base64url),
 * over this grant for this member of this team. False, never an exception, for anything
 * malformed: the server runs it on hostile input, and a browser on what a hostile server sent.
 * It does not say whether `by` may sign grants: that is the verified roster's answer.
 */
export function verifyIndexKeyGrant(
  signerSignPublicKey: string,
  grant: SignedIndexKeyGrant,
  context: IndexKeyGrantContext,
): boolean {
  try {
    if (!isUuid(context.team) || !isUuid(context.member) || !isUuid(grant.by)) return false;
    if (!isEpoch(grant.epoch) || typeof grant.wrap !== 'string') return false;
    const publicKey: SignPublicKey = signPublicKeyFromBase64(signerSignPublicKey);
    const sig = fromBase64UrlFixed(grant.sig, SIGNATURE_BYTES, 'index-key grant signature');
    return lib().crypto_sign_verify_detached(sig, indexKeyGrantMessage(grant, context), publicKey);
  } catch {
    return false;
  }
}

/**
 * The member's side: the index key of a grant whose signature verifies against
 * `signerSignPublicKey`, the key the verified roster lists for `grant.by` (the caller has checked
 * that `by` is an active admin there). SIGNATURE_INVALID when it does not verify; the errors of
 * `unwrapIndexKey` when the wrap does not open with `recipient`.
 */
export function openIndexKeyGrant(
  grant: SignedIndexKeyGrant,
  context: IndexKeyGrantContext,
  signerSignPublicKey: string,
  recipient: BoxKeyPair,
): IndexKey {
  if (!verifyIndexKeyGrant(signerSignPublicKey, grant, context)) {
    throw new ConfideCryptoError(
      'SIGNATURE_INVALID',
      'the index-key grant is not signed by the admin it names, or not for this member of this team',
    );
  }
  return unwrapIndexKey(grant.wrap, recipient);
}

function isEpoch(epoch: unknown): epoch is number {
  return Number.isInteger(epoch) && (epoch as number) >= 1 && (epoch as number) <= MAX_INDEX_EPOCH;
}

function assertEpoch(epoch: unknown): void {
  if (!isEpoch(epoch)) {
    throw new ConfideCryptoError(
      'INVALID_ARGUMENT',
      `an index-key epoch is an integer from 1 to ${MAX_INDEX_EPOCH}`,
    );
  }
}

function assertIndexKey(indexKey: Uint8Array): void {
  if (indexKey.length !== KEY_BYTES) {
    throw new ConfideCryptoError('BAD_KEY', `index key must be ${KEY_BYTES} bytes`);
  }
}
