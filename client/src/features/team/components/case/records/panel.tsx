import type { ReactNode } from 'react';

import { ErrorAlert, FormStatus } from '../../../../../components/ui';
import { formatDateTime } from '../../../../../lib/format';

/**
 * One records panel: a disclosure whose summary says what it holds and how far it got, so a
 * member scanning the case sees the state without opening each one.
 */
export function RecordsPart({
  title,
  state,
  open,
  children,
}: {
  title: string;
  /** A few words on what is recorded so far ("3 of 9 ticked"). */
  state: string;
  open?: boolean | undefined;
  children: ReactNode;
}) {
  return (
    <details className="records__part" open={open}>
      <summary className="records__summary">
        <span className="records__title">{title}</span> <span className="muted">· {state}</span>
      </summary>
      <div className="records__body">{children}</div>
    </details>
  );
}

/** "Recorded by Ana on 3 May 2025, 10:02": who wrote a record and when, from its signature. */
export function ByLine({
  verb = 'Recorded',
  author,
  at,
  names,
}: {
  verb?: string;
  author: string;
  at: string;
  names: ReadonlyMap<string, string>;
}) {
  return (
    <span className="records__by muted">
      {verb} by {names.get(author) ?? 'an unknown member'}, <time dateTime={at}>{formatDateTime(at)}</time>
    </span>
  );
}

/** A form's outcome: what was saved (live) and what went wrong (an alert that takes the focus). */
export function WriterStatus({ done, error }: { done: string | null; error: string | null }) {
  return (
    <>
      <FormStatus>{done !== null && <p>{done}</p>}</FormStatus>
      <ErrorAlert message={error} />
    </>
  );
}
