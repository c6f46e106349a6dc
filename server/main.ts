/**
 * The entry point: read the configuration, open the database (starting the embedded one when
 * no DATABASE_URL is set), serve, and shut down cleanly on SIGTERM/SIGINT — in-flight requests
 * finish within CONFIDE_SHUTDOWN_GRACE_SECONDS (then their connections are closed), the pool
 * closes, the embedded PostgreSQL stops (no orphan processes).
 *
 * The signal handlers are installed before anything starts: a stop that arrives while the
 * embedded PostgreSQL is still starting waits for it to be up, then stops it, instead of
 * killing this process and leaving PostgreSQL (in a process group of its own) running.
 */
import { loadConfig, ConfigError, type AppConfig } from './config.js';
import { openDatabase, type OpenDatabase } from './db/database.js';
import { buildApp, closeWithGrace, type App } from './app.js';
import { hasAnyTeam } from './repositories/teams.js';
import { createSetupLink } from './services/setup-link.js';
import { startMaintenance } from './jobs.js';
import { startNotificationWorker, type NotificationWorker } from './notifications/worker.js';

const say = (message: string): void => {
  // Start-up messages go to stderr as plain lines for the operator, not as JSON log records.
  process.stderr.write(`confide: ${message}\n`);
};

/** What is running so far, so a stop at any point stops exactly that. */
const running: {
  database?: OpenDatabase;
  app?: App;
  stopMaintenance?: () => void;
  notifications?: NotificationWorker;
  /** CONFIDE_SHUTDOWN_GRACE_SECONDS, once the configuration is read. */
  graceSeconds?: number;
} = {};
let stopSignal: string | undefined;
let stopStartedAt = 0;
/** True once start-up is over: from then on a stop is carried out at once. */
let started = false;

async function shutdown(): Promise<void> {
  const graceSeconds = running.graceSeconds ?? 0;
  say(`${stopSignal ?? 'stop'} received: finishing requests (for up to ${graceSeconds} s) and stopping`);
  try {
    running.stopMaintenance?.();
    // No new connection from now on. Requests still running after the grace period are cut off:
    // a client trickling an upload forever must not keep this process, and the embedded
    // PostgreSQL, running. The grace period runs from the signal, as a process manager's own
    // deadline does.
    const { app } = running;
    const closing = app
      ? closeWithGrace(app, Math.max(0, stopStartedAt + graceSeconds * 1000 - Date.now()), () =>
          say(`requests still running after ${graceSeconds} s: closing their connections`),
        )
      : Promise.resolve();
    // Meanwhile deliveries in progress finish (each has a short timeout); undelivered rows stay
    // in the outbox for the next start or another process.
    await running.notifications?.stop();
    await closing;
    // The database last: the requests and the deliveries above needed it.
    await running.database?.close();
    say('stopped');
    process.exit(0);
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
}

/** Deliberate signals after the first: the second stops waiting for requests, a third exits. */
let hurried = 0;

function onSignal(signal: string): void {
  if (stopSignal !== undefined) {
    // A process manager and a terminal may both deliver the same stop; only a later,
    // deliberate second signal means "stop waiting".
    if (Date.now() - stopStartedAt < 2000) return;
    hurried += 1;
    if (hurried === 1 && running.app) {
      // Requests are cut off now, but the embedded PostgreSQL is still stopped before exiting:
      // exiting here would leave it running.
      say(`${signal} again: closing every connection now`);
      running.app.server.closeAllConnections();
      return;
    }
    say(`${signal} again: exiting now`);
    process.exit(1);
  }
  stopSignal = signal;
  stopStartedAt = Date.now();
  if (started) void shutdown();
  else say(`${signal} received while starting: stopping as soon as the database is up`);
}
process.on('SIGTERM', () => onSignal('SIGTERM'));
process.on('SIGINT', () => onSignal('SIGINT'));

/** Ends start-up early when a stop arrived during the step that just finished. */
async function stopIfAsked(): Promise<void> {
  if (stopSignal !== undefined) await shutdown();
}

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
running.graceSeconds = config.shutdownGraceSeconds;

try {
  running.database = await openDatabase(config, say);
} catch (error) {
  fail(`confide: could not open the database: ${error instanceof Error ? error.message : String(error)}`);
}
const database = running.database;
await stopIfAsked();

let app: App;
try {
  app = running.app = await buildApp({ config, db: database.db });
  await app.listen({ host: config.host, port: config.port });
} catch (error) {
  await database.close();
  fail(`confide: could not start: ${error instanceof Error ? error.message : String(error)}`);
}
await stopIfAsked();

running.stopMaintenance = startMaintenance(database.db, app.log);
running.notifications = startNotificationWorker({ db: database.db, config, log: app.log });

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
started = true;
await stopIfAsked();
