/**
 * A team's wording in other languages (issue 14), in Chromium against the real server: an admin
 * writes a Spanish description and a Spanish acknowledgement in the settings (the page in
 * English); the intake page shows the Spanish description to a reader of the Spanish pages and
 * the default one to a reader of the English pages; and on a report written in Spanish the
 * acknowledgement form and the composer start from the team's Spanish wording, a template the
 * team did not write in Spanish comes as the built-in text in Spanish, each saying which language
 * it is in, while a report written in English gets the English wording.
 *
 * The built-in Spanish text is read from the console's Spanish catalog at run time, not written
 * here: its translators may change it.
 */

import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeBrowser, expectNoSeriousA11yViolations, removeClientCopy } from '../helpers/browser.js';
import {
  ANA_PASSPHRASE,
  consoleCatalog,
  createStewards,
  signInToConsole,
  startServerAndBrowser,
  type SuiteServer,
} from '../helpers/console-pages.js';
import {
  Agent,
  fetchTransport,
  newReporter,
  openReceiptSession,
  readReceiptCase,
  submitReport,
} from '../helpers/protocol/index.js';

/** Argon2id, then the case decrypted, on a loaded 2-core machine. */
const SLOW = 240_000;

const DEFAULT_DESCRIPTION = 'We look after reports of harassment on the wiki.';
const SPANISH_DESCRIPTION = 'Atendemos las denuncias de acoso en la wiki.';

describeBrowser('a team’s wording in other languages', () => {
  let server: SuiteServer;
  let browser: Browser;
  let clientDir: string;
  let spanish: Map<string, string>;
  let admin: Page;

  beforeAll(async () => {
    ({ server, browser, clientDir } = await startServerAndBrowser());
    await createStewards(server.db, ANA_PASSPHRASE);
    spanish = await consoleCatalog('es');
  });

  afterAll(async () => {
    await browser.close();
    await server.close();
    removeClientCopy(clientDir);
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      reducedMotion: 'reduce',
    });
    return context.newPage();
  }

  /** A message's Spanish translation in the console's catalog; the test cannot check it without. */
  function inSpanish(english: string): string {
    const translation = spanish.get(english) ?? '';
    expect(translation, `es.po translates “${english.slice(0, 60)}”`).not.toBe('');
    return translation;
  }

  function handling(page: Page): Locator {
    return page.getByRole('complementary', { name: 'Case handling' });
  }

  async function openCase(page: Page, summary: string): Promise<void> {
    const nav = page.getByRole('navigation', { name: 'Team console' });
    // A link to the page already shown does not load it again: through another page.
    await nav.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await nav.getByRole('link', { name: 'Cases' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
    await page.getByRole('link', { name: new RegExp(summary) }).click();
    await page.getByRole('heading', { name: 'The report' }).waitFor({ timeout: SLOW });
  }

  it(
    'saves a Spanish description and a Spanish acknowledgement beside the default wording',
    async () => {
      admin = await newPage();
      await signInToConsole(admin, server.url, { slug: 'stewards', name: 'Ana', passphrase: ANA_PASSPHRASE });
      await admin
        .getByRole('navigation', { name: 'Team console' })
        .getByRole('link', { name: 'Settings' })
        .click();
      await admin.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();

      // The description: the default wording, then the Spanish one, each kept while the other is shown.
      const general = admin.getByRole('region', { name: 'The team' });
      const description = general.getByLabel('Description', { exact: true });
      const wording = general.getByLabel('Language of the wording');
      await description.fill(DEFAULT_DESCRIPTION);
      await wording.selectOption('es');
      expect(await description.inputValue()).toBe('');
      expect(await description.getAttribute('lang')).toBe('es');
      await description.fill(SPANISH_DESCRIPTION);
      await wording.selectOption('');
      expect(await description.inputValue()).toBe(DEFAULT_DESCRIPTION);
      expect(await wording.locator('option[value="es"]').textContent()).toBe('Spanish (written)');
      // A French description started and emptied again is not saved.
      await wording.selectOption('fr');
      await description.fill('Nous');
      await description.fill('');
      await general.getByRole('button', { name: 'Save', exact: true }).click();
      await general.getByText('The team’s settings were saved.').waitFor({ timeout: 30_000 });

      // The acknowledgement in Spanish; its default wording stays the built-in text.
      const templates = admin.getByRole('region', { name: 'Message templates' });
      await templates.getByLabel('Language of the wording').selectOption('es');
      const acknowledgement = templates.getByLabel('Acknowledgement', { exact: true });
      expect(await acknowledgement.inputValue()).toBe('');
      // The check-in date as the Spanish built-in texts write it: the form fills it from its date.
      const checkIn = inSpanish('check-in date');
      await acknowledgement.fill(
        `Hola:\n\nHemos leído tu denuncia. Te escribiremos antes del {${checkIn}}.\n\n{team name}`,
      );
      await templates.getByRole('button', { name: 'Save the templates' }).click();
      await templates.getByText('The templates were saved.').waitFor({ timeout: 30_000 });
      // The language pickers are labelled and described like every field.
      await expectNoSeriousA11yViolations(admin);

      const stored = await server.db
        .selectFrom('teams')
        .select(['description', 'description_translations', 'templates', 'template_translations'])
        .where('slug', '=', 'stewards')
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({
        description: DEFAULT_DESCRIPTION,
        description_translations: { es: SPANISH_DESCRIPTION },
        templates: {},
        template_translations: {
          es: { acknowledgement: expect.stringContaining('Hemos leído tu denuncia') as unknown },
        },
      });
    },
    SLOW,
  );

  it('shows reporters the description in the language they read the pages in, else the default', async () => {
    const page = await newPage();
    const card = page.locator('.team-card', { hasText: 'Stewards' });
    await page.goto(new URL('/?lang=es', server.url).href);
    await card.waitFor();
    const shown = card.locator('.team-card__description');
    expect(await shown.textContent()).toBe(SPANISH_DESCRIPTION);
    expect(await shown.getAttribute('lang')).toBe('es');
    // The English pages: the default wording, whose language the team does not name.
    await page.goto(new URL('/?lang=en', server.url).href);
    await card.waitFor();
    expect(await shown.textContent()).toBe(DEFAULT_DESCRIPTION);
    expect(await shown.getAttribute('lang')).toBeNull();
    // French: the team wrote none (the emptied one was not saved), so the default.
    await page.goto(new URL('/?lang=fr', server.url).href);
    await expect.poll(() => page.evaluate<string>('document.documentElement.lang')).toBe('fr');
    await card.waitFor();
    expect(await shown.textContent()).toBe(DEFAULT_DESCRIPTION);
    await page.context().close();
  });

  it(
    'starts the acknowledgement and the composer from the team’s Spanish wording on a report written in Spanish',
    async () => {
      const reporter = newReporter();
      await submitReport(new Agent(fetchTransport(server.url)), 'stewards', {
        reporter,
        body: { summary: 'Acoso en mi página de usuario', language: 'es-MX', kinds: ['personal_attack'] },
      });
      await openCase(admin, 'Acoso en mi página de usuario');

      // The composer: the team's Spanish acknowledgement, and for a template the team did not
      // write in Spanish (nor at all), the built-in text in Spanish, each saying so.
      const composer = admin.getByRole('region', { name: 'Write' });
      const picker = composer.getByLabel('Use a template');
      expect(await picker.locator('option[value="acknowledgement"]').textContent()).toBe(
        'Acknowledgement (the team’s wording)',
      );
      const pickerHint = composer.locator(`[id="${await picker.getAttribute('id')}-hint"]`);
      await expect.poll(() => pickerHint.textContent()).toContain('In Spanish (the report’s language).');
      await picker.selectOption('request_for_information');
      await expect.poll(() => pickerHint.textContent()).toContain('In Spanish (the report’s language).');
      await composer.getByRole('button', { name: 'Put this template in the text' }).click();
      const reply = composer.getByLabel('Your reply');
      const builtIn = await reply.inputValue();
      const english = [...spanish.keys()].find((m) => m.startsWith('Hello,\n\nThank you for your patience'));
      const translated = inSpanish(english ?? '');
      expect(builtIn.split('\n')[0]).toBe(translated.split('\n')[0]);
      expect(builtIn).not.toContain('Thank you for your patience');
      // The team's name filled in under its Spanish placeholder, as in any language.
      expect(builtIn).toContain('Stewards');
      expect(builtIn).not.toContain(`{${inSpanish('team name')}}`);
      await reply.fill('');

      // The acknowledgement form: the team's Spanish text, its name filled in.
      const panel = handling(admin);
      await panel.getByRole('button', { name: 'Acknowledge', exact: true }).click();
      const message = panel.getByLabel('Message to the reporter');
      await expect.poll(() => message.inputValue(), { timeout: 30_000 }).toContain('Hemos leído tu denuncia');
      const text = await message.inputValue();
      expect(text).toContain('Stewards');
      expect(text).not.toContain('{team name}');
      const form = panel.locator('form', { has: admin.getByLabel('Message to the reporter') });
      expect(await form.locator(`[id="${await message.getAttribute('id')}-hint"]`).textContent()).toContain(
        'In Spanish (the report’s language).',
      );
      await expectNoSeriousA11yViolations(admin);
      await form.getByLabel('Check-in date').fill('2031-03-03');
      await form.getByRole('button', { name: 'Send and acknowledge' }).click();
      await panel
        .getByText(/^Acknowledged\. The reporter was told to expect an update by /)
        .waitFor({ timeout: SLOW });

      // The reporter reads the Spanish text, its Spanish check-in placeholder filled from the date.
      const agent = new Agent(fetchTransport(server.url));
      await openReceiptSession(agent, reporter);
      const view = await readReceiptCase(agent, reporter);
      const sent = view.items.map((i) => i.body.text);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toContain('Hemos leído tu denuncia. Te escribiremos antes del ');
      expect(sent[0]).toContain('2031');
      expect(sent[0]).not.toMatch(/\{[^}]*\}/);
    },
    SLOW,
  );

  it(
    'starts from the default wording on a report written in English',
    async () => {
      await submitReport(new Agent(fetchTransport(server.url)), 'stewards', {
        body: { summary: 'Harassment on my talk page', language: 'en', kinds: ['personal_attack'] },
      });
      await openCase(admin, 'Harassment on my talk page');
      const panel = handling(admin);
      await panel.getByRole('button', { name: 'Acknowledge', exact: true }).click();
      const message = panel.getByLabel('Message to the reporter');
      await expect
        .poll(() => message.inputValue(), { timeout: 30_000 })
        .toMatch(/^Hello,\n\nThank you for writing to us/);
      expect(await message.inputValue()).not.toContain('Hemos leído');
      const form = panel.locator('form', { has: admin.getByLabel('Message to the reporter') });
      expect(await form.locator(`[id="${await message.getAttribute('id')}-hint"]`).textContent()).toContain(
        'In English (the report’s language).',
      );
      const composer = admin.getByRole('region', { name: 'Write' });
      expect(
        await composer.getByLabel('Use a template').locator('option[value="acknowledgement"]').textContent(),
      ).toBe('Acknowledgement');
    },
    SLOW,
  );
});
