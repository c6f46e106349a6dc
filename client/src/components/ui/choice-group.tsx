import type { ReactNode } from 'react';

import { describedBy, FieldError, Hint } from './field';
import './choice-group.css';

interface FieldsetProps {
  legend: ReactNode;
  /** Makes the ids of the hint, error and status ("…-hint", "…-error", "…-status"). */
  idPrefix?: string | undefined;
  hint?: ReactNode;
  error?: string | undefined;
  /** A live line at the end of the group (who will read it, what is left): read out as it changes. */
  status?: ReactNode;
  /**
   * Whether the group itself is described by its hint, as a group of choices is. A group of
   * text fields leaves that to the controls that point at the hint.
   */
  describeHint?: boolean | undefined;
  /** A group inside a group: a smaller legend and no box. */
  nested?: boolean | undefined;
  children: ReactNode;
}

/**
 * A boxed group of fields or choices under a legend, with an optional hint, error (above the
 * choices, where it is seen before them) and live status line. The group is described by its
 * error and status, and by its hint when `describeHint` is set.
 */
export function Fieldset({
  legend,
  idPrefix = '',
  hint,
  error,
  status,
  describeHint,
  nested,
  children,
}: FieldsetProps) {
  const hintId = `${idPrefix}-hint`;
  const errorId = `${idPrefix}-error`;
  const statusId = `${idPrefix}-status`;
  const hasStatus = status !== undefined && status !== null;
  return (
    <fieldset
      className={nested ? 'fieldset fieldset--nested' : 'fieldset'}
      aria-describedby={describedBy(
        describeHint && hint !== undefined && hintId,
        hasStatus && statusId,
        error && errorId,
      )}
    >
      <legend className={nested ? 'fieldset__sublegend' : 'fieldset__legend'}>{legend}</legend>
      {hint !== undefined && <Hint id={hintId}>{hint}</Hint>}
      <FieldError id={errorId} message={error} />
      {children}
      {hasStatus && (
        <p className="field__hint" id={statusId} aria-live="polite">
          {status}
        </p>
      )}
    </fieldset>
  );
}

/** A group of choices: a Fieldset whose hint describes the group (the choices do not point at it). */
export function ChoiceGroup(props: Omit<FieldsetProps, 'describeHint'>) {
  return <Fieldset {...props} describeHint />;
}

/** The choices of a group, one under the other; `columns` puts them in two on a wide screen. */
export function ChoiceList({
  as: List = 'div',
  columns,
  children,
}: {
  /** `ul` where the number of choices helps (a list read out as "list, 8 items"). */
  as?: 'div' | 'ul' | undefined;
  columns?: boolean | undefined;
  children: ReactNode;
}) {
  return <List className={columns ? 'choice-list choice-list--columns' : 'choice-list'}>{children}</List>;
}

interface ChoiceProps {
  type: 'radio' | 'checkbox';
  id: string;
  /** The radio group's name. */
  name?: string | undefined;
  label: ReactNode;
  /** Smaller words under the label, part of its name. */
  detail?: ReactNode;
  /** Gives the detail this id and describes the control with it too. */
  detailId?: string | undefined;
  /** A warning under the choice (id "…-warning"), describing the control. */
  warning?: ReactNode;
  checked: boolean;
  /** Radio buttons are only ever called with true. */
  onChange: (checked: boolean) => void;
  invalid?: boolean | undefined;
  /** A choice that cannot be made now (say why in a hint beside the group). */
  disabled?: boolean | undefined;
  /** Ids of other text that describes the control (an error below the group). */
  describedBy?: string | undefined;
  /** `li` inside a ChoiceList of `ul`. */
  as?: 'div' | 'li' | undefined;
  /**
   * The team console's and set-up's smaller check box (a `.field`, with no detail or warning).
   * Kept so their pages look as they did; the reporter's pages use the default.
   */
  compact?: boolean | undefined;
  /** Classes for where the choice sits (`no-print`), not for its look. */
  className?: string | undefined;
}

/** One radio button or check box with its label (and detail and warning, if any). */
export function Choice({
  type,
  id,
  name,
  label,
  detail,
  detailId,
  warning,
  checked,
  onChange,
  invalid,
  disabled,
  describedBy: others,
  as: Item = 'div',
  compact,
  className,
}: ChoiceProps) {
  const warningId = `${id}-warning`;
  const hasWarning = warning !== undefined && warning !== null && warning !== false;
  const input = (
    <input
      id={id}
      className={compact ? 'checkbox' : 'choice__input'}
      type={type}
      name={name}
      checked={checked}
      disabled={disabled}
      aria-invalid={invalid}
      aria-describedby={describedBy(detailId, others, hasWarning && warningId)}
      onChange={(event) => onChange(event.target.checked)}
    />
  );
  const base = compact ? 'field field--check' : 'choice';
  return (
    <Item className={className ? `${base} ${className}` : base}>
      {input}
      <label className={compact ? undefined : 'choice__label'} htmlFor={id}>
        {label}
        {detail !== undefined && (
          <span className="choice__detail" id={detailId}>
            {detail}
          </span>
        )}
      </label>
      {hasWarning && (
        <p className="choice__warning" id={warningId}>
          {warning}
        </p>
      )}
    </Item>
  );
}

export interface RadioOption<Value extends string> {
  value: Value;
  id: string;
  label: ReactNode;
  detail?: ReactNode;
  detailId?: string | undefined;
  disabled?: boolean | undefined;
}

/** One choice out of several: radio buttons in a ChoiceList, `value` the chosen one (if any). */
export function RadioChoices<Value extends string>({
  name,
  options,
  value,
  onChange,
  invalid,
}: {
  name: string;
  options: readonly RadioOption<Value>[];
  value: Value | '';
  onChange: (value: Value) => void;
  invalid?: boolean | undefined;
}) {
  return (
    <ChoiceList>
      {options.map((option) => (
        <Choice
          key={option.value}
          type="radio"
          id={option.id}
          name={name}
          label={option.label}
          detail={option.detail}
          detailId={option.detailId}
          checked={value === option.value}
          invalid={invalid}
          disabled={option.disabled}
          onChange={() => onChange(option.value)}
        />
      ))}
    </ChoiceList>
  );
}
