/** Each team's signed roster: a hash chain of entries, stored exactly as they were signed. */
import type { RosterRowWire } from '#contract/teams';
import type { Db } from '../db/executor.js';
import { toB64 } from '../db/wire.js';

/** A team's roster entry 0 as stored: its JSON text and signature. */
export interface StoredGenesis {
  readonly entry: string;
  readonly sig: Uint8Array;
}

/** The roster as stored: the exact signed entry text, its signature and hash. */
export async function loadRoster(db: Db, teamId: string): Promise<RosterRowWire[]> {
  const rows = await db
    .selectFrom('roster_entries')
    .select(['entry', 'sig', 'hash'])
    .where('team_id', '=', teamId)
    .orderBy('seq')
    .execute();
  return rows.map((row) => ({
    entry: JSON.parse(row.entry) as RosterRowWire['entry'],
    sig: toB64(row.sig),
    hash: toB64(row.hash),
  }));
}

export async function rosterHeadSeq(db: Db, teamId: string): Promise<number> {
  const row = await db
    .selectFrom('roster_entries')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('team_id', '=', teamId)
    .executeTakeFirst();
  return row?.seq ?? -1;
}

/** Appends a verified entry; the primary key (team, seq) refuses a second entry at one seq. */
export async function insertRosterEntry(
  db: Db,
  teamId: string,
  row: { entry: RosterRowWire['entry']; sig: Buffer; hash: Buffer },
): Promise<void> {
  await db
    .insertInto('roster_entries')
    .values({
      team_id: teamId,
      seq: row.entry.seq,
      entry: JSON.stringify(row.entry),
      sig: row.sig,
      hash: row.hash,
    })
    .execute();
}

/** The genesis entries of the teams at these addresses; a team without one is left out. */
export function findGenesesBySlug(db: Db, slugs: readonly string[]) {
  return db
    .selectFrom('teams')
    .innerJoin('roster_entries', (join) =>
      join.onRef('roster_entries.team_id', '=', 'teams.id').on('roster_entries.seq', '=', 0),
    )
    .select(['teams.slug', 'roster_entries.entry', 'roster_entries.sig'])
    .where('teams.slug', 'in', slugs)
    .execute();
}
