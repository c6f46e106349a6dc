/**
 * Fingerprints as people read them aloud to each other: the team's (its genesis hash) and
 * a member's (their two public keys). Public values only; runs in the page.
 */
import { loadCrypto } from '../load-crypto';

/**
 * A member's key fingerprint (8 groups of 4 hex digits), from `enc_pk` and `sign_pk` as
 * base64url: what an invitee reads to the admin who adds them.
 */
export async function memberFingerprint(encPublicKey: string, signPublicKey: string): Promise<string> {
  const C = await loadCrypto();
  return C.memberFingerprint(encPublicKey, signPublicKey);
}

/** The team fingerprint for people: the first 16 bytes of the genesis hash as 8 groups of 4 hex digits. */
export async function teamFingerprint(fingerprintHex: string): Promise<string> {
  const C = await loadCrypto();
  return C.formatFingerprint(fingerprintHex);
}

/** The genesis row's own hash as hex: a fingerprint computed here, never taken from a server. */
export async function genesisFingerprint(genesisHashBase64: string): Promise<string> {
  const C = await loadCrypto();
  return C.toHex(C.fromBase64Url(genesisHashBase64, 'genesis hash'));
}
