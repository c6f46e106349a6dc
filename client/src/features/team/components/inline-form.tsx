import type { ReactNode } from 'react';

import './inline-form.css';

/** A label, a control and a button on one line (assign a case, invite as a role). */
export function InlineForm({ children }: { children: ReactNode }) {
  return <div className="inline-form">{children}</div>;
}
