import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';

import { Button, ButtonRow, Choice, Notice, PageHeading } from '../../../components/ui';
import { useDocumentTitle } from '../../../hooks/use-document-title';
import { formatDateTime } from '../../../lib/format';
import type { SentReport } from '../model/intake-memory';
import { replyTarget } from './team-list';
import './report-sent.css';

interface ReportSentProps {
  sent: SentReport;
  onFinish: () => void;
}

/** The text file offered for download: the receipt and what to do with it. */
function receiptText(sent: SentReport): string {
  const address = `${globalThis.location.origin}/receipt`;
  return [
    'Confide receipt',
    '',
    `Receipt: ${sent.receipt}`,
    `Report sent to: ${sent.teamName}`,
    `Sent: ${formatDateTime(sent.receivedAt, 'long')}`,
    '',
    `To read replies and add anything new, go to ${address} and enter this receipt.`,
    '',
    'This receipt is the only way back to your report. Nobody can recover it for you:',
    'not the team, and not the people who run the website.',
    'Anyone who has it can read the team’s replies, so keep it private.',
    '',
  ].join('\r\n');
}

/**
 * After sending: the receipt, shown once, large, with copy, download and print (the print
 * stylesheet prints only the receipt card), and the acknowledgement of when a person will have
 * looked at the report.
 */
export function ReportSent({ sent, onFinish }: ReportSentProps) {
  useDocumentTitle('Your report was sent');
  const [copied, setCopied] = useState<'copied' | 'failed'>();
  const [kept, setKept] = useState(false);
  const [finishError, setFinishError] = useState(false);
  const keptId = useId();
  const codeRef = useRef<HTMLParagraphElement>(null);
  const firstResponseBy = new Date(
    new Date(sent.receivedAt).getTime() + sent.firstResponseHours * 3600_000,
  ).toISOString();

  // The receipt exists only in this page: warn before the tab is closed without keeping it.
  useEffect(() => {
    if (kept) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [kept]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(sent.receipt);
      setCopied('copied');
    } catch {
      // Clipboard refused (permissions, older browser): select it so the person can copy it.
      const selection = window.getSelection();
      if (codeRef.current && selection) {
        selection.selectAllChildren(codeRef.current);
      }
      setCopied('failed');
    }
  }

  function download() {
    const url = URL.createObjectURL(new Blob([receiptText(sent)], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'confide-receipt.txt';
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  return (
    <div className="report-sent print-area">
      <PageHeading>Your report was sent</PageHeading>
      <p className="lead">
        Thank you for telling {sent.teamName}. It can take courage to write this down, and what you sent will
        be read by a person.
      </p>
      {sent.earlierAttempt && (
        <Notice tone="caution" title="Your first attempt had arrived after all">
          <p>
            Changes you made after that attempt are not in the report. You can add them as a message with your
            receipt.
          </p>
        </Notice>
      )}

      <section className="receipt-card" aria-labelledby="receipt-heading">
        <h2 id="receipt-heading" className="receipt-card__title">
          Your receipt
        </h2>
        <p ref={codeRef} className="receipt-code" translate="no">
          {sent.receipt}
        </p>
        <p className="receipt-card__meta">
          Report to {sent.teamName}, sent {formatDateTime(sent.receivedAt, 'long')}
        </p>
        <ButtonRow spaced className="no-print">
          <Button onClick={() => void copy()}>Copy</Button>
          <Button variant="secondary" onClick={download}>
            Download as a text file
          </Button>
          <Button variant="secondary" onClick={() => window.print()}>
            Print
          </Button>
        </ButtonRow>
        <p className="no-print" role="status">
          {copied === 'copied' && 'Copied. Paste it somewhere safe and private.'}
          {copied === 'failed' &&
            'This browser did not allow copying. The receipt is selected: copy it by hand.'}
        </p>
        <div className="receipt-card__instructions">
          <p>
            <strong>This receipt is the only way back to your report.</strong> With it you can read the team’s
            replies, answer their questions and add anything new, at{' '}
            <span className="nowrap">{globalThis.location.host}/receipt</span>.
          </p>
          <p>
            <strong>It cannot be recovered.</strong> Nobody has a copy: not the team, and not the people who
            run this website. Write it down, print it, or save it somewhere only you can reach. Anyone who has
            it can read the team’s replies.
          </p>
        </div>
      </section>

      <section aria-labelledby="next-heading">
        <h2 id="next-heading">What happens next</h2>
        <ul className="point-list">
          <li>
            {sent.teamName} aims to have a person look at your report within{' '}
            {replyTarget(sent.firstResponseHours)}: by{' '}
            <strong>{formatDateTime(firstResponseBy, 'long')}</strong>.
            {sent.urgent && ' You marked it urgent, so they will see it before others.'}
          </li>
          <li>
            When they have, they will write to you here. They may ask you questions or tell you what they will
            do.
          </li>
          <li>
            If something new happens, come back with your receipt and add it to your report at any time.
          </li>
          {sent.urgent && (
            <li>
              <strong>If anyone is in danger right now, please contact your local emergency services.</strong>
            </li>
          )}
        </ul>
      </section>

      <section aria-labelledby="finish-heading" className="no-print">
        <h2 id="finish-heading">Before you leave</h2>
        <p>When you have kept your receipt, this page can forget it. After that it cannot be shown again.</p>
        <Choice
          type="checkbox"
          id={keptId}
          label="I have kept my receipt somewhere safe"
          checked={kept}
          describedBy={finishError ? 'finish-error' : undefined}
          onChange={(checked) => {
            setKept(checked);
            setFinishError(false);
          }}
        />
        {finishError && (
          <p className="field__error" id="finish-error">
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
          <Link to="/receipt">Open my report now</Link>
        </ButtonRow>
      </section>
    </div>
  );
}
