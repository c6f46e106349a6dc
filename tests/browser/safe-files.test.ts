/**
 * Safe files (issue 14), in Chromium against the real server, checked from the team's side with
 * the protocol client:
 *
 *   - the intake form: a Word document is cleaned (its author gone from what the team receives),
 *     a PDF is listed with what it reveals and held back until "Send it anyway", a damaged
 *     document is refused, an unknown kind of file is said not to be checked;
 *   - a reply on the receipt page and a note in the team console hold a PDF back the same way.
 *
 * The byte-level cleaning is proven in tests/unit/client/office-metadata.test.ts and
 * pdf-metadata.test.ts; here, that the pages say it and act on it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { describeBrowser, expectNoSeriousA11yViolations, removeClientCopy } from '../helpers/browser.js';
import {
  ANA_PASSPHRASE,
  createStewards,
  signInToConsole,
  startServerAndBrowser,
  type SuiteServer,
} from '../helpers/console-pages.js';
import {
  Agent,
  downloadAttachment,
  fetchTransport,
  listCases,
  openCase,
  signInFast,
  type CreatedTeam,
  type MemberSession,
} from '../helpers/protocol/index.js';
import { openReportWithReceipt } from '../helpers/receipt-page.js';

/** Argon2id and encryption in pages on a loaded 2-core machine. */
const SLOW = 60_000;

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** A Word document whose properties name its author and her company. */
function wordDocument(): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8(
      `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`,
    ),
    '_rels/.rels': strToU8(
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`,
    ),
    'docProps/core.xml': strToU8(
      `${XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Jane Doe</dc:creator><cp:lastModifiedBy>Jane Doe</cp:lastModifiedBy></cp:coreProperties>`,
    ),
    'docProps/app.xml': strToU8(
      `${XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>Acme Harassment Ltd</Company></Properties>`,
    ),
    'word/document.xml': strToU8(
      `${XML}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>The messages, copied out.</w:t></w:r></w:p></w:body></w:document>`,
    ),
  });
}

/** A PDF whose information dictionary names its author and the software. */
function authoredPdf(): Buffer {
  return Buffer.from(
    [
      '%PDF-1.7',
      '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
      '2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj',
      '3 0 obj << /Author (Jane Doe) /Creator (Microsoft Word) >> endobj',
      'trailer << /Size 4 /Root 1 0 R /Info 3 0 R >>',
      '%%EOF',
      '',
    ].join('\n'),
    'latin1',
  );
}

describeBrowser('safe files in Chromium: cleaned, warned about, refused', () => {
  let server: SuiteServer;
  let browser: Browser;
  let clientDir: string;
  let context: BrowserContext | undefined;
  let team: CreatedTeam;
  let admin: MemberSession;
  const scratch = mkdtempSync(path.join(tmpdir(), 'confide-safe-files-'));
  const files = {
    docx: path.join(scratch, 'letter.docx'),
    pdf: path.join(scratch, 'statement.pdf'),
    broken: path.join(scratch, 'broken.docx'),
    text: path.join(scratch, 'notes.txt'),
  };
  let receipt = '';
  let caseSummary = '';

  beforeAll(async () => {
    ({ server, browser, clientDir } = await startServerAndBrowser());
    team = await createStewards(server.db, ANA_PASSPHRASE);
    admin = await signInFast(new Agent(fetchTransport(server.url)), team.slug, team.admin);
    const docx = wordDocument();
    writeFileSync(files.docx, docx);
    writeFileSync(files.pdf, authoredPdf());
    writeFileSync(files.broken, docx.subarray(0, Math.floor(docx.length / 2)));
    writeFileSync(files.text, 'Times he wrote to me: Monday, Tuesday.\n');
  });

  afterAll(async () => {
    await context?.close();
    await browser.close();
    await server.close();
    removeClientCopy(clientDir);
    rmSync(scratch, { recursive: true, force: true });
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  async function openPage(): Promise<{ page: Page; problems: string[] }> {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) problems.push(`csp: ${message.text()}`);
    });
    return { page, problems };
  }

  /** The row of the upload list that names a file. */
  function fileRow(page: Page, name: string) {
    return page.getByRole('listitem').filter({ has: page.getByText(name, { exact: true }) });
  }

  it('cleans a Word document, holds a PDF back until "Send it anyway", refuses a damaged one', async () => {
    const { page, problems } = await openPage();
    await page.goto(new URL('/', server.url).href);
    await page.getByRole('button', { name: 'Report to Stewards' }).click();
    await page.getByText('Security fingerprint of Stewards').waitFor();
    caseSummary = 'Messages after the meetup';
    await page.getByLabel('It is happening to me').check();
    await page.getByLabel('In one line, what is this about?').fill(caseSummary);
    await page.getByLabel('What happened?').fill('He keeps writing to me. The messages are attached.');
    await page.getByLabel('Add files').setInputFiles([files.docx, files.pdf, files.broken, files.text]);

    const docxRow = fileRow(page, 'letter.docx');
    await docxRow
      .getByText(/Removed: the names of the author and of who last changed it, dates, title and keywords/)
      .waitFor({ timeout: SLOW });
    expect(await docxRow.getByRole('button', { name: /Send it anyway/ }).count()).toBe(0);

    const pdfRow = fileRow(page, 'statement.pdf');
    await pdfRow.getByText('What this file may reveal:').waitFor({ timeout: SLOW });
    expect(await pdfRow.getByRole('listitem').allTextContents()).toEqual([
      'Author: Jane Doe',
      'Made with Microsoft Word',
    ]);
    expect(await pdfRow.textContent()).toContain('Confide cannot remove hidden details from PDFs');

    await fileRow(page, 'broken.docx')
      .getByText(/Confide could not read this document to remove its hidden details.*It was not added/)
      .waitFor({ timeout: SLOW });
    await fileRow(page, 'notes.txt')
      .getByText(/hidden details in it were not checked/)
      .waitFor({ timeout: SLOW });
    await expectNoSeriousA11yViolations(page);

    // Sending is refused while the PDF waits for an answer; nothing is uploaded.
    await page.getByRole('button', { name: 'Encrypt and send report' }).click();
    await page
      .locator('.error-summary')
      .getByText('Read what statement.pdf may reveal, then choose “Send it anyway” or remove it')
      .waitFor();
    expect(await page.getByRole('heading', { level: 1, name: 'Your report was sent' }).count()).toBe(0);
    expect(await server.db.selectFrom('attachments').select('id').execute()).toEqual([]);

    await pdfRow.getByRole('button', { name: 'Send it anyway statement.pdf' }).click();
    const chosen = pdfRow.getByText('You chose to send it anyway.');
    await chosen.waitFor();
    // The focus moves to the sentence that replaced the button.
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('You chose to send it anyway.');

    await page.getByRole('button', { name: 'Encrypt and send report' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your report was sent' }).waitFor({ timeout: SLOW });
    receipt = ((await page.locator('.receipt-code').textContent()) ?? '').trim();
    expect(problems).toEqual([]);

    // The team receives the cleaned document, the PDF as it was, the text file, not the damaged one.
    const { cases } = await listCases(admin);
    const view = await openCase(admin, cases[0]!.summary.id);
    const refs = view.body.attachments ?? [];
    expect(refs.map((r) => r.name).sort()).toEqual(['letter.docx', 'notes.txt', 'statement.pdf']);
    const docx = await downloadAttachment(
      admin.agent,
      refs.find((r) => r.name === 'letter.docx')!,
    );
    const parts = unzipSync(docx);
    expect(Object.keys(parts).sort()).toEqual(Object.keys(unzipSync(wordDocument())).sort());
    for (const data of Object.values(parts)) {
      for (const secret of ['Jane Doe', 'Acme Harassment Ltd']) {
        expect(Buffer.from(data).includes(Buffer.from(secret))).toBe(false);
      }
    }
    const pdf = await downloadAttachment(
      admin.agent,
      refs.find((r) => r.name === 'statement.pdf')!,
    );
    expect(Buffer.from(pdf).equals(authoredPdf())).toBe(true);
  });

  it('holds a PDF in a reply on the receipt page until "Send it anyway"', async () => {
    expect(receipt).not.toBe('');
    const { page, problems } = await openPage();
    await openReportWithReceipt(page, server.url, receipt, 'Stewards', SLOW);
    await page.getByLabel('Your message to Stewards').fill('One more, from yesterday.');
    await page.getByLabel('Add files').setInputFiles(files.pdf);
    const row = fileRow(page, 'statement.pdf');
    await row.getByText('Author: Jane Doe').waitFor({ timeout: SLOW });

    await page.getByRole('button', { name: 'Encrypt and send message' }).click();
    await page
      .getByText('Read what statement.pdf may reveal, then choose “Send it anyway” or remove it.')
      .waitFor();
    expect(await page.getByText('Your message was sent to the team.').count()).toBe(0);

    await row.getByRole('button', { name: 'Send it anyway statement.pdf' }).click();
    await page.getByRole('button', { name: 'Encrypt and send message' }).click();
    await page.getByText('Your message was sent to the team.').waitFor({ timeout: SLOW });
    expect(problems).toEqual([]);

    const view = await openCase(admin, (await listCases(admin)).cases[0]!.summary.id);
    const reply = view.items.find((i) => i.authorName === 'reporter');
    expect(reply?.body.attachments?.map((a) => a.name)).toEqual(['statement.pdf']);
  });

  it('holds a PDF attached to a note in the console until "Send it anyway", then uploads it', async () => {
    const { page, problems } = await openPage();
    await signInToConsole(page, server.url, { slug: team.slug, name: 'Ana', passphrase: ANA_PASSPHRASE });
    await page.getByRole('link', { name: new RegExp(caseSummary) }).click();
    await page.getByRole('heading', { name: 'The report' }).waitFor({ timeout: SLOW });
    const composer = page.getByRole('region', { name: 'Write' });
    await composer.getByLabel(/An internal note/).check();
    await composer.getByLabel('Your note').fill('The statement again, for the file.');
    await composer.getByLabel('Attach files').setInputFiles(files.pdf);
    const row = composer.getByRole('listitem').filter({ hasText: 'statement.pdf' });
    await row.getByText(/not uploaded yet/).waitFor({ timeout: SLOW });
    expect(await row.getByRole('listitem').allTextContents()).toEqual([
      'Author: Jane Doe',
      'Made with Microsoft Word',
    ]);

    await composer.getByRole('button', { name: 'Save internal note' }).click();
    await composer.getByRole('alert').waitFor();
    expect(await composer.getByText('Your note was encrypted and saved.').count()).toBe(0);
    expect(await composer.textContent()).toContain(
      'Read what statement.pdf may reveal, then choose “Send it anyway” or remove it.',
    );

    await row.getByRole('button', { name: 'Send it anyway statement.pdf' }).click();
    await row.getByText(/encrypted and uploaded/).waitFor({ timeout: SLOW });
    await composer.getByRole('button', { name: 'Save internal note' }).click();
    await composer.getByText('Your note was encrypted and saved.').waitFor({ timeout: SLOW });
    expect(problems).toEqual([]);

    const view = await openCase(admin, (await listCases(admin)).cases[0]!.summary.id);
    const note = view.items.find((i) => i.body.schema === 'confide/note/v1');
    expect(note?.body.attachments?.map((a) => a.name)).toEqual(['statement.pdf']);
  });
});
