/**
 * Faults (b): the server process killed outright — SIGKILL, as the OOM killer, a kill -9 or a
 * lost host does it, with no chance to finish anything — while clients submit reports, answer
 * through their receipts and upload files; then started again on the same port and database,
 * as a process manager would, while the clients carry on.
 *
 * What must hold: every write a client was told succeeded is in the database afterwards; every
 * other request got a retryable 5xx in the error shape or a dropped or refused connection; and a
 * file whose upload the kill cut off half-way (its first chunks already stored) is never usable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  holdOneUploadHalfWay,
  LoadDriver,
  listedCaseIds,
  lostWrites,
  serverErrors,
  startFaultRig,
  usableCutOffFiles,
  type FaultRig,
} from '../helpers/load-driver.js';
import { signInFast } from '../helpers/protocol/sessions.js';
import { Agent, fetchTransport } from '../helpers/protocol/transport.js';

/** Generous: every wait inside has its own deadline, and a loaded machine is slow, not wrong. */
const FAULT_TEST_TIMEOUT_MS = 300_000;

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
      const driver = new LoadDriver({ baseUrl: rig.server.url, slug: rig.team.slug, workers: 4 });
      await driver.start();
      try {
        await driver.untilEveryKindAcknowledged();

        // An upload certainly half-way when the process dies.
        const { held, heldId } = await holdOneUploadHalfWay(rig, driver);

        const killed = rig.server;
        killed.child.kill('SIGKILL');
        expect((await killed.exited).signal).toBe('SIGKILL');
        const killedAt = Date.now();
        const heldOutcome = await held.result;
        expect(heldOutcome.kind, JSON.stringify(heldOutcome)).toBe('dropped');
        await driver.untilTurnedAway(killedAt, 4, 'clients to find the server gone');

        let restarted = await rig.restartServer();
        const restartedAt = Date.now();
        await driver.untilEveryWriteSucceedsSince(
          restartedAt,
          'every kind of write to succeed again after the restart',
        );

        // Once more at whatever moment the load is at, with nothing held: the kill lands among
        // reports, answers and uploads in every state.
        restarted.child.kill('SIGKILL');
        await restarted.exited;
        const killedAgainAt = Date.now();
        await driver.untilTurnedAway(killedAgainAt, 4, 'clients to find the server gone again');
        const killedAgain = restarted;
        restarted = await rig.restartServer();
        const restartedAgainAt = Date.now();
        await driver.untilEveryWriteSucceedsSince(
          restartedAgainAt,
          'every kind of write to succeed after the second restart',
        );
        await driver.stop();
        console.log(`faults-server-kill load:\n${driver.summary()}`);

        expect(
          driver.violations,
          `${driver.summary()}\n${serverErrors(killed)}\n${serverErrors(killedAgain)}\n${serverErrors(restarted)}`,
        ).toEqual([]);
        expect(await lostWrites(rig.db, driver)).toEqual([]);
        // And through the API: the team sees every acknowledged report.
        const admin = await signInFast(
          new Agent(fetchTransport(restarted.url)),
          rig.team.slug,
          rig.team.admin,
        );
        const listed = await listedCaseIds(admin);
        expect([...driver.acked.reports.keys()].filter((id) => !listed.has(id))).toEqual([]);

        // The file the kill cut off keeps its stored chunks, but no report can use it; nor any
        // other file left unfinished.
        const agent = new Agent(fetchTransport(restarted.url));
        expect(await usableCutOffFiles(rig.db, agent, driver.team, [heldId])).toEqual([]);
      } finally {
        await driver.stop();
      }
    },
    FAULT_TEST_TIMEOUT_MS,
  );
});
