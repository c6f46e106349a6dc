/**
 * Team fingerprints pinned in the deployment's configuration (CONFIDE_TEAM_FINGERPRINTS;
 * PROTOCOL.md "Team roster", rule 3; docs/protocol.md 6.4).
 *
 * The pin lives in the configuration, not in the database, so it holds against someone who can
 * write the database (or a bug in roster handling) but not the server's code or configuration:
 * such a writer could put a team of its own keys under a pinned address, and a pin makes that a
 * loud refusal instead of reports encrypted to the wrong keys. Browsers get the pins from
 * GET /api/config and refuse to encrypt to a roster with another genesis; the server checks at
 * start (a loud log line) and refuses reports to such a team (409 `team_fingerprint_mismatch`).
 */
import type { FastifyBaseLogger } from 'fastify';
import { rosterRowHash } from '../../crypto/index.js';
import type { Db } from '../db/executor.js';
import { AppError } from '../errors.js';
import { findGenesesBySlug, type StoredGenesis } from '../repositories/roster-entries.js';

export type PinnedFingerprints = ReadonlyMap<string, string>;

/**
 * The genesis hash recomputed from the stored entry and signature, never the stored `hash`
 * column: someone who can write the database could set that column to the pinned value over an
 * entry of their own keys, and the check would pass while every browser (which recomputes it)
 * refuses the team.
 */
function genesisFingerprint(genesis: StoredGenesis | null): string | null {
  if (genesis === null) return null;
  const hash = rosterRowHash(genesis.entry, genesis.sig);
  return hash === null ? null : Buffer.from(hash).toString('hex');
}

export type PinCheck =
  | { readonly slug: string; readonly pinned: string; readonly status: 'matches' }
  | { readonly slug: string; readonly pinned: string; readonly status: 'differs'; readonly actual: string }
  /** No team at that address (not created yet, or renamed), or a team without a roster. */
  | { readonly slug: string; readonly pinned: string; readonly status: 'no-team' };

/** Compares every pin with the genesis in the database (its hash recomputed): one query. */
export async function checkPinnedFingerprints(db: Db, pins: PinnedFingerprints): Promise<PinCheck[]> {
  if (pins.size === 0) return [];
  const rows = await findGenesesBySlug(db, [...pins.keys()]);
  const genesis = new Map(rows.map((row) => [row.slug, genesisFingerprint(row)]));
  return [...pins].map(([slug, pinned]): PinCheck => {
    if (!genesis.has(slug)) return { slug, pinned, status: 'no-team' };
    const actual = genesis.get(slug) ?? 'an entry that does not parse';
    return actual === pinned
      ? { slug, pinned, status: 'matches' }
      : { slug, pinned, status: 'differs', actual };
  });
}

/**
 * Refuses a report to a pinned team whose genesis is not the pinned one. `genesis` is the team's
 * roster entry 0 as stored (null when it has no roster); its hash is computed only for a pinned
 * team, so unpinned intake pays nothing.
 */
export function assertPinnedFingerprint(
  pins: PinnedFingerprints,
  slug: string,
  genesis: StoredGenesis | null,
): void {
  const pinned = pins.get(slug);
  if (pinned === undefined) return;
  if (genesisFingerprint(genesis) === pinned) return;
  throw new AppError(
    409,
    'team_fingerprint_mismatch',
    'This team’s security fingerprint is not the one this site’s configuration expects, so reports to it are refused until the people who run the site have resolved it. Nothing was stored.',
  );
}

/** Log lines for the operator: the fingerprints are public; no address or secret is involved. */
export function logPinChecks(log: FastifyBaseLogger, checks: readonly PinCheck[]): void {
  for (const check of checks) {
    const fields = { team: check.slug, pinned_fingerprint: check.pinned };
    switch (check.status) {
      case 'matches':
        log.info(fields, 'CONFIDE_TEAM_FINGERPRINTS: the team’s fingerprint matches its pin');
        break;
      case 'no-team':
        log.warn(
          fields,
          'CONFIDE_TEAM_FINGERPRINTS pins a team that does not exist (yet): browsers will hold a team created at that address to the pin',
        );
        break;
      case 'differs':
        log.error(
          { ...fields, actual_fingerprint: check.actual },
          'CONFIDE_TEAM_FINGERPRINTS: TEAM FINGERPRINT MISMATCH: the team in the database is not the one pinned. Reports to it are refused and browsers warn. Either the database was changed (check who can write it, compare the fingerprint with the team) or the pin is wrong.',
        );
        break;
    }
  }
}
