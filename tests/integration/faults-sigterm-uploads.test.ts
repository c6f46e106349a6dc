/**
 * Faults (c): the server told to stop (SIGTERM, as a deploy or a process manager does) while
 * files are being uploaded and clients keep submitting reports and answers.
 *
 * Three uploads are in progress when the signal arrives, each already past its first stored
 * chunk: one whose client keeps sending and finishes, one whose client goes silent, one whose
 * client cuts the connection. What must hold: the server finishes what it can (the upload
 * still arriving completes, and is acknowledged), cuts off what cannot finish (the silent one,
 * after the idle body timeout), and exits 0; no upload it cut off, or that was cut off under it,
 * leaves a usable file; every acknowledged write is in the database; and every request got a
 * success, a retryable 5xx in the error shape, or a refused or dropped connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  incompleteFiles,
  LoadDriver,
  lostWrites,
  sealReportFor,
  serverErrors,
  startFaultRig,
  startHeldUpload,
  storedFileProblem,
  usableCutOffFiles,
  waitFor,
  type FaultRig,
} from '../helpers/load-driver.js';
import {
  Agent,
  downloadAttachment,
  fetchTransport,
  openCase,
  reporterWithoutReceipt,
  signInFast,
} from '../helpers/protocol/index.js';
import { createHash } from 'node:crypto';

const MiB = 1024 * 1024;
/** Generous: every wait inside has its own deadline, and a loaded machine is slow, not wrong. */
const FAULT_TEST_TIMEOUT_MS = 300_000;
/** Short, so the silent upload is cut off soon after the signal (the default is 30 s). */
const BODY_IDLE_SECONDS = 4;

let started: FaultRig | undefined;
beforeAll(async () => {
  started = await startFaultRig('sigterm', { CONFIDE_BODY_IDLE_SECONDS: String(BODY_IDLE_SECONDS) });
});
afterAll(async () => {
  // Undefined when beforeAll failed: its own error is the one worth reading.
  await started?.close();
});

describe('SIGTERM during uploads', () => {
  it(
    'finishes the upload still arriving, cuts off the rest without leaving a usable file, and exits 0',
    async () => {
      const rig = started!;
      const server = rig.server;
      const driver = new LoadDriver({ baseUrl: server.url, slug: rig.team.slug, workers: 3 });
      await driver.start();
      try {
        await driver.untilEveryKindAcknowledged();

        // Three uploads half-way, told apart by how many chunks they have stored (1, 2 and 3 MiB),
        // started while the load is paused so that no other file is unfinished meanwhile.
        await driver.pause();
        const finishing = startHeldUpload(server.url, 2_500_000, 1_200_000);
        const silent = startHeldUpload(server.url, 3_500_000, 2_300_000);
        const abandoned = startHeldUpload(server.url, 4_500_000, 3_400_000);
        await Promise.all([finishing.firstPartSent, silent.firstPartSent, abandoned.firstPartSent]);
        const ids = new Map<number, string>();
        await waitFor('the server to store the first chunks of the three uploads', async () => {
          ids.clear();
          for (const file of await incompleteFiles(rig.db)) ids.set(Math.floor(file.size / MiB), file.id);
          return ids.has(1) && ids.has(2) && ids.has(3);
        });
        const [finishingId, silentId, abandonedId] = [ids.get(1)!, ids.get(2)!, ids.get(3)!];
        await driver.resumeAndRun();

        server.child.kill('SIGTERM');
        await waitFor('the server to begin shutting down', () =>
          server.output().includes('SIGTERM received'),
        );
        const signalledAt = Date.now();
        silent.stall();
        abandoned.abort();
        finishing.finish();

        // Finished what it could: the upload that kept arriving is acknowledged, with its id.
        const finished = await finishing.result;
        expect(finished.kind === 'reply' ? `${finished.status} ${finished.text}` : finished.cause).toBe(
          `201 {"id":"${finishingId}"}`,
        );
        // And, being finished while the server shuts down, its reply ends the connection: a
        // connection left to idle in keep-alive holds the exit until Fastify's keep-alive timeout
        // (72 s) closes it, longer than a process manager waits before killing outright.
        expect
          .soft(finished.kind === 'reply' ? finished.headers.connection : undefined, 'Connection header')
          .toBe('close');

        const exit = await server.waitForExit(120_000);
        expect(exit, server.output().slice(-3000)).toEqual({ code: 0, signal: null });
        expect(server.output()).toContain('stopped');

        // The others got no success: the silent one was cut off (dropped, or an error reply), the
        // abandoned one was cut by its client.
        const silentOutcome = await silent.result;
        if (silentOutcome.kind === 'reply') expect(silentOutcome.status).toBeGreaterThanOrEqual(400);
        expect((await abandoned.result).kind).toBe('dropped');

        await driver.untilTurnedAway(signalledAt, 4, 'clients to find the server gone');
        await driver.stop();
        console.log(`faults-sigterm-uploads load:\n${driver.summary()}`);
        expect(driver.violations, `${driver.summary()}\n${serverErrors(server)}`).toEqual([]);

        // Started again on the same database: nothing acknowledged is lost, the finished upload
        // is complete and intact, the two cut off are not usable, nor is any unfinished file.
        const restarted = await rig.restartServer();
        expect(await lostWrites(rig.db, driver)).toEqual([]);
        const finishingUpload = {
          key: finishing.file.key,
          plaintextSha256: finishing.file.plaintextSha256,
          storedBytes: finishing.file.stored.length,
        };
        expect(await storedFileProblem(rig.db, finishingId, finishingUpload)).toBeUndefined();
        const agent = new Agent(fetchTransport(restarted.url));
        expect(await usableCutOffFiles(rig.db, agent, driver.team, [silentId, abandonedId])).toEqual([]);

        // The finished file is usable: a report names it, and the team downloads and decrypts it.
        const ref = {
          id: finishingId,
          name: 'evidence.bin',
          type: 'application/octet-stream',
          size: finishing.file.plaintextBytes,
          key: finishing.file.key,
        };
        const submission = sealReportFor(driver.team, reporterWithoutReceipt(), [ref]);
        const posted = await agent.post('/api/reports', submission);
        expect(posted.status, posted.text).toBe(201);
        const admin = await signInFast(
          new Agent(fetchTransport(restarted.url)),
          rig.team.slug,
          rig.team.admin,
        );
        const view = await openCase(admin, submission.id);
        expect(view.raw.attachments).toEqual([finishingId]);
        const plaintext = await downloadAttachment(admin.agent, ref);
        expect(createHash('sha256').update(plaintext).digest('hex')).toBe(finishing.file.plaintextSha256);
      } finally {
        await driver.stop();
      }
    },
    FAULT_TEST_TIMEOUT_MS,
  );
});
