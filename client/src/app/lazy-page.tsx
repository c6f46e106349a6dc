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
import { lazy, Suspense, useEffect, type ComponentType } from 'react';

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

/**
 * A page loaded with `import()` on first render. Give it the module and the name of the
 * export: `lazyPage(() => import('./receipt-page'), 'ReceiptPage')`.
 */
export function lazyPage<Name extends string, Module extends Record<Name, ComponentType>>(
  load: () => Promise<Module>,
  name: Name,
): ComponentType {
  const Page = lazy(async (): Promise<{ default: ComponentType }> => {
    let module: Module;
    try {
      module = await load();
    } catch (cause) {
      throw new PageLoadError({ cause });
    }
    return { default: module[name] };
  });
  return function LazyPage() {
    return (
      <Suspense fallback={<PageLoading />}>
        <Page />
        <FocusHeadingOnArrival />
      </Suspense>
    );
  };
}
