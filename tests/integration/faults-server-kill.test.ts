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
  bindableFiles,
  incompleteFiles,
  LoadDriver,
  listedCaseIds,
  lostWrites,
  serverErrors,
  startFaultRig,
  startHeldUpload,
  waitFor,
  type FaultRig,
} from '../helpers/load-driver.js';
import { signInFast } from '../helpers/protocol/sessions.js';
import { Agent, fetchTransport } from '../helpers/protocol/transport.js';

const MiB = 1024 * 1024;
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

        // An upload certainly half-way when the process dies: with the load paused, the only
        // unfinished file in the database is this one, once its first chunk is stored.
        await driver.pause();
        const held = startHeldUpload(rig.server.url, 2_500_000, 1_300_000);
        await held.firstPartSent;
        let heldId = '';
        await waitFor('the server to store the first chunk of the held upload', async () => {
          heldId = (await incompleteFiles(rig.db)).find((f) => f.size >= MiB)?.id ?? '';
          return heldId !== '';
        });
        driver.resume();
        const resumedAt = Date.now();
        await waitFor(
          'the load to be running again',
          () => driver.count('report', 'ack', resumedAt) + driver.count('answer', 'ack', resumedAt) >= 2,
          90_000,
          () => driver.summary(),
        );

        const killed = rig.server;
        killed.child.kill('SIGKILL');
        expect((await killed.exited).signal).toBe('SIGKILL');
        const killedAt = Date.now();
        const heldOutcome = await held.result;
        expect(heldOutcome.kind, JSON.stringify(heldOutcome)).toBe('dropped');
        await waitFor(
          'clients to find the server gone',
          () => driver.failures(killedAt) >= 4,
          90_000,
          () => driver.summary(),
        );

        let restarted = await rig.restartServer();
        const restartedAt = Date.now();
        await waitFor(
          'every kind of write to succeed again after the restart',
          () =>
            driver.count('report', 'ack', restartedAt) >= 2 &&
            driver.count('answer', 'ack', restartedAt) >= 2 &&
            driver.count('report-with-file', 'ack', restartedAt) >= 2,
          90_000,
          () => driver.summary(),
        );

        // Once more at whatever moment the load is at, with nothing held: the kill lands among
        // reports, answers and uploads in every state.
        restarted.child.kill('SIGKILL');
        await restarted.exited;
        const killedAgainAt = Date.now();
        await waitFor(
          'clients to find the server gone again',
          () => driver.failures(killedAgainAt) >= 4,
          90_000,
          () => driver.summary(),
        );
        const killedAgain = restarted;
        restarted = await rig.restartServer();
        const restartedAgainAt = Date.now();
        await waitFor(
          'every kind of write to succeed after the second restart',
          () =>
            driver.count('report', 'ack', restartedAgainAt) >= 2 &&
            driver.count('answer', 'ack', restartedAgainAt) >= 2 &&
            driver.count('report-with-file', 'ack', restartedAgainAt) >= 2,
          90_000,
          () => driver.summary(),
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
        expect(await bindableFiles(agent, driver.team, [heldId])).toEqual([]);
        const unfinished = (await incompleteFiles(rig.db)).map((f) => f.id);
        expect(await bindableFiles(agent, driver.team, unfinished)).toEqual([]);
      } finally {
        await driver.stop();
      }
    },
    FAULT_TEST_TIMEOUT_MS,
  );
});
