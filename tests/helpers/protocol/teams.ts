/**
 * Making a team: the founding admin's device composes it (genesis, index key, credentials),
 * then the server hears of it the way the command line does (the `createTeam` service, straight
 * into the database) or the way the browser does (POST /api/setup with a one-time token).
 *
 * The only server imports of the protocol helpers are here: the two ways of creating a team
 * without a browser that the deployment itself offers (the `createTeam` service the command
 * line uses, and `createSetupLink` for a set-up token), and the database type.
 */
import type { Kysely } from 'kysely';
import {
  buildRosterEntry,
  formatProtocolTime,
  foundTeam,
  generateId,
  generateIndexKey,
  randomBytes,
  ready,
  rosterMember,
  signIndexKeyGrant,
  signRosterEntry,
  toHex,
  verifyRoster,
  type IndexKey,
  type KdfParams,
  type RosterRow,
  type SignedIndexKeyGrant,
} from '../../../crypto/index.js';
import type { DB } from '../../../server/db/schema.js';
import { createSetupLink } from '../../../server/services/setup-link.js';
import { createTeam } from '../../../server/services/teams.js';
import { cheapKdf, enrolIdentity, identityFrom, type MemberIdentity } from './identities.js';
import { expectReply, type Agent } from './transport.js';

export interface TeamOptions {
  slug?: string;
  name?: string;
  description?: string;
  adminName?: string;
  /** The founder's passphrase; without one the founder is enrolled without Argon2id. */
  passphrase?: string;
  kdf?: KdfParams;
}

export interface CreatedTeam {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  /** Lowercase hex of the genesis hash. */
  readonly fingerprint: string;
  readonly admin: MemberIdentity;
  readonly indexKey: IndexKey;
  readonly genesis: RosterRow;
}

export function randomSlug(prefix = 'team'): string {
  return `${prefix}-${toHex(randomBytes(4))}`;
}

/** What the founding admin's device makes before the server hears of the team. */
export interface LocalTeam {
  readonly team: { id: string; slug: string; name: string; description: string };
  readonly admin: MemberIdentity;
  readonly genesis: RosterRow;
  readonly indexKey: IndexKey;
  /** The founder's grant of the index key at epoch 1, signed by them. */
  readonly indexKeyGrant: SignedIndexKeyGrant;
}

/**
 * The founding admin's device makes the team: with a passphrase through the crypto module's
 * foundTeam (as the CLI and the browser do), otherwise the same genesis, index key and
 * credentials composed without Argon2id.
 */
export function foundTeamLocally(options: TeamOptions = {}): LocalTeam {
  const team = {
    id: generateId(),
    slug: options.slug ?? randomSlug(),
    name: options.name ?? 'Test Stewards',
    description: options.description ?? 'A team made by a test',
  };
  const adminName = options.adminName ?? 'Ana';
  if (options.passphrase !== undefined) {
    const founded = foundTeam({
      team: team.id,
      adminName,
      passphrase: options.passphrase,
      kdf: options.kdf ?? cheapKdf(),
      recoveryKdf: cheapKdf(),
    });
    return {
      team,
      admin: identityFrom(founded.admin, team.id, options.passphrase),
      genesis: founded.genesis,
      indexKey: founded.indexKey,
      indexKeyGrant: founded.indexKeyGrant,
    };
  }
  const admin = enrolIdentity({ team: team.id, name: adminName });
  const member = rosterMember({
    id: admin.id,
    name: adminName,
    role: 'admin',
    encPublicKey: admin.keys.enc.publicKey,
    signPublicKey: admin.keys.sign.publicKey,
  });
  const entry = buildRosterEntry(undefined, {
    team: team.id,
    at: formatProtocolTime(new Date()),
    op: 'genesis',
    member,
    by: member.id,
  });
  const indexKey = generateIndexKey();
  return {
    team,
    admin,
    genesis: signRosterEntry(entry, admin.keys.sign.secretKey),
    indexKey,
    indexKeyGrant: signIndexKeyGrant(
      indexKey,
      { team: team.id, member: admin.id, encPublicKey: admin.keys.enc.publicKey },
      { id: admin.id, signSecretKey: admin.keys.sign.secretKey },
      1,
    ),
  };
}

function createdTeam(local: LocalTeam, fingerprint: string): CreatedTeam {
  return {
    id: local.team.id,
    slug: local.team.slug,
    name: local.team.name,
    fingerprint,
    admin: local.admin,
    indexKey: local.indexKey,
    genesis: local.genesis,
  };
}

/** Creates a team the way the command line does: the createTeam service, straight into the database. */
export async function createTeamWithService(db: Kysely<DB>, options: TeamOptions = {}): Promise<CreatedTeam> {
  await ready();
  const local = foundTeamLocally(options);
  const { fingerprint } = await createTeam(db, {
    team: local.team,
    genesis: local.genesis,
    admin: local.admin.credentials,
    indexKeyGrant: local.indexKeyGrant,
  });
  return createdTeam(local, fingerprint);
}

/** A one-time set-up token, as the server prints it on first start (the URL fragment). */
export async function newSetupToken(
  db: Kysely<DB>,
  publicUrl = new URL('http://127.0.0.1:3000'),
): Promise<string> {
  const link = await createSetupLink(db, publicUrl, 24);
  return new URL(link).hash.slice(1);
}

/** The body of POST /api/setup for a team made on this device. */
export function setupRequestBody(token: string, local: LocalTeam) {
  return {
    token,
    team: local.team,
    genesis: local.genesis,
    admin: local.admin.credentials,
    index_key_grant: local.indexKeyGrant,
  };
}

/** Creates a team the way the browser does: POST /api/setup with a one-time token. */
export async function createTeamWithSetupLink(
  agent: Agent,
  token: string,
  options: TeamOptions = {},
): Promise<CreatedTeam> {
  await ready();
  const local = foundTeamLocally(options);
  const res = await agent.post('/api/setup', setupRequestBody(token, local));
  const reply = expectReply<{ team: string; slug: string; fingerprint: string }>(res, 201, 'POST /api/setup');
  if (reply.team !== local.team.id || reply.fingerprint !== verifyRoster([local.genesis]).fingerprint) {
    throw new Error('POST /api/setup answered for another team or fingerprint');
  }
  return createdTeam(local, reply.fingerprint);
}
