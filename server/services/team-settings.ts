/**
 * The team's settings (issue 10): name, description and first-response target (also on the
 * public team page), the quorum of vote rounds, message templates and the support kit. Members
 * read them; admins change them. Templates and the kit hold no case data (docs/protocol.md 13).
 */
import { isDeepStrictEqual } from 'node:util';
import type { Templates, TeamSettings, TeamSettingsPatch } from '#contract/settings';
import type { Database } from '../db/database.js';
import type { Db } from '../db/executor.js';
import { recordAudit } from '../repositories/audit-events.js';
import type { MemberContext } from '../repositories/members.js';
import {
  findTeamSettings,
  lockTeam,
  updateTeamSettings,
  type TeamSettingsRow,
} from '../repositories/teams.js';

function teamSettings(row: TeamSettingsRow): TeamSettings {
  return {
    name: row.name,
    description: row.description,
    first_response_hours: row.first_response_hours,
    quorum: row.quorum,
    // Written only by changeTeamSettings, from a body the schema checked.
    templates: row.templates as Templates,
    support_kit: row.support_kit as TeamSettings['support_kit'],
  };
}

export async function readTeamSettings(db: Db, teamId: string): Promise<TeamSettings> {
  return teamSettings(await findTeamSettings(db, teamId));
}

/**
 * Applies an admin's change; a field given replaces the stored one whole (templates and the kit
 * included: a template kind left out falls back to the built-in text). The audit event names
 * the fields that changed, with the quorum's old and new value, never the templates' wording.
 */
export async function changeTeamSettings(
  db: Database,
  admin: MemberContext,
  patch: TeamSettingsPatch,
): Promise<TeamSettings> {
  return db.transaction().execute(async (tx) => {
    await lockTeam(tx, admin.teamId);
    const before = teamSettings(await findTeamSettings(tx, admin.teamId));
    const changed = (Object.keys(patch) as (keyof TeamSettingsPatch)[]).filter(
      (field) => patch[field] !== undefined && !isDeepStrictEqual(patch[field], before[field]),
    );
    if (changed.length === 0) return before;
    const changes = Object.fromEntries(changed.map((field) => [field, patch[field]]));
    await updateTeamSettings(tx, admin.teamId, changes);
    await recordAudit(tx, {
      teamId: admin.teamId,
      memberId: admin.id,
      action: 'team.settings_changed',
      details: {
        fields: changed,
        ...(changed.includes('quorum') ? { quorum: { from: before.quorum, to: patch.quorum } } : {}),
      },
    });
    return teamSettings(await findTeamSettings(tx, admin.teamId));
  });
}
