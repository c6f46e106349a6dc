/**
 * Faults (a): PostgreSQL crashes — an immediate shutdown, every backend killed at once with no
 * checkpoint, as when the database host dies or a failover happens — and comes back on the same
 * address, while clients submit reports, answer through their receipts and upload files to a
 * server process that keeps running throughout.
 *
 * Eight clients keep the load on. It runs in phases that each end once a few hundred writes
 * have been acknowledged (CONFIDE_FAULT_PHASE_WRITES, default 200), and the database crashes
 * five times between them: once with an upload held half-way; once staying away until many
 * requests have been turned away; twice in a row, the second as soon as one write succeeded
 * after the first (a database that flaps, while the server's pool is still reconnecting); and
 * once wherever the load happens to be.
 *
 * What must hold: every write a client was told succeeded survives every crash; while the
 * database is away the server answers every request with a retryable 503 in the error shape
 * (never a 500, never a hang); an upload caught half-way is never usable; and once the database
 * is back the same server process serves writes again on its own, without a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorShapeProblem,
  faultPhaseWrites,
  holdOneUploadHalfWay,
  LoadDriver,
  listedCaseIds,
  lostWrites,
  retryableProblem,
  serverErrors,
  startFaultRig,
  usableCutOffFiles,
  WRITE_STEPS,
  type FaultRig,
  type FollowUp,
} from '../helpers/load-driver.js';
import { signInFast } from '../helpers/protocol/sessions.js';
import { Agent, fetchTransport } from '../helpers/protocol/transport.js';

/** A guard, far above the ~1 min a run takes: every wait inside has its own deadline. */
const FAULT_TEST_TIMEOUT_MS = 600_000;
const WORKERS = 8;
const PHASE_WRITES = faultPhaseWrites();

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
      const driver = new LoadDriver({ baseUrl: server.url, slug: rig.team.slug, workers: WORKERS });
      const serverOutput = () => `\n${server.output().slice(-3000)}`;
      const crashes: number[] = [];
      /**
       * Crashes the database, waits until `turnedAway` requests have failed, starts it again and
       * (unless `recovered` is false) waits until every kind of write succeeds again.
       */
      const crashAndRestart = async (turnedAway: number, what: string, recovered = true): Promise<number> => {
        await rig.postgres.crash();
        const crashedAt = Date.now();
        crashes.push(crashedAt);
        await driver.untilTurnedAway(crashedAt, turnedAway, `clients to be turned away (${what})`);
        await rig.postgres.start();
        const restartedAt = Date.now();
        if (!recovered) return restartedAt;
        await driver.untilEveryWriteSucceedsSince(
          restartedAt,
          `every kind of write to succeed again, from the same server process (${what})`,
          serverOutput,
        );
        expect(server.hasExited()).toBe(false);
        return restartedAt;
      };

      await driver.start();
      try {
        await driver.untilEveryKindAcknowledged();
        await driver.runPhase('before the first crash', PHASE_WRITES, { detail: serverOutput });

        // 1. An upload certainly half-way when the database goes.
        const { held, heldId } = await holdOneUploadHalfWay(rig, driver);
        await rig.postgres.crash();
        const crashedAt = Date.now();
        crashes.push(crashedAt);
        await driver.untilTurnedAway(crashedAt, 8, 'clients to be turned away while the database is down');
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
        await driver.untilEveryWriteSucceedsSince(
          restartedAt,
          'every kind of write to succeed again, from the same server process',
          serverOutput,
        );
        expect(server.hasExited()).toBe(false);
        expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
        await driver.runPhase('after crash 1 (an upload held half-way)', PHASE_WRITES, {
          since: restartedAt,
          detail: serverOutput,
        });

        // 2. The database stays away until many requests have been turned away.
        const second = await crashAndRestart(8 * WORKERS, 'a long outage');
        await driver.runPhase('after crash 2 (a long outage)', PHASE_WRITES, {
          since: second,
          detail: serverOutput,
        });

        // 3. It flaps: crashes, comes back, and crashes again as soon as one write went through,
        //    while the server's pool is still reconnecting.
        const flapStart = await crashAndRestart(WORKERS, 'before a flap', false);
        await driver.runPhase('between the flaps', 1, { since: flapStart, detail: serverOutput });
        const third = await crashAndRestart(WORKERS, 'a flap');
        await driver.runPhase('after crash 3 (a flap)', PHASE_WRITES, { since: third, detail: serverOutput });

        // 4. Once more wherever the load happens to be.
        const fourth = await crashAndRestart(WORKERS, 'wherever the load is');
        await driver.runPhase('after crash 4', PHASE_WRITES, { since: fourth, detail: serverOutput });
        expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
        await driver.stop();
        console.log(`faults-postgres-restart load:\n${driver.summary()}`);

        expect(driver.violations, `${driver.summary()}\n${serverErrors(server)}`).toEqual([]);
        // The load was real: hundreds of acknowledged writes of every kind, across the crashes.
        const fullPhases = driver.phases.filter((p) => p.label !== 'between the flaps');
        expect(fullPhases).toHaveLength(5);
        for (const phase of fullPhases) expect(phase.acknowledged).toBeGreaterThanOrEqual(PHASE_WRITES);
        expect(driver.acknowledgedWrites()).toBeGreaterThanOrEqual(5 * PHASE_WRITES);
        for (const step of WRITE_STEPS) {
          expect(driver.count(step, 'ack'), step).toBeGreaterThanOrEqual(Math.floor((5 * PHASE_WRITES) / 8));
        }
        // Database trouble is a 503 that says so, after every crash; and the server itself never
        // went away, so no connection was refused. (A connection may still be cut: a kept-alive
        // connection the server closes as idle just as a client sends on it, or a 503 sent before
        // an upload's body is all in. The client cannot know whether such a request was done, and
        // retries.)
        expect(crashes).toHaveLength(5);
        crashes.forEach((at, i) => {
          const until = crashes[i + 1] ?? Infinity;
          const retried = driver.events.filter(
            (e) => e.outcome === 'retryable' && e.at >= at && e.at < until,
          );
          expect(retried.length, `503s after crash ${i + 1}`).toBeGreaterThan(0);
        });
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
