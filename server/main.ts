/**
 * The entry point: read the configuration, open the database (starting the embedded one when
 * no DATABASE_URL is set), serve, and shut down cleanly on SIGTERM/SIGINT — in-flight requests
 * finish, the pool closes, the embedded PostgreSQL stops (no orphan processes).
 */
import { loadConfig, ConfigError, type AppConfig } from './config.js';
import { openDatabase, type OpenDatabase } from './db/database.js';
import { buildApp, type App } from './app.js';
import { createSetupLink, hasAnyTeam } from './services/setup-link.js';
import { startMaintenance } from './jobs.js';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let config: AppConfig;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}

const say = (message: string): void => {
  // Start-up messages go to stderr as plain lines for the operator, not as JSON log records.
  process.stderr.write(`confide: ${message}\n`);
};

let database: OpenDatabase;
try {
  database = await openDatabase(config, say);
} catch (error) {
  fail(`confide: could not open the database: ${error instanceof Error ? error.message : String(error)}`);
}

let app: App;
try {
  app = await buildApp({ config, db: database.db });
  await app.listen({ host: config.host, port: config.port });
} catch (error) {
  await database.close();
  fail(`confide: could not start: ${error instanceof Error ? error.message : String(error)}`);
}

const stopMaintenance = startMaintenance(database.db, app.log);

const address = app.server.address();
const port = typeof address === 'object' && address !== null ? address.port : config.port;
// With PORT=0 the port is chosen at listen time: the default address must name that one.
const publicUrl = new URL(config.publicUrl);
if (config.publicUrlFollowsPort) publicUrl.port = String(port);

// First start: no team yet, so print a one-time link for the founding admin.
if (!(await hasAnyTeam(database.db))) {
  const link = await createSetupLink(database.db, publicUrl, config.setupLinkHours);
  say(
    `no team is set up yet. Open this one-time link to create the first team (valid for ${config.setupLinkHours} hours; \`npm run confide -- setup-link\` makes a new one):\n\n    ${link}\n`,
  );
}

say(`listening on http://${config.host}:${port} (${database.kind} database); people use ${publicUrl.href}`);

let shutdownStartedAt: number | undefined;
async function shutdown(signal: string): Promise<void> {
  if (shutdownStartedAt !== undefined) {
    // A process manager and a terminal may both deliver the same stop; only a later,
    // deliberate second signal means "stop waiting".
    if (Date.now() - shutdownStartedAt < 2000) return;
    say(`${signal} again: exiting now`);
    process.exit(1);
  }
  shutdownStartedAt = Date.now();
  say(`${signal} received: finishing requests and stopping`);
  try {
    stopMaintenance();
    await app.close();
    await database.close();
    say('stopped');
    process.exit(0);
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
