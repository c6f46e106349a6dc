import { useEffect, useId, useState } from 'react';
import { Link } from 'react-router';

import { CopyButton } from '../../../../components/copy-button';
import { Button, ButtonRow, buttonClassName, Choice, Notice, PageHeading } from '../../../../components/ui';
import { useDocumentTitle } from '../../../../hooks/use-document-title';
import { formatDateTime } from '../../../../lib/format';
// The receipt card looks and prints as it does after a report.
import '../../components/report-sent.css';

export interface SentAppeal {
  readonly receipt: string;
  readonly receivedAt: string;
  readonly teamName: string;
  readonly earlierAttempt: boolean;
}

/**
 * After sending: the appellant's receipt, shown once, as after a report (report-sent.tsx), and
 * that it is how they read the team's answer, on the receipt page.
 */
export function AppealSent({ sent, onFinish }: { sent: SentAppeal; onFinish: () => void }) {
  useDocumentTitle('Your appeal was sent');
  const [kept, setKept] = useState(false);
  const [finishError, setFinishError] = useState(false);
  const keptId = useId();

  // The receipt exists only in this page: warn before the tab is closed without keeping it.
  useEffect(() => {
    if (kept) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [kept]);

  return (
    <div className="report-sent print-area">
      <PageHeading>Your appeal was sent</PageHeading>
      <p className="lead">
        {sent.teamName} has your appeal. It is decided by members of the team who did not vote on the first
        decision.
      </p>
      {sent.earlierAttempt && (
        <Notice tone="caution" title="Your first attempt had arrived after all">
          <p>
            Changes you made after that attempt are not in the appeal. You can add them with your receipt.
          </p>
        </Notice>
      )}

      <section className="receipt-card" aria-labelledby="receipt-heading">
        <h2 id="receipt-heading" className="receipt-card__title">
          Your receipt
        </h2>
        <p className="receipt-code" translate="no">
          {sent.receipt}
        </p>
        <p className="receipt-card__meta">
          Appeal to {sent.teamName}, sent {formatDateTime(sent.receivedAt, 'long')}
        </p>
        <ButtonRow spaced className="no-print">
          <CopyButton text={sent.receipt} className={buttonClassName()} />
          <Button variant="secondary" onClick={() => window.print()}>
            Print
          </Button>
        </ButtonRow>
        <div className="receipt-card__instructions">
          <p>
            <strong>This receipt is how you read the team’s answer.</strong> Enter it at{' '}
            <span className="nowrap">{globalThis.location.host}/receipt</span> to see their reply, answer
            their questions and add anything new.
          </p>
          <p>
            <strong>It cannot be recovered.</strong> Nobody has a copy: not the team, and not the people who
            run this website. Write it down, print it, or save it somewhere only you can reach. Anyone who has
            it can read the team’s replies.
          </p>
        </div>
      </section>

      <section aria-labelledby="finish-heading" className="no-print">
        <h2 id="finish-heading">Before you leave</h2>
        <p>When you have kept your receipt, this page can forget it. After that it cannot be shown again.</p>
        <Choice
          type="checkbox"
          id={keptId}
          label="I have kept my receipt somewhere safe"
          checked={kept}
          describedBy={finishError ? 'appeal-finish-error' : undefined}
          onChange={(checked) => {
            setKept(checked);
            setFinishError(false);
          }}
        />
        {finishError && (
          <p className="field__error" id="appeal-finish-error">
            Tick the box once your receipt is safe. It cannot be shown again.
          </p>
        )}
        <ButtonRow spaced>
          <Button
            onClick={() => {
              if (!kept) {
                setFinishError(true);
                return;
              }
              onFinish();
            }}
          >
            Finish
          </Button>
          <Link to="/receipt">Read the team’s answer with my receipt</Link>
        </ButtonRow>
      </section>
    </div>
  );
}
