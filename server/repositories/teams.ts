import type { Selectable } from 'kysely';
import type { Teams } from '../db/schema.js';
import type { Db } from './audit.js';
import { toB64 } from '../wire.js';
import type { RosterRowWire } from '#contract/teams';

export type TeamRow = Selectable<Teams>;

export function findTeamBySlug(db: Db, slug: string): Promise<TeamRow | undefined> {
  return db.selectFrom('teams').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function findTeamById(db: Db, id: string): Promise<TeamRow | undefined> {
  return db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listTeams(db: Db): Promise<TeamRow[]> {
  return db.selectFrom('teams').selectAll().orderBy('name').execute();
}

export function teamSummary(team: TeamRow) {
  return {
    id: team.id,
    slug: team.slug,
    name: team.name,
    description: team.description,
    handles_life_threats: team.handles_life_threats,
    handles_child_safety: team.handles_child_safety,
    first_response_hours: team.first_response_hours,
  };
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

/** Ids of the members a new report must be granted to: active at the roster's head. */
export async function activeMemberIds(db: Db, teamId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('members')
    .select('id')
    .where('team_id', '=', teamId)
    .where('status', '=', 'active')
    .execute();
  return rows.map((row) => row.id);
}

export async function rosterHeadSeq(db: Db, teamId: string): Promise<number> {
  const row = await db
    .selectFrom('roster_entries')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('team_id', '=', teamId)
    .executeTakeFirst();
  return row?.seq ?? -1;
}
