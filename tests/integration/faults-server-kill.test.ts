/**
 * Faults (b): the server process killed outright — SIGKILL, as the OOM killer, a kill -9 or a
 * lost host does it, with no chance to finish anything — while clients submit reports, answer
 * through their receipts and upload files; then started again on the same port and database,
 * as a process manager would, while the clients carry on.
 *
 * Eight clients keep the load on. It runs in phases that each end once a few hundred writes
 * have been acknowledged (CONFIDE_FAULT_PHASE_WRITES, default 200), and the server is killed
 * four times between them: once with an upload held half-way; once wherever the load happens
 * to be; and twice in a row, the second as soon as one write succeeded after the first restart
 * (a server that crashes again while clients are rushing back).
 *
 * What must hold: every write a client was told succeeded is in the database afterwards; every
 * other request got a retryable 5xx in the error shape or a dropped or refused connection; the
 * server started again serves every kind of write; and a file whose upload a kill cut off
 * half-way (its first chunks already stored) is never usable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  faultPhaseWrites,
  holdOneUploadHalfWay,
  LoadDriver,
  listedCaseIds,
  lostWrites,
  serverErrors,
  startFaultRig,
  usableCutOffFiles,
  WRITE_STEPS,
  type FaultRig,
} from '../helpers/load-driver.js';
import { signInFast } from '../helpers/protocol/sessions.js';
import { Agent, fetchTransport } from '../helpers/protocol/transport.js';
import type { ServerProcess } from '../helpers/server-process.js';

/** A guard, far above the ~1 min a run takes: every wait inside has its own deadline. */
const FAULT_TEST_TIMEOUT_MS = 600_000;
const WORKERS = 8;
const PHASE_WRITES = faultPhaseWrites();

let started: FaultRig | undefined;
beforeAll(async () => {
  started = await startFaultRig('kill');
});
afterAll(async () => {
  // Undefined when beforeAll failed: its own error is the one worth reading.
  await started?.close();
});

describe('the server killed outright under load', () => {
  it(
    'loses no acknowledged write, answers only successes or retryable failures, and leaves no cut-off file usable',
    async () => {
      const rig = started!;
      const driver = new LoadDriver({ baseUrl: rig.server.url, slug: rig.team.slug, workers: WORKERS });
      /** Every server process the test ran, for failure messages. */
      const servers: ServerProcess[] = [rig.server];
      const serverOutput = () => `\n${rig.server.output().slice(-3000)}`;
      const kills: number[] = [];
      /** Kills the running server, waits until clients find it gone, and starts it again. */
      const killAndRestart = async (what: string): Promise<number> => {
        const victim = rig.server;
        victim.child.kill('SIGKILL');
        expect((await victim.exited).signal).toBe('SIGKILL');
        const killedAt = Date.now();
        kills.push(killedAt);
        await driver.untilTurnedAway(killedAt, WORKERS, `clients to find the server gone (${what})`);
        servers.push(await rig.restartServer());
        return Date.now();
      };

      await driver.start();
      try {
        await driver.untilEveryKindAcknowledged();
        await driver.runPhase('before the first kill', PHASE_WRITES, { detail: serverOutput });

        // 1. An upload certainly half-way when the process dies.
        const { held, heldId } = await holdOneUploadHalfWay(rig, driver);
        const firstVictim = rig.server;
        firstVictim.child.kill('SIGKILL');
        expect((await firstVictim.exited).signal).toBe('SIGKILL');
        const killedAt = Date.now();
        kills.push(killedAt);
        const heldOutcome = await held.result;
        expect(heldOutcome.kind, JSON.stringify(heldOutcome)).toBe('dropped');
        await driver.untilTurnedAway(killedAt, WORKERS, 'clients to find the server gone');
        servers.push(await rig.restartServer());
        const restartedAt = Date.now();
        await driver.untilEveryWriteSucceedsSince(
          restartedAt,
          'every kind of write to succeed again after the restart',
          serverOutput,
        );
        await driver.runPhase('after kill 1 (an upload held half-way)', PHASE_WRITES, {
          since: restartedAt,
          detail: serverOutput,
        });

        // 2. Wherever the load happens to be, with nothing held: the kill lands among reports,
        //    answers and uploads in every state.
        const second = await killAndRestart('wherever the load is');
        await driver.untilEveryWriteSucceedsSince(
          second,
          'every kind of write to succeed after the second restart',
          serverOutput,
        );
        await driver.runPhase('after kill 2', PHASE_WRITES, { since: second, detail: serverOutput });

        // 3. Killed again as soon as one write went through after the restart: clients rushing
        //    back, the new process's first requests in flight.
        const beforeThird = await killAndRestart('before a second kill in a row');
        await driver.runPhase('between the kills', 1, { since: beforeThird, detail: serverOutput });
        const third = await killAndRestart('right after a restart');
        await driver.untilEveryWriteSucceedsSince(
          third,
          'every kind of write to succeed after two kills in a row',
          serverOutput,
        );
        await driver.runPhase('after kill 3 (twice in a row)', PHASE_WRITES, {
          since: third,
          detail: serverOutput,
        });
        await driver.stop();
        console.log(`faults-server-kill load:\n${driver.summary()}`);

        expect(driver.violations, `${driver.summary()}\n${servers.map(serverErrors).join('\n')}`).toEqual([]);
        // The load was real: hundreds of acknowledged writes of every kind, across the kills.
        const fullPhases = driver.phases.filter((p) => p.label !== 'between the kills');
        expect(fullPhases).toHaveLength(4);
        for (const phase of fullPhases) expect(phase.acknowledged).toBeGreaterThanOrEqual(PHASE_WRITES);
        expect(driver.acknowledgedWrites()).toBeGreaterThanOrEqual(4 * PHASE_WRITES);
        for (const step of WRITE_STEPS) {
          expect(driver.count(step, 'ack'), step).toBeGreaterThanOrEqual(Math.floor((4 * PHASE_WRITES) / 8));
        }
        // Every kill turned clients away, and a process was started after each.
        expect(kills).toHaveLength(4);
        expect(servers).toHaveLength(5);
        expect(await lostWrites(rig.db, driver)).toEqual([]);
        // And through the API: the team sees every acknowledged report.
        const restarted = rig.server;
        const admin = await signInFast(
          new Agent(fetchTransport(restarted.url)),
          rig.team.slug,
          rig.team.admin,
        );
        const listed = await listedCaseIds(admin);
        expect([...driver.acked.reports.keys()].filter((id) => !listed.has(id))).toEqual([]);

        // The file the first kill cut off keeps its stored chunks, but no report can use it; nor
        // any other file a kill left unfinished.
        const agent = new Agent(fetchTransport(restarted.url));
        expect(await usableCutOffFiles(rig.db, agent, driver.team, [heldId])).toEqual([]);
      } finally {
        await driver.stop();
      }
    },
    FAULT_TEST_TIMEOUT_MS,
  );
});
