import type { ReactNode } from 'react';

import './flag.css';

/** Why a case stands out. The colour only repeats what the words say. */
export type FlagTone = 'urgent' | 'private' | 'late';

/** The flags of a case, side by side; `className` places them (a card, the case page). */
export function Flags({ className, children }: { className: string; children: ReactNode }) {
  return <div className={`flags ${className}`}>{children}</div>;
}

export function Flag({ tone, children }: { tone: FlagTone; children: ReactNode }) {
  return <span className={`flag flag--${tone}`}>{children}</span>;
}
