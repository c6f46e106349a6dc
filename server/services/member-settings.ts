/**
 * A member's own settings (the personal details the wording check looks for), sealed in their
 * browser to their own key (docs/protocol.md 5.7). The server stores the blob and hands it back
 * to that member only; it cannot read it.
 */
import type { Static } from 'typebox';
import type { MemberSettingsReply, SealedMemberSettings } from '#contract/settings';
import type { Db } from '../db/executor.js';
import { findMemberSettings, storeMemberSettings } from '../repositories/members.js';

export async function readMemberSettings(
  db: Db,
  memberId: string,
): Promise<Static<typeof MemberSettingsReply>> {
  // Stored only by saveMemberSettings, from a body the schema checked.
  const settings = (await findMemberSettings(db, memberId)) as SealedMemberSettings | null;
  return { settings: settings ?? null };
}

export async function saveMemberSettings(
  db: Db,
  memberId: string,
  settings: SealedMemberSettings,
): Promise<void> {
  // Only the two fields the schema allows, so nothing else is ever stored beside them.
  await storeMemberSettings(db, memberId, { payload: settings.payload, k: settings.k });
}
