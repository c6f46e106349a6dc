import { useEffect } from 'react';

/** Sets the tab's title: the first thing a screen reader announces about a page. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Confide`;
  }, [title]);
}
