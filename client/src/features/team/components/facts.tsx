import type { ReactNode } from 'react';

import './facts.css';

/** Facts of a card in a grid of label and value (a case, a member, a report). */
export function Facts({ className, children }: { className?: string | undefined; children: ReactNode }) {
  return <dl className={className ? `facts ${className}` : 'facts'}>{children}</dl>;
}

/** One fact: its label and its value (`className` marks the value, an overdue date). */
export function Fact({
  term,
  className,
  children,
}: {
  term: string;
  className?: string | undefined;
  children: ReactNode;
}) {
  return (
    <div>
      <dt>{term}</dt>
      <dd className={className}>{children}</dd>
    </div>
  );
}
