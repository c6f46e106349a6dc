/**
 * The command line: `npm run confide -- <command>`.
 *
 *   team create --slug S --name "N" --admin A [--description D] [--json]
 *       Creates a team and its founding admin without a browser. The passphrase comes from
 *       CONFIDE_PASSPHRASE, or is asked for on a terminal. Prints the team id, the team
 *       fingerprint and the admin's recovery code (shown once).
 *   setup-link
 *       Prints a new one-time set-up link for creating a team in the browser.
 *   data remove [--orphans | --cluster PATH] [--yes]
 *       Deletes a deployment's embedded data wherever it lives, or clusters whose data directory
 *       is gone (server/cli/data-remove.ts), after asking.
 *   purge
 *       Runs the retention purge now (services/retention.ts), rather than waiting for a server's
 *       next maintenance run, and prints how many cases' details it deleted.
 *   backup FILE / restore FILE
 *       Writes every table to an encrypted backup file, or loads one into a new, empty
 *       database (server/cli/backup.ts). The passphrase comes from CONFIDE_BACKUP_PASSPHRASE,
 *       or is asked for on a terminal.
 *
 * Uses the database that DATABASE_URL names, or the embedded one in CONFIDE_DATA_DIR (the
 * same one `npm start` uses; stop the server first, as two processes cannot share it: the
 * commands refuse while a server runs on it).
 */
import { parseArgs } from 'node:util';
import { Check } from 'typebox/value';
import { Community } from '#contract/teams';
import { foundTeam, formatFingerprint, generateId, ready } from '../../crypto/index.js';
import { loadConfig, type AppConfig } from '../config.js';
import { assertEmbeddedNotInUse } from '../db/cluster-registry.js';
import { openDatabase, type OpenDatabase } from '../db/database.js';
import { createTeam } from '../services/teams.js';
import { purgeDueCases, PURGE_BATCH } from '../services/retention.js';
import { createSetupLink } from '../services/setup-link.js';
import { readPassphrase } from './passphrase.js';
import { BACKUP_USAGE, backupCommand, restoreCommand } from './backup.js';
import { DATA_REMOVE_USAGE, dataRemove } from './data-remove.js';

const USAGE = `Usage:
  npm run confide -- team create --slug SLUG --name "NAME" --admin ADMIN_NAME [--description TEXT]
                                 [--community LABEL] [--json]
  npm run confide -- setup-link
  npm run confide -- purge
  ${BACKUP_USAGE}
  ${DATA_REMOVE_USAGE}`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  if (command === 'team' && sub === 'create') return teamCreate(rest);
  if (command === 'setup-link') return setupLink();
  if (command === 'purge') {
    if (sub !== undefined) throw new UsageError('purge takes no arguments');
    return purge();
  }
  if (command === 'backup' || command === 'restore') {
    if (sub === undefined || sub.startsWith('-') || rest.length > 0)
      throw new UsageError(`${command} needs one FILE`);
    return command === 'backup' ? backupCommand(sub) : restoreCommand(sub);
  }
  if (command === 'data' && sub === 'remove') {
    const { dataDir, databaseUrl } = loadConfig();
    const context = { dataDir, databaseUrl, input: process.stdin, out: process.stdout, err: process.stderr };
    process.exitCode = await dataRemove(rest, context);
    return;
  }
  throw new UsageError(
    command ? `Unknown command "${[command, sub].filter(Boolean).join(' ')}"` : 'No command given',
  );
}

/** The deployment's database; the embedded one only while no server is running on it. */
function openCliDatabase(config: AppConfig, what: string): Promise<OpenDatabase> {
  if (config.databaseUrl === undefined) assertEmbeddedNotInUse(config.dataDir, what);
  return openDatabase(config, (message) => process.stderr.write(`confide: ${message}\n`));
}

async function teamCreate(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      slug: { type: 'string' },
      name: { type: 'string' },
      admin: { type: 'string' },
      description: { type: 'string', default: '' },
      community: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const { slug, name, admin } = values;
  if (!slug || !name || !admin) throw new UsageError('team create needs --slug, --name and --admin');
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(slug)) {
    throw new UsageError(
      '--slug must be 2 to 63 lowercase letters, digits or hyphens, starting with a letter or digit',
    );
  }
  // The label reporters see beside the team (e.g. en.wikipedia), as the team settings take it.
  const community = values.community?.trim().toLowerCase();
  if (community !== undefined && !Check(Community, community)) {
    throw new UsageError(
      '--community must be 1 to 64 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit (e.g. en.wikipedia)',
    );
  }
  const passphrase = await readPassphrase('CONFIDE_PASSPHRASE', `Passphrase for ${admin}: `);
  if (passphrase.length < 12) throw new UsageError('The passphrase must have at least 12 characters');

  await ready();
  const teamId = generateId();
  const founded = foundTeam({ team: teamId, adminName: admin, passphrase });
  const config = loadConfig();
  const database = await openCliDatabase(config, 'team create');
  try {
    const { fingerprint } = await createTeam(database.db, {
      team: { id: teamId, slug, name, description: values.description, community: community ?? null },
      genesis: founded.genesis,
      admin: founded.admin.credentials,
      indexKeyGrant: founded.indexKeyGrant,
    });
    const result = { team: teamId, fingerprint, recovery_code: founded.admin.recoveryCode };
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      process.stdout.write(
        [
          `Team "${name}" created (${slug}, id ${teamId}).`,
          `Team fingerprint: ${formatFingerprint(fingerprint)}`,
          `Recovery code for ${admin}: ${founded.admin.recoveryCode}`,
          'Write the recovery code down now: it is shown only once and cannot be recovered.',
          '',
        ].join('\n'),
      );
    }
  } finally {
    await database.close();
  }
}

async function setupLink(): Promise<void> {
  const config = loadConfig();
  const database = await openCliDatabase(config, 'a new set-up link');
  try {
    process.stdout.write(`${await createSetupLink(database.db, config.publicUrl, config.setupLinkHours)}\n`);
  } finally {
    await database.close();
  }
}

/** Every case due now, batch after batch, until a batch comes back short. */
async function purge(): Promise<void> {
  const config = loadConfig();
  const database = await openCliDatabase(config, 'purge');
  try {
    let total = 0;
    for (;;) {
      const purged = await purgeDueCases(database.db, { limit: PURGE_BATCH });
      total += purged;
      if (purged < PURGE_BATCH) break;
    }
    process.stdout.write(`Purged ${total} ${total === 1 ? 'case' : 'cases'}.\n`);
  } finally {
    await database.close();
  }
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  if (
    error instanceof UsageError ||
    (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
  ) {
    process.stderr.write(`confide: ${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`confide: ${message}\n`);
  process.exit(1);
}
