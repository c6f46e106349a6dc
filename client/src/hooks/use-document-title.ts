import { useEffect } from 'react';

/** Sets the tab's title: the first thing a screen reader announces about a page. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Confide`;
  }, [title]);
}

/** A reporter's pages' title: index.html's <title>, so a page load and a page show the same. */
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
