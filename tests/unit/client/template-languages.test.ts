/**
 * A case's template in the report's language (issue 14; client/src/features/team/model/templates.ts):
 * the team's wording in that language, else its default wording, else the built-in text, read from
 * that language's console catalog in an I18n instance of its own while the page keeps its language;
 * its placeholders found and filled like the page's; and the words saying which language it is in.
 *
 * The Spanish catalog is the real one (client/src/features/team/locales/es.po), compiled as the
 * build compiles it, so a built-in text its translators left out would show here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { i18n, setupI18n, type I18n, type Messages } from '@lingui/core';
import { formatter } from '@lingui/format-po';
import { compileMessageOrThrow } from '@lingui/message-utils/compileMessage';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  addTemplateLanguage,
  BUILT_IN_TEMPLATES,
  builtInText,
  chooseTemplate,
  fillTemplate,
  hasPlaceholder,
  placeholderAsWritten,
  templateLanguageWords,
  unfilledPlaceholders,
  type TemplateChoiceOptions,
} from '../../../client/src/features/team/model/templates.js';

const CATALOG = path.resolve(import.meta.dirname, '../../../client/src/features/team/locales/es.po');

/** English message → Spanish translation, and the compiled messages Lingui reads at run time. */
let translations: Map<string, string>;
let spanish: I18n;

beforeAll(async () => {
  const entries = (await formatter({ lineNumbers: false }).parse(readFileSync(CATALOG, 'utf8'), {
    locale: 'es',
    sourceLocale: 'en',
    filename: CATALOG,
  })) as Record<string, { message?: string; translation?: string }>;
  translations = new Map();
  const messages: Messages = {};
  for (const [id, { message = '', translation = '' }] of Object.entries(entries)) {
    translations.set(message, translation);
    // A message left untranslated shows in English, as the build's fallback does.
    messages[id] = compileMessageOrThrow(translation === '' ? message : translation);
  }
  spanish = setupI18n({ locale: 'es', messages: { es: messages } });
});

/** The Spanish words of a placeholder, from the catalog; fails the test when they are missing. */
function spanishWords(english: string): string {
  const words = translations.get(english) ?? '';
  expect(words, `es.po translates “${english}”`).not.toBe('');
  return words;
}

const OPTIONS: TemplateChoiceOptions = {
  reportLanguage: 'es-MX',
  templates: { acknowledgement: 'Hello from our team', closure_actionable: 'We acted.' },
  translations: {
    es: { acknowledgement: 'Hola de nuestro equipo', request_for_information: '   ' },
    fr: { closure_actionable: 'Nous avons agi.' },
  },
  builtIn: null,
};

describe('the built-in texts in another language than the page’s', () => {
  it('reads them from the catalog given, and the page’s texts stay in the page’s language', () => {
    const english = BUILT_IN_TEMPLATES.acknowledgement;
    const text = builtInText('acknowledgement', spanish);
    expect(i18n.locale).toBe('en');
    expect(BUILT_IN_TEMPLATES.acknowledgement).toBe(english);
    expect(text).not.toBe(english);
    const teamName = spanishWords('team name');
    const checkIn = spanishWords('check-in date');
    expect(unfilledPlaceholders(text)).toEqual(expect.arrayContaining([teamName, checkIn]));
    expect(unfilledPlaceholders(text)).not.toContain('team name');
    // The whole message is the catalog's translation, its variables the bracketed Spanish words.
    const message = [...translations.keys()].find((m) => m.startsWith('Hello,\n\nThank you for writing'));
    const translated = translations.get(message ?? '') ?? '';
    expect(translated).not.toBe('');
    expect(text.split('\n')[0]).toBe(translated.split('\n')[0]);
    expect(text).toContain(`{${teamName}}`);
  });

  it('has every kind in the other language, none with an English placeholder', () => {
    for (const kind of Object.keys(BUILT_IN_TEMPLATES) as (keyof typeof BUILT_IN_TEMPLATES)[]) {
      const text = builtInText(kind, spanish);
      expect(text, kind).not.toBe(BUILT_IN_TEMPLATES[kind]);
      for (const name of unfilledPlaceholders(BUILT_IN_TEMPLATES[kind])) {
        expect(unfilledPlaceholders(text), `${kind}: {${name}}`).not.toContain(name);
      }
    }
  });

  it('finds and fills their placeholders once their language is added, on an English page', () => {
    const text = builtInText('acknowledgement', spanish);
    const values = { 'team name': 'Stewards', 'check-in date': '3 de marzo' };
    // Before: the Spanish placeholders are not the page's words for them.
    expect(hasPlaceholder(text, 'check-in date')).toBe(false);
    expect(fillTemplate(text, values)).not.toContain('3 de marzo');
    addTemplateLanguage(spanish);
    expect(hasPlaceholder(text, 'check-in date')).toBe(true);
    const filled = fillTemplate(text, values);
    expect(filled).toContain('Stewards');
    expect(filled).toContain('3 de marzo');
    expect(hasPlaceholder(filled, 'check-in date')).toBe(false);
    expect(unfilledPlaceholders(filled)).not.toContain(spanishWords('team name'));
    // The page's own (English) placeholders are still found.
    expect(hasPlaceholder(BUILT_IN_TEMPLATES.acknowledgement, 'check-in date')).toBe(true);
    expect(placeholderAsWritten('check-in date', spanish)).toBe(`{${spanishWords('check-in date')}}`);
    expect(placeholderAsWritten('check-in date')).toBe('{check-in date}');
    expect(placeholderAsWritten('username', spanish)).toBe('{username}');
  });
});

describe('choosing a case’s template', () => {
  it('takes the team’s wording in the report’s language first, matched on its primary subtag', () => {
    expect(chooseTemplate('acknowledgement', OPTIONS)).toEqual({
      text: 'Hola de nuestro equipo',
      source: 'team-language',
      language: { tag: 'es-MX', of: 'report' },
    });
  });

  it('then the team’s default wording, for a kind the team did not write in that language', () => {
    expect(chooseTemplate('closure_actionable', OPTIONS)).toEqual({
      text: 'We acted.',
      source: 'team-default',
      language: null,
    });
  });

  it('reads a blank text in a language as none written', () => {
    expect(chooseTemplate('request_for_information', { ...OPTIONS, builtIn: spanish })).toMatchObject({
      source: 'built-in',
    });
  });

  it('then the built-in text in the report’s language, when its catalog is given', () => {
    expect(chooseTemplate('notice_mistaken_report', { ...OPTIONS, builtIn: spanish })).toEqual({
      text: builtInText('notice_mistaken_report', spanish),
      source: 'built-in',
      language: { tag: 'es-MX', of: 'report' },
    });
  });

  it('else the built-in text in the page’s language', () => {
    expect(chooseTemplate('notice_mistaken_report', { ...OPTIONS, reportLanguage: 'de' })).toEqual({
      text: BUILT_IN_TEMPLATES.notice_mistaken_report,
      source: 'built-in',
      language: { tag: 'en', of: 'page' },
    });
  });

  it('takes no language’s wording for a report that names no language', () => {
    const options = { ...OPTIONS, reportLanguage: null, builtIn: spanish };
    expect(chooseTemplate('acknowledgement', options).source).toBe('team-default');
    expect(chooseTemplate('notice_mistaken_report', options)).toMatchObject({
      text: BUILT_IN_TEMPLATES.notice_mistaken_report,
      language: { tag: 'en', of: 'page' },
    });
  });

  it('takes the built-in text while the team’s settings are not read', () => {
    const options = { reportLanguage: 'fr', templates: null, translations: null, builtIn: null };
    expect(chooseTemplate('closure_actionable', options).source).toBe('built-in');
  });
});

describe('the words saying which language a template is in', () => {
  it('names the report’s language by its primary subtag, or the page’s', () => {
    const inReport = chooseTemplate('acknowledgement', OPTIONS);
    expect(templateLanguageWords(inReport, 'es-MX')).toBe('In Spanish (the report’s language).');
    const inPage = chooseTemplate('notice_mistaken_report', { ...OPTIONS, reportLanguage: 'de' });
    expect(templateLanguageWords(inPage, 'de')).toBe('In English (this page’s language).');
  });

  it('says when it is the team’s default wording, and which language the team did not write it in', () => {
    const own = chooseTemplate('closure_actionable', OPTIONS);
    expect(templateLanguageWords(own, 'es-MX')).toBe(
      'In the team’s default wording: the team did not write this template in Spanish, the report’s language.',
    );
    expect(templateLanguageWords(own, null)).toBe('In the team’s default wording.');
  });
});
