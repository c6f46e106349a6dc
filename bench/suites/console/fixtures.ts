// Teams with many cases, for the console benchmark: each team made the way the command line
// makes it (a real signed genesis, the admin's real wrapped keys and Argon2id parameters), and
// N reports sealed to the admin the way a reporter's browser seals them, each with its summary
// envelope (docs/protocol.md 9.7). The reports are sealed with sodium-native in worker threads and
// written with binary COPY (bulk-seed.ts): seeding 100,000 through the API and WebAssembly would
// take an hour and measure nothing. A few of them are then opened with the project's own crypto
// (seed-check.ts) before any run.

import { sql, type Kysely } from 'kysely';
import { keyToBase64, type KdfParams } from '../../../crypto/index.js';
import type { DB } from '../../../server/db/schema.js';
import { cheapKdf } from '../../../tests/helpers/protocol/identities.js';
import { createTeamWithService, type CreatedTeam } from '../../../tests/helpers/protocol/teams.js';
import { seedCasesInBulk } from './bulk-seed.js';
import { checkSeededCases } from './seed-check.js';

export const ADMIN_NAME = 'Ana';
export const ADMIN_PASSPHRASE = 'bench violet tractor umbrella 7';

export interface ConsoleFixture {
  readonly team: CreatedTeam;
  readonly cases: number;
  readonly bodyBytes: number;
  /** How long sealing and writing the cases took (ms). */
  readonly seedMs: number;
}

/**
 * Creates the team `slug` (admin ADMIN_NAME) and `count` cases of about `bodyBytes` of JSON each,
 * numbered 1..count from the oldest, one every `spacingMs` up to a minute ago, every 50th urgent.
 */
export async function seedTeam(
  db: Kysely<DB>,
  databaseUrl: string,
  options: {
    readonly slug: string;
    readonly name: string;
    readonly count: number;
    readonly bodyBytes: number;
    /** Seal each report's key to its reporter too, as intake does (the list never reads these). */
    readonly reporterGrants: boolean;
    readonly spacingMs?: number;
    /** The admin's Argon2id parameters; cheap ones unless the sign-in itself is part of the figure. */
    readonly kdf?: KdfParams;
    readonly progress?: (text: string) => void;
  },
): Promise<ConsoleFixture> {
  const team = await createTeamWithService(db, {
    slug: options.slug,
    name: options.name,
    adminName: ADMIN_NAME,
    passphrase: ADMIN_PASSPHRASE,
    kdf: options.kdf ?? cheapKdf(),
  });
  const seedMs = await seedCasesInBulk({
    databaseUrl,
    team,
    count: options.count,
    bodyBytes: options.bodyBytes,
    reporterGrants: options.reporterGrants,
    spacingMs: options.spacingMs ?? 90_000,
    progress: options.progress,
  });
  await checkSeededCases(db, team, options.count);
  return { team, cases: options.count, bodyBytes: options.bodyBytes, seedMs };
}

/**
 * Statistics, as autovacuum keeps them on a database that has been in use: without them the
 * planner guesses a handful of rows and hashes the whole team's cases for every page.
 */
export async function analyzeDatabase(db: Kysely<DB>): Promise<void> {
  await sql`analyze`.execute(db);
}

/** The admin's X25519 key pair as base64url, for the Node reference run. */
export function adminBoxKeys(team: CreatedTeam): { publicKey: Buffer; secretKey: Buffer } {
  return {
    publicKey: Buffer.from(keyToBase64(team.admin.keys.enc.publicKey), 'base64url'),
    secretKey: Buffer.from(keyToBase64(team.admin.keys.enc.secretKey), 'base64url'),
  };
}
