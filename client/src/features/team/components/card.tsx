import type { ReactNode } from 'react';

import './card.css';

/** Cards one under the other: cases, members, the messages of a case. */
export function CardList({
  as: List = 'ul',
  className,
  children,
}: {
  as?: 'ul' | 'ol' | undefined;
  /** Names the list for its own spacing (and for tests that find it). */
  className?: string | undefined;
  children: ReactNode;
}) {
  return (
    <List className={className ? `plain-list card-list ${className}` : 'plain-list card-list'}>
      {children}
    </List>
  );
}

/**
 * One item of a list, in a box: a case, a member, a message, or (`small`) a link or a file of
 * a report. `className` names the kind of card, whose stylesheet refines the box.
 */
export function Card({
  small,
  className,
  children,
}: {
  small?: boolean | undefined;
  className?: string | undefined;
  children: ReactNode;
}) {
  const classes = ['card'];
  if (small) classes.push('card--small');
  if (className) classes.push(className);
  return <li className={classes.join(' ')}>{children}</li>;
}
