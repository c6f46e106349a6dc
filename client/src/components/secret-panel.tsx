import type { ReactNode } from 'react';

import './secret-panel.css';

interface SecretPanelProps {
  /** The id of the panel's heading, which names the section. */
  headingId: string;
  heading: ReactNode;
  /** `secret`: shown once, keep it private (a recovery code). `public`: check it (a fingerprint). */
  tone: 'secret' | 'public';
  /** What prints when the page is printed (the rest of the page does not). */
  print?: boolean | undefined;
  children: ReactNode;
}

/** A section around a code a person must keep or compare: its heading, the code, what to do. */
export function SecretPanel({ headingId, heading, tone, print, children }: SecretPanelProps) {
  const classes = ['secret-panel'];
  if (tone === 'public') classes.push('secret-panel--public');
  if (print) classes.push('print-area');
  return (
    <section className={classes.join(' ')} aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      {children}
    </section>
  );
}

/**
 * The code itself, large and in a monospaced font. `literal`: plain text a browser's translator
 * must leave alone (components that show a code mark that themselves).
 */
export function SecretCode({ literal, children }: { literal?: boolean | undefined; children: ReactNode }) {
  return (
    <p className="secret-panel__code" translate={literal ? 'no' : undefined}>
      {children}
    </p>
  );
}
