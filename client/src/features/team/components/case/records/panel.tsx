import { Trans } from '@lingui/react/macro';
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

/** What a by-line says the author did. */
export type ByLineAct = 'recorded' | 'saved' | 'ticked' | 'unticked';

/**
 * "Recorded by Ana, 3 May 2025, 10:02": who wrote a record and when, from its signature. Each act
 * is a whole sentence, so that a translator never joins a verb to the rest.
 */
export function ByLine({
  act = 'recorded',
  author,
  at,
  names,
}: {
  act?: ByLineAct;
  author: string;
  at: string;
  names: ReadonlyMap<string, string>;
}) {
  const name = names.get(author);
  const who = name === undefined ? <Trans>an unknown member</Trans> : <span translate="no">{name}</span>;
  const when = formatDateTime(at);
  const time = <time dateTime={at}>{when}</time>;
  return (
    <span className="records__by muted">
      {act === 'saved' ? (
        <Trans>
          Last saved by {who}, {time}
        </Trans>
      ) : act === 'ticked' ? (
        <Trans>
          Ticked by {who}, {time}
        </Trans>
      ) : act === 'unticked' ? (
        <Trans>
          Unticked by {who}, {time}
        </Trans>
      ) : (
        <Trans>
          Recorded by {who}, {time}
        </Trans>
      )}
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
