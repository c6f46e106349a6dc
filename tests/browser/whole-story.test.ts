/**
 * The whole story, in Chromium against the real server (issue 4):
 *
 *   set-up link → the admin creates the team in the browser → invites a second member, who
 *   joins in a second browser → the admin compares fingerprints and adds them → an anonymous
 *   report (third browser) with an image carrying a metadata text chunk → the receipt is shown →
 *   the reporter comes back with it and sees "received" → the admin signs in, reads the report
 *   and the image, replies, sets a check-in date → the reporter reads the reply and answers →
 *   the second member reads the answer.
 *
 * Then every table and every log line is searched for what people typed or attached: none of it
 * may appear in plaintext (nor base64, which the dump decodes).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';

import { createSetupLink } from '../../server/services/setup-link.js';
import { describeBrowser, expectNoSeriousA11yViolations, removeClientCopy } from '../helpers/browser.js';
import { signInToConsole, startServerAndBrowser, type SuiteServer } from '../helpers/console-pages.js';
import { dumpEverything } from '../helpers/protocol/leak-scan.js';

/** Argon2id at the default 256 MiB runs in Workers several times; a loaded machine is slow. */
const STORY_TIMEOUT = 240_000;
const SLOW = 120_000;

const TEAM_NAME = 'Quillfeather Conduct Team';
const TEAM_SLUG = 'quillfeather-conduct-team';
const ADMIN = 'Chris';
const MEMBER = 'Ben';
const ADMIN_PASSPHRASE = 'marmalade glacier trombone whispers 83';
const MEMBER_PASSPHRASE = 'pelican lantern orchard drizzle 57';

const SUMMARY = 'Zanzibar-Kestrel stalking after the Thursday edit-a-thon';
const WHAT_HAPPENED =
  'An account followed me across four wikis and posted Oberwald-Tessellate insults.\nIt mentioned my street.';
const WHERE = 'meta.wikimedia.org, User talk:Harrowgate-Lumen';
const INVOLVED_ACCOUNT = 'Vexmoor_Quibbleton';
const SECOND_ACCOUNT = 'Plinkerton-Sockfarm77';
const EMAIL = 'dorothea.fennimore.reports@example.net';
const REPLY = 'We read your report, Cobblestone-Marigold reply: we are reviewing the edits now.';
const ANSWER = 'Thank you. Yesterday the Fenwick-Saffron account wrote to me again.';
const METADATA_TEXT = 'Photographed at 17 Larchmont Crescent by Ingrid Vasquez-Holloway';

// ---------------------------------------------------------------------------
// A small real PNG: noisy pixels (so its compressed data is a distinctive run of bytes) and a
// tEXt chunk with text that must never reach the server.
// ---------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function makePng(): { png: Buffer; idat: Buffer; rgba: number[] } {
  const width = 24;
  const height = 24;
  const raw = Buffer.alloc(height * (1 + width * 3));
  let seed = 0x5eed1234;
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    raw[row] = 0; // filter: none
    for (let i = 1; i <= width * 3; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      raw[row + i] = seed >>> 24;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const idat = deflateSync(raw);
  const rgba: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * (1 + width * 3) + 1 + x * 3;
      rgba.push(raw[at]!, raw[at + 1]!, raw[at + 2]!, 255);
    }
  }
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('tEXt', Buffer.from(`Comment\0${METADATA_TEXT}`, 'latin1')),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return { png, idat, rgba };
}

// ---------------------------------------------------------------------------

interface Watched {
  page: Page;
  requests: Request[];
  problems: string[];
}

describeBrowser('the whole story in Chromium', () => {
  let server: SuiteServer;
  let browser: Browser;
  let clientDir: string;
  const contexts: BrowserContext[] = [];
  const scratch = mkdtempSync(path.join(tmpdir(), 'confide-story-'));
  const { png, idat, rgba } = makePng();
  const imagePath = path.join(scratch, 'evidence-screenshot.png');

  beforeAll(async () => {
    ({ server, browser, clientDir } = await startServerAndBrowser());
    writeFileSync(imagePath, png);
  });

  afterAll(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await browser.close();
    await server.close();
    removeClientCopy(clientDir);
    rmSync(scratch, { recursive: true, force: true });
  });

  async function openPage(): Promise<Watched> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      reducedMotion: 'reduce',
    });
    contexts.push(context);
    const page = await context.newPage();
    const watched: Watched = { page, requests: [], problems: [] };
    page.on('request', (request) => watched.requests.push(request));
    page.on('pageerror', (error) => watched.problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      // The session check answers 401 before anyone has signed in; Chromium logs that fetch.
      if (message.type() === 'error' && !message.text().includes('401')) {
        watched.problems.push(`console: ${message.text()}`);
      }
      if (/Content Security Policy/i.test(message.text())) watched.problems.push(`csp: ${message.text()}`);
    });
    return watched;
  }

  async function signIn(page: Page, name: string, passphrase: string): Promise<void> {
    await signInToConsole(page, server.url, { slug: TEAM_SLUG, name, passphrase }, SLOW);
  }

  function offOrigin(watched: Watched): string[] {
    const origin = new URL(server.url).origin;
    return watched.requests
      .map((r) => r.url())
      .filter((url) => !url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:'));
  }

  it(
    'goes from the set-up link to a member reading the reporter’s answer, and stores or logs none of the plaintext',
    async () => {
      // -- 1. The set-up link; the founding admin creates the team. ------------------------
      const link = await createSetupLink(server.db, new URL(server.url), server.config.setupLinkHours);
      const admin = await openPage();
      await admin.page.goto(link);
      await admin.page.getByRole('heading', { name: 'Set up your team' }).waitFor();
      expect(new URL(admin.page.url()).hash).toBe('');
      await admin.page.getByLabel('Team name').fill(TEAM_NAME);
      expect(await admin.page.getByLabel('Short name for addresses').inputValue()).toBe(TEAM_SLUG);
      await admin.page.getByLabel('What the team handles').fill('Conduct on our wikis and at our events');
      await admin.page.getByLabel('First reply within (hours)').fill('72');
      await admin.page.getByLabel('Your name in the team').fill(ADMIN);
      await admin.page.getByLabel('Passphrase', { exact: true }).fill(ADMIN_PASSPHRASE);
      await admin.page.getByLabel('The same passphrase again').fill(ADMIN_PASSPHRASE);
      await admin.page.getByText(/Strength: (Strong|Very strong)/).waitFor();
      await admin.page.getByRole('button', { name: 'Create the team' }).click();
      await admin.page.getByRole('heading', { name: `${TEAM_NAME} is ready` }).waitFor({ timeout: SLOW });
      const recoveryCode = (
        (await admin.page.locator('#recovery-heading + .secret-panel__code').textContent()) ?? ''
      ).trim();
      expect(recoveryCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
      await admin.page.getByLabel('I have stored my recovery code somewhere safe').check();
      await admin.page.getByRole('button', { name: 'Continue to sign in' }).click();
      await admin.page.getByRole('heading', { name: 'Team sign-in' }).waitFor();
      await admin.page.getByLabel('Passphrase').fill(ADMIN_PASSPHRASE);
      await admin.page.getByRole('button', { name: 'Sign in' }).click();
      await admin.page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor({ timeout: SLOW });
      // The heading comes before the (empty) list has been fetched and decrypted: wait for it.
      await admin.page.getByText('No reports yet').waitFor({ timeout: SLOW });
      expect(await admin.page.getByText('No reports yet').count()).toBe(1);

      // -- 2. The admin invites a second member, who joins in another browser. -------------
      await admin.page.getByRole('link', { name: 'Members' }).click();
      await admin.page.getByRole('heading', { name: 'Invite someone' }).waitFor();
      await admin.page.getByLabel('As').selectOption('member');
      await admin.page.getByRole('button', { name: 'Create invitation link' }).click();
      const invitation = await admin.page.locator('#invite-link-url').inputValue();
      expect(invitation).toMatch(new RegExp(`^${server.url}/join#[A-Za-z0-9_-]{20,}$`));

      const invitee = await openPage();
      await invitee.page.goto(invitation);
      await invitee.page.getByRole('heading', { name: `Join ${TEAM_NAME}` }).waitFor();
      expect(new URL(invitee.page.url()).hash).toBe('');
      await invitee.page.getByLabel('Your name in the team').fill(MEMBER);
      await invitee.page.getByLabel('Passphrase', { exact: true }).fill(MEMBER_PASSPHRASE);
      await invitee.page.getByLabel('The same passphrase again').fill(MEMBER_PASSPHRASE);
      await invitee.page.getByText(/Strength: (Strong|Very strong)/).waitFor();
      await invitee.page.getByRole('button', { name: 'Make my keys and ask to join' }).click();
      await invitee.page.getByRole('heading', { name: /read your fingerprint/ }).waitFor({ timeout: SLOW });
      const spoken = invitee.page.locator(
        '#member-fingerprint-heading + .secret-panel__code .key-fingerprint',
      );
      await spoken.waitFor();
      const readOut = ((await spoken.textContent()) ?? '').trim();
      expect(readOut).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);

      // -- 3. The admin compares the fingerprint and adds them. ---------------------------
      await admin.page.getByRole('link', { name: 'Cases' }).click();
      await admin.page.getByRole('link', { name: 'Members' }).click();
      const card = admin.page.locator('.member-card--pending', { hasText: MEMBER });
      await card.locator('.key-fingerprint').waitFor({ timeout: 30_000 });
      expect(((await card.locator('.key-fingerprint').textContent()) ?? '').trim()).toBe(readOut);
      await card.getByLabel(`${MEMBER} read me the same fingerprint`).check();
      await card.getByRole('button', { name: `Add ${MEMBER} as a member` }).click();
      await card.getByText(`${MEMBER} is now a member.`).waitFor({ timeout: SLOW });

      // -- 4. An anonymous report, from a third browser, with an image. -------------------
      const reporter = await openPage();
      const rp = reporter.page;
      await rp.goto(new URL('/', server.url).href);
      await rp.getByRole('button', { name: `Report to ${TEAM_NAME}` }).click();
      await rp.getByText(`Security fingerprint of ${TEAM_NAME}`).waitFor();
      await rp.getByLabel('It is happening to me').check();
      await rp.getByLabel('Personal attacks or insults').check();
      await rp.getByLabel('In one line, what is this about?').fill(SUMMARY);
      await rp.getByLabel('What happened?').fill(WHAT_HAPPENED);
      await rp.getByLabel('Where did it happen?').fill(WHERE);
      await rp.getByLabel('Account 1', { exact: true }).fill(INVOLVED_ACCOUNT);
      await rp.getByRole('button', { name: 'Add another account' }).click();
      await rp.getByLabel('Account 2', { exact: true }).fill(SECOND_ACCOUNT);
      await rp.getByLabel('Also by email').check();
      await rp.getByLabel('Your email address').fill(EMAIL);
      await rp.getByLabel('Add files').setInputFiles(imagePath);
      await rp.getByText(/Removed: text details/).waitFor();
      expect(await rp.getByText(`Your report will be encrypted for: ${ADMIN}, ${MEMBER}.`).count()).toBe(1);
      await rp.getByRole('button', { name: 'Encrypt and send report' }).click();

      // -- 5. The receipt is shown. -----------------------------------------------------
      await rp.getByRole('heading', { level: 1, name: 'Your report was sent' }).waitFor({ timeout: 60_000 });
      const receipt = ((await rp.locator('.receipt-code').textContent()) ?? '').trim();
      expect(receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
      const receiptCompact = receipt.replace(/-/g, '');
      expect(await rp.getByRole('main').textContent()).toContain(
        'This receipt is the only way back to your report.',
      );
      await expectNoSeriousA11yViolations(rp);

      // -- 6. The reporter comes back with the receipt: status "received". ---------------
      async function openWithReceipt(): Promise<void> {
        await rp.goto(new URL('/receipt', server.url).href);
        await rp.getByLabel('Your receipt').fill(receipt);
        await rp.getByRole('button', { name: 'Open my report' }).click();
        await rp
          .getByRole('heading', { level: 1, name: `Your report to ${TEAM_NAME}` })
          .waitFor({ timeout: 60_000 });
      }
      await openWithReceipt();
      await rp.getByText('Status: Received').waitFor();
      expect(await rp.locator('.reporter-message').count()).toBe(0);

      // -- 7. The admin signs in, reads the report and the image, replies, sets a check-in date.
      const reader = await openPage();
      const mp = reader.page;
      await signIn(mp, ADMIN, ADMIN_PASSPHRASE);
      const row = mp.locator('.case-card', { hasText: SUMMARY });
      await row.waitFor({ timeout: 30_000 });
      await row.getByRole('link').click();
      await mp.getByRole('heading', { name: 'The report' }).waitFor({ timeout: 60_000 });
      const caseText = (await mp.textContent('main')) ?? '';
      expect(caseText).toContain('An account followed me across four wikis');
      expect(caseText).toContain(INVOLVED_ACCOUNT);
      expect(caseText).toContain(EMAIL);
      const image = mp.locator('img.evidence__image');
      await image.waitFor({ timeout: 30_000 });
      const src = (await image.getAttribute('src')) ?? '';
      expect(src).toMatch(/^blob:/);
      await mp.getByRole('button', { name: 'Show image' }).click();
      expect(await image.getAttribute('class')).not.toContain('blurred');
      await expect
        .poll(() => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
        .toBe(24);
      // The decrypted image shows exactly the pixels that were attached (the page's policy keeps
      // blob: URLs out of fetch, so the pixels are read back through a canvas).
      const shownPixels = await image.evaluate((element) => {
        const img = element as unknown as { naturalWidth: number; naturalHeight: number };
        const doc = (globalThis as unknown as { document: { createElement(t: 'canvas'): unknown } }).document;
        const canvas = doc.createElement('canvas') as {
          width: number;
          height: number;
          getContext(t: '2d'): {
            drawImage(i: unknown, x: number, y: number): void;
            getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
          };
        };
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        const context = canvas.getContext('2d');
        context.drawImage(img, 0, 0);
        return Array.from(context.getImageData(0, 0, img.naturalWidth, img.naturalHeight).data);
      });
      expect(shownPixels).toEqual(rgba);
      await mp.getByLabel('Your reply').fill(REPLY);
      await mp.getByRole('button', { name: 'Send reply to the reporter' }).click();
      await mp.getByText('Your reply was encrypted and sent.').waitFor({ timeout: 30_000 });
      const checkIn = new Date(Date.now() + 14 * 24 * 3600_000).toISOString().slice(0, 10);
      await mp.getByLabel('Check-in date').fill(checkIn);
      await mp.getByRole('button', { name: 'Save date' }).click();
      await mp.getByText(/^Check-in date set to /).waitFor({ timeout: 30_000 });
      const stored = await server.db.selectFrom('cases').select('check_in_by').executeTakeFirstOrThrow();
      expect(new Date(stored.check_in_by as unknown as string | Date).toISOString().slice(0, 10)).toBe(
        checkIn,
      );

      // -- 8. The reporter reads the reply and answers. ---------------------------------
      await openWithReceipt();
      const message = rp.locator('.reporter-message').filter({ hasText: REPLY });
      await message.waitFor({ timeout: 30_000 });
      expect(await message.getByRole('heading').textContent()).toContain(`${ADMIN}, ${TEAM_NAME}`);
      expect(await rp.locator('.reporter-message__warning').count()).toBe(0);
      expect(await rp.getByRole('main').textContent()).toContain('The team said they would update you by');
      await rp.getByLabel(`Your message to ${TEAM_NAME}`).fill(ANSWER);
      await rp.getByRole('button', { name: 'Encrypt and send message' }).click();
      await rp.getByText('Your message was sent to the team.').waitFor({ timeout: 30_000 });

      // -- 9. The second member signs in and reads the answer. --------------------------
      const ben = await openPage();
      await signIn(ben.page, MEMBER, MEMBER_PASSPHRASE);
      await ben.page.locator('.case-card', { hasText: SUMMARY }).getByRole('link').click();
      await ben.page.getByRole('heading', { name: 'The report' }).waitFor({ timeout: 60_000 });
      const fromReporter = ben.page.locator('.thread-item--reporter', { hasText: ANSWER });
      await fromReporter.waitFor({ timeout: 30_000 });
      expect(await fromReporter.textContent()).toContain('From the reporter');
      // The first reply acknowledged the case: the timeline shows it with that change, by its author.
      const toReporter = ben.page.locator('.thread-event', { hasText: REPLY });
      expect(await toReporter.textContent()).toContain(
        `${ADMIN} changed the status from New to Acknowledged`,
      );
      expect(await toReporter.textContent()).toContain('Message to the reporter');

      for (const watched of [admin, invitee, reporter, reader, ben]) {
        expect(watched.problems).toEqual([]);
        expect(offOrigin(watched)).toEqual([]);
      }

      // -- 10. None of it is in the database or the logs. -------------------------------
      const dump = await dumpEverything(server.db);
      const logs = server.logs.join('\n');
      expect(dump).toContain('## cases (1 rows)');
      // Positive controls: the search would find text that is public by design.
      expect(dump).toContain(TEAM_NAME);
      expect(logs).toContain('/api/reports');

      const secrets: Record<string, string> = {
        summary: SUMMARY,
        'summary fragment': 'Zanzibar-Kestrel',
        'what happened': 'Oberwald-Tessellate',
        where: 'Harrowgate-Lumen',
        'involved account': INVOLVED_ACCOUNT,
        'second involved account': SECOND_ACCOUNT,
        email: EMAIL,
        'email local part': 'dorothea.fennimore',
        'image metadata text': METADATA_TEXT,
        'image metadata fragment': 'Larchmont Crescent',
        'receipt as shown': receipt,
        'receipt normalized': receiptCompact,
        'receipt lower case': receiptCompact.toLowerCase(),
        'recovery code': recoveryCode,
        'recovery code normalized': recoveryCode.replace(/-/g, ''),
        'admin passphrase': ADMIN_PASSPHRASE,
        'member passphrase': MEMBER_PASSPHRASE,
        reply: REPLY,
        'reply fragment': 'Cobblestone-Marigold',
        answer: ANSWER,
        'answer fragment': 'Fenwick-Saffron',
      };
      const run = idat.subarray(16, 48);
      const imageForms: Record<string, string> = {
        'image bytes (latin1)': run.toString('latin1'),
        'image bytes (hex)': run.toString('hex'),
        'image bytes (base64)': run.toString('base64'),
        'image file (base64 start)': png.subarray(0, 48).toString('base64'),
      };
      const found: string[] = [];
      for (const [what, value] of Object.entries({ ...secrets, ...imageForms })) {
        if (dump.includes(value)) found.push(`${what} in the database`);
        if (logs.includes(value)) found.push(`${what} in the logs`);
      }
      for (const [what, value] of Object.entries(secrets)) {
        const base64 = Buffer.from(value, 'utf8').toString('base64').slice(0, -4);
        if (base64.length >= 16 && logs.includes(base64)) found.push(`${what} in the logs, as base64`);
      }
      expect(found).toEqual([]);
    },
    STORY_TIMEOUT,
  );
});
