import { useEffect, useId, useRef, useState, type SubmitEvent } from 'react';

import { Button, TextField } from './ui';

interface CodeEntryFormProps {
  /** The field's label, and its hint: where the code comes from and that its layout does not matter. */
  label: string;
  hint: string;
  /** The input's `name`, which lets a password manager or browser tell one code from another. */
  name: string;
  /** Why the last code was not taken; the field takes the focus when it appears. */
  error: string | undefined;
  /** The button's words (the caller changes them while busy). */
  submitLabel: string;
  /** The code is being checked: further submits are ignored until it is done. */
  busy?: boolean;
  onSubmit: (typed: string) => void;
}

/**
 * A form that asks for one code in the receipt's format (20 letters and numbers, shown in groups
 * of four), as typed: the caller normalizes it.
 */
export function CodeEntryForm({
  label,
  hint,
  name,
  error,
  submitLabel,
  busy = false,
  onSubmit,
}: CodeEntryFormProps) {
  const inputId = useId();
  const [typed, setTyped] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (error) inputRef.current?.focus();
  }, [error]);

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!busy) onSubmit(typed);
  }

  return (
    <form className="form" onSubmit={handleSubmit} noValidate>
      <TextField
        ref={inputRef}
        id={inputId}
        label={label}
        hint={hint}
        error={error}
        alertError
        code
        name={name}
        type="text"
        placeholder="XXXX-XXXX-XXXX-XXXX-XXXX"
        value={typed}
        autoComplete="off"
        autoCapitalize="characters"
        autoCorrect="off"
        spellCheck={false}
        onChange={(event) => setTyped(event.target.value)}
      />
      <Button type="submit" aria-disabled={busy ? true : undefined}>
        {submitLabel}
      </Button>
    </form>
  );
}
