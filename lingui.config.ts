// Lingui's catalogs (client/src/locales/<language>.po), extracted from the client's sources by
// `npm run i18n:extract` and compiled into the build by @lingui/vite-plugin: no message is parsed
// in the browser, so nothing needs `unsafe-eval`. The languages are the contract's.
import { defineConfig } from '@lingui/cli';
import { formatter } from '@lingui/format-po';
import { LANGUAGES, PSEUDO_LANGUAGE, SOURCE_LANGUAGE } from '#contract/languages';

/** The console's modules, except its session, which the header of every page uses. */
const CONSOLE_SOURCES = '<rootDir>/client/src/features/team/{api,components,hooks,lib,model}/**/*.*';

export default defineConfig({
  sourceLocale: SOURCE_LANGUAGE,
  locales: [...LANGUAGES, PSEUDO_LANGUAGE],
  // Every message with its letters changed, generated on extraction: text in the pages that
  // stays plain English under `?lang=pseudo` was never put in the catalogs.
  pseudoLocale: PSEUDO_LANGUAGE,
  // A message missing from a translation shows in English (and fails the catalogs' test in CI).
  fallbackLocales: { default: SOURCE_LANGUAGE },
  catalogs: [
    // What every page may show: the reporter's pages, set-up, joining, the shared components, and
    // the console's session (the header signs out from any page).
    {
      name: 'main',
      path: '<rootDir>/client/src/locales/{locale}',
      include: ['<rootDir>/client/src'],
      exclude: [CONSOLE_SOURCES],
    },
    // The team console's words, about as many again: downloaded with the console (its pages wait
    // for them: client/src/features/team/console-catalog.ts), never by a reporter.
    {
      name: 'console',
      path: '<rootDir>/client/src/features/team/locales/{locale}',
      include: [CONSOLE_SOURCES],
    },
  ],
  // File names without line numbers, so that moving code does not rewrite every catalog.
  format: formatter({ lineNumbers: false }),
  orderBy: 'message',
});
