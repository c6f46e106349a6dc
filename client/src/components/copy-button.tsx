import { useLingui } from '@lingui/react/macro';
import { useEffect, useState } from 'react';

import { buttonClassName } from './ui';
import './copy-button.css';

/**
 * Copies `text` to the clipboard and says so; where the clipboard is refused, says that instead.
 * `label`: the button's words, "Copy" unless given.
 */
export function CopyButton({ text, label, className }: { text: string; label?: string; className?: string }) {
  const { t } = useLingui();
  const [result, setResult] = useState<'copied' | 'failed' | null>(null);

  useEffect(() => {
    if (result === null) return;
    const timer = setTimeout(() => setResult(null), 4000);
    return () => clearTimeout(timer);
  }, [result]);

  return (
    <>
      <button
        type="button"
        className={className ?? buttonClassName({ variant: 'secondary', size: 'small' })}
        onClick={() => {
          navigator.clipboard.writeText(text).then(
            () => setResult('copied'),
            () => setResult('failed'),
          );
        }}
      >
        {label ?? t`Copy`}
      </button>
      <span role="status" className="copy-status">
        {result === 'copied' && t`Copied.`}
        {result === 'failed' && t`Copying is not allowed here: select the text and copy it yourself.`}
      </span>
    </>
  );
}
