/**
 * Referral packets (docs/protocol.md 10.10). A packet is sealed like a report, under a fresh key,
 * to the receiving team (payload and summary with the receiving team's id and the receiving case's
 * id in their associated data), but it is signed by the referring member, not by a receipt: the
 * receiving team checks the signature with that member's key in the referring team's verified
 * roster. The context string differs from a report's, so neither signature passes for the other.
 */
import { HASH_BYTES, REFERRAL_SIGNATURE_CONTEXT, SIGNATURE_BYTES } from './constants.js';
import { assertUuid, fromBase64Url, isUuid, toBase64Url, utf8 } from './encoding.js';
import { decodeEnvelope } from './envelope.js';
import { signPublicKeyFromBase64 } from './keys.js';
import { lib } from './sodium.js';
import type { Envelope, SignSecretKey } from './types.js';

function digest(ciphertext: Uint8Array): string {
  return toBase64Url(lib().crypto_generichash(HASH_BYTES, ciphertext, null));
}

/** CONTEXT || id || "\n" || from_case || "\n" || b64(H(c)) || "\n" || b64(H(c_summary)). */
export function referralSignedMessage(
  id: string,
  fromCase: string,
  ciphertext: Uint8Array,
  summaryCiphertext: Uint8Array,
): Uint8Array {
  assertUuid(id, 'referral id');
  assertUuid(fromCase, 'case id');
  return utf8(
    `${REFERRAL_SIGNATURE_CONTEXT}${id}\n${fromCase}\n${digest(ciphertext)}\n${digest(summaryCiphertext)}`,
  );
}

/** The referring member signs the packet's two envelopes; returns b64(sig). */
export function signReferral(
  packet: {
    readonly id: string;
    readonly fromCase: string;
    readonly payload: Envelope;
    readonly summary: Envelope;
  },
  signSecretKey: SignSecretKey,
): string {
  const message = referralSignedMessage(
    packet.id,
    packet.fromCase,
    decodeEnvelope(packet.payload).ciphertext,
    decodeEnvelope(packet.summary).ciphertext,
  );
  return toBase64Url(lib().crypto_sign_detached(message, signSecretKey));
}

/**
 * Whether `sigB64` is the signature of the member whose sign key is `signPublicKeyB64` over this
 * packet. False, never an exception, for anything malformed: both sides read hostile input.
 */
export function verifyReferral(
  /** Envelopes as they came (any `v`: a version other than 1 does not verify). */
  packet: {
    readonly id: string;
    readonly fromCase: string;
    readonly payload: unknown;
    readonly summary: unknown;
  },
  sigB64: string,
  signPublicKeyB64: string,
): boolean {
  try {
    if (!isUuid(packet.id) || !isUuid(packet.fromCase)) return false;
    const sig = fromBase64Url(sigB64, 'referral signature');
    if (sig.length !== SIGNATURE_BYTES) return false;
    const message = referralSignedMessage(
      packet.id,
      packet.fromCase,
      decodeEnvelope(packet.payload).ciphertext,
      decodeEnvelope(packet.summary).ciphertext,
    );
    return lib().crypto_sign_verify_detached(sig, message, signPublicKeyFromBase64(signPublicKeyB64));
  } catch {
    return false;
  }
}
