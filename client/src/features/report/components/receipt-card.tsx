/**
 * The receipt shown once after sending a report or an appeal (report-sent.tsx, appeal-sent.tsx):
 * the card with the code, and the step that lets the page forget it.
 */
import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

import { Button, ButtonRow, Choice } from '../../../components/ui';
import './receipt-card.css';

interface ReceiptCardProps {
  receipt: string;
  /** One line under the code: what was sent, to whom and when. */
  meta: ReactNode;
  /** The text file offered for download (in the page's language); without it, no download is offered. */
  downloadText?: string | undefined;
  /** The first instruction: what the receipt is for, in the page's words. */
  purpose: ReactNode;
}

/**
 * The receipt, large, with copy, download and print (the print stylesheet prints only this card)
 * and what to do with it.
 */
export function ReceiptCard({ receipt, meta, downloadText, purpose }: ReceiptCardProps) {
  const { t } = useLingui();
  const [copied, setCopied] = useState<'copied' | 'failed'>();
  const codeRef = useRef<HTMLParagraphElement>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(receipt);
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

  function download(text: string) {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
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
    <section className="receipt-card" aria-labelledby="receipt-heading">
      <h2 id="receipt-heading" className="receipt-card__title">
        <Trans>Your receipt</Trans>
      </h2>
      <p ref={codeRef} className="receipt-code" translate="no">
        {receipt}
      </p>
      <p className="receipt-card__meta">{meta}</p>
      <ButtonRow spaced className="no-print">
        <Button onClick={() => void copy()}>
          <Trans>Copy</Trans>
        </Button>
        {downloadText !== undefined && (
          <Button variant="secondary" onClick={() => download(downloadText)}>
            <Trans>Download as a text file</Trans>
          </Button>
        )}
        <Button variant="secondary" onClick={() => window.print()}>
          <Trans>Print</Trans>
        </Button>
      </ButtonRow>
      <p className="no-print" role="status">
        {copied === 'copied' && t`Copied. Paste it somewhere safe and private.`}
        {copied === 'failed' &&
          t`This browser did not allow copying. The receipt is selected: copy it by hand.`}
      </p>
      <div className="receipt-card__instructions">
        <p>{purpose}</p>
        <p>
          <Trans>
            <strong>It cannot be recovered.</strong> Nobody has a copy: not the team, and not the people who
            run this website. Write it down, print it, or save it somewhere only you can reach. Anyone who has
            it can read the team’s replies.
          </Trans>
        </p>
      </div>
    </section>
  );
}

/**
 * “Before you leave”: the person says they kept the receipt, and only then may the page forget it.
 * Until then, closing the tab asks first. `children`: the way on, beside the Finish button.
 */
export function KeepReceiptStep({ onFinish, children }: { onFinish: () => void; children: ReactNode }) {
  const { t } = useLingui();
  const [kept, setKept] = useState(false);
  const [finishError, setFinishError] = useState(false);
  const keptId = useId();
  const errorId = useId();

  // The receipt exists only in this page: warn before the tab is closed without keeping it.
  useEffect(() => {
    if (kept) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [kept]);

  return (
    <section aria-labelledby="finish-heading" className="no-print">
      <h2 id="finish-heading">
        <Trans>Before you leave</Trans>
      </h2>
      <p>
        <Trans>
          When you have kept your receipt, this page can forget it. After that it cannot be shown again.
        </Trans>
      </p>
      <Choice
        type="checkbox"
        id={keptId}
        label={t`I have kept my receipt somewhere safe`}
        checked={kept}
        describedBy={finishError ? errorId : undefined}
        onChange={(checked) => {
          setKept(checked);
          setFinishError(false);
        }}
      />
      {finishError && (
        <p className="field__error" id={errorId}>
          <Trans>Tick the box once your receipt is safe. It cannot be shown again.</Trans>
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
          <Trans>Finish</Trans>
        </Button>
        {children}
      </ButtonRow>
    </section>
  );
}
