/**
 * The language switcher, in the header of every page (app/layout.tsx): a native <select>, so it
 * works by keyboard and with every screen reader as any drop-down list does.
 *
 * The choice lives only in the address (`?lang=ar`), never in a cookie or storage: a reporter's
 * device keeps no trace of Confide it was not asked to keep (issue 14), and a language other
 * than the browser's own would be one. The server reads `?lang=` first when it sends the page
 * (server/plugins/localized-page.ts), so a reload keeps the language. Moving between pages inside
 * the app keeps the active language in memory (Lingui's i18n), though the links do not carry
 * `?lang=`: a reload after that reads the browser's Accept-Language again. Like every address, it
 * goes into the tab's history; it names a language, nothing about a report.
 */
import { useLingui } from '@lingui/react/macro';
import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';

import {
  LANGUAGES,
  LANGUAGE_NAMES,
  SOURCE_LANGUAGE,
  shippedLanguage,
  type Language,
} from '#contract/languages';
import { activateLanguage } from '../i18n/languages';
import './language-switcher.css';

/**
 * The address's query with `lang` set to `language`; every other parameter kept exactly as it
 * was written (not re-encoded: a page may read its own parameters as they came).
 */
function searchWithLanguage(search: string, language: Language): string {
  const others = search
    .replace(/^\?/, '')
    .split('&')
    .filter((pair) => pair !== '' && pair.split('=', 1)[0] !== 'lang');
  return `?${[...others, `lang=${language}`].join('&')}`;
}

export function LanguageSwitcher() {
  const { t, i18n } = useLingui();
  const id = useId();
  const navigate = useNavigate();
  // The address as it is when a switch ends (a page may change it while a catalog downloads).
  const location = useLocation();
  const latestLocation = useRef(location);
  useEffect(() => {
    latestLocation.current = location;
  }, [location]);
  // The language chosen while its catalog downloads, so the list shows the choice meanwhile.
  const [pending, setPending] = useState<Language | null>(null);
  // One switch at a time, in the order they were chosen: the last choice is the one that stays,
  // however quickly the arrow keys went through the list.
  const switching = useRef<Promise<void>>(Promise.resolve());

  // The pseudo-locale (a test's) is English underneath: it is not offered, English is shown.
  const shown = pending ?? shippedLanguage(i18n.locale) ?? SOURCE_LANGUAGE;

  function choose(event: ChangeEvent<HTMLSelectElement>) {
    const chosen = shippedLanguage(event.target.value);
    if (chosen === undefined) return;
    setPending(chosen);
    switching.current = switching.current.then(async () => {
      try {
        // English when the chosen catalog could not be downloaded: the address says what is shown.
        const active = shippedLanguage(await activateLanguage(chosen)) ?? SOURCE_LANGUAGE;
        // The rest of the address is kept as it is, with the page's own history state (the team
        // console keeps a search there). So is the hash: some pages carry a secret in it.
        const { pathname, search, hash } = latestLocation.current;
        const state: unknown = latestLocation.current.state;
        await navigate(
          { pathname, search: searchWithLanguage(search, active), hash },
          { replace: true, state },
        );
      } catch {
        // Not even English could be downloaded: the page stays in the language it is in.
      } finally {
        setPending((waiting) => (waiting === chosen ? null : waiting));
      }
    });
  }

  return (
    <div className="language-switcher">
      <svg
        className="language-switcher__icon"
        viewBox="0 0 24 24"
        width="20"
        height="20"
        aria-hidden="true"
        focusable="false"
      >
        <circle cx="12" cy="12" r="9" />
        <path d="M3 12h18M12 3c2.5 2.7 3.75 5.7 3.75 9S14.5 18.3 12 21c-2.5-2.7-3.75-5.7-3.75-9S9.5 5.7 12 3Z" />
      </svg>
      <label className="visually-hidden" htmlFor={id}>
        {t`Language`}
      </label>
      <select id={id} className="language-switcher__select" value={shown} onChange={choose}>
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {LANGUAGE_NAMES[language]}
          </option>
        ))}
      </select>
    </div>
  );
}
