import { useId, useState, type ReactNode } from 'react';

import { Button } from '../../../../../components/ui';

/**
 * A button that opens a small form in place (acknowledge, close, reopen, recuse): the panel
 * stays short until a member chooses an action. The form gets `close` to fold itself away.
 * `cancelLabel` is the button's words while the form is open ("Cancel: close the case"), whole,
 * as a translator writes it.
 */
export function Disclosure({
  label,
  cancelLabel,
  variant = 'secondary',
  disabled,
  children,
}: {
  label: string;
  cancelLabel: string;
  variant?: 'primary' | 'secondary' | 'danger';
  disabled?: boolean | undefined;
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="handling-disclosure">
      <Button
        variant={open ? 'quiet' : variant}
        size="small"
        aria-expanded={open}
        aria-controls={id}
        disabled={disabled}
        onClick={() => setOpen(!open)}
      >
        {open ? cancelLabel : label}
      </Button>
      <div id={id} hidden={!open} className="handling-disclosure__body">
        {open && children(() => setOpen(false))}
      </div>
    </div>
  );
}
