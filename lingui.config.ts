// Lingui's catalogs (client/src/locales/<language>.po), extracted from the client's sources by
// `npm run i18n:extract` and compiled into the build by @lingui/vite-plugin: no message is parsed
// in the browser, so nothing needs `unsafe-eval`. The languages are the contract's.
import { defineConfig } from '@lingui/cli';
import { formatter } from '@lingui/format-po';
import { LANGUAGES, PSEUDO_LANGUAGE, SOURCE_LANGUAGE } from '#contract/languages';

export default defineConfig({
  sourceLocale: SOURCE_LANGUAGE,
  locales: [...LANGUAGES, PSEUDO_LANGUAGE],
  // Every message with its letters changed, generated on extraction: text in the pages that
  // stays plain English under `?lang=pseudo` was never put in the catalogs.
  pseudoLocale: PSEUDO_LANGUAGE,
  // A message missing from a translation shows in English (and fails the catalogs' test in CI).
  fallbackLocales: { default: SOURCE_LANGUAGE },
  catalogs: [{ path: '<rootDir>/client/src/locales/{locale}', include: ['<rootDir>/client/src'] }],
  // File names without line numbers, so that moving code does not rewrite every catalog.
  format: formatter({ lineNumbers: false }),
  orderBy: 'message',
});
