import type { ButtonHTMLAttributes, ReactNode, Ref } from 'react';

import './button.css';

/**
 * `primary` for the one main action of a page or form; `secondary` for the others; `danger`
 * for what cannot be undone; `quiet` for small actions beside content (remove, save);
 * `link` for a button inside a sentence that reads as a link.
 */
export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'quiet' | 'link';

export interface ButtonLook {
  variant?: ButtonVariant | undefined;
  /** `small` for buttons in dense places: cards, toolbars, beside a code. */
  size?: 'small' | undefined;
}

/** The class names of a button's look, for elements that are not <Button> (a download link). */
export function buttonClassName({ variant = 'primary', size }: ButtonLook = {}): string {
  if (variant === 'link') return 'link-button';
  const classes = ['button'];
  if (variant !== 'primary') classes.push(`button--${variant}`);
  if (size) classes.push(`button--${size}`);
  return classes.join(' ');
}

type ButtonProps = ButtonLook &
  Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'className'> & {
    ref?: Ref<HTMLButtonElement> | undefined;
    /** Extra classes for where the button sits (spacing), not for its look. */
    className?: string | undefined;
  };

/** A button; `type` is "button" unless given, so it never submits a form by accident. */
export function Button({ variant, size, className, type = 'button', ref, ...rest }: ButtonProps) {
  const look = buttonClassName({ variant, size });
  return <button ref={ref} type={type} className={className ? `${look} ${className}` : look} {...rest} />;
}

/** Buttons side by side; `spaced` leaves more room around them (a page's main choices). */
export function ButtonRow({
  spaced,
  className,
  children,
}: {
  spaced?: boolean | undefined;
  className?: string | undefined;
  children: ReactNode;
}) {
  const classes = ['button-row'];
  if (spaced) classes.push('button-row--spaced');
  if (className) classes.push(className);
  return <div className={classes.join(' ')}>{children}</div>;
}
