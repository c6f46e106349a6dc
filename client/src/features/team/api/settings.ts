/**
 * Team settings (everyone reads them, admins change them) and the signed-in member's own
 * settings, which travel sealed: only the keyring worker opens or makes them.
 */
import { MemberSettingsReply, TeamSettings, type TeamSettingsPatch } from '#contract/settings';
import { api, ignoreBody, type RequestOptions } from '../../../lib/api-client';
import { decodeWith, envelopeV1 } from '../../../lib/decode';
import type { MemberSettingsSealed } from '../../../lib/keyring/keyring';

export type { TeamSettings, TeamSettingsPatch };
/** As the keyring takes and makes it: a version-1 envelope and the sealed key. */
type SealedMemberSettings = MemberSettingsSealed;

const decodeTeamSettings = decodeWith(TeamSettings);

/** GET /api/team/settings: the signed-in member's team. */
export function getTeamSettings(options: RequestOptions = {}): Promise<TeamSettings> {
  return api.get('/team/settings', decodeTeamSettings, options);
}

/**
 * PATCH /api/team/settings (admins): a field given replaces the stored one whole (all templates,
 * the whole kit). Resolves with the settings as the server now holds them.
 */
export function patchTeamSettings(
  patch: TeamSettingsPatch,
  options: RequestOptions = {},
): Promise<TeamSettings> {
  return api.patch('/team/settings', patch, decodeTeamSettings, options);
}

const decodeMemberSettings = decodeWith(MemberSettingsReply, (reply): SealedMemberSettings | null =>
  reply.settings === null
    ? null
    : { payload: envelopeV1(reply.settings.payload, 'settings.payload'), k: reply.settings.k },
);

/** GET /api/me/settings: the member's own settings, still sealed; null when never saved. */
export function getMySettings(options: RequestOptions = {}): Promise<SealedMemberSettings | null> {
  return api.get('/me/settings', decodeMemberSettings, options);
}

/** PUT /api/me/settings: replaces the member's own sealed settings. */
export async function putMySettings(
  sealed: SealedMemberSettings,
  options: RequestOptions = {},
): Promise<void> {
  await api.put('/me/settings', sealed, ignoreBody, options);
}
