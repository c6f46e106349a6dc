/**
 * Pages that load when someone opens them. The start page (the report form) is in the first
 * download; every other page is a chunk of its own, so a reporter on a slow phone or over Tor
 * downloads only what the form needs before they can write.
 *
 * Each such page sits in a <Suspense> of its own. React Router renders navigations as
 * transitions, and a transition keeps the old page on screen while a boundary that is already
 * showing suspends: with one boundary around every page, a click on a page not yet downloaded
 * would seem to do nothing until it arrived. A boundary new with the page shows its fallback at
 * once instead: the address, the navigation and "Loading the page…" change on the click.
 *
 * A chunk that cannot be downloaded throws a PageLoadError (page-load-error.ts), which the route
 * error page answers with "reload".
 */
import { lazy, Suspense, useEffect, useState, type ComponentType } from 'react';

import { PageLoadError } from './page-load-error';
import { PageLoading } from './page-loading';

/**
 * The layout moves focus to the new page's heading after a navigation (layout.tsx), or to the
 * page area while the page is still downloading. Once it has arrived, its heading takes the
 * focus from the page area, as if it had been there all along; focus the reader has moved
 * elsewhere meanwhile stays where it is.
 */
function FocusHeadingOnArrival() {
  useEffect(() => {
    const main = document.getElementById('main');
    if (main === null || document.activeElement !== main) return;
    main.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
  }, []);
  return null;
}

/** A page component that can be told to download its chunk before it is opened. */
export type LazyPage = ComponentType & {
  /** Starts the download (once); resolves when the page can render at once. Never rejects. */
  preload(): Promise<void>;
};

/**
 * A page loaded with `import()` on first render. Give it the module and the name of the
 * export: `lazyPage(() => import('./receipt-page'), 'ReceiptPage')`.
 *
 * Once its chunk has arrived (opened before, or `preload()`ed), the page renders at once, with no
 * <Suspense>: a page that suspends is revealed no sooner than 300 ms after its fallback appeared
 * (React's FALLBACK_THROTTLE_MS), even when its chunk is already on its way or in the cache, and
 * that wait was most of the time between signing in and the first rows of the case list, and
 * between a click on a case and the case. Each mount keeps the way it started, so that a page
 * shown through <Suspense> is not mounted again when its chunk lands.
 */
export function lazyPage<Name extends string, Module extends Record<Name, ComponentType>>(
  load: () => Promise<Module>,
  name: Name,
): LazyPage {
  let loaded: ComponentType | null = null;
  let loading: Promise<ComponentType> | null = null;
  const start = (): Promise<ComponentType> => {
    loading ??= load().then(
      (module) => (loaded = module[name]),
      (cause: unknown) => {
        // Not kept: the next attempt (a reload of the page, or another preload) tries again.
        loading = null;
        throw new PageLoadError({ cause });
      },
    );
    return loading;
  };
  const Suspended = lazy(async (): Promise<{ default: ComponentType }> => ({ default: await start() }));

  function LazyPage() {
    // Decided once per mount (see above).
    const [ready] = useState(() => loaded);
    if (ready !== null) {
      const Page = ready;
      return <Page />;
    }
    return (
      <Suspense fallback={<PageLoading />}>
        <Suspended />
        <FocusHeadingOnArrival />
      </Suspense>
    );
  }
  return Object.assign(LazyPage, {
    preload: () =>
      start().then(
        () => undefined,
        () => undefined,
      ),
  });
}
