/**
 * A reporter whose address is over its limits still gets through, in Chromium against the real
 * server: someone else on the same address (everyone here is 127.0.0.1, as behind one Tor exit)
 * has used up the limits on files, reports and receipt sessions; the reporter's browser is given
 * challenges, solves them in a Worker while the page says what is happening, and sends again.
 *
 * The work is 12 bits here (a few thousand hashes), so the notice may show only for a moment:
 * a MutationObserver in the page records every text its live regions held.
 *
 * And when the deployment takes no more files for now (503 uploads_busy, from everyone together),
 * the report form and the receipt's reply box say so plainly, and the report goes without them.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page, Response } from 'playwright-core';

import { startAppServer } from '../helpers/app-server.js';
import { describeBrowser, expectNoSeriousA11yViolations, launchBrowser } from '../helpers/browser.js';
import { listCases } from '../helpers/protocol/cases.js';
import { signInFast } from '../helpers/protocol/sessions.js';
import { createTeamWithService, type CreatedTeam } from '../helpers/protocol/teams.js';
import { Agent, fetchTransport } from '../helpers/protocol/transport.js';

const NOTICE = 'Checking that this is not an automated attack.';

describeBrowser('proof of work for a reporter on a busy address, in Chromium', () => {
  let server: Awaited<ReturnType<typeof startAppServer>>;
  let browser: Browser;
  let team: CreatedTeam;
  let clientDir: string;
  const scratch = mkdtempSync(path.join(tmpdir(), 'confide-pow-'));

  beforeAll(async () => {
    // A copy of the built client, as in reporter-journey.test.ts: a rebuild during the run
    // must not pull the files from under this server.
    clientDir = mkdtempSync(path.join(tmpdir(), 'confide-client-'));
    cpSync(path.resolve(import.meta.dirname, '../../dist/client'), clientDir, { recursive: true });
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
    rmSync(clientDir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  /** Someone else on this address uses up a route's limit (refused requests count too). */
  async function useUp(route: string, times: number, body: string, contentType: string): Promise<void> {
    for (let i = 0; i < times; i++) {
      const res = await fetch(new URL(route, server.url), {
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

  it('sends a report with a file and opens it with the receipt, after doing the work the server asks for', async () => {
    await useUp('/api/attachments', 60, 'not a file', 'text/plain');
    await useUp('/api/reports', 30, '{}', 'application/json');

    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of 429/.test(message.text())) {
        problems.push(`${message.type()}: ${message.text()}`);
      }
    });
    const replies = watchReplies(page);

    await page.goto(new URL('/', server.url).href);
    await page.getByRole('button', { name: 'Report to Stewards' }).click();
    await page.getByText('Security fingerprint of Stewards').waitFor();
    const seenOnForm = await watchLiveRegions(page);
    await page.getByLabel('It is happening to me').check();
    await page.getByLabel('In one line, what is this about?').fill('Threats from one account');
    await page.getByLabel('What happened?').fill('It keeps posting threats on my talk page.');
    const notes = path.join(scratch, 'notes.txt');
    writeFileSync(notes, 'What was said, and when.');
    await page.getByLabel('Add files').setInputFiles(notes);
    await page.getByRole('button', { name: 'Encrypt and send report' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your report was sent' }).waitFor({ timeout: 60_000 });
    const receipt = ((await page.locator('.receipt-code').textContent()) ?? '').trim();
    expect(receipt).not.toBe('');

    // Each route refused once with a challenge, then took the request that carried the proof.
    const forRoute = (route: string) => replies.filter((r) => r.route === route);
    expect(forRoute('/api/attachments')).toEqual([
      { route: '/api/attachments', status: 429, proof: false },
      { route: '/api/attachments', status: 201, proof: true },
    ]);
    expect(forRoute('/api/reports')).toEqual([
      { route: '/api/reports', status: 429, proof: false },
      { route: '/api/reports', status: 201, proof: true },
    ]);
    expect((await seenOnForm()).some((text) => text.includes(NOTICE))).toBe(true);

    // The team has it, file and all.
    const admin = await signInFast(new Agent(fetchTransport(server.url)), team.slug, team.admin);
    const { cases } = await listCases(admin);
    expect(cases).toHaveLength(1);
    expect(cases[0]?.body.summary).toBe('Threats from one account');
    expect(cases[0]?.body.attachments).toHaveLength(1);

    // Coming back with the receipt, after someone on the address used up the receipt limit.
    await useUp('/api/receipt/session', 10, JSON.stringify({ lookup: 'A'.repeat(43) }), 'application/json');
    await page.goto(new URL('/receipt', server.url).href);
    await page.getByLabel('Your receipt').waitFor();
    const seenOnReceipt = await watchLiveRegions(page);
    await page.getByLabel('Your receipt').fill(receipt);
    await page.getByRole('button', { name: 'Open my report' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Your report to Stewards' })
      .waitFor({ timeout: 60_000 });
    expect(forRoute('/api/receipt/session')).toEqual([
      { route: '/api/receipt/session', status: 429, proof: false },
      { route: '/api/receipt/session', status: 200, proof: true },
    ]);
    expect((await seenOnReceipt()).some((text) => text.includes(NOTICE))).toBe(true);
    await expectNoSeriousA11yViolations(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('says plainly when too many files are being sent, and sends the report and the message without them', async () => {
    const busy = await startAppServer({
      env: { CONFIDE_MAX_UPLOADS_PER_HOUR: '1', CONFIDE_CLIENT_DIR: clientDir },
    });
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      reducedMotion: 'reduce',
    });
    try {
      await createTeamWithService(busy.db, { slug: 'stewards', name: 'Stewards', adminName: 'Ana' });
      // Someone else's two uploads fill the deployment's hour.
      for (let i = 0; i < 2; i++) {
        const res = await fetch(new URL('/api/attachments', busy.url), {
          method: 'POST',
          headers: { 'X-Requested-With': 'confide', 'Content-Type': 'application/octet-stream' },
          body: new Uint8Array(64),
        });
        await res.arrayBuffer();
      }

      const page = await context.newPage();
      await page.goto(new URL('/', busy.url).href);
      await page.getByRole('button', { name: 'Report to Stewards' }).click();
      await page.getByText('Security fingerprint of Stewards').waitFor();
      await page.getByLabel('It is happening to me').check();
      await page.getByLabel('In one line, what is this about?').fill('Threats from one account');
      await page.getByLabel('What happened?').fill('It keeps posting threats on my talk page.');
      const notes = path.join(scratch, 'busy-notes.txt');
      writeFileSync(notes, 'What was said, and when.');
      await page.getByLabel('Add files').setInputFiles(notes);
      await page.getByRole('button', { name: 'Encrypt and send report' }).click();
      const refusal = page.getByRole('alert').filter({ hasText: 'Your report was not sent' });
      await refusal.waitFor({ timeout: 30_000 });
      const said = (await refusal.textContent()) ?? '';
      expect(said).toContain('Too many files are being sent to Confide right now');
      expect(said).toContain('send your report without them');
      expect(await page.getByLabel('What happened?').inputValue()).toBe(
        'It keeps posting threats on my talk page.',
      );
      await expectNoSeriousA11yViolations(page);

      // Without the file, it goes.
      await page
        .getByRole('button', { name: /^Remove/ })
        .first()
        .click();
      await page.getByRole('button', { name: 'Encrypt and send report' }).click();
      await page
        .getByRole('heading', { level: 1, name: 'Your report was sent' })
        .waitFor({ timeout: 60_000 });
      const receipt = ((await page.locator('.receipt-code').textContent()) ?? '').trim();

      // The same from the receipt's reply box.
      await page.goto(new URL('/receipt', busy.url).href);
      await page.getByLabel('Your receipt').fill(receipt);
      await page.getByRole('button', { name: 'Open my report' }).click();
      await page
        .getByRole('heading', { level: 1, name: 'Your report to Stewards' })
        .waitFor({ timeout: 60_000 });
      await page.getByLabel('Your message to Stewards').fill('There is more, in this file.');
      await page.getByLabel('Add files').setInputFiles(notes);
      await page.getByRole('button', { name: 'Encrypt and send message' }).click();
      await page.getByText('Too many files are being sent to Confide right now').waitFor({ timeout: 30_000 });
      expect(await page.getByLabel('Your message to Stewards').inputValue()).toBe(
        'There is more, in this file.',
      );
    } finally {
      await context.close();
      await busy.close();
    }
  });
});
