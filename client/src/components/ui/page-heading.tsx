import type { ReactNode } from 'react';

/**
 * The page's one `h1`. It can take focus from script (tabIndex -1, not in the tab order)
 * because the layout moves focus here after every client-side navigation, so keyboard and
 * screen-reader users start at the new page's content.
 */
export function PageHeading({ children }: { children: ReactNode }) {
  return (
    <h1 className="page-heading" tabIndex={-1}>
      {children}
    </h1>
  );
}
