import type { ReactNode } from 'react';

import './badge.css';

/** A member's role beside their name ("admin", "member"). */
export function Badge({ children }: { children: ReactNode }) {
  return <span className="badge">{children}</span>;
}
