import type { ReactNode } from 'react';

import './form.css';

/**
 * What the form is doing ("Sending…", "Your message was sent"), in a live region that is
 * always there: screen readers announce changes to a live region, not one that appears with
 * its text already in it.
 */
export function FormStatus({ children }: { children?: ReactNode }) {
  return (
    <div className="form__status" role="status">
      {children}
    </div>
  );
}

/** The submit button, with an optional line beside it saying what sending does. */
export function FormActions({ note, children }: { note?: ReactNode; children: ReactNode }) {
  return (
    <div className="form__actions">
      {children}
      {note !== undefined && <p className="field__hint">{note}</p>}
    </div>
  );
}
