import { useCallback, useEffect, useState } from 'react';

import type { ReceiptRole } from '#contract/enumerations';
import { StayingSafeLink } from '../../../components/staying-safe-link';
import { Button, Notice, PageHeading } from '../../../components/ui';
import { useNeutralDocumentTitle } from '../../../hooks/use-document-title';
import { ApiError } from '../../../lib/api-client';
import { loadCrypto } from '../../../lib/load-crypto';
import { PROOF_OF_WORK_NOTICE } from '../../../lib/proof-of-work/notice';
import { deriveReceiptKeys } from '../../../lib/reporter-crypto';
import { endSession, startReceiptSession } from '../api/receipt-api';
import { CaseIntegrityError, openCase, type AnyOpenedCase } from '../model/open-case';
import { problemMessage } from '../model/problem-message';
import { checkReceiptInput } from '../model/receipt-input';
import { forgetReceipt, receiptMemory } from '../model/receipt-memory';
import { EnterReceipt } from './enter-receipt';
import { OpenCaseView } from './open-case-view';
import { PurgedReportView } from './purged-report-view';
import { ReferredCaseView } from './referred-case-view';
import { TargetCaseView } from './target-case-view';
import './receipt-page.css';

type View =
  | { kind: 'enter'; error?: string; notice?: string }
  | {
      kind: 'opening';
      stage: 'deriving' | 'session' | 'proof-of-work' | 'checking';
      /** Known once the session is open: what the receipt opens the case as. */
      role?: ReceiptRole | undefined;
    }
  | { kind: 'open'; opened: AnyOpenedCase; openedAt: number }
  | { kind: 'broken'; message: string };

const OPENING_TEXT = {
  deriving: 'Unlocking your receipt on this device…',
  session: 'Finding your report…',
  'proof-of-work': PROOF_OF_WORK_NOTICE,
  checking: 'Decrypting and checking your report…',
} as const;

/** What a target's receipt is opening: the team's messages, not a report. */
const TARGET_CHECKING_TEXT = 'Decrypting and checking the team’s messages to you…';

export function ReceiptPage() {
  const [view, setView] = useState<View>(() =>
    receiptMemory.keys ? { kind: 'opening', stage: 'checking', role: receiptMemory.role } : { kind: 'enter' },
  );
  useNeutralDocumentTitle();

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
      const session = await startReceiptSession(C.lookupToken(keys), {
        // Over the address's limit, the browser does a short check first: say so meanwhile.
        onProofOfWork: (event) =>
          setView({ kind: 'opening', stage: event.state === 'solving' ? 'proof-of-work' : 'session' }),
      });
      receiptMemory.keys = keys;
      receiptMemory.role = session.role;
      setView({ kind: 'opening', stage: 'checking', role: session.role });
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
      return (
        <>
          <StayingSafeLink />
          <EnterReceipt error={view.error} notice={view.notice} onOpen={(typed) => void open(typed)} />
        </>
      );
    case 'opening':
      return (
        <>
          <PageHeading>Return to your report</PageHeading>
          <div className="receipt-opening" role="status">
            <p className="receipt-opening__title">
              {view.role === 'target' ? 'Opening the case…' : 'Opening your report…'}
            </p>
            <p>
              {view.role === 'target' && view.stage === 'checking'
                ? TARGET_CHECKING_TEXT
                : OPENING_TEXT[view.stage]}
            </p>
            <progress className="receipt-opening__progress" aria-label="Opening your report" />
          </div>
        </>
      );
    case 'broken':
      return (
        <>
          <PageHeading>Your report could not be opened safely</PageHeading>
          <Notice tone="error" role="alert" title="This report failed its security checks">
            <p>{view.message}</p>
            <p>
              This can be a fault on the server, or someone tampering with it. Nothing from it is shown, and
              nothing was sent. Please tell the team through another channel if you can.
            </p>
          </Notice>
          <Button variant="secondary" onClick={() => void leave('You have left.')}>
            Leave
          </Button>
        </>
      );
    case 'open':
      // Keyed by the case: moving to another case of the receipt starts its view afresh, so
      // nothing typed or ticked for one team is carried over to another.
      if (view.opened.purged) {
        return (
          <PurgedReportView
            key={view.opened.id}
            purged={view.opened}
            onRefresh={refresh}
            onLeave={() => void leave('You have left. To come back, enter your receipt again.')}
          />
        );
      }
      if (view.opened.role === 'target') {
        return (
          <TargetCaseView
            key={view.opened.id}
            opened={view.opened}
            onRefresh={refresh}
            onLeave={() => void leave('You have left the case. To come back, enter your receipt again.')}
          />
        );
      }
      if (view.opened.referredFrom !== null) {
        return (
          <ReferredCaseView
            key={view.opened.id}
            opened={view.opened}
            now={view.openedAt}
            onRefresh={refresh}
            onLeave={() => void leave('You have left your report. To come back, enter your receipt again.')}
          />
        );
      }
      return (
        <OpenCaseView
          key={view.opened.id}
          opened={view.opened}
          now={view.openedAt}
          onRefresh={refresh}
          onLeave={() => void leave('You have left your report. To come back, enter your receipt again.')}
        />
      );
  }
}
