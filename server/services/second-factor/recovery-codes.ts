/**
 * One-time recovery codes for the second factor: ten a set, shown once when the first factor is
 * added (or a new set is asked for), stored only as hashes, each accepted once. They stand in
 * for a lost phone or security key; they do not replace the passphrase.
 *
 * A code is 16 characters of Crockford base32 (80 bits), shown as XXXX-XXXX-XXXX-XXXX: with that
 * much entropy a plain SHA-256 is enough to keep a copy of the database from giving them back.
 * The hash includes the member id, so a code is worth nothing on another member.
 */
import { createHash, randomInt } from 'node:crypto';

export const SECOND_FACTOR_CODE_COUNT = 10;
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 16;
const GROUP = 4;

function newCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) {
    if (i > 0 && i % GROUP === 0) code += '-';
    code += ALPHABET.charAt(randomInt(ALPHABET.length));
  }
  return code;
}

/** A new set of codes, to show once. */
export function newSecondFactorCodes(): string[] {
  return Array.from({ length: SECOND_FACTOR_CODE_COUNT }, newCode);
}

/**
 * The code as typed (any case, spaces or hyphens anywhere, O for 0, I or L for 1), in its one
 * spelling; undefined when it cannot be a code.
 */
export function normalizeSecondFactorCode(input: string): string | undefined {
  const text = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (text.length !== CODE_LENGTH) return undefined;
  for (const ch of text) if (!ALPHABET.includes(ch)) return undefined;
  return text;
}

export function secondFactorCodeHash(memberId: string, normalized: string): Buffer {
  return createHash('sha256')
    .update(`confide second-factor code\n${memberId}\n${normalized}`, 'utf8')
    .digest();
}
