/**
 * Creating a team with its founding admin: used by the browser set-up (POST /api/setup) and by
 * the command line (`npm run confide -- team create`). The genesis roster entry and the founder's
 * signed grant of the team's first index key are verified here too, so the server never stores a
 * chain or a grant that clients would reject.
 */
import type { IndexKeyGrant } from '#contract/index-keys';
import type { MemberCredentials } from '#contract/members';
import type { NewTeam, RosterRowWire, TeamDetail } from '#contract/teams';
import type { Database } from '../db/database.js';
import { isUniqueViolation } from '../db/database-errors.js';
import type { Db } from '../db/executor.js';
import { fromB64 } from '../db/wire.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { recordAudit } from '../repositories/audit-events.js';
import { upsertIndexKeyGrants } from '../repositories/index-key-grants.js';
import { insertMember } from '../repositories/members.js';
import { insertRosterEntry, loadRoster } from '../repositories/roster-entries.js';
import { deleteUnusedSetupTokens } from '../repositories/setup-tokens.js';
import { findTeamBySlug, insertTeam, teamSlugOrIdTaken, teamSummary } from '../repositories/teams.js';
import { checkRosterAppend } from '../verify.js';
import { memberColumns } from './credentials.js';
import { checkFoundingGrant } from './index-keys.js';

export interface CreateTeamInput {
  team: NewTeam;
  genesis: RosterRowWire;
  admin: MemberCredentials;
  /** The founding admin's grant of the team's first index key: epoch 1, signed by them. */
  indexKeyGrant: IndexKeyGrant;
  /**
   * Spends what allowed the creation (the set-up link), inside the team's transaction: throws to
   * refuse, and a team that is not made leaves it unspent, with nothing to give back.
   */
  spend?: (tx: Db) => Promise<void>;
}

export async function createTeam(
  db: Database,
  input: CreateTeamInput,
): Promise<{ teamId: string; fingerprint: string }> {
  const { team, genesis, admin } = input;
  const member = genesis.entry.member;
  if (genesis.entry.team !== team.id || member.id !== admin.id || member.name !== admin.name) {
    throw badRequest(
      'genesis_mismatch',
      'The genesis roster entry must name this team and its founding admin',
    );
  }
  if (member.enc_pk !== admin.enc_pk || member.sign_pk !== admin.sign_pk) {
    throw badRequest('genesis_mismatch', "The genesis roster entry must carry the founding admin's keys");
  }
  const { fingerprint } = await checkRosterAppend([], genesis, team.id);
  // the team's first index key comes signed by its founder, or not at all.
  const grant = checkFoundingGrant(input.indexKeyGrant, {
    teamId: team.id,
    adminId: admin.id,
    signPublicKey: admin.sign_pk,
  });

  try {
    return await db.transaction().execute(async (tx) => {
      if (await teamSlugOrIdTaken(tx, team.slug, team.id))
        throw conflict('slug_taken', `A team with the address "${team.slug}" already exists`);
      await insertTeam(tx, {
        id: team.id,
        slug: team.slug,
        name: team.name,
        description: team.description,
        handles_life_threats: team.handles_life_threats ?? false,
        handles_child_safety: team.handles_child_safety ?? false,
        first_response_hours: team.first_response_hours ?? 72,
        community: team.community ?? null,
        index_epoch: grant.epoch,
      });
      await insertMember(tx, {
        ...memberColumns(admin),
        team_id: team.id,
        role: 'admin',
        status: 'active',
      });
      await upsertIndexKeyGrants(tx, team.id, [grant]);
      await insertRosterEntry(tx, team.id, {
        entry: genesis.entry,
        sig: fromB64(genesis.sig),
        hash: fromB64(genesis.hash),
      });
      // Spent after the team's rows, as deleteUnusedSetupTokens below locks links after them too:
      // a set-up and a command line creating teams at once take their locks in the same order.
      await input.spend?.(tx);
      // However this team was made, no link printed earlier can add another one.
      await deleteUnusedSetupTokens(tx);
      await recordAudit(tx, {
        teamId: team.id,
        memberId: admin.id,
        action: 'team.created',
        details: { slug: team.slug },
      });
      return { teamId: team.id, fingerprint };
    });
  } catch (error) {
    // Two set-ups racing for one address, or ids that already exist.
    if (isUniqueViolation(error))
      throw conflict('team_exists', 'A team or member with this address or id already exists');
    throw error;
  }
}

/**
 * A team's public page: its description, its signed roster and the fingerprint of its genesis.
 * Served even when the team's genesis is not its pin: the roster is public, browsers compare
 * it with the pin themselves and say so, and the team console can show both fingerprints.
 */
export async function publicTeam(db: Db, slug: string): Promise<TeamDetail> {
  const team = await findTeamBySlug(db, slug);
  if (!team) throw notFound('There is no team at that address');
  const roster = await loadRoster(db, team.id);
  const genesis = roster[0];
  if (!genesis) throw notFound('That team is not set up yet');
  return {
    ...teamSummary(team),
    fingerprint: Buffer.from(genesis.hash, 'base64url').toString('hex'),
    roster,
  };
}
