import type { InputHTMLAttributes, Ref } from 'react';

import { Field, splitFieldProps, type FieldOptions } from './field';
import './text-field.css';

type InputAttributes = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'className' | 'aria-describedby' | 'aria-invalid'
>;

export interface TextFieldProps extends FieldOptions, InputAttributes {
  ref?: Ref<HTMLInputElement> | undefined;
  /** `wide`: the whole width; `narrow`: a short code; `short`: a number. Default: 28rem at most. */
  width?: 'wide' | 'narrow' | 'short' | undefined;
  /**
   * In a monospaced font, for codes people copy by hand; written left to right in every language
   * (its letters and digits are read in groups from the left, whatever the page's direction).
   */
  code?: boolean | undefined;
}

/** A labelled text input (any `type`), with its hint, error and counter (see Field). */
export function TextField(props: TextFieldProps) {
  const [field, { ref, width, code, ...input }] = splitFieldProps(props);
  const classes = ['input'];
  if (width) classes.push(`input--${width}`);
  if (code) classes.push('input--code');
  if (field.error) classes.push('input--error');
  return (
    <Field {...field}>
      {(control) => (
        <input
          ref={ref}
          className={classes.join(' ')}
          dir={code ? 'ltr' : undefined}
          {...control}
          {...input}
        />
      )}
    </Field>
  );
}
