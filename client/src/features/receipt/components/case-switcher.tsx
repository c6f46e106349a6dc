import { Trans } from '@lingui/react/macro';
import { useState } from 'react';

import type { ReceiptCaseLink } from '#contract/referrals';
import { Button } from '../../../components/ui';
import { switchReceiptCase } from '../api/receipt-api';
import { caseHeading } from '../model/case-heading';
import { problemMessage } from '../model/problem-message';
import { receiptMemory } from '../model/receipt-memory';
import './referrals.css';

interface CaseSwitcherProps {
  /** The heading of the case the page shows. */
  current: string;
  /** Set on a case a referral made, which always has the one it came from to go back to. */
  referred: boolean;
  otherCases: readonly ReceiptCaseLink[];
  /** After the session moved: open the page's case again. */
  onSwitched: () => Promise<void>;
}

/**
 * The cases one receipt opens (a report, and the cases referrals the reporter agreed to made in
 * other teams; docs/protocol.md 10.10): the session moves to the one chosen (POST
 * /api/receipt/switch) and the page opens it with the receipt's keys, still in memory.
 */
export function CaseSwitcher({ current, referred, otherCases, onSwitched }: CaseSwitcherProps) {
  const [switching, setSwitching] = useState<string>();
  const [error, setError] = useState<string>();
  if (otherCases.length === 0 && !referred) return null;

  async function open(other: ReceiptCaseLink) {
    if (switching) return;
    setSwitching(other.id);
    setError(undefined);
    try {
      const session = await switchReceiptCase(other.id);
      receiptMemory.role = session.role;
      // What was being written was for the other team: never carry it over to this one.
      receiptMemory.replyText = '';
      await onSwitched();
      requestAnimationFrame(() => document.querySelector<HTMLElement>('h1')?.focus());
    } catch (caught) {
      setError(problemMessage(caught));
    } finally {
      setSwitching(undefined);
    }
  }

  return (
    <nav className="case-switcher" aria-labelledby="case-switcher-heading">
      <h2 id="case-switcher-heading" className="case-switcher__heading">
        <Trans>Your cases with this receipt</Trans>
      </h2>
      <ul className="case-switcher__list plain-list">
        <li aria-current="true">
          <Trans>
            <span className="case-switcher__current">{current}</span>{' '}
            <span className="muted">(shown now)</span>
          </Trans>
        </li>
        {otherCases.map((other) => (
          <li key={other.id}>
            <Button
              variant="link"
              aria-disabled={switching ? true : undefined}
              onClick={() => void open(other)}
            >
              {caseHeading('reporter', other.team_name, other.referred_from !== null)}
            </Button>
            {switching === other.id && (
              <>
                {' '}
                <span className="muted">
                  <Trans>Opening…</Trans>
                </span>
              </>
            )}
          </li>
        ))}
      </ul>
      <p role="status" className="field__error">
        {error}
      </p>
    </nav>
  );
}
