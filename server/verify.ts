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
  signPublicKeyFromBase64,
  verifierFromAuthToken,
  verifyItemSignature as cryptoVerifyItem,
  verifyReportSignature as cryptoVerifyReport,
  verifyRoster,
  type Envelope,
  type RosterRow,
} from '../crypto/index.js';
import { badRequest } from './errors.js';

export { ready as cryptoReady };

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

export function verifyReportSignature(
  id: string,
  ciphertextB64: string,
  sigB64: string,
  signPkB64: string,
): boolean {
  return quietly(() =>
    cryptoVerifyReport(
      { id, payload: envelopeWith(ciphertextB64), sig: sigB64 },
      signPublicKeyFromBase64(signPkB64),
    ),
  );
}

export function verifyItemSignature(
  id: string,
  caseId: string,
  ciphertextB64: string,
  sigB64: string,
  signPkB64: string,
): boolean {
  return quietly(() =>
    cryptoVerifyItem(
      { id, case: caseId, kind: 'message', payload: envelopeWith(ciphertextB64), sig: sigB64 },
      signPublicKeyFromBase64(signPkB64),
    ),
  );
}

/** Signatures cover the ciphertext only; the nonce is irrelevant to them. */
function envelopeWith(ciphertextB64: string): Envelope {
  return { v: 1, n: 'A'.repeat(32), c: ciphertextB64 };
}
