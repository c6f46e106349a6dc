/**
 * Blind index of involved accounts (PROTOCOL.md, "Blind index"):
 *
 *   tag = crypto_generichash(16, "confide/v1/party\n" || normalize(name), index_key)
 *   normalize = NFKC, trim, "_" -> space, collapse runs of spaces, lowercase   (in that order)
 *
 * so "Jane_Doe", " jane  doe" and "ＪＡＮＥ_DOE" give one tag, and the server,
 * which lacks the index key, learns only which cases share an account.
 */
import { BLIND_INDEX_CONTEXT, BLIND_INDEX_TAG_BYTES, KEY_BYTES } from './constants.js';
import { concatBytes, toBase64Url, utf8 } from './encoding.js';
import { ConfideCryptoError } from './errors.js';
import { lib } from './sodium.js';
import type { IndexKey } from './types.js';

/**
 * What "trim" removes: the characters Python's str.isspace() accepts, which is
 * what the reference implementation uses. JavaScript's String.prototype.trim
 * differs (it also strips U+FEFF and keeps U+001C-U+001F and U+0085), and one
 * differing character would give a different tag.
 */
const SPACE_CLASS =
  '[\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const TRIM = new RegExp(`^${SPACE_CLASS}+|${SPACE_CLASS}+$`, 'g');

/** The account name as it is hashed. */
export function normalizePartyName(name: string): string {
  return name.normalize('NFKC').replace(TRIM, '').replace(/_/g, ' ').replace(/ {2,}/g, ' ').toLowerCase();
}

/** The 16-byte blind-index tag of an account name. */
export function blindIndexTag(name: string, indexKey: IndexKey): Uint8Array {
  if (indexKey.length !== KEY_BYTES) {
    throw new ConfideCryptoError('BAD_KEY', `index key must be ${KEY_BYTES} bytes`);
  }
  return lib().crypto_generichash(
    BLIND_INDEX_TAG_BYTES,
    concatBytes(utf8(BLIND_INDEX_CONTEXT), utf8(normalizePartyName(name))),
    indexKey,
  );
}

/** The tag as the server stores and looks it up: base64url. */
export function blindIndexTagBase64(name: string, indexKey: IndexKey): string {
  return toBase64Url(blindIndexTag(name, indexKey));
}

/** The accounts of a report that the blind index tags, by the tag's kind (docs/protocol.md 12). */
export interface ReportParties {
  /** Every involved account's name, as written, in the body's order; repeats left in. */
  readonly involved: readonly string[];
  /**
   * The reporter's own account, when the report gives it: a reporter who is the target names
   * themselves as the involved account of role `target` (the first such). Null otherwise: a third
   * party's own account is not in the report.
   */
  readonly reporter: string | null;
}

/**
 * The names a report body gives to tag. Reads the body as a reader of 9.4 does: entries that are
 * not objects with a string `name` are skipped, and a name that normalises to nothing (only
 * spaces and underscores) names no account.
 */
export function reportParties(body: {
  readonly reporter_role?: unknown;
  readonly involved?: unknown;
}): ReportParties {
  const entries = Array.isArray(body.involved) ? (body.involved as unknown[]) : [];
  const named = entries.flatMap((entry) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { name, role } = entry as { name?: unknown; role?: unknown };
    return typeof name === 'string' && namesAnAccount(name) ? [{ name, role }] : [];
  });
  const self = body.reporter_role === 'target' ? named.find((e) => e.role === 'target') : undefined;
  return { involved: named.map((e) => e.name), reporter: self?.name ?? null };
}

/** Whether a name, once normalised, is more than spaces: "_" alone or "  " name no account. */
export function namesAnAccount(name: string): boolean {
  return normalizePartyName(name).trim() !== '';
}
