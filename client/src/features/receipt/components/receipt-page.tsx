import { i18n, type MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
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
  // The notice is kept as a message, so it is in the page's language whenever it is shown.
  | { kind: 'enter'; error?: string; notice?: MessageDescriptor }
  | {
      kind: 'opening';
      stage: 'deriving' | 'session' | 'proof-of-work' | 'checking';
      /** Known once the session is open: what the receipt opens the case as. */
      role?: ReceiptRole | undefined;
    }
  | { kind: 'open'; opened: AnyOpenedCase; openedAt: number }
  | { kind: 'broken'; message: string };

/** What the browser is doing while a receipt opens, translated where it is shown. */
const OPENING_TEXT: Readonly<Record<Exclude<OpeningStage, 'proof-of-work'>, MessageDescriptor>> = {
  deriving: msg`Unlocking your receipt on this device…`,
  session: msg`Finding your report…`,
  checking: msg`Decrypting and checking your report…`,
};

/** What a target's receipt is opening: the team's messages, not a report. */
const TARGET_CHECKING_TEXT = msg`Decrypting and checking the team’s messages to you…`;

const SESSION_ENDED = msg`Your session ended after a while without use. Please enter your receipt again.`;
const LEFT = msg`You have left.`;
const LEFT_TO_COME_BACK = msg`You have left. To come back, enter your receipt again.`;
const LEFT_CASE = msg`You have left the case. To come back, enter your receipt again.`;
const LEFT_REPORT = msg`You have left your report. To come back, enter your receipt again.`;

type OpeningStage = Extract<View, { kind: 'opening' }>['stage'];

/** The line under "Opening…": what the browser is doing now, for the receipt's role. */
function openingText(stage: OpeningStage, role: ReceiptRole | undefined): string {
  if (stage === 'proof-of-work') {
    // lib/proof-of-work's words: a message to translate, or words as they are until it has one.
    const notice: MessageDescriptor | string = PROOF_OF_WORK_NOTICE;
    return typeof notice === 'string' ? notice : i18n._(notice);
  }
  return i18n._(role === 'target' && stage === 'checking' ? TARGET_CHECKING_TEXT : OPENING_TEXT[stage]);
}

export function ReceiptPage() {
  const { t, i18n: pageI18n } = useLingui();
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
        setView({ kind: 'enter', notice: SESSION_ENDED });
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
        error: i18n._(msg`This page could not load what it needs. Check your connection and try again.`),
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

  async function leave(message: MessageDescriptor) {
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
          <EnterReceipt
            error={view.error}
            notice={view.notice && pageI18n._(view.notice)}
            onOpen={(typed) => void open(typed)}
          />
        </>
      );
    case 'opening':
      return (
        <>
          <PageHeading>
            <Trans>Return to your report</Trans>
          </PageHeading>
          <div className="receipt-opening" role="status">
            <p className="receipt-opening__title">
              {view.role === 'target' ? (
                <Trans>Opening the case…</Trans>
              ) : (
                <Trans>Opening your report…</Trans>
              )}
            </p>
            <p>{openingText(view.stage, view.role)}</p>
            <progress className="receipt-opening__progress" aria-label={t`Opening your report`} />
          </div>
        </>
      );
    case 'broken':
      return (
        <>
          <PageHeading>
            <Trans>Your report could not be opened safely</Trans>
          </PageHeading>
          <Notice tone="error" role="alert" title={<Trans>This report failed its security checks</Trans>}>
            <p>{view.message}</p>
            <p>
              <Trans>
                This can be a fault on the server, or someone tampering with it. Nothing from it is shown, and
                nothing was sent. Please tell the team through another channel if you can.
              </Trans>
            </p>
          </Notice>
          <Button variant="secondary" onClick={() => void leave(LEFT)}>
            <Trans>Leave</Trans>
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
            onLeave={() => void leave(LEFT_TO_COME_BACK)}
          />
        );
      }
      if (view.opened.role === 'target') {
        return (
          <TargetCaseView
            key={view.opened.id}
            opened={view.opened}
            onRefresh={refresh}
            onLeave={() => void leave(LEFT_CASE)}
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
            onLeave={() => void leave(LEFT_REPORT)}
          />
        );
      }
      return (
        <OpenCaseView
          key={view.opened.id}
          opened={view.opened}
          now={view.openedAt}
          onRefresh={refresh}
          onLeave={() => void leave(LEFT_REPORT)}
        />
      );
  }
}
