import { Trans } from '@lingui/react/macro';
import type { ReactNode } from 'react';

import './field.css';

/** Joins the ids of hints and errors that describe a control; undefined when there are none. */
export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const list = ids.filter((id): id is string => typeof id === 'string' && id !== '');
  return list.length > 0 ? list.join(' ') : undefined;
}

/** Words under a label that help fill the field in; `id` goes into the control's aria-describedby. */
export function Hint({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p className="field__hint" id={id}>
      {children}
    </p>
  );
}

/**
 * A field's error, read out with the field (its id goes into the control's aria-describedby).
 * `alert` announces it at once: for a form of one field, where focus stays on the field.
 */
export function FieldError({
  id,
  message,
  alert,
}: {
  id: string;
  message: string | undefined;
  alert?: boolean | undefined;
}) {
  if (!message) return null;
  return (
    <p className="field__error" id={id} role={alert ? 'alert' : undefined}>
      <Trans>
        <span className="visually-hidden">Error: </span>
        {message}
      </Trans>
    </p>
  );
}

/** "(optional)" after a label, or other words in the same quiet style. */
export function OptionalMark({ children }: { children?: ReactNode }) {
  return (
    <>
      {' '}
      <span className="field__optional">{children ?? <Trans>(optional)</Trans>}</span>
    </>
  );
}

/** What a control needs from its field: its id, and how it is described and marked invalid. */
export interface ControlProps {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': boolean | undefined;
}

export interface FieldOptions {
  /** The control's id. The hint, error and counter take ids made from it ("…-hint", "…-error"). */
  id: string;
  label: ReactNode;
  /** Marks the field optional: true for "(optional)", or other words in that style. */
  optional?: true | ReactNode;
  hint?: ReactNode;
  /** Shown under the control and read out with it; also marks the control invalid. */
  error?: string | undefined;
  /** Announce the error as soon as it appears (a form of one field). */
  alertError?: boolean | undefined;
  /** aria-invalid without an error under the field, where errors are listed elsewhere. */
  invalid?: boolean | undefined;
  /** Ids of other text that describes the control too: a hint shared by several rows. */
  describedBy?: string | undefined;
  /** A live line under the control (what is left, how strong): read out as it changes. */
  counter?: ReactNode;
  /** `row`: one of several fields in a row of a list; `indented`: belongs to the choice above. */
  layout?: 'row' | 'indented' | undefined;
  /** Classes for where the field sits (`no-print`), not for its look. */
  className?: string | undefined;
}

/** Separates a field's options from the props meant for its control (TextField, TextArea). */
export function splitFieldProps<P extends FieldOptions>({
  id,
  label,
  optional,
  hint,
  error,
  alertError,
  invalid,
  describedBy,
  counter,
  layout,
  className,
  ...control
}: P): [FieldOptions, Omit<P, keyof FieldOptions>] {
  return [
    { id, label, optional, hint, error, alertError, invalid, describedBy, counter, layout, className },
    control,
  ];
}

/**
 * A label, an optional hint, the control, its error and a live counter, wired together:
 * the control is labelled, described by the hint, error and counter, and marked invalid
 * while there is an error. `children` renders the control (and anything that belongs under it)
 * from the props it is given.
 */
export function Field({
  children,
  ...field
}: FieldOptions & { children: (control: ControlProps) => ReactNode }) {
  const { id, hint, error, counter } = field;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const counterId = `${id}-counter`;
  const hasCounter = counter !== undefined && counter !== null;
  const control: ControlProps = {
    id,
    'aria-describedby': describedBy(
      hint !== undefined && hintId,
      field.describedBy,
      error && errorId,
      hasCounter && counterId,
    ),
    'aria-invalid': field.invalid ?? (error ? true : undefined),
  };
  const classes = ['field'];
  if (field.layout) classes.push(`field--${field.layout}`);
  if (field.className) classes.push(field.className);
  return (
    <div className={classes.join(' ')}>
      <label className="field__label" htmlFor={id}>
        {field.label}
        {field.optional !== undefined && (
          <OptionalMark>{field.optional === true ? undefined : field.optional}</OptionalMark>
        )}
      </label>
      {hint !== undefined && <Hint id={hintId}>{hint}</Hint>}
      {children(control)}
      <FieldError id={errorId} message={error} alert={field.alertError} />
      {hasCounter && (
        <p className="field__hint" id={counterId} aria-live="polite">
          {counter}
        </p>
      )}
    </div>
  );
}
