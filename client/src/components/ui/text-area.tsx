import type { Ref, TextareaHTMLAttributes } from 'react';

import { Field, splitFieldProps, type FieldOptions } from './field';
import './text-field.css';

type TextAreaAttributes = Omit<
  TextareaHTMLAttributes<HTMLTextAreaElement>,
  'id' | 'className' | 'aria-describedby' | 'aria-invalid'
>;

export interface TextAreaProps extends FieldOptions, TextAreaAttributes {
  ref?: Ref<HTMLTextAreaElement> | undefined;
}

/**
 * A labelled multi-line text box, with its hint, error and counter (see Field). The team
 * console's text areas are `input textarea` and take the text inputs' focus border too; this
 * one, as on the reporter's pages, keeps the page-wide focus ring only.
 */
export function TextArea(props: TextAreaProps) {
  const [field, { ref, ...textarea }] = splitFieldProps(props);
  return (
    <Field {...field}>
      {(control) => (
        <textarea
          ref={ref}
          className={field.error ? 'textarea textarea--error' : 'textarea'}
          {...control}
          {...textarea}
        />
      )}
    </Field>
  );
}
