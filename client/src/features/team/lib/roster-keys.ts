/**
 * Members' public keys as base64url strings, read from roster rows that the roster check
 * has already accepted. Keys enter a roster only through `genesis` and `add` entries, and
 * never change for a member id (docs/protocol.md 6.3).
 */
import type { RosterRow, VerifiedRoster } from '#crypto';

export interface MemberPublicKeys {
  readonly enc_pk: string;
  readonly sign_pk: string;
}

export function publicKeysById(rows: readonly RosterRow[]): Map<string, MemberPublicKeys> {
  const keys = new Map<string, MemberPublicKeys>();
  for (const { entry } of rows) {
    if (entry.op === 'genesis' || entry.op === 'add') {
      keys.set(entry.member.id, { enc_pk: entry.member.enc_pk, sign_pk: entry.member.sign_pk });
    }
  }
  return keys;
}

/** Every member the roster has listed → their sign_pk: to check who wrote an item. */
export function authorKeys(rows: readonly RosterRow[], roster: VerifiedRoster): Record<string, string> {
  const keys = publicKeysById(rows);
  const authors: Record<string, string> = {};
  for (const id of roster.known.keys()) {
    const k = keys.get(id);
    if (k) authors[id] = k.sign_pk;
  }
  return authors;
}

/** Active members minus `excluded`: who must receive a new item of a case. */
export function caseRecipients(
  rows: readonly RosterRow[],
  roster: VerifiedRoster,
  excluded: readonly string[],
): { id: string; enc_pk: string }[] {
  const keys = publicKeysById(rows);
  const skip = new Set(excluded);
  const recipients: { id: string; enc_pk: string }[] = [];
  for (const member of roster.active.values()) {
    const k = keys.get(member.id);
    if (!skip.has(member.id) && k) recipients.push({ id: member.id, enc_pk: k.enc_pk });
  }
  return recipients;
}
