/**
 * The team's settings: name, description, first-response target, what the team handles (threats
 * to life, child safety) and the community it serves (all six also on the public team page), the
 * quorum of vote rounds, message templates, the support kit, how long finished cases are kept,
 * whether members need a second factor, the notification choices a member starts with, and the
 * appeals the team takes (how many per case, after how long). The description and the templates
 * may also be written in other languages (the description's are public too).
 * Members read them; admins change them. Templates and the kit hold no case data
 * (docs/protocol.md 13).
 */
import { isDeepStrictEqual } from 'node:util';
import type { NotificationDefaults } from '#contract/notifications';
import type {
  DescriptionTranslations,
  Templates,
  TeamSettings,
  TeamSettingsPatch,
  TemplateTranslations,
} from '#contract/settings';
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
    description_translations: row.description_translations as DescriptionTranslations,
    template_translations: row.template_translations as TemplateTranslations,
    support_kit: row.support_kit as TeamSettings['support_kit'],
    handles_life_threats: row.handles_life_threats,
    handles_child_safety: row.handles_child_safety,
    community: row.community,
    retention_days: row.retention_days,
    require_second_factor: row.require_second_factor,
    // The migration's default, or written by changeTeamSettings from a body the schema checked.
    notification_defaults: row.notification_defaults as NotificationDefaults,
    appeals_per_case: row.appeals_per_case,
    appeal_wait_days: row.appeal_wait_days,
  };
}

/**
 * Fields whose old and new values the audit event carries: flags, numbers and the community label
 * (a short public label), never wording.
 */
const AUDITED_VALUES = [
  'quorum',
  'handles_life_threats',
  'handles_child_safety',
  'community',
  'retention_days',
  'require_second_factor',
  'appeals_per_case',
  'appeal_wait_days',
] as const satisfies readonly (keyof TeamSettingsPatch)[];

export async function readTeamSettings(db: Db, teamId: string): Promise<TeamSettings> {
  return teamSettings(await findTeamSettings(db, teamId));
}

/**
 * Applies an admin's change; a field given replaces the stored one whole (templates, the kit and
 * the notification defaults included: a template kind left out falls back to the built-in text).
 * The audit event names the fields that changed, with the old and new value of the quorum, the
 * two flags, the community label, the retention period, the second-factor rule and the appeal
 * limits, never the templates' wording.
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
        ...Object.fromEntries(
          AUDITED_VALUES.filter((field) => changed.includes(field)).map((field) => [
            field,
            { from: before[field], to: patch[field] },
          ]),
        ),
      },
    });
    return teamSettings(await findTeamSettings(tx, admin.teamId));
  });
}
