/**
 * A reporter whose address is over its limits still gets through, in Chromium against the real
 * server: someone else on the same address (everyone here is 127.0.0.1, as behind one Tor exit)
 * has used up the limits on files, reports and receipt sessions; the reporter's browser is given
 * challenges, solves them in a Worker while the page says what is happening, and sends again.
 *
 * The work is 12 bits here (a few thousand hashes), so the notice may show only for a moment:
 * a MutationObserver in the page records every text its live regions held.
 *
 * A file is sent once: before uploading, the browser asks POST /api/attachments/challenge what
 * the upload needs and sends the file with its proof already solved (docs/protocol.md 14.4). A
 * small TCP proxy in front of the server counts the bytes the browser sends, so a 7 MB file sent
 * twice (once to be refused, once with the proof) could not pass unseen.
 *
 * And when the deployment takes no more files for now (503 uploads_busy, from everyone together),
 * the report form and the receipt's reply box say so plainly, before any byte of the file is
 * sent, and the report goes without them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page, Response } from 'playwright-core';

import { startAppServer } from '../helpers/app-server.js';
import {
  describeBrowser,
  expectNoSeriousA11yViolations,
  launchBrowser,
  builtClientCopy,
  removeClientCopy,
} from '../helpers/browser.js';
import { openReportWithReceipt } from '../helpers/receipt-page.js';
import { downloadAttachment } from '../helpers/protocol/attachments.js';
import { listCases } from '../helpers/protocol/cases.js';
import { signInFast } from '../helpers/protocol/sessions.js';
import { createTeamWithService, type CreatedTeam } from '../helpers/protocol/teams.js';
import { Agent, fetchTransport } from '../helpers/protocol/transport.js';

const NOTICE = 'Checking that this is not an automated attack.';

/** The stored size of a file of `bytes` (24-byte header, 17 bytes per 64 KiB chunk). */
function encryptedSize(bytes: number): number {
  return 24 + bytes + Math.max(1, Math.ceil(bytes / 65536)) * 17;
}

interface CountingProxy {
  /** Where the browser goes: every byte it sends passes through here. */
  readonly url: string;
  /** Bytes the browser has sent to the server so far, headers and bodies, on every connection. */
  sent(): number;
  close(): Promise<void>;
}

/** A plain TCP proxy to `target` that counts what clients send through it. */
async function startCountingProxy(target: string): Promise<CountingProxy> {
  const { hostname, port } = new URL(target);
  let sent = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    client.on('data', (chunk: Buffer) => {
      sent += chunk.length;
    });
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    sent: () => sent,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describeBrowser('proof of work for a reporter on a busy address, in Chromium', () => {
  let server: Awaited<ReturnType<typeof startAppServer>>;
  let browser: Browser;
  let team: CreatedTeam;
  let clientDir: string;
  const scratch = mkdtempSync(path.join(tmpdir(), 'confide-pow-'));

  beforeAll(async () => {
    clientDir = builtClientCopy();
    [server, browser] = await Promise.all([
      startAppServer({ env: { CONFIDE_PROOF_OF_WORK_BITS: '12', CONFIDE_CLIENT_DIR: clientDir } }),
      launchBrowser(),
    ]);
    expect(server.config.rateLimitEnabled).toBe(true);
    team = await createTeamWithService(server.db, { slug: 'stewards', name: 'Stewards', adminName: 'Ana' });
  });

  afterAll(async () => {
    await browser.close();
    await server.close();
    removeClientCopy(clientDir);
    rmSync(scratch, { recursive: true, force: true });
  });

  /** Someone else on this address uses up a route's limit at `base` (refused requests count too). */
  async function useUp(
    base: string,
    route: string,
    times: number,
    body: string,
    contentType: string,
  ): Promise<void> {
    for (let i = 0; i < times; i++) {
      const res = await fetch(new URL(route, base), {
        method: 'POST',
        headers: { 'X-Requested-With': 'confide', 'Content-Type': contentType },
        body,
      });
      await res.arrayBuffer();
      expect(res.status, `${route} attempt ${i + 1}`).toBeLessThan(429);
    }
  }

  /**
   * Records every text the page's live regions (role=status) hold, however briefly. Evaluated as
   * text, as the other browser tests do: the page has a DOM, this file's types do not.
   */
  async function watchLiveRegions(page: Page): Promise<() => Promise<string[]>> {
    await page.evaluate(`(() => {
      const seen = [];
      globalThis.seenLive = seen;
      new MutationObserver(() => {
        for (const region of document.querySelectorAll('[role="status"]')) {
          const text = region.textContent ?? '';
          if (text !== '' && seen.at(-1) !== text) seen.push(text);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);
    return () => page.evaluate<string[]>('globalThis.seenLive');
  }

  /** The API replies the page got, and whether its request carried a proof. */
  function watchReplies(page: Page): { route: string; status: number; proof: boolean }[] {
    const replies: { route: string; status: number; proof: boolean }[] = [];
    page.on('response', (response: Response) => {
      const request = response.request();
      if (request.method() !== 'POST') return;
      replies.push({
        route: new URL(response.url()).pathname,
        status: response.status(),
        proof: /^[A-Za-z0-9_-]+\.[0-9]+$/.test(request.headers()['x-confide-proof'] ?? ''),
      });
    });
    return replies;
  }

  /** Errors the page throws or logs, except the 429s the proof of work is about. */
  function watchProblems(page: Page): string[] {
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of 429/.test(message.text())) {
        problems.push(`${message.type()}: ${message.text()}`);
      }
    });
    return problems;
  }

  /** The intake page at `base`, Stewards chosen, once their fingerprint is shown. */
  async function openReportForm(page: Page, base: string): Promise<void> {
    await page.goto(new URL('/', base).href);
    await page.getByRole('button', { name: 'Report to Stewards' }).click();
    await page.getByText('Security fingerprint of Stewards').waitFor();
  }

  /** The form's required answers, from the target of the harassment. */
  async function fillReport(page: Page, summary: string, whatHappened: string): Promise<void> {
    await page.getByLabel('It is happening to me').check();
    await page.getByLabel('In one line, what is this about?').fill(summary);
    await page.getByLabel('What happened?').fill(whatHappened);
  }

  /**
   * Over the limits, with one file: the file was asked about first and then sent once, with a
   * proof; the report was refused once with a challenge, then taken with the proof.
   */
  function expectFileAskedThenReportRefusedOnce(
    replies: readonly { route: string; status: number; proof: boolean }[],
  ): void {
    const forRoute = (route: string) => replies.filter((r) => r.route === route);
    expect(forRoute('/api/attachments/challenge')).toEqual([
      { route: '/api/attachments/challenge', status: 200, proof: false },
    ]);
    expect(forRoute('/api/attachments')).toEqual([{ route: '/api/attachments', status: 201, proof: true }]);
    expect(forRoute('/api/reports')).toEqual([
      { route: '/api/reports', status: 429, proof: false },
      { route: '/api/reports', status: 201, proof: true },
    ]);
  }

  it('sends a report with a file and opens it with the receipt, after doing the work the server asks for', async () => {
    await useUp(server.url, '/api/attachments', 60, 'not a file', 'text/plain');
    await useUp(server.url, '/api/reports', 30, '{}', 'application/json');

    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    const problems = watchProblems(page);
    const replies = watchReplies(page);

    await openReportForm(page, server.url);
    const seenOnForm = await watchLiveRegions(page);
    await fillReport(page, 'Threats from one account', 'It keeps posting threats on my talk page.');
    const notes = path.join(scratch, 'notes.txt');
    writeFileSync(notes, 'What was said, and when.');
    await page.getByLabel('Add files').setInputFiles(notes);
    await page.getByRole('button', { name: 'Encrypt and send report' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your report was sent' }).waitFor({ timeout: 60_000 });
    const receipt = ((await page.locator('.receipt-code').textContent()) ?? '').trim();
    expect(receipt).not.toBe('');

    // The file: asked first, then sent once with the proof. The report: refused once with a
    // challenge, then taken with the proof.
    expectFileAskedThenReportRefusedOnce(replies);
    expect((await seenOnForm()).some((text) => text.includes(NOTICE))).toBe(true);

    // The team has it, file and all.
    const admin = await signInFast(new Agent(fetchTransport(server.url)), team.slug, team.admin);
    const { cases } = await listCases(admin);
    expect(cases).toHaveLength(1);
    expect(cases[0]?.body.summary).toBe('Threats from one account');
    expect(cases[0]?.body.attachments).toHaveLength(1);

    // Coming back with the receipt, after someone on the address used up the receipt limit.
    await useUp(
      server.url,
      '/api/receipt/session',
      10,
      JSON.stringify({ lookup: 'A'.repeat(43) }),
      'application/json',
    );
    await page.goto(new URL('/receipt', server.url).href);
    await page.getByLabel('Your receipt').waitFor();
    const seenOnReceipt = await watchLiveRegions(page);
    await page.getByLabel('Your receipt').fill(receipt);
    await page.getByRole('button', { name: 'Open my report' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Your report to Stewards' })
      .waitFor({ timeout: 60_000 });
    expect(replies.filter((r) => r.route === '/api/receipt/session')).toEqual([
      { route: '/api/receipt/session', status: 429, proof: false },
      { route: '/api/receipt/session', status: 200, proof: true },
    ]);
    expect((await seenOnReceipt()).some((text) => text.includes(NOTICE))).toBe(true);
    await expectNoSeriousA11yViolations(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  // Seven megabytes encrypted, sent, downloaded and decrypted: more than the default minute on
  // a busy machine.
  it('sends a 7 MB file over the wire once, with the work done before it goes', async () => {
    const fresh = await startAppServer({
      env: { CONFIDE_PROOF_OF_WORK_BITS: '12', CONFIDE_CLIENT_DIR: clientDir },
    });
    const proxy = await startCountingProxy(fresh.url);
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      reducedMotion: 'reduce',
    });
    try {
      const local = await createTeamWithService(fresh.db, {
        slug: 'stewards',
        name: 'Stewards',
        adminName: 'Ana',
      });
      // Someone else on this address has used up the limits on files and on reports.
      await useUp(fresh.url, '/api/attachments', 60, 'not a file', 'text/plain');
      await useUp(fresh.url, '/api/reports', 30, '{}', 'application/json');

      const page = await context.newPage();
      const problems = watchProblems(page);
      const replies = watchReplies(page);
      await openReportForm(page, proxy.url);
      const seen = await watchLiveRegions(page);
      await fillReport(
        page,
        'A recording of the call',
        'They called and threatened me; the recording is attached.',
      );
      // Random bytes: nothing on the way can make them smaller.
      const recording = randomBytes(7 * 1024 * 1024);
      const file = path.join(scratch, 'call-recording.bin');
      writeFileSync(file, recording);
      await page.getByLabel('Add files').setInputFiles(file);
      await page.getByRole('button', { name: 'Remove call-recording.bin' }).waitFor();

      const before = proxy.sent();
      await page.getByRole('button', { name: 'Encrypt and send report' }).click();
      await page
        .getByRole('heading', { level: 1, name: 'Your report was sent' })
        .waitFor({ timeout: 120_000 });
      const sent = proxy.sent() - before;

      // The file went once: its encrypted bytes, plus headers and a report of a few kilobytes,
      // far from the second copy a refused upload would have cost.
      const stored = encryptedSize(recording.length);
      expect(sent).toBeGreaterThanOrEqual(stored);
      expect(sent).toBeLessThan(stored + 256 * 1024);
      expectFileAskedThenReportRefusedOnce(replies);
      // The address was over its limit: the page did real work, and said so.
      expect((await seen()).some((text) => text.includes(NOTICE))).toBe(true);

      // The team has the report and the file, whole.
      const admin = await signInFast(new Agent(fetchTransport(fresh.url)), local.slug, local.admin);
      const { cases } = await listCases(admin);
      expect(cases).toHaveLength(1);
      expect(cases[0]?.body.summary).toBe('A recording of the call');
      const [ref] = cases[0]?.body.attachments ?? [];
      expect(ref?.name).toBe('call-recording.bin');
      const opened = await downloadAttachment(admin.agent, ref!);
      const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
      expect(digest(opened)).toBe(digest(recording));
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      await proxy.close();
      await fresh.close();
    }
  }, 180_000);

  it('sends a file under the limit with no check to speak of; when the portal is full, says so before sending any of it, and sends the report and the message without it', async () => {
    const busy = await startAppServer({
      env: { CONFIDE_MAX_UPLOADS_PER_HOUR: '2', CONFIDE_CLIENT_DIR: clientDir },
    });
    const proxy = await startCountingProxy(busy.url);
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      reducedMotion: 'reduce',
    });
    try {
      const local = await createTeamWithService(busy.db, {
        slug: 'stewards',
        name: 'Stewards',
        adminName: 'Ana',
      });
      // Someone else's upload takes one of the deployment's two for this hour.
      const res = await fetch(new URL('/api/attachments', busy.url), {
        method: 'POST',
        headers: { 'X-Requested-With': 'confide', 'Content-Type': 'application/octet-stream' },
        body: new Uint8Array(64),
      });
      await res.arrayBuffer();
      expect(res.status).toBe(201);

      const page = await context.newPage();
      const replies = watchReplies(page);
      const uploads = () => replies.filter((r) => r.route === '/api/attachments');
      const asked = () => replies.filter((r) => r.route === '/api/attachments/challenge');
      const startReport = async (summary: string) => {
        await openReportForm(page, proxy.url);
        await fillReport(page, summary, 'It keeps posting threats on my talk page.');
      };

      // Under every limit: the upload asks, is given a 1-bit pass, solves it at once and silently,
      // and the file goes once, with it.
      await startReport('Threats from one account');
      const seen = await watchLiveRegions(page);
      const notes = path.join(scratch, 'busy-notes.txt');
      writeFileSync(notes, 'What was said, and when.');
      await page.getByLabel('Add files').setInputFiles(notes);
      await page.getByRole('button', { name: 'Encrypt and send report' }).click();
      await page
        .getByRole('heading', { level: 1, name: 'Your report was sent' })
        .waitFor({ timeout: 60_000 });
      expect(asked()).toEqual([{ route: '/api/attachments/challenge', status: 200, proof: false }]);
      expect(uploads()).toEqual([{ route: '/api/attachments', status: 201, proof: true }]);
      expect((await seen()).some((text) => text.includes(NOTICE))).toBe(false);

      // The hour's uploads are used up, by everyone together: a second report's file is refused
      // at the question, before a byte of it is sent.
      await startReport('More threats from the same account');
      const video = path.join(scratch, 'screen-recording.bin');
      writeFileSync(video, randomBytes(6 * 1024 * 1024));
      await page.getByLabel('Add files').setInputFiles(video);
      await page.getByRole('button', { name: 'Remove screen-recording.bin' }).waitFor();
      const before = proxy.sent();
      await page.getByRole('button', { name: 'Encrypt and send report' }).click();
      const refusal = page.getByRole('alert').filter({ hasText: 'Your report was not sent' });
      await refusal.waitFor({ timeout: 60_000 });
      const said = (await refusal.textContent()) ?? '';
      expect(said).toContain('Too many files are being sent to Confide right now');
      expect(said).toContain('Nothing has been sent');
      expect(said).toContain('send your report without them');
      expect(await page.getByLabel('What happened?').inputValue()).toBe(
        'It keeps posting threats on my talk page.',
      );
      expect(asked().at(-1)).toEqual({ route: '/api/attachments/challenge', status: 503, proof: false });
      expect(uploads()).toHaveLength(1);
      expect(proxy.sent() - before).toBeLessThan(16 * 1024);
      await expectNoSeriousA11yViolations(page);

      // Without the file, it goes.
      await page.getByRole('button', { name: 'Remove screen-recording.bin' }).click();
      await page.getByRole('button', { name: 'Encrypt and send report' }).click();
      await page
        .getByRole('heading', { level: 1, name: 'Your report was sent' })
        .waitFor({ timeout: 60_000 });
      const receipt = ((await page.locator('.receipt-code').textContent()) ?? '').trim();
      const admin = await signInFast(new Agent(fetchTransport(busy.url)), local.slug, local.admin);
      const { cases } = await listCases(admin);
      const files = Object.fromEntries(
        cases.map((c): [string, number] => [String(c.body.summary), (c.body.attachments ?? []).length]),
      );
      expect(files).toEqual({ 'Threats from one account': 1, 'More threats from the same account': 0 });

      // The same from the receipt's reply box.
      await openReportWithReceipt(page, proxy.url, receipt, 'Stewards', 60_000);
      await page.getByLabel('Your message to Stewards').fill('There is more, in this file.');
      await page.getByLabel('Add files').setInputFiles(video);
      await page.getByRole('button', { name: 'Remove screen-recording.bin' }).waitFor();
      const beforeReply = proxy.sent();
      await page.getByRole('button', { name: 'Encrypt and send message' }).click();
      await page.getByText('Too many files are being sent to Confide right now').waitFor({ timeout: 60_000 });
      expect(await page.getByLabel('Your message to Stewards').inputValue()).toBe(
        'There is more, in this file.',
      );
      expect(uploads()).toHaveLength(1);
      expect(proxy.sent() - beforeReply).toBeLessThan(16 * 1024);
      await page.getByRole('button', { name: 'Remove screen-recording.bin' }).click();
      await page.getByRole('button', { name: 'Encrypt and send message' }).click();
      await page.getByText('Your message was sent to the team.').waitFor({ timeout: 60_000 });
      expect(uploads()).toHaveLength(1);
    } finally {
      await context.close();
      await proxy.close();
      await busy.close();
    }
  }, 180_000);
});
