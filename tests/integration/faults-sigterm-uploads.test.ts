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
 *
 * And a stop is not held forever: an upload whose client keeps trickling bytes, never idle long
 * enough for the idle body timeout, is cut off once CONFIDE_SHUTDOWN_GRACE_SECONDS is over, and
 * the server exits 0 soon after, leaving that file unusable.
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
import { ready } from '../../crypto/index.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import {
  Agent,
  downloadAttachment,
  fetchTeam,
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
/** Short, for the upload that never ends (the default is 8 s). */
const SHUTDOWN_GRACE_SECONDS = 2;
/**
 * From the end of the grace period to the exit: closing connections, the pool, the process. Far
 * more than it takes (well under a second), for a loaded machine; without the grace period the
 * trickling upload would hold the server for an hour.
 */
const EXIT_MARGIN_MS = 15_000;

let started: FaultRig | undefined;
beforeAll(async () => {
  started = await startFaultRig('sigterm', {
    CONFIDE_BODY_IDLE_SECONDS: String(BODY_IDLE_SECONDS),
    // Long: the first test is about what a stop finishes, and a loaded machine may take more than
    // the default 8 s to receive and store the rest of the upload still arriving. The second
    // test runs a server of its own with a short grace period.
    CONFIDE_SHUTDOWN_GRACE_SECONDS: '120',
  });
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

  it(
    'cuts off an upload that trickles forever once the grace period is over, and exits 0',
    async () => {
      const rig = started!;
      await ready();
      // A server of its own on the rig's database, with a short grace period (and the default
      // idle body timeout, 30 s: the trickle keeps the upload from ever being idle).
      const server: ServerProcess = await startServerProcess({
        env: {
          DATABASE_URL: rig.databaseUrl,
          CONFIDE_RATE_LIMIT: 'off',
          CONFIDE_MAX_UPLOADS_PER_HOUR: '1000000',
          CONFIDE_SHUTDOWN_GRACE_SECONDS: String(SHUTDOWN_GRACE_SECONDS),
        },
      });
      let trickling: ReturnType<typeof startHeldUpload> | undefined;
      try {
        const unfinishedBefore = new Set((await incompleteFiles(rig.db)).map((f) => f.id));
        // 1 KiB every half second after the first 1.2 MB: about an hour to send the rest.
        trickling = startHeldUpload(server.url, 3_000_000, 1_200_000);
        await trickling.firstPartSent;
        let id = '';
        await waitFor('the server to store the first chunk of the trickling upload', async () => {
          const file = (await incompleteFiles(rig.db)).find((f) => !unfinishedBefore.has(f.id));
          id = file !== undefined && file.size >= MiB ? file.id : '';
          return id !== '';
        });

        const signalledAt = Date.now();
        server.child.kill('SIGTERM');
        // Throws (and kills the server) when it is not gone within the grace period and the margin.
        const exit = await server.waitForExit(SHUTDOWN_GRACE_SECONDS * 1000 + EXIT_MARGIN_MS);
        const tookMs = Date.now() - signalledAt;
        expect(exit, server.output().slice(-3000)).toEqual({ code: 0, signal: null });
        // It waited for the upload as long as it was told, and no longer than it was told.
        expect(server.output()).toContain(
          `requests still running after ${SHUTDOWN_GRACE_SECONDS} s: closing their connections`,
        );
        expect(server.output()).toContain('stopped');
        expect(tookMs).toBeGreaterThanOrEqual(SHUTDOWN_GRACE_SECONDS * 1000 - 50);
        console.log(`faults-sigterm-uploads: exited ${tookMs} ms after SIGTERM with an upload trickling`);

        // The client saw its connection closed, with no reply.
        const outcome = await trickling.result;
        expect(outcome.kind === 'reply' ? `${outcome.status} ${outcome.text}` : outcome.kind).toBe('dropped');

        // The file stays unfinished, and no report can use it.
        expect((await incompleteFiles(rig.db)).map((f) => f.id)).toContain(id);
        const running = rig.server.hasExited() ? await rig.restartServer() : rig.server;
        const agent = new Agent(fetchTransport(running.url));
        const team = await fetchTeam(agent, rig.team.slug);
        expect(await usableCutOffFiles(rig.db, agent, team, [id])).toEqual([]);
      } finally {
        trickling?.abort();
        if (!server.hasExited()) await server.stop('SIGKILL');
      }
    },
    FAULT_TEST_TIMEOUT_MS,
  );
});
