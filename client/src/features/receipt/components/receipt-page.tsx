import { useCallback, useEffect, useId, useRef, useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';

import { PageHeading } from '../../../components/page-heading';
import { useDocumentTitle } from '../../../hooks/use-document-title';
import { ApiError } from '../../../lib/api-client';
import { loadCrypto } from '../../../lib/load-crypto';
import { PROOF_OF_WORK_NOTICE } from '../../../lib/proof-of-work/notice';
import { deriveReceiptKeys } from '../../../lib/reporter-crypto';
import { endSession, startReceiptSession, withdrawReport } from '../api/receipt-api';
import { CaseIntegrityError, openCase, type OpenedCase } from '../model/open-case';
import { checkReceiptInput } from '../model/receipt-input';
import { forgetReceipt, receiptMemory } from '../model/receipt-memory';
import { CaseStatusPanel } from './case-status';
import { ConfirmDialog, MessageList, ReportDetails, TeamKeysNotice } from './case-parts';
import { ReplyBox } from './reply-box';

type View =
  | { kind: 'enter'; error?: string; notice?: string }
  | { kind: 'opening'; stage: 'deriving' | 'session' | 'proof-of-work' | 'checking' }
  | { kind: 'open'; opened: OpenedCase; openedAt: number }
  | { kind: 'broken'; message: string };

const OPENING_TEXT = {
  deriving: 'Unlocking your receipt on this device…',
  session: 'Finding your report…',
  'proof-of-work': PROOF_OF_WORK_NOTICE,
  checking: 'Decrypting and checking your report…',
} as const;

function problemMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return error.message;
    if (error.code === 'proof_of_work_failed') return error.message;
    if (error.status === 429) {
      return 'There have been too many attempts from here. Please wait a minute, then try again.';
    }
    return error.message;
  }
  return 'Something went wrong while opening your report. Please try again.';
}

export function ReceiptPage() {
  const [view, setView] = useState<View>(() =>
    receiptMemory.keys ? { kind: 'opening', stage: 'checking' } : { kind: 'enter' },
  );
  useDocumentTitle(
    view.kind === 'open' ? `Your report to ${view.opened.team.name}` : 'Return to your report',
  );

  const refresh = useCallback(async () => {
    const keys = receiptMemory.keys;
    if (!keys) {
      setView({ kind: 'enter' });
      return;
    }
    try {
      const opened = await openCase(keys);
      setView({ kind: 'open', opened, openedAt: Date.now() });
    } catch (error) {
      if (error instanceof CaseIntegrityError) {
        setView({ kind: 'broken', message: error.message });
      } else if (error instanceof ApiError && error.status === 401) {
        forgetReceipt();
        setView({
          kind: 'enter',
          notice: 'Your session ended after a while without use. Please enter your receipt again.',
        });
      } else {
        setView({ kind: 'enter', error: problemMessage(error) });
      }
    }
  }, []);

  // Coming back to this page during the same visit: the keys are still in memory.
  useEffect(() => {
    if (receiptMemory.keys) void refresh();
  }, [refresh]);

  async function open(typed: string) {
    const C = await loadCrypto().catch(() => undefined);
    if (!C) {
      setView({
        kind: 'enter',
        error: 'This page could not load what it needs. Check your connection and try again.',
      });
      return;
    }
    const checked = checkReceiptInput(C, typed);
    if (!checked.ok) {
      setView({ kind: 'enter', error: checked.message });
      return;
    }
    setView({ kind: 'opening', stage: 'deriving' });
    try {
      const keys = await deriveReceiptKeys(checked.receipt);
      setView({ kind: 'opening', stage: 'session' });
      await startReceiptSession(C.lookupToken(keys), {
        // Over the address's limit, the browser does a short check first: say so meanwhile.
        onProofOfWork: (event) =>
          setView({ kind: 'opening', stage: event.state === 'solving' ? 'proof-of-work' : 'session' }),
      });
      receiptMemory.keys = keys;
      setView({ kind: 'opening', stage: 'checking' });
      const opened = await openCase(keys);
      setView({ kind: 'open', opened, openedAt: Date.now() });
      requestAnimationFrame(() => document.querySelector<HTMLElement>('h1')?.focus());
    } catch (error) {
      if (error instanceof CaseIntegrityError) {
        setView({ kind: 'broken', message: error.message });
        return;
      }
      forgetReceipt();
      setView({ kind: 'enter', error: problemMessage(error) });
    }
  }

  async function leave(message: string) {
    forgetReceipt();
    setView({ kind: 'enter', notice: message });
    try {
      await endSession();
    } catch {
      // The cookie ends by itself after an hour without use; the keys are already gone.
    }
    requestAnimationFrame(() => document.querySelector<HTMLElement>('h1')?.focus());
  }

  switch (view.kind) {
    case 'enter':
      return <EnterReceipt error={view.error} notice={view.notice} onOpen={(typed) => void open(typed)} />;
    case 'opening':
      return (
        <>
          <PageHeading>Return to your report</PageHeading>
          <div className="receipt-opening" role="status">
            <p className="receipt-opening__title">Opening your report…</p>
            <p>{OPENING_TEXT[view.stage]}</p>
            <progress className="receipt-opening__progress" aria-label="Opening your report" />
          </div>
        </>
      );
    case 'broken':
      return (
        <>
          <PageHeading>Your report could not be opened safely</PageHeading>
          <div className="notice notice--error" role="alert">
            <p className="notice__title">This report failed its security checks</p>
            <p>{view.message}</p>
            <p>
              This can be a fault on the server, or someone tampering with it. Nothing from it is shown, and
              nothing was sent. Please tell the team through another channel if you can.
            </p>
          </div>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void leave('You have left.')}
          >
            Leave
          </button>
        </>
      );
    case 'open':
      return (
        <OpenCaseView
          opened={view.opened}
          now={view.openedAt}
          onRefresh={refresh}
          onLeave={() => void leave('You have left your report. To come back, enter your receipt again.')}
        />
      );
  }
}

function EnterReceipt({
  error,
  notice,
  onOpen,
}: {
  error: string | undefined;
  notice: string | undefined;
  onOpen: (typed: string) => void;
}) {
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
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
        <div className="notice" role="status">
          <p>{notice}</p>
        </div>
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
        <div className="field">
          <label className="field__label" htmlFor={inputId}>
            Your receipt
          </label>
          <p className="field__hint" id={hintId}>
            20 letters and numbers. Capital or small letters, spaces and dashes do not matter.
          </p>
          <input
            ref={inputRef}
            id={inputId}
            className={error ? 'input input--code input--error' : 'input input--code'}
            name="receipt"
            type="text"
            placeholder="XXXX-XXXX-XXXX-XXXX-XXXX"
            value={typed}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${hintId} ${errorId}` : hintId}
            autoComplete="off"
            autoCapitalize="characters"
            autoCorrect="off"
            spellCheck={false}
            onChange={(event) => setTyped(event.target.value)}
          />
          {error && (
            <p className="field__error" id={errorId} role="alert">
              <span className="visually-hidden">Error: </span>
              {error}
            </p>
          )}
        </div>
        <button type="submit" className="button">
          Open my report
        </button>
      </form>
      <p className="muted receipt-lost">
        Lost your receipt? It cannot be recovered, but you can <Link to="/">send a new report</Link> and
        mention the earlier one.
      </p>
    </>
  );
}

function OpenCaseView({
  opened,
  now,
  onRefresh,
  onLeave,
}: {
  opened: OpenedCase;
  now: number;
  onRefresh: () => Promise<void>;
  onLeave: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [withdrawing, setWithdrawing] = useState(false);
  const [withdrawError, setWithdrawError] = useState<string>();
  const keys = receiptMemory.keys;
  const canWithdraw = opened.status !== 'withdrawn' && opened.status !== 'closed';

  async function withdraw() {
    setWithdrawing(true);
    setWithdrawError(undefined);
    try {
      await withdrawReport();
      setConfirming(false);
      await onRefresh();
    } catch (error) {
      setWithdrawError(problemMessage(error));
    } finally {
      setWithdrawing(false);
    }
  }

  return (
    <>
      <div className="reporter-case-header">
        <PageHeading>Your report to {opened.team.name}</PageHeading>
        <button
          type="button"
          className="button button--secondary reporter-case-header__leave"
          onClick={onLeave}
        >
          Leave
        </button>
      </div>
      <p className="muted">
        When you are done, choose Leave: this device then forgets your report until you enter your receipt
        again.
      </p>

      <TeamKeysNotice opened={opened} />
      <CaseStatusPanel opened={opened} now={now} />

      <section aria-labelledby="messages-heading">
        <h2 id="messages-heading">Messages</h2>
        <MessageList opened={opened} />
      </section>

      {keys && (
        <section aria-labelledby="reply-heading">
          <h2 id="reply-heading">Write to the team</h2>
          <ReplyBox opened={opened} keys={keys} onRefresh={onRefresh} />
        </section>
      )}

      <section aria-labelledby="report-heading">
        <h2 id="report-heading">Your report</h2>
        <ReportDetails opened={opened} />
      </section>

      {canWithdraw && (
        <section aria-labelledby="withdraw-heading">
          <h2 id="withdraw-heading">Withdraw your report</h2>
          <p>
            If you no longer want the team to act on your report, you can withdraw it. The team keeps a record
            that it was made and withdrawn.
          </p>
          <button type="button" className="button button--secondary" onClick={() => setConfirming(true)}>
            Withdraw my report…
          </button>
          <p role="status" className="field__error">
            {!confirming && withdrawError}
          </p>
        </section>
      )}

      <ConfirmDialog
        open={confirming}
        title="Withdraw your report?"
        confirmLabel={withdrawing ? 'Withdrawing…' : 'Withdraw report'}
        cancelLabel="Keep my report"
        busy={withdrawing}
        onConfirm={() => void withdraw()}
        onCancel={() => setConfirming(false)}
      >
        <p>The team will stop working on it, and you will not be able to add new messages.</p>
        <p>
          It is not deleted: the team keeps a record that you made this report and withdrew it, and can still
          read what you sent. You can still read your messages here.
        </p>
        {withdrawError && (
          <p className="field__error" role="alert">
            {withdrawError}
          </p>
        )}
      </ConfirmDialog>

      <div className="reporter-case-footer">
        <button type="button" className="button button--secondary" onClick={onLeave}>
          Leave and forget this report on this device
        </button>
      </div>
    </>
  );
}
