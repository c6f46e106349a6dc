/**
 * Confide's UI kit: the pieces every page is built from (README.md lists them with their
 * props). Import from here, not from the files: this index also fixes the order of the kit's
 * stylesheets in the bundle (after styles/base.css, before any feature's), which the cascade
 * relies on.
 */
export { PageFrame, type NavItem } from './page-frame';
export { PageHeading } from './page-heading';
export { EmptyState, ErrorAlert, Notice, type NoticeTone } from './notice';
export { Button, ButtonRow, buttonClassName, type ButtonLook, type ButtonVariant } from './button';
export {
  describedBy,
  Field,
  FieldError,
  Hint,
  OptionalMark,
  splitFieldProps,
  type ControlProps,
  type FieldOptions,
} from './field';
export { TextField, type TextFieldProps } from './text-field';
export { TextArea, type TextAreaProps } from './text-area';
export { Select, type SelectProps } from './select';
export { Choice, ChoiceGroup, ChoiceList, Fieldset, RadioChoices, type RadioOption } from './choice-group';
export { FormActions, FormStatus } from './form';
export { ConfirmDialog } from './dialog';
