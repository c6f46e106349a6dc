import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A step of a flow that replaces the previous one without a navigation (the second factor after
 * the passphrase, the new recovery code after a recovery, one-time codes after adding a factor):
 * the focus moves to its heading, as the layout does after navigating, so keyboard and
 * screen-reader users start at the new step.
 */
export function FocusHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const heading = ref.current?.querySelector<HTMLElement>('h1, h2');
    if (!heading) return;
    // A section's h2 is not focusable by default; out of the tab order, like the page's h1.
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    heading.focus();
  }, []);
  return <div ref={ref}>{children}</div>;
}
