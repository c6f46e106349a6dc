import type { SelectHTMLAttributes } from 'react';

import { Field, splitFieldProps, type FieldOptions } from './field';
import './text-field.css';

type SelectAttributes = Omit<
  SelectHTMLAttributes<HTMLSelectElement>,
  'id' | 'className' | 'aria-describedby' | 'aria-invalid'
>;

export interface SelectProps extends FieldOptions, SelectAttributes {}

/** A labelled drop-down list, with its hint and error (see Field); `children` are its options. */
export function Select(props: SelectProps) {
  const [field, { children, ...select }] = splitFieldProps(props);
  return (
    <Field {...field}>
      {(control) => (
        <select className="select" {...control} {...select}>
          {children}
        </select>
      )}
    </Field>
  );
}
