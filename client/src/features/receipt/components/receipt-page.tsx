import { useId, useState, type SubmitEvent } from 'react';

import { Notice } from '../../../components/notice';
import { PageHeading } from '../../../components/page-heading';
import { useDocumentTitle } from '../../../hooks/use-document-title';

export function ReceiptPage() {
  useDocumentTitle('Return to your report');
  const inputId = useId();
  const hintId = useId();
  const [submitted, setSubmitted] = useState(false);

  // The receipt is the reporter's only credential: it is never sent anywhere, only
  // keys derived from it in this browser (PROTOCOL.md, Receipts). Until that flow
  // exists, submitting does nothing but say so.
  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
  }

  return (
    <>
      <PageHeading>Return to your report</PageHeading>
      <p className="lead">
        When you sent your report, you were given a receipt. With it you will be able to see how your report
        is going, read messages from the team and add anything new.
      </p>

      <Notice title="Not available yet">
        <p>
          Opening a report with a receipt will come in a later update of this early version of Confide.
          Nothing you type on this page is sent anywhere.
        </p>
      </Notice>

      <form className="form" onSubmit={handleSubmit} noValidate>
        <div className="field">
          <label className="field__label" htmlFor={inputId}>
            Your receipt
          </label>
          <p className="field__hint" id={hintId}>
            20 letters and numbers. Capital or small letters and the dashes do not matter.
          </p>
          <input
            id={inputId}
            className="input input--code"
            name="receipt"
            type="text"
            placeholder="XXXX-XXXX-XXXX-XXXX-XXXX"
            aria-describedby={hintId}
            autoComplete="off"
            autoCapitalize="characters"
            autoCorrect="off"
            spellCheck={false}
            onChange={() => setSubmitted(false)}
          />
        </div>
        <button type="submit" className="button">
          Open my report
        </button>
        <div role="status" className="form__status">
          {submitted && <p>This is not possible yet. Your receipt stays on this device and was not sent.</p>}
        </div>
      </form>
    </>
  );
}
