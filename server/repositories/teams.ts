/** Teams: their public description, and the row that serialises changes to a team's roster. */
import { sql, type Insertable, type Selectable } from 'kysely';
import type { TeamSummary } from '#contract/teams';
import type { Db } from '../db/executor.js';
import type { Teams } from '../db/schema.js';

export type TeamRow = Selectable<Teams>;

export function findTeamBySlug(db: Db, slug: string): Promise<TeamRow | undefined> {
  return db.selectFrom('teams').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function listTeams(db: Db): Promise<TeamRow[]> {
  return db.selectFrom('teams').selectAll().orderBy('name').execute();
}

export function teamSummary(team: TeamRow): TeamSummary {
  return {
    id: team.id,
    slug: team.slug,
    name: team.name,
    description: team.description,
    // Written only by changeTeamSettings, from a body the schema checked; '{}' by default.
    description_translations: team.description_translations as Record<string, string>,
    handles_life_threats: team.handles_life_threats,
    handles_child_safety: team.handles_child_safety,
    first_response_hours: team.first_response_hours,
    community: team.community,
  };
}

/** What the reporter's page says about the team their case is with. */
export function findReporterFacingTeam(db: Db, teamId: string) {
  return db
    .selectFrom('teams')
    .select(['slug', 'name', 'first_response_hours'])
    .where('id', '=', teamId)
    .executeTakeFirstOrThrow();
}

/** Locks the team's row until the transaction ends: the roster chain has one head. */
export async function lockTeam(tx: Db, teamId: string): Promise<void> {
  await sql`select id from teams where id = ${teamId} for update`.execute(tx);
}

export async function teamSlugOrIdTaken(db: Db, slug: string, id: string): Promise<boolean> {
  const taken = await db
    .selectFrom('teams')
    .select('id')
    .where((eb) => eb.or([eb('slug', '=', slug), eb('id', '=', id)]))
    .executeTakeFirst();
  return taken !== undefined;
}

export async function insertTeam(db: Db, team: Insertable<Teams>): Promise<void> {
  await db.insertInto('teams').values(team).execute();
}

export async function hasAnyTeam(db: Db): Promise<boolean> {
  return (await db.selectFrom('teams').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** Votes a round needs before one of the team's cases may close (0: no vote needed). */
export async function teamQuorum(db: Db, teamId: string): Promise<number> {
  const row = await db
    .selectFrom('teams')
    .select('quorum')
    .where('id', '=', teamId)
    .executeTakeFirstOrThrow();
  return row.quorum;
}

/** What the team settings page shows and admins change (members read it; never public). */
export function findTeamSettings(db: Db, teamId: string) {
  return db
    .selectFrom('teams')
    .select([
      'name',
      'description',
      'first_response_hours',
      'quorum',
      'templates',
      'description_translations',
      'template_translations',
      'support_kit',
      'handles_life_threats',
      'handles_child_safety',
      'community',
      'retention_days',
      'require_second_factor',
      'notification_defaults',
      'appeals_per_case',
      'appeal_wait_days',
    ])
    .where('id', '=', teamId)
    .executeTakeFirstOrThrow();
}

export type TeamSettingsRow = Awaited<ReturnType<typeof findTeamSettings>>;

/** The columns of the team settings a change may set; JSON ones are stored as given. */
export interface TeamSettingsChanges {
  name?: string;
  description?: string;
  first_response_hours?: number;
  quorum?: number;
  templates?: unknown;
  description_translations?: unknown;
  template_translations?: unknown;
  support_kit?: unknown;
  handles_life_threats?: boolean;
  handles_child_safety?: boolean;
  community?: string | null;
  retention_days?: number | null;
  require_second_factor?: boolean;
  notification_defaults?: unknown;
  appeals_per_case?: number;
  appeal_wait_days?: number;
}

export async function updateTeamSettings(
  db: Db,
  teamId: string,
  changes: TeamSettingsChanges,
): Promise<void> {
  const {
    templates,
    description_translations,
    template_translations,
    support_kit,
    notification_defaults,
    ...plain
  } = changes;
  await db
    .updateTable('teams')
    .set({
      ...plain,
      ...(templates !== undefined ? { templates: JSON.stringify(templates) } : {}),
      ...(description_translations !== undefined
        ? { description_translations: JSON.stringify(description_translations) }
        : {}),
      ...(template_translations !== undefined
        ? { template_translations: JSON.stringify(template_translations) }
        : {}),
      ...(support_kit !== undefined ? { support_kit: JSON.stringify(support_kit) } : {}),
      ...(notification_defaults !== undefined
        ? { notification_defaults: JSON.stringify(notification_defaults) }
        : {}),
    })
    .where('id', '=', teamId)
    .execute();
}
