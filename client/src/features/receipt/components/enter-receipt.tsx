import { useEffect, useId, useRef, useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';

import { Button, Notice, PageHeading, TextField } from '../../../components/ui';
import './enter-receipt.css';

interface EnterReceiptProps {
  /** Why the last receipt did not open; the field takes the focus when it appears. */
  error: string | undefined;
  /** News to give before asking again (the session ended, the reporter left). */
  notice: string | undefined;
  onOpen: (typed: string) => void;
}

/** Asks for the receipt. It never leaves this device: only a code worked out from it does. */
export function EnterReceipt({ error, notice, onOpen }: EnterReceiptProps) {
  const inputId = useId();
  const [typed, setTyped] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (error) inputRef.current?.focus();
  }, [error]);

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    onOpen(typed);
  }

  return (
    <>
      <PageHeading>Return to your report</PageHeading>
      {notice && (
        <Notice role="status">
          <p>{notice}</p>
        </Notice>
      )}
      <p className="lead">
        When you sent your report, you were given a receipt. With it you can see how your report is going,
        read messages from the team and add anything new.
      </p>
      <p>
        Your receipt stays on this device: it is never sent anywhere. Only a code worked out from it is, to
        find your report.
      </p>

      <form className="form" onSubmit={handleSubmit} noValidate>
        <TextField
          ref={inputRef}
          id={inputId}
          label="Your receipt"
          hint="20 letters and numbers. Capital or small letters, spaces and dashes do not matter."
          error={error}
          alertError
          code
          name="receipt"
          type="text"
          placeholder="XXXX-XXXX-XXXX-XXXX-XXXX"
          value={typed}
          autoComplete="off"
          autoCapitalize="characters"
          autoCorrect="off"
          spellCheck={false}
          onChange={(event) => setTyped(event.target.value)}
        />
        <Button type="submit">Open my report</Button>
      </form>
      <p className="muted receipt-lost">
        Lost your receipt? It cannot be recovered, but you can <Link to="/">send a new report</Link> and
        mention the earlier one.
      </p>
    </>
  );
}
