import { useEffect, useId, useRef, useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';

import { Button, PageHeading, TextField } from '../../../../components/ui';

interface EnterReferenceProps {
  /** Why the last reference was not taken; the field takes the focus when it appears. */
  error: string | undefined;
  /** The reference is being checked. */
  busy: boolean;
  onCheck: (typed: string) => void;
}

/** Asks for the reference from the team's notice. */
export function EnterReference({ error, busy, onCheck }: EnterReferenceProps) {
  const inputId = useId();
  const [typed, setTyped] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (error) inputRef.current?.focus();
  }, [error]);

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!busy) onCheck(typed);
  }

  return (
    <>
      <PageHeading>Appeal a decision</PageHeading>
      <p className="lead">
        If a team has told you about a decision it made about you, such as a block or a ban, and its notice
        gave you an appeal reference, you can ask the team here to look at that decision again.
      </p>
      <p>
        Your appeal is encrypted on this device and only the team’s members can read it. You do not need an
        account.
      </p>

      <form className="form" onSubmit={handleSubmit} noValidate>
        <TextField
          ref={inputRef}
          id={inputId}
          label="Appeal reference"
          hint="From the team’s notice: 20 letters and numbers. Capital or small letters, spaces and dashes do not matter."
          error={error}
          alertError
          code
          name="appeal-reference"
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
          {busy ? 'Checking…' : 'Continue'}
        </Button>
      </form>
      <p className="muted">
        Already sent an appeal? <Link to="/receipt">Read the team’s answer with your receipt</Link>.
      </p>
    </>
  );
}
