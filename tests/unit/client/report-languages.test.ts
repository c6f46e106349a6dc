/**
 * The report's language (issue 14): picked from a list named in the page's language, a browser's
 * regional tag matched to its language, anything else given as a code.
 */
import { i18n } from '@lingui/core';
import { afterEach, describe, expect, it } from 'vitest';

import { REPORT_LANGUAGES, offeredLanguage } from '../../../client/src/lib/report-languages.js';
import { languageName } from '../../../client/src/lib/format.js';

afterEach(() => i18n.loadAndActivate({ locale: 'en', messages: {} }));

describe('the languages a report may be written in', () => {
  it('offers the pages’ own languages first, each once', () => {
    expect(REPORT_LANGUAGES.slice(0, 4)).toEqual(['en', 'es', 'fr', 'ar']);
    expect(new Set(REPORT_LANGUAGES).size).toBe(REPORT_LANGUAGES.length);
  });

  it('matches a tag to the list, by its language when its region or script is not listed', () => {
    expect(offeredLanguage('de')).toBe('de');
    expect(offeredLanguage('pt-BR')).toBe('pt');
    expect(offeredLanguage('zh-Hant-TW')).toBe('zh');
    expect(offeredLanguage('yue')).toBeNull();
    expect(offeredLanguage('gsw-CH')).toBeNull();
  });

  it('names each language in the page’s language, and a tag it cannot name as the tag', () => {
    expect(languageName('de')).toBe('German');
    i18n.loadAndActivate({ locale: 'es', messages: {} });
    expect(languageName('de')).toBe('alemán');
    i18n.loadAndActivate({ locale: 'ar', messages: {} });
    expect(languageName('fr')).toBe('الفرنسية');
    expect(languageName('not a tag')).toBe('not a tag');
  });
});
