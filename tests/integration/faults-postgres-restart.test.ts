/**
 * Faults (a): PostgreSQL crashes — an immediate shutdown, every backend killed at once with no
 * checkpoint, as when the database host dies or a failover happens — and comes back on the same
 * address, while clients submit reports, answer through their receipts and upload files to a
 * server process that keeps running throughout.
 *
 * What must hold: every write a client was told succeeded survives the crash; while the
 * database is away the server answers every request with a retryable 503 in the error shape
 * (never a 500, never a hang); an upload caught half-way is never usable; and once the database
 * is back the same server process serves writes again on its own, without a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorShapeProblem,
  holdOneUploadHalfWay,
  LoadDriver,
  listedCaseIds,
  lostWrites,
  retryableProblem,
  serverErrors,
  startFaultRig,
  usableCutOffFiles,
  type FaultRig,
  type FollowUp,
} from '../helpers/load-driver.js';
import { signInFast } from '../helpers/protocol/sessions.js';
import { Agent, fetchTransport } from '../helpers/protocol/transport.js';

/** Generous: every wait inside has its own deadline, and a loaded machine is slow, not wrong. */
const FAULT_TEST_TIMEOUT_MS = 300_000;

let started: FaultRig | undefined;
beforeAll(async () => {
  started = await startFaultRig('pgcrash');
});
afterAll(async () => {
  // Undefined when beforeAll failed: its own error is the one worth reading.
  await started?.close();
});

describe('PostgreSQL crashing and coming back under load', () => {
  it(
    'loses no acknowledged write, answers 503 while it is away, and recovers without a server restart',
    async () => {
      const rig = started!;
      const server = rig.server;
      const driver = new LoadDriver({ baseUrl: server.url, slug: rig.team.slug, workers: 4 });
      await driver.start();
      try {
        await driver.untilEveryKindAcknowledged();

        // An upload certainly half-way when the database goes.
        const { held, heldId } = await holdOneUploadHalfWay(rig, driver);

        await rig.postgres.crash();
        const crashedAt = Date.now();
        await driver.untilTurnedAway(crashedAt, 6, 'clients to be turned away while the database is down');
        // The health check says so too, in the error shape.
        const health = await fetch(`${server.url}/api/health`);
        const healthText = await health.text();
        expect(health.status, healthText).toBe(503);
        expect(errorShapeProblem(healthText)).toBeUndefined();
        // The rest of the held upload arrives while the database is away: the file cannot be
        // completed, and the client must hear "try again", not "done".
        held.finish();
        const heldOutcome = await held.result;
        let followUp: Promise<FollowUp> | undefined;
        if (heldOutcome.kind === 'reply') {
          expect(
            retryableProblem(heldOutcome.status, heldOutcome.headers, heldOutcome.text),
            `the held upload got ${heldOutcome.status} ${heldOutcome.text}`,
          ).toBeUndefined();
          // The server answered before reading the whole body. It must then read the rest and
          // answer the next request on the connection, or close the connection: left open and
          // deaf, it strands the client's next request until the keep-alive timeout cuts it.
          // Sent now, judged at the end (the answer may take that long to come).
          followUp = held.next('GET', '/api/health');
        }

        await rig.postgres.start();
        const restartedAt = Date.now();
        const serverOutput = () => `\n${server.output().slice(-3000)}`;
        await driver.untilEveryWriteSucceedsSince(
          restartedAt,
          'every kind of write to succeed again, from the same server process',
          serverOutput,
        );
        expect(server.hasExited()).toBe(false);
        expect((await fetch(`${server.url}/api/health`)).status).toBe(200);

        // Once more at whatever moment the load is at, and this time the database stays away
        // until a good number of requests have been turned away.
        await rig.postgres.crash();
        const crashedAgainAt = Date.now();
        await driver.untilTurnedAway(crashedAgainAt, 20, 'clients to be turned away again');
        await rig.postgres.start();
        const restartedAgainAt = Date.now();
        await driver.untilEveryWriteSucceedsSince(
          restartedAgainAt,
          'every kind of write to succeed after the second crash',
          serverOutput,
        );
        expect(server.hasExited()).toBe(false);
        await driver.stop();
        console.log(`faults-postgres-restart load:\n${driver.summary()}`);

        expect(driver.violations, `${driver.summary()}\n${serverErrors(server)}`).toEqual([]);
        // Database trouble is a 503 that says so; and the server itself never went away, so no
        // connection was refused. (A connection may still be cut: a kept-alive connection the
        // server closes as idle just as a client sends on it, or a 503 sent before an upload's
        // body is all in. The client cannot know whether such a request was done, and retries.)
        expect(driver.count('report', 'retryable', crashedAt)).toBeGreaterThan(0);
        expect(
          [...driver.retryCodes.keys()].filter(
            (code) => code !== 'database_unavailable' && code !== 'server_busy',
          ),
        ).toEqual([]);
        expect([...driver.dropCauses.keys()].filter((cause) => cause.includes('ECONNREFUSED'))).toEqual([]);
        expect(await lostWrites(rig.db, driver)).toEqual([]);
        const admin = await signInFast(new Agent(fetchTransport(server.url)), rig.team.slug, rig.team.admin);
        const listed = await listedCaseIds(admin);
        expect([...driver.acked.reports.keys()].filter((id) => !listed.has(id))).toEqual([]);

        // The file caught half-way is not usable, nor is any other file left unfinished.
        const agent = new Agent(fetchTransport(server.url));
        expect(await usableCutOffFiles(rig.db, agent, driver.team, [heldId])).toEqual([]);
        if (followUp) {
          const next = await followUp;
          expect(next.kind, `the next request on the upload's connection: ${JSON.stringify(next)}`).not.toBe(
            'dropped',
          );
        }
      } finally {
        await driver.stop();
      }
    },
    FAULT_TEST_TIMEOUT_MS,
  );
});
