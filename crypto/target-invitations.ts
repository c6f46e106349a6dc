/**
 * The target invited in (docs/protocol.md 8.5). On a third-party report a member makes a receipt
 * for the person targeted in their own browser, and signs the case id with the receipt's public
 * keys. The other members' browsers check that signature against the inviting member's key in the
 * verified roster before they encrypt anything to the target or trust a message signed as the
 * target: the server stores the keys, so without it the server could put its own there.
 */
import {
  BOX_PUBLIC_KEY_BYTES,
  SIGN_PUBLIC_KEY_BYTES,
  SIGNATURE_BYTES,
  TARGET_INVITATION_CONTEXT,
} from './constants.js';
import { assertUuid, fromBase64UrlFixed, isUuid, toBase64Url, utf8 } from './encoding.js';
import { signPublicKeyFromBase64 } from './keys.js';
import { lib } from './sodium.js';
import type { SignSecretKey } from './types.js';

/** What a target invitation binds: the case, and the public keys of the receipt made for its target. */
export interface TargetInvitationClaim {
  readonly case: string;
  /** b64 of the receipt's box public key (32 bytes). */
  readonly box_pk: string;
  /** b64 of the receipt's sign public key (32 bytes). */
  readonly sign_pk: string;
}

/** CONTEXT || case || "\n" || box_pk || "\n" || sign_pk, each key as canonical b64 of 32 bytes. */
export function targetInvitationMessage(claim: TargetInvitationClaim): Uint8Array {
  assertUuid(claim.case, 'case id');
  fromBase64UrlFixed(claim.box_pk, BOX_PUBLIC_KEY_BYTES, 'target box public key');
  fromBase64UrlFixed(claim.sign_pk, SIGN_PUBLIC_KEY_BYTES, 'target sign public key');
  return utf8(`${TARGET_INVITATION_CONTEXT}${claim.case}\n${claim.box_pk}\n${claim.sign_pk}`);
}

/** The inviting member signs the invitation; returns b64(sig). */
export function signTargetInvitation(signSecretKey: SignSecretKey, claim: TargetInvitationClaim): string {
  return toBase64Url(lib().crypto_sign_detached(targetInvitationMessage(claim), signSecretKey));
}

/**
 * Whether `sigB64` is the signature of the member whose sign key is `signPublicKeyB64` over this
 * claim. False, never an exception, for anything malformed: both sides read hostile input here.
 */
export function verifyTargetInvitation(
  signPublicKeyB64: string,
  sigB64: string,
  claim: TargetInvitationClaim,
): boolean {
  try {
    if (!isUuid(claim.case)) return false;
    const publicKey = signPublicKeyFromBase64(signPublicKeyB64);
    const sig = fromBase64UrlFixed(sigB64, SIGNATURE_BYTES, 'target invitation signature');
    return lib().crypto_sign_verify_detached(sig, targetInvitationMessage(claim), publicKey);
  } catch {
    return false;
  }
}
