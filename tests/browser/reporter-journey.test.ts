/**
 * The reporter's two journeys, clicked through in Chromium against the real server (with its
 * real Content-Security-Policy) and checked from the team's side with the protocol client:
 *
 *   - a report with a phone photo: the receipt is shown, the photo arrives cleaned of its
 *     metadata, the member the reporter left out gets nothing, the receipt never leaves the page;
 *   - coming back with the receipt typed in lower case with spaces: status in words, the team's
 *     verified message, an answer the team can read, leaving clears the session;
 *   - a 409: the team changed between encrypting and sending; the reporter sees what changed and
 *     sends again without retyping;
 *   - the urgent path: what to do now, and the way to the child-safety team;
 *   - a changed team fingerprint: a loud warning, and nothing is sent;
 *   - axe and a 360 px screen on the intake form and the receipt page.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';

import { stripJpeg } from '../../client/src/lib/image-metadata.js';
import { startAppServer } from '../helpers/app-server.js';
import {
  describeBrowser,
  expectNoSeriousA11yViolations,
  launchBrowser,
  builtClientCopy,
  removeClientCopy,
} from '../helpers/browser.js';
import { openReportWithReceipt } from '../helpers/receipt-page.js';
import {
  Agent,
  createTeamWithService,
  downloadAttachment,
  fetchTransport,
  joinTeam,
  listCases,
  openCase,
  postMemberItem,
  signInFast,
  type CreatedTeam,
  type MemberSession,
} from '../helpers/protocol/index.js';

// ---------------------------------------------------------------------------
// A phone photo: Chromium's 8x8 JPEG with a camera's EXIF block (make, GPS) and a comment.
// ---------------------------------------------------------------------------

const CHROMIUM_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQDQ4RDgsLEBYQERMUFRUVDA8XGBYUGBIUFRT/2wBDAQMEBAUEBQkFBQkUDQsNFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBT/wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAj/xAAfEAACAQIHAAAAAAAAAAAAAAAAEhQBBhEWJDJDYaH/xAAVAQEBAAAAAAAAAAAAAAAAAAAECP/EACARAAEDBAIDAAAAAAAAAAAAAAECBREDBBIhADEGE0H/2gAMAwEAAhEDEQA/AJ/u+781xNJFjvyOzL1TDb6AAt9fXDlcKurpWS1RJgDoADQAHQHzlzsTE3eMt1JpaaXroU5xTKlRkoqO1EqMqJOye4Guf//Z',
  'base64',
);

function phonePhoto(): Buffer {
  const le16 = (n: number) => [n & 255, (n >> 8) & 255];
  const le32 = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255];
  const make = Buffer.from('SecretPhone 12\0', 'latin1');
  const gps = Buffer.from('GPS 51.5007N 0.1246W\0', 'latin1');
  const dataAt = 8 + 2 + 3 * 12 + 4;
  const tiff = Buffer.from([
    ...Buffer.from('II'),
    42,
    0,
    ...le32(8),
    ...le16(3),
    ...le16(0x010f), // Make
    ...le16(2),
    ...le32(make.length),
    ...le32(dataAt),
    ...le16(0x0112), // Orientation: upright
    ...le16(3),
    ...le32(1),
    ...le16(1),
    0,
    0,
    ...le16(0x8825), // "GPS"
    ...le16(2),
    ...le32(gps.length),
    ...le32(dataAt + make.length),
    ...le32(0),
    ...make,
    ...gps,
  ]);
  const exif = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const comment = Buffer.from('taken outside 12 Main Street', 'latin1');
  return Buffer.concat([
    CHROMIUM_JPEG.subarray(0, 2),
    Buffer.from([0xff, 0xe1, (exif.length + 2) >> 8, (exif.length + 2) & 255]),
    exif,
    Buffer.from([0xff, 0xfe, 0, comment.length + 2]),
    comment,
    CHROMIUM_JPEG.subarray(2),
  ]);
}

const PHOTO_SECRETS = ['Exif', 'SecretPhone', 'GPS 51.5007N', '12 Main Street'];

// ---------------------------------------------------------------------------

describeBrowser('the reporter’s journeys in Chromium', () => {
  let server: Awaited<ReturnType<typeof startAppServer>>;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let team: CreatedTeam;
  let admin: MemberSession;
  let benId: string;
  let photoPath: string;
  let clientDir: string;
  const scratch = mkdtempSync(path.join(tmpdir(), 'confide-reporter-'));
  /** The receipt of the first test's report, for the journey back. */
  let receipt = '';
  let firstCaseId = '';

  beforeAll(async () => {
    clientDir = builtClientCopy();
    [server, browser] = await Promise.all([
      startAppServer({
        env: { CONFIDE_RATE_LIMIT: 'off', MAX_ATTACHMENT_MB: '1', CONFIDE_CLIENT_DIR: clientDir },
      }),
      launchBrowser(),
    ]);
    team = await createTeamWithService(server.db, {
      slug: 'stewards',
      name: 'Stewards',
      description: 'Cross-wiki harassment and threats to life.',
      adminName: 'Ana',
    });
    await server.db
      .updateTable('teams')
      .set({ handles_life_threats: true, first_response_hours: 48 })
      .where('id', '=', team.id)
      .execute();
    const childSafety = await createTeamWithService(server.db, {
      slug: 'child-safety',
      name: 'Child Safety Team',
      description: 'Reports that involve anyone under 18.',
      adminName: 'Dana',
    });
    await server.db
      .updateTable('teams')
      .set({ handles_child_safety: true })
      .where('id', '=', childSafety.id)
      .execute();
    const agent = new Agent(fetchTransport(server.url));
    admin = await signInFast(agent, team.slug, team.admin);
    benId = (await joinTeam(admin, { name: 'Ben' })).identity.id;
    photoPath = path.join(scratch, 'IMG_0042.jpg');
    writeFileSync(photoPath, phonePhoto());
  });

  afterAll(async () => {
    await browser.close();
    await server.close();
    removeClientCopy(clientDir);
    rmSync(scratch, { recursive: true, force: true });
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  interface Watched {
    page: Page;
    requests: Request[];
    problems: string[];
  }

  async function openPage(viewport = { width: 1280, height: 900 }): Promise<Watched> {
    context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const watched: Watched = { page, requests: [], problems: [] };
    page.on('request', (request) => watched.requests.push(request));
    page.on('pageerror', (error) => watched.problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) {
        watched.problems.push(`${message.type()}: ${message.text()}`);
      }
    });
    return watched;
  }

  async function startReport(page: Page, teamName = 'Stewards'): Promise<void> {
    await page.goto(new URL('/', server.url).href);
    await page.getByRole('button', { name: `Report to ${teamName}` }).click();
    await page.getByText(`Security fingerprint of ${teamName}`).waitFor();
  }

  async function fillReport(page: Page, summary: string): Promise<void> {
    await page.getByLabel('It is happening to me').check();
    await page.getByLabel('Personal attacks or insults').check();
    await page.getByLabel('In one line, what is this about?').fill(summary);
    await page
      .getByLabel('What happened?')
      .fill('Since Monday an account keeps posting threats on my talk page.\nIt says it knows where I live.');
    await page.getByLabel('Where did it happen?').fill('en.wikipedia.org, User talk:Me');
    await page.getByLabel('Link 1', { exact: true }).fill('https://en.wikipedia.org/w/index.php?diff=123');
    await page.getByLabel('Note about link 1').fill('the first threat');
    await page.getByLabel('Account 1', { exact: true }).fill('Example_Harasser');
  }

  /** Every byte a request carried, as text, to look for what must never leave the page. */
  function sentText(requests: readonly Request[]): string {
    return requests.map((r) => `${r.method()} ${r.url()}\n${r.postData() ?? ''}`).join('\n');
  }

  it('sends a report with a cleaned photo and shows the receipt once; the team reads it, the excluded member cannot', async () => {
    const { page, requests, problems } = await openPage();
    await startReport(page);
    await fillReport(page, 'Threats on my talk page after an edit dispute');
    await page.getByLabel('Add files').setInputFiles(photoPath);
    await page.getByText(/Removed: camera, time and location details \(EXIF\), comments/).waitFor();
    await page.getByLabel('Ben').check();
    expect(await page.getByText('Your report will be encrypted for: Ana.').count()).toBe(1);

    await page.getByRole('button', { name: 'Encrypt and send report' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your report was sent' }).waitFor({ timeout: 30_000 });
    receipt = ((await page.locator('.receipt-code').textContent()) ?? '').trim();
    expect(receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
    const main = (await page.getByRole('main').textContent()) ?? '';
    expect(main).toContain('This receipt is the only way back to your report.');
    expect(main).toContain('It cannot be recovered.');
    expect(main).toMatch(/Stewards aims to have a person look at your report within 2 days: by /);
    for (const name of ['Copy', 'Download as a text file', 'Print']) {
      expect(await page.getByRole('button', { name }).count()).toBe(1);
    }
    // Printed, the page is the receipt card alone: the code, not the thanks around it.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.receipt-code').isVisible()).toBe(true);
    expect(await page.getByText('It can take courage to write this down').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await expectNoSeriousA11yViolations(page);

    // The receipt went nowhere: not in a request, an address, or storage.
    const compact = receipt.replace(/-/g, '');
    const sent = sentText(requests);
    expect(sent).not.toContain(compact);
    expect(sent).not.toContain(receipt);
    const stored = await page.evaluate(() =>
      [localStorage, sessionStorage]
        .flatMap((storage) => Object.keys(storage).map((key) => `${key}=${storage.getItem(key) ?? ''}`))
        .join('\n'),
    );
    expect(stored).not.toContain(compact);
    expect(stored).not.toContain('Threats on my talk page');
    expect(page.url()).toBe(new URL('/', server.url).href);
    expect(problems).toEqual([]);

    // What the server stored for the file: ciphertext without a trace of the photo's metadata.
    const chunks = await server.db
      .selectFrom('attachment_chunks')
      .innerJoin('attachments', 'attachments.id', 'attachment_chunks.attachment_id')
      .select(['attachment_chunks.data', 'attachments.case_id'])
      .orderBy('attachment_chunks.seq')
      .execute();
    expect(chunks.length).toBeGreaterThan(0);
    const stored_ = Buffer.concat(chunks.map((c) => c.data));
    for (const secret of PHOTO_SECRETS) expect(stored_.includes(Buffer.from(secret, 'latin1'))).toBe(false);
    expect(stored_.includes(CHROMIUM_JPEG.subarray(-64))).toBe(false);

    // The team (Ana) opens it; the file decrypts to the photo without its metadata.
    const { cases } = await listCases(admin);
    expect(cases).toHaveLength(1);
    firstCaseId = cases[0]!.summary.id;
    expect(chunks[0]!.case_id).toBe(firstCaseId);
    const view = await openCase(admin, firstCaseId);
    expect(view.body.summary).toBe('Threats on my talk page after an edit dispute');
    expect(view.body.links).toEqual([
      { url: 'https://en.wikipedia.org/w/index.php?diff=123', note: 'the first threat' },
    ]);
    expect(view.body.involved).toEqual([{ name: 'Example_Harasser', role: 'alleged_harasser' }]);
    expect(view.body.excluded).toEqual([benId]);
    expect(view.body.team_fingerprint).toBe(team.fingerprint);
    expect(view.body.roster_head?.seq).toBe(1);
    expect(view.body.reporter_keys?.sign_pk).toBe(view.raw.reporter.sign_pk);
    expect(view.raw.urgent).toBe(false);
    const [ref] = view.body.attachments ?? [];
    expect(ref).toMatchObject({ name: 'IMG_0042.jpg', type: 'image/jpeg' });
    const photo = await downloadAttachment(admin.agent, ref!);
    expect(Buffer.from(photo).equals(Buffer.from(stripJpeg(phonePhoto()).bytes))).toBe(true);
    for (const secret of PHOTO_SECRETS)
      expect(Buffer.from(photo).includes(Buffer.from(secret, 'latin1'))).toBe(false);
    expect(ref!.size).toBe(photo.length);

    // Ben was left out: no grant for him, for the report or anything in it.
    const recipients = await server.db
      .selectFrom('grants')
      .select('recipient')
      .where('case_id', '=', firstCaseId)
      .execute();
    expect(recipients.map((r) => r.recipient).sort()).toEqual([team.admin.id, 'reporter'].sort());
  });

  it('opens the report again with the receipt typed in lower case with spaces, shows the verified message, and takes an answer', async () => {
    expect(receipt).not.toBe('');
    const view = await openCase(admin, firstCaseId);
    await postMemberItem(admin, view, {
      text: 'Thank you for telling us. I have read your report and we are looking at the edits you linked.',
    });

    const { page, requests, problems } = await openPage();
    const typed = receipt.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
    await openReportWithReceipt(page, server.url, `  ${typed} `, 'Stewards');

    const main = (await page.getByRole('main').textContent()) ?? '';
    // The team's first message acknowledged the report (docs/protocol.md 10.5).
    expect(main).toContain('Status: A person has looked at it');
    expect(main).toContain('Someone from the team has read your report.');
    const message = page.locator('.reporter-message').first();
    expect(await message.getByRole('heading').textContent()).toContain('Ana, Stewards');
    expect(await message.textContent()).toContain('we are looking at the edits you linked');
    expect(await page.locator('.reporter-message__warning').count()).toBe(0);
    await expectNoSeriousA11yViolations(page);

    // The report itself, folded away.
    await page.getByText('The report you sent').click();
    expect(await page.locator('.report-details').textContent()).toContain(
      'Since Monday an account keeps posting',
    );

    // An answer: encrypted for Ana and the reporter (not Ben), signed with the receipt's key.
    await page.getByLabel('Your message to Stewards').fill('He emailed me again yesterday.');
    await page.getByRole('button', { name: 'Encrypt and send message' }).click();
    await page.getByText('Your message was sent to the team.').waitFor({ timeout: 20_000 });
    expect(await page.locator('.reporter-message--yours').textContent()).toContain(
      'He emailed me again yesterday.',
    );
    const after = await openCase(admin, firstCaseId);
    const answer = after.items.find((i) => i.authorName === 'reporter');
    expect(answer?.body.text).toBe('He emailed me again yesterday.');
    const grants = await server.db
      .selectFrom('grants')
      .select('recipient')
      .where('object_id', '=', answer!.raw.id)
      .execute();
    expect(grants.map((g) => g.recipient).sort()).toEqual([team.admin.id, 'reporter'].sort());

    // Only `lookup` left the page, never the receipt.
    const sent = sentText(requests);
    expect(sent).not.toContain(receipt.replace(/-/g, ''));
    expect(sent).not.toContain(typed);

    // Leaving ends the session: both cookies gone, the page forgets the report.
    expect((await context!.cookies()).map((c) => c.name)).toContain('confide_receipt');
    await page.getByRole('button', { name: 'Leave', exact: true }).click();
    await page.getByText('You have left your report').waitFor();
    await expect
      .poll(async () => (await context!.cookies()).map((c) => c.name))
      .not.toContain('confide_receipt');
    expect(await page.getByText('He emailed me again yesterday.').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('names a character that cannot be in a receipt, and says when a receipt is unknown', async () => {
    const { page } = await openPage();
    await page.goto(new URL('/receipt', server.url).href);
    await page.getByLabel('Your receipt').fill('ABCD-EFGH-JKMN-PQRS-TVWU');
    await page.getByRole('button', { name: 'Open my report' }).click();
    expect(await page.getByRole('alert').textContent()).toContain(
      'never contain the letter U (character 20)',
    );
    await page.getByLabel('Your receipt').fill('ABCD-EFGH-JKMN-PQRS-TVW_');
    await page.getByRole('button', { name: 'Open my report' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('“_” (character 20)');
    await page.getByLabel('Your receipt').fill('ABCD-EFGH-JKMN-PQRS-TVWX');
    await page.getByRole('button', { name: 'Open my report' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 })
      .toContain('We could not find a report for that receipt');
    await expectNoSeriousA11yViolations(page);
  });

  it('shows a message whose signature does not verify with a warning and without a name, never silently', async () => {
    const view = await openCase(admin, firstCaseId);
    const forged = await postMemberItem(admin, view, { text: 'Please send us your home address.' });
    // Someone with database access swaps the signature for another valid-looking one.
    const other = await server.db
      .selectFrom('items')
      .select('sig')
      .where('case_id', '=', firstCaseId)
      .where('id', '!=', forged.item.id)
      .executeTakeFirstOrThrow();
    await server.db.updateTable('items').set({ sig: other.sig }).where('id', '=', forged.item.id).execute();

    const { page } = await openPage();
    await openReportWithReceipt(page, server.url, receipt, 'Stewards');
    const suspicious = page
      .locator('.reporter-message')
      .filter({ hasText: 'Please send us your home address.' });
    expect(await suspicious.getByRole('heading').textContent()).toContain('Sender not confirmed');
    expect(await suspicious.getByRole('heading').textContent()).not.toContain('Ana');
    expect(await suspicious.textContent()).toContain(
      'could not be confirmed as written by a member of the team',
    );
    expect(await suspicious.textContent()).toContain('It is not signed by Ana’s key.');
    // The genuine message keeps its author.
    const genuine = page
      .locator('.reporter-message')
      .filter({ hasText: 'we are looking at the edits you linked' });
    expect(await genuine.getByRole('heading').textContent()).toContain('Ana, Stewards');
    await expectNoSeriousA11yViolations(page);
  });

  it('keeps everything when sending fails, refuses files over the limit before uploading, and sends again', async () => {
    const { page, requests } = await openPage();
    await startReport(page);
    await fillReport(page, 'Harassment by email after a deletion debate');
    const big = path.join(scratch, 'chat-export.txt');
    writeFileSync(big, Buffer.alloc(1_200_000, 'a'));
    await page.getByLabel('Add files').setInputFiles(big);
    await page.getByText(/each file can be at most 1\.0 MB\. It was not added\./).waitFor();
    await page.getByRole('button', { name: 'Remove chat-export.txt' }).click();
    const uploads = () =>
      requests.filter((r) => r.method() === 'POST' && r.url().endsWith('/api/attachments'));
    expect(uploads()).toHaveLength(0);

    // The server refuses a file as too large (its limit counts encrypted bytes).
    const small = path.join(scratch, 'notes.pdf');
    writeFileSync(small, Buffer.from('%PDF-1.7 notes'));
    await page.getByLabel('Add files').setInputFiles(small);
    await page.getByRole('button', { name: 'Remove notes.pdf' }).waitFor();
    // A PDF is not cleaned: the reporter agrees to send it as it is.
    await page.getByRole('button', { name: 'Send it anyway notes.pdf' }).click();
    await page.route('**/api/attachments', (route) =>
      route.fulfill({
        status: 413,
        json: {
          error: { code: 'attachment_too_large', message: 'A file may be at most 1 MB once encrypted' },
        },
      }),
    );
    await page.getByRole('button', { name: 'Encrypt and send report' }).click();
    const failed = page.getByRole('alert').filter({ hasText: 'Your report was not sent' });
    await failed.waitFor({ timeout: 30_000 });
    expect(await failed.textContent()).toContain('“notes.pdf” is too large to send.');
    await page.unroute('**/api/attachments');

    // The connection drops while sending: nothing is lost, and the same report goes again.
    let drop = true;
    await page.route('**/api/reports', (route) =>
      drop ? route.abort('internetdisconnected') : route.continue(),
    );
    await page.getByRole('button', { name: 'Encrypt and send report' }).click();
    await expect
      .poll(() => failed.textContent(), { timeout: 30_000 })
      .toContain('We could not reach Confide, so your report was not sent.');
    expect(await page.getByLabel('What happened?').inputValue()).toContain('It says it knows where I live.');
    expect(await page.getByLabel('Link 1', { exact: true }).inputValue()).toBe(
      'https://en.wikipedia.org/w/index.php?diff=123',
    );
    drop = false;
    await page.getByRole('button', { name: 'Encrypt and send report' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your report was sent' }).waitFor({ timeout: 30_000 });
    // The file was uploaded once, and one report arrived.
    expect(uploads().filter((r) => r.failure() === null)).toHaveLength(2);
    const { cases } = await listCases(admin);
    expect(
      cases.filter((c) => c.body.summary === 'Harassment by email after a deletion debate'),
    ).toHaveLength(1);
  });

  it('when the team changes between encrypting and sending (409), shows what changed and sends again without retyping', async () => {
    const { page, requests } = await openPage();
    // The page sees the roster as it is now...
    const before = await (await fetch(new URL('/api/teams/stewards', server.url))).text();
    let stale = true;
    await page.route('**/api/teams/stewards', (route) =>
      stale
        ? route.fulfill({ status: 200, contentType: 'application/json', body: before })
        : route.continue(),
    );
    await startReport(page);
    await fillReport(page, 'Edit-warring turned into personal attacks');
    // ...then Chloé joins, so the report is encrypted to a roster the server no longer has.
    const chloe = await joinTeam(admin, { name: 'Chloé' });
    const reports = () => requests.filter((r) => r.method() === 'POST' && r.url().endsWith('/api/reports'));
    // From the server's 409 on, the page sees the roster as it really is.
    page.on('response', (response) => {
      if (response.url().endsWith('/api/reports')) stale = false;
    });
    await page.getByRole('button', { name: 'Encrypt and send report' }).click();
    const notice = page.getByRole('alert').filter({ hasText: 'Stewards changed while you were writing' });
    await notice.waitFor({ timeout: 30_000 });
    expect(reports()).toHaveLength(1);
    expect(await notice.textContent()).toContain('Chloé joined the team.');
    expect(await notice.textContent()).toContain('Nothing was sent.');
    // Nothing was lost, and Chloé is now among the readers.
    expect(await page.getByLabel('What happened?').inputValue()).toContain('Since Monday an account');
    expect(await page.getByLabel('In one line, what is this about?').inputValue()).toBe(
      'Edit-warring turned into personal attacks',
    );
    expect(await page.getByText('Your report will be encrypted for: Ana, Ben, Chloé.').count()).toBe(1);

    await page.getByRole('button', { name: 'Encrypt and send report' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your report was sent' }).waitFor({ timeout: 30_000 });
    expect(reports()).toHaveLength(2);
    const { cases } = await listCases(admin);
    const sentCase = cases.find((c) => c.body.summary === 'Edit-warring turned into personal attacks');
    expect(sentCase).toBeDefined();
    const recipients = await server.db
      .selectFrom('grants')
      .select('recipient')
      .where('object_id', '=', sentCase!.summary.id)
      .execute();
    expect(recipients.map((r) => r.recipient)).toContain(chloe.identity.id);
  });

  it('shows what to do now when a life is in danger or a child is involved, and marks the report urgent', async () => {
    const { page } = await openPage({ width: 360, height: 740 });
    await startReport(page);
    await page.getByLabel('In one line, what is this about?').fill('Threat to hurt an editor at a meetup');
    await page.getByLabel('Someone’s life or physical safety is in danger').check();
    const now = page.getByRole('alert').filter({ hasText: 'What to do now' });
    await now.waitFor();
    expect(await now.textContent()).toContain('contact your local emergency services now');
    expect(await now.textContent()).toContain('marked urgent');

    await page.getByLabel('A child or young person under 18 is involved').check();
    await expect.poll(() => now.textContent()).toContain('If a child is in danger right now');
    expect(await now.textContent()).toContain('child safety is handled by');
    await now.getByRole('button', { name: 'Child Safety Team' }).click();
    await page.getByRole('heading', { level: 2, name: 'Your report to Child Safety Team' }).waitFor();
    await page.getByText('Security fingerprint of Child Safety Team').waitFor();
    // What was typed stayed, and so did the answer about danger.
    expect(await page.getByLabel('In one line, what is this about?').inputValue()).toBe(
      'Threat to hurt an editor at a meetup',
    );
    expect(await page.getByLabel('A child or young person under 18 is involved').isChecked()).toBe(true);
    await expect.poll(() => now.textContent()).toContain('Child Safety Team handles child safety');

    await page.getByLabel('I am reporting on someone else’s behalf').check();
    await page.getByLabel('What happened?').fill('An adult account messages a 15-year-old editor privately.');
    await page.getByRole('button', { name: 'Encrypt and send report' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your report was sent' }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('main').textContent()).toContain('You marked it urgent');
    const urgent = await server.db
      .selectFrom('cases')
      .innerJoin('teams', 'teams.id', 'cases.team_id')
      .select('cases.urgent')
      .where('teams.slug', '=', 'child-safety')
      .execute();
    expect(urgent).toEqual([{ urgent: true }]);
  });

  it('warns loudly and sends nothing when the team’s fingerprint is not the one this browser saw before', async () => {
    const { page, requests } = await openPage();
    await page.addInitScript(() => {
      localStorage.setItem(
        'confide.roster-trust.v1',
        JSON.stringify({
          stewards: {
            team: '00000000-0000-4000-8000-000000000000',
            fingerprint: 'ab'.repeat(32),
            head: { seq: 0, hash: 'AAAA' },
          },
        }),
      );
    });
    await page.goto(new URL('/', server.url).href);
    await page.getByRole('button', { name: 'Report to Stewards' }).click();
    const warning = page.getByRole('alert').filter({ hasText: 'this may not be the real “Stewards”' });
    await warning.waitFor();
    expect(await warning.textContent()).toContain('abab abab abab abab abab abab abab abab');
    await fillReport(page, 'Should not be sent');
    await page.getByRole('button', { name: 'Encrypt and send report' }).click();
    await page.getByText('Not sent: this team’s keys cannot be trusted right now').waitFor();
    expect(requests.filter((r) => r.method() === 'POST')).toEqual([]);
  });

  it('has no serious accessibility problems and fits a 360 px screen: intake form with errors, receipt page', async () => {
    const { page } = await openPage({ width: 360, height: 740 });
    await startReport(page);
    await page.getByRole('button', { name: 'Encrypt and send report' }).click();
    await page.getByText(/Please check \d things before sending/).waitFor();
    await page.getByLabel('Someone’s life or physical safety is in danger').check();
    await page.getByLabel('Add files').setInputFiles(photoPath);
    await page.getByText(/Removed:/).waitFor();
    await expectNoSeriousA11yViolations(page);
    const width = () =>
      page.evaluate<[number, number]>(
        '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
      );
    const [scrollWidth, viewportWidth] = await width();
    expect(scrollWidth).toBeLessThanOrEqual(viewportWidth);

    await openReportWithReceipt(page, server.url, receipt, 'Stewards');
    await page.getByText('The report you sent').click();
    await expectNoSeriousA11yViolations(page);
    const [caseWidth, caseViewport] = await width();
    expect(caseWidth).toBeLessThanOrEqual(caseViewport);

    // Withdrawing asks first, explains that the record stays, and then says so.
    await page.getByRole('button', { name: 'Withdraw my report…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Withdraw your report?' });
    await dialog.waitFor();
    // Focus starts on the harmless choice: Enter must not withdraw by accident.
    expect(await page.evaluate<string>('document.activeElement?.textContent ?? ""')).toBe('Keep my report');
    expect(await dialog.textContent()).toContain(
      'the team keeps a record that you made this report and withdrew it',
    );
    await expectNoSeriousA11yViolations(page);
    await dialog.getByRole('button', { name: 'Withdraw report' }).click();
    await page.getByText('Status: Withdrawn').waitFor();
    const [row] = await server.db
      .selectFrom('cases')
      .select('status')
      .where('id', '=', firstCaseId)
      .execute();
    expect(row?.status).toBe('withdrawn');
  });
});
