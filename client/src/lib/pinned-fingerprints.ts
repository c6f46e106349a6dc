/**
 * Team fingerprints pinned by the deployment (CONFIDE_TEAM_FINGERPRINTS, served in
 * `GET /api/config`; docs/protocol.md 6.4).
 *
 * The pins come from the server's configuration, not from its database, so they hold against
 * whoever can change the database (and against a bug in roster handling) but not against
 * whoever controls the server's code, who controls this page too (docs/threat-model.md 3.5).
 * roster-trust.ts compares the verified roster's fingerprint with the pin before anything is
 * encrypted to it; a pin that differs is a problem no reporter can confirm away.
 *
 *   const pins = await api.get('/config', decodePinnedFingerprints);
 *   const pin = checkPin(pins, 'stewards', roster.fingerprint);  // 'none' | 'matches' | 'differs'
 */
// With an extension, unlike most client files, and no fetching here: the unit tests import this
// file under Node. roster-trust.ts fetches the pins (with the team) and decodes them here.
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { DecodeError, record, string } from './decode.js';

/** Team slug → the 64 lowercase hex digits of its genesis hash. */
export type PinnedFingerprints = ReadonlyMap<string, string>;

export type PinCheck =
  | { readonly status: 'none' }
  | { readonly status: 'matches'; readonly pinned: string }
  | { readonly status: 'differs'; readonly pinned: string };

const FULL_FINGERPRINT = /^[0-9a-f]{64}$/;

/**
 * Reads `pinned_fingerprints` from the config reply. Strict: the field must be there and every
 * value must be a whole fingerprint, so a reply this page cannot read stops the intake (the
 * caller's ApiError) instead of quietly meaning "nothing is pinned".
 */
export function decodePinnedFingerprints(data: unknown): PinnedFingerprints {
  const pinned = record(record(data, 'config').pinned_fingerprints, 'pinned_fingerprints');
  const pins = new Map<string, string>();
  for (const [slug, value] of Object.entries(pinned)) {
    const fingerprint = string(value, `pinned_fingerprints.${slug}`);
    if (!FULL_FINGERPRINT.test(fingerprint)) {
      throw new DecodeError(`pinned_fingerprints.${slug}: expected 64 lowercase hex digits`);
    }
    pins.set(slug, fingerprint);
  }
  return pins;
}

/**
 * Whether `fingerprint` (full lowercase hex, as verifyRoster computes it) is the one pinned for
 * `slug`. Exact comparison: pins are whole fingerprints, never the 32-digit display form.
 */
export function checkPin(pins: PinnedFingerprints, slug: string, fingerprint: string): PinCheck {
  const pinned = pins.get(slug);
  if (pinned === undefined) return { status: 'none' };
  return pinned === fingerprint ? { status: 'matches', pinned } : { status: 'differs', pinned };
}

/** The first 16 bytes in 8 groups of 4, as pages show fingerprints. */
function shortFingerprint(hex: string): string {
  return (hex.slice(0, 32).match(/.{4}/g) ?? []).join(' ');
}

/**
 * For a reporter (roster-trust's describeTrustProblem), in the words of a changed fingerprint, in
 * the page's language.
 */
export function describePinMismatch(teamName: string): string {
  return i18n._(
    msg`The security fingerprint of “${teamName}” is not the one the people who run this site have set for the team. Someone may be pretending to be this team.`,
  );
}

/**
 * For the team console: both fingerprints, and who can act. The deployment's configuration and
 * its database disagree about the team, and only the people who run the site can change either.
 */
export function describePinMismatchForTeam(pinned: string, served: string): string {
  const pinnedFingerprint = shortFingerprint(pinned);
  const servedFingerprint = shortFingerprint(served);
  // The setting's name as it is written in the configuration, in every language.
  const setting = 'CONFIDE_TEAM_FINGERPRINTS';
  return i18n._(
    msg`This site’s configuration sets the fingerprint ${pinnedFingerprint}; the member list served now has ${servedFingerprint}. Reports to the team are refused while they differ. Compare the team fingerprint with another admin, then tell whoever runs this site: either the database was changed, or the setting ${setting} is wrong.`,
  );
}
