/**
 * Creating a team with its founding admin: used by the browser set-up (POST /api/setup) and by
 * the command line (`npm run confide -- team create`). The genesis roster entry is verified
 * here too, so the server never stores a chain that clients would reject.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { conflict, badRequest } from '../errors.js';
import type { MemberCredentials } from '#contract/members';
import type { NewTeam, RosterRowWire } from '#contract/teams';
import { checkRosterAppend } from '../verify.js';
import { fromB64 } from '../wire.js';
import { recordAudit } from '../repositories/audit.js';
import { isUniqueViolation } from '../db/database-errors.js';
import { dropUnusedSetupLinks } from './setup-link.js';
import { verifierFor } from './credentials.js';

export interface CreateTeamInput {
  team: NewTeam;
  genesis: RosterRowWire;
  admin: MemberCredentials;
  indexKeyGrant: string;
}

export async function createTeam(
  db: Kysely<DB>,
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

  try {
    return await db.transaction().execute(async (tx) => {
      const taken = await tx
        .selectFrom('teams')
        .select('id')
        .where((eb) => eb.or([eb('slug', '=', team.slug), eb('id', '=', team.id)]))
        .executeTakeFirst();
      if (taken) throw conflict('slug_taken', `A team with the address "${team.slug}" already exists`);
      await tx
        .insertInto('teams')
        .values({
          id: team.id,
          slug: team.slug,
          name: team.name,
          description: team.description,
          handles_life_threats: team.handles_life_threats ?? false,
          handles_child_safety: team.handles_child_safety ?? false,
          first_response_hours: team.first_response_hours ?? 72,
        })
        .execute();
      await tx
        .insertInto('members')
        .values({
          ...memberColumns(admin),
          team_id: team.id,
          role: 'admin',
          status: 'active',
          index_key_grant: fromB64(input.indexKeyGrant),
        })
        .execute();
      await tx
        .insertInto('roster_entries')
        .values({
          team_id: team.id,
          seq: 0,
          entry: JSON.stringify(genesis.entry),
          sig: fromB64(genesis.sig),
          hash: fromB64(genesis.hash),
        })
        .execute();
      // However this team was made, no link printed earlier can add another one.
      await dropUnusedSetupLinks(tx);
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

/** The columns every new member row gets from what their browser made. */
export function memberColumns(credentials: MemberCredentials) {
  return {
    id: credentials.id,
    name: credentials.name,
    enc_pk: fromB64(credentials.enc_pk),
    sign_pk: fromB64(credentials.sign_pk),
    kdf: JSON.stringify(credentials.kdf),
    verifier: verifierFor(credentials.auth),
    key_bundle: JSON.stringify(credentials.keys),
    recovery_bundle: credentials.recovery ? JSON.stringify(credentials.recovery.keys) : null,
    recovery_kdf: credentials.recovery ? JSON.stringify(credentials.recovery.kdf) : null,
  };
}
