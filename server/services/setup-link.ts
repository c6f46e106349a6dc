/**
 * The one-time set-up link for the founding admin. The token travels in the URL fragment
 * (`/setup#token`), which browsers never send to a server, so it appears in no access log.
 * Only its hash is stored. A new link replaces any earlier unused one; a link expires after
 * CONFIDE_SETUP_LINK_HOURS (a day by default), and every unused link is dropped when a team is
 * created by any path (the browser or the command line), so a link printed to a log on first
 * start cannot add a team later.
 */
import type { SetupCheckReply, SetupRequest } from '#contract/members';
import type { Static } from 'typebox';
import { hashToken, newToken } from '../auth/tokens.js';
import type { Database } from '../db/database.js';
import { toTime } from '../db/wire.js';
import { AppError } from '../errors.js';
import {
  claimSetupToken,
  deleteUnusedSetupTokens,
  findSetupToken,
  insertSetupToken,
} from '../repositories/setup-tokens.js';
import { createTeam } from './teams.js';

export async function createSetupLink(db: Database, publicUrl: URL, validHours: number): Promise<string> {
  const { token, hash } = newToken();
  await db.transaction().execute(async (tx) => {
    await deleteUnusedSetupTokens(tx);
    await insertSetupToken(tx, hash, validHours);
  });
  return new URL(`setup#${token}`, publicUrl.href.endsWith('/') ? publicUrl : `${publicUrl.href}/`).href;
}

/**
 * Whether the link can still make a team, so the set-up page can say so before the form is
 * filled: 410 setup_link_used once a team was made with it, 404 setup_link_invalid when it is
 * unknown, replaced by a newer one or expired. Only its hash is looked up, as for the set-up.
 */
export async function checkSetupLink(db: Database, token: string): Promise<Static<typeof SetupCheckReply>> {
  const found = await findSetupToken(db, hashToken(token));
  if (found?.used_at) {
    throw new AppError(
      410,
      'setup_link_used',
      'This set-up link has already been used to create a team. Sign in to that team, or run `npm run confide -- setup-link` on the server for a new link.',
    );
  }
  if (!found || found.expires_at.getTime() <= Date.now()) {
    throw new AppError(
      404,
      'setup_link_invalid',
      'This set-up link is not valid: it has expired or was replaced by a newer one. `npm run confide -- setup-link` on the server makes a new one.',
    );
  }
  return { valid: true, expires_at: toTime(found.expires_at) };
}

/**
 * Creates the team the set-up link was made for. The link is spent in the team's own transaction,
 * so it is spent exactly when the team is made: a set-up that fails (a taken address) leaves it
 * usable for a corrected try, and a team made at the same moment by the command line, which voids
 * unused links, waits for this one and voids it unless it made a team.
 */
export async function createTeamWithSetupLink(
  db: Database,
  request: SetupRequest,
): Promise<{ teamId: string; fingerprint: string }> {
  const { token, team, genesis, admin, index_key_grant } = request;
  const tokenHash = hashToken(token);
  // Asked first, so a dead link is told so before any checking; asked again, atomically, when
  // spent: two browsers racing with one link get one team.
  const found = await findSetupToken(db, tokenHash);
  if (!found || found.used_at !== null || found.expires_at.getTime() <= Date.now()) throw setupLinkInvalid();
  return createTeam(db, {
    team,
    genesis,
    admin,
    indexKeyGrant: index_key_grant,
    spend: async (tx) => {
      if (!(await claimSetupToken(tx, tokenHash))) throw setupLinkInvalid();
    },
  });
}

const setupLinkInvalid = (): AppError =>
  new AppError(
    403,
    'setup_link_invalid',
    'This set-up link is not valid: it has expired, was replaced by a newer one or has already been used. `npm run confide -- setup-link` on the server makes a new one.',
  );
