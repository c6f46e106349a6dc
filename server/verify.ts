/**
 * The server's checks of signed material, through the project's crypto module (the only code
 * that touches libsodium). The server cannot read anything, but it refuses to store what every
 * honest client would reject: a roster entry that breaks the chain, a report or item whose
 * signature does not verify. That keeps garbage and forgeries out of the database.
 */
import {
  isConfideCryptoError,
  lookupHashFromToken,
  ready,
  verifierFromAuthToken,
  itemSignedMessage,
  reportSignedMessage,
  verifyItemCiphertextSignature as cryptoVerifyItem,
  verifyReportCiphertextSignature as cryptoVerifyReport,
  verifyRoster,
  type RosterRow,
  type SignPublicKey,
} from '../crypto/index.js';
import { badRequest } from './errors.js';
import { nativeVerifier } from './native-sodium.js';

/** Ed25519 sizes; both libsodium bindings throw a plain Error (not a crypto error) on others. */
const SIGN_PUBLIC_KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;

export { ready as cryptoReady };

/** Which libsodium build checks signatures in this process (see native-sodium.ts). */
export const signatureBackend: 'native' | 'webassembly' = nativeVerifier ? 'native' : 'webassembly';

/** BLAKE2b-256 of a 32-byte token (an `auth` or a receipt `lookup`). */
export function blake2b256(token: Uint8Array): Uint8Array {
  return lookupHashFromToken(Buffer.from(token).toString('base64url'));
}

export function verifierForAuth(authB64: string): Uint8Array {
  return verifierFromAuthToken(authB64);
}

/**
 * Verifies `existing` plus `next` as one chain for `teamId`; 400 naming the entry and the
 * reason when it does not hold. Returns the team fingerprint (hex).
 */
export async function checkRosterAppend(
  existing: readonly RosterRow[],
  next: RosterRow,
  teamId: string,
): Promise<{ fingerprint: string }> {
  await ready();
  try {
    const verified = verifyRoster([...existing, next], { team: teamId });
    return { fingerprint: verified.fingerprint };
  } catch (error) {
    if (isConfideCryptoError(error))
      throw badRequest('roster_entry_invalid', `The roster entry was refused: ${error.message}`);
    throw error;
  }
}

function quietly(check: () => void): boolean {
  try {
    check();
    return true;
  } catch (error) {
    if (isConfideCryptoError(error)) return false;
    throw error;
  }
}

/**
 * The reporter's signature over a report's ciphertext, and over its summary envelope's ciphertext
 * when it carries one (docs/protocol.md 9.7: another context string, so a summary stripped from a
 * report, or added to one signed without it, does not verify). Takes bytes the caller already
 * decoded (the route schema checked the base64url alphabet and lengths), so a submission is
 * decoded once for this check and for storing it.
 */
export function verifyReportSignature(
  id: string,
  ciphertext: Uint8Array,
  sig: Uint8Array,
  signPk: Uint8Array,
  summaryCiphertext: Uint8Array | null = null,
): boolean {
  return checkSignature(
    () => reportSignedMessage(id, ciphertext, summaryCiphertext),
    sig,
    signPk,
    (key) => cryptoVerifyReport(id, ciphertext, sig, key, summaryCiphertext),
  );
}

/** The author's signature over an item's ciphertext; bytes as for verifyReportSignature. */
export function verifyItemSignature(
  id: string,
  caseId: string,
  ciphertext: Uint8Array,
  sig: Uint8Array,
  signPk: Uint8Array,
): boolean {
  return checkSignature(
    () => itemSignedMessage(id, caseId, ciphertext),
    sig,
    signPk,
    (key) => cryptoVerifyItem({ id, case: caseId }, ciphertext, sig, key),
  );
}

/**
 * Native libsodium over the bytes crypto/ says were signed when it loaded; otherwise crypto/'s
 * own check on the WebAssembly build. Wrong sizes are a plain "no" on both paths.
 */
function checkSignature(
  signed: () => Uint8Array,
  sig: Uint8Array,
  signPk: Uint8Array,
  webAssembly: (key: SignPublicKey) => void,
): boolean {
  if (signPk.length !== SIGN_PUBLIC_KEY_BYTES) return false;
  if (nativeVerifier) {
    return sig.length === SIGNATURE_BYTES && nativeVerifier.verifyDetached(sig, signed(), signPk);
  }
  return quietly(() => webAssembly(signPk as SignPublicKey));
}
