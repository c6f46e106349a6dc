import { useLingui } from '@lingui/react/macro';
import { useEffect } from 'react';

/**
 * Sets the tab's title: the first thing a screen reader announces about a page. `title` is in the
 * page's language already (the caller's `t`); the title follows a switch of language with it.
 */
export function useDocumentTitle(title: string): void {
  const { t } = useLingui();
  const full = t({
    message: `${title} · Confide`,
    comment: 'A tab’s title: the page’s, then the site’s name.',
  });
  useEffect(() => {
    document.title = full;
  }, [full]);
}

/**
 * A reporter's pages' title: index.html's <title>, so a page load and a page show the same. The
 * product's name alone, in every language: nothing in it to translate, and nothing that tells a
 * later user of the device which language the reporter read the pages in.
 */
export const NEUTRAL_TITLE = 'Confide';

/**
 * The title of a reporter's pages (the intake, the receipt, appeals, staying safe): just
 * "Confide", whatever the page shows. Tab titles end up in the browser's history, its list of
 * recently closed tabs and the suggestions it makes as one types an address, where someone who
 * uses this device later could read "Report harassment" or "Your report to …". The page's h1,
 * which the layout focuses after every navigation, still tells a screen-reader user where they are.
 */
export function useNeutralDocumentTitle(): void {
  useEffect(() => {
    document.title = NEUTRAL_TITLE;
  }, []);
}
