/**
 * The built-in templates in a report's language (issue 14): a member reading the console in
 * English who answers a report written in Spanish starts from the Spanish text. The built-in texts
 * are console messages (model/templates.ts, in the console's catalog: lingui.config.ts), so that
 * language's console catalog is downloaded into an I18n instance of its own; the page keeps its
 * language. Each language is downloaded once a page load.
 */
import { setupI18n, type I18n } from '@lingui/core';
import { useLingui } from '@lingui/react';
import { useEffect, useState } from 'react';

import { shippedLanguage, type Language } from '#contract/languages';
import { CONSOLE_CATALOG } from '../console-catalog';
import { addTemplateLanguage } from '../model/templates';

/** Each language's catalog as an I18n instance; null when it could not be downloaded. */
const loaded = new Map<Language, I18n | null>();
const loading = new Map<Language, Promise<I18n | null>>();

function loadTemplateLanguage(language: Language): Promise<I18n | null> {
  let promise = loading.get(language);
  if (promise === undefined) {
    promise = CONSOLE_CATALOG[language]().then(
      ({ messages }) => {
        const instance = setupI18n({ locale: language, messages: { [language]: messages } });
        addTemplateLanguage(instance);
        loaded.set(language, instance);
        return instance;
      },
      () => {
        // The page's language then, as when no catalog is shipped; a later page load tries again.
        loaded.set(language, null);
        return null;
      },
    );
    loading.set(language, promise);
  }
  return promise;
}

/**
 * The catalog the built-in templates of a report written in `reportLanguage` are read in:
 * `undefined` while it downloads; null when Confide ships no such language or it could not be
 * downloaded (the page's language is used); the page's own when the report is in the page's
 * language.
 */
export function useTemplateLanguage(reportLanguage: string | null): I18n | null | undefined {
  // Follows a switch of the page's language: the report's may become, or stop being, the page's.
  const { i18n: page } = useLingui();
  const language = shippedLanguage(reportLanguage);
  const [, setDownloaded] = useState(0);
  const needed = language !== undefined && language !== page.locale && !loaded.has(language);
  useEffect(() => {
    if (!needed) return;
    let current = true;
    void loadTemplateLanguage(language).then(() => {
      if (current) setDownloaded((n) => n + 1);
    });
    return () => {
      current = false;
    };
  }, [needed, language]);
  if (language === undefined) return null;
  if (language === page.locale) return page;
  return loaded.has(language) ? (loaded.get(language) ?? null) : undefined;
}
