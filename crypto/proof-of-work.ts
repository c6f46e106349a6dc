/**
 * Proof of work for the anonymous routes (docs/protocol.md §14, "Proof of work"): when an
 * address has used up its rate limit, the server answers with a challenge token and `bits`; the
 * browser finds a solution, and sends the request again with the header
 * `X-Confide-Proof: token "." solution`.
 *
 *   proof    = token "." solution          token: the server's base64url text, as received
 *                                           solution: 1 to 16 ASCII digits "0"-"9"
 *   accepted when SHA-256(ASCII(proof)) starts with `bits` zero bits (most significant bit of
 *   the first byte first)
 *
 * The token is opaque here: only the server that made it can check its signature, route and
 * expiry. This file only finds and checks solutions, with libsodium's SHA-256; the server
 * checks with Node's own, so the two implementations keep each other honest (the unit tests
 * compare them).
 *
 * Not a secret and not a key: nothing here needs constant time.
 */
import { ConfideCryptoError } from './errors.js';
import { lib } from './sodium.js';

/** Most leading zero bits a challenge may ask for: 2^32 hashes is hours in a browser. */
export const PROOF_OF_WORK_MAX_BITS = 32;

/** Longest solution: 16 digits count past 2^53, far beyond any search that ends. */
export const PROOF_OF_WORK_MAX_SOLUTION_DIGITS = 16;

/** Tokens are base64url text; anything else (spaces, dots, non-ASCII) would make `proof` ambiguous. */
const TOKEN = /^[A-Za-z0-9_-]{1,512}$/;
const SOLUTION = /^[0-9]{1,16}$/;
const DOT = 0x2e;
const DIGIT_ZERO = 0x30;

function checkBits(bits: number): void {
  if (!Number.isInteger(bits) || bits < 1 || bits > PROOF_OF_WORK_MAX_BITS) {
    throw new ConfideCryptoError(
      'INVALID_ARGUMENT',
      `proof-of-work bits must be a whole number from 1 to ${PROOF_OF_WORK_MAX_BITS}`,
    );
  }
}

function checkToken(token: string): void {
  if (!TOKEN.test(token)) {
    throw new ConfideCryptoError('BAD_ENCODING', 'a proof-of-work token is 1 to 512 base64url characters');
  }
}

/** How many zero bits `hash` starts with, the first byte's most significant bit first. */
export function leadingZeroBits(hash: Uint8Array): number {
  let bits = 0;
  for (const byte of hash) {
    if (byte !== 0) return bits + Math.clz32(byte) - 24;
    bits += 8;
  }
  return bits;
}

/** True when `hash` starts with at least `bits` zero bits; stops at the first byte that decides. */
function startsWithZeroBits(hash: Uint8Array, bits: number): boolean {
  const whole = bits >> 3;
  for (let i = 0; i < whole; i++) if (hash[i] !== 0) return false;
  const rest = bits & 7;
  return rest === 0 || (hash[whole] ?? 0) >> (8 - rest) === 0;
}

/** SHA-256 of the ASCII bytes of `token "." solution`: the value a proof is judged by. */
export function proofOfWorkHash(token: string, solution: string): Uint8Array {
  checkToken(token);
  if (!SOLUTION.test(solution)) {
    throw new ConfideCryptoError('BAD_ENCODING', 'a proof-of-work solution is 1 to 16 digits');
  }
  return lib().crypto_hash_sha256(new TextEncoder().encode(`${token}.${solution}`));
}

/** Does `solution` solve the challenge `token` at `bits`? False for a malformed solution. */
export function checkProofOfWork(token: string, solution: string, bits: number): boolean {
  checkBits(bits);
  if (!SOLUTION.test(solution)) return false;
  return startsWithZeroBits(proofOfWorkHash(token, solution), bits);
}

/**
 * Tries the solutions `from`, `from + 1`, … (`count` of them, as decimal numbers without leading
 * zeros) and returns the first that solves the challenge, or undefined. Finding one takes 2^bits
 * tries on average, so call this in a Web Worker and in slices (a few tens of thousands of tries
 * each), reporting progress and checking for cancellation between slices.
 *
 * The message buffer is made once and only its digits change: apart from the hash itself, a try
 * costs a few byte writes.
 */
export function searchProofOfWork(
  token: string,
  bits: number,
  from: number,
  count: number,
): string | undefined {
  checkToken(token);
  checkBits(bits);
  const last = from + count - 1;
  if (
    !Number.isSafeInteger(from) ||
    !Number.isSafeInteger(count) ||
    from < 0 ||
    count < 1 ||
    !Number.isSafeInteger(last) ||
    String(last).length > PROOF_OF_WORK_MAX_SOLUTION_DIGITS
  ) {
    throw new ConfideCryptoError(
      'INVALID_ARGUMENT',
      'search a range of whole numbers from 0 whose last has at most 16 digits',
    );
  }
  const sodium = lib();
  const prefixLength = token.length + 1;
  const message = new Uint8Array(prefixLength + PROOF_OF_WORK_MAX_SOLUTION_DIGITS);
  for (let i = 0; i < token.length; i++) message[i] = token.charCodeAt(i);
  message[token.length] = DOT;

  // The current solution's digits, most significant first, written after the dot.
  const digits = String(from);
  for (let i = 0; i < digits.length; i++) message[prefixLength + i] = digits.charCodeAt(i);
  let length = digits.length;

  for (let tried = 0; tried < count; tried++) {
    const hash = sodium.crypto_hash_sha256(message.subarray(0, prefixLength + length));
    if (startsWithZeroBits(hash, bits)) {
      return String.fromCharCode(...message.subarray(prefixLength, prefixLength + length));
    }
    if (tried === count - 1) break;
    // Add one to the decimal digits in place; a carry out of the first digit adds a digit.
    let position = prefixLength + length - 1;
    while (position >= prefixLength && message[position] === DIGIT_ZERO + 9) {
      message[position] = DIGIT_ZERO;
      position--;
    }
    if (position >= prefixLength) {
      message[position] = (message[position] ?? DIGIT_ZERO) + 1;
    } else {
      message[prefixLength] = DIGIT_ZERO + 1;
      message[prefixLength + length] = DIGIT_ZERO;
      length++;
    }
  }
  return undefined;
}
