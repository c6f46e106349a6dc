/**
 * The real application again, on a test app's database, with CONFIDE_TEAM_FINGERPRINTS set.
 *
 * A pin names a fingerprint that exists only once its team does, and the configuration is read
 * once at start: so a test makes its teams with `buildTestApp` / `startAppServer` first, then
 * starts this second app on the same database, as an operator restarts with the pins set.
 */
import { Writable } from 'node:stream';
import { buildApp, type App } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import type { TestApp } from './app-server.js';

export interface PinnedApp {
  app: App;
  /** Every log line this app wrote, raw (its start-up check included). */
  logs: string[];
  /** Set by `listen`. */
  url: string;
  listen(): Promise<string>;
  /** Closes this app only; the base test app owns the database. */
  close(): Promise<void>;
}

export async function buildPinnedApp(base: TestApp, pins: string): Promise<PinnedApp> {
  const teamFingerprints = loadConfig({ CONFIDE_TEAM_FINGERPRINTS: pins }).teamFingerprints;
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const app = await buildApp({ config: { ...base.config, teamFingerprints }, db: base.db, logStream });
  const pinned: PinnedApp = {
    app,
    logs,
    url: '',
    async listen() {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const address = app.server.address();
      if (address === null || typeof address === 'string') throw new Error('server did not bind a TCP port');
      pinned.url = `http://127.0.0.1:${address.port}`;
      return pinned.url;
    },
    close: () => app.close(),
  };
  return pinned;
}
