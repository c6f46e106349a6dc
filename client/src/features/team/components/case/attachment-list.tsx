import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useRef, useState } from 'react';

import { Button, ButtonRow, buttonClassName } from '../../../../components/ui';
import { isDisplayableImage } from '../../../../lib/attachments';
import { formatFileSize } from '../../../../lib/format';
import type { AttachmentView } from '../../../../lib/keyring/keyring';
import { useDecryptedFile } from '../../hooks/use-decrypted-file';
import { Card } from '../card';
import './attachment-list.css';

/** Images up to this size are decrypted when the case opens, and shown blurred. */
const AUTO_PREVIEW_BYTES = 5_000_000;

/** A name safe to offer as a download: no folders, no control characters. `fallback`: for a name with nothing left. */
function safeFileName(name: string, fallback: string): string {
  const cleaned = name.replace(/[\p{Cc}\p{Cf}/\\:*?"<>|]/gu, '_').trim();
  return cleaned === '' ? fallback : cleaned.slice(0, 150);
}

/** The evidence files of a report or a message. */
export function AttachmentList({ attachments }: { attachments: readonly AttachmentView[] }) {
  return (
    <ul className="plain-list">
      {attachments.map((a) => (
        <AttachmentItem key={a.id} attachment={a} />
      ))}
    </ul>
  );
}

/**
 * One file. Images are shown blurred until a member chooses to look (evidence of harassment is
 * often distressing); other files are only decrypted to be saved.
 */
function AttachmentItem({ attachment }: { attachment: AttachmentView }) {
  const { t, i18n } = useLingui();
  const image = isDisplayableImage(attachment.type);
  const { state, decrypt } = useDecryptedFile(attachment, {
    auto: image && attachment.size <= AUTO_PREVIEW_BYTES,
  });
  const [revealed, setRevealed] = useState(false);
  const saveLink = useRef<HTMLAnchorElement>(null);
  const [saveRequested, setSaveRequested] = useState(false);

  // After "Decrypt and save", hand the file to the browser's download as soon as it is ready.
  useEffect(() => {
    if (saveRequested && state.status === 'ready') {
      saveLink.current?.click();
      setSaveRequested(false);
    }
  }, [saveRequested, state]);

  const name = safeFileName(
    attachment.name,
    i18n._(
      msg({ message: 'evidence', comment: 'The name a saved file gets when its own has nothing usable' }),
    ),
  );
  const fileName = attachment.name;
  const fileType = attachment.type || t`unknown type`;
  const size = formatFileSize(attachment.size);
  const percent = state.status === 'working' ? state.percent : null;
  return (
    <Card small>
      <p className="evidence__name">
        <span className="evidence__file" translate="no">
          {fileName}
        </span>{' '}
        <span className="muted">
          <Trans comment="A file’s type, then its size">
            {fileType} · {size}
          </Trans>
        </span>
      </p>
      {image && state.status === 'ready' && (
        <div className="evidence__preview">
          <img
            src={state.url}
            alt={revealed ? t`Evidence image: ${fileName}` : t`Evidence image, blurred: ${fileName}`}
            className={revealed ? 'evidence__image' : 'evidence__image evidence__image--blurred'}
          />
        </div>
      )}
      <ButtonRow>
        {image && state.status === 'ready' && (
          <Button
            variant="secondary"
            size="small"
            aria-pressed={revealed}
            onClick={() => setRevealed((r) => !r)}
          >
            {revealed ? <Trans>Blur image</Trans> : <Trans>Show image</Trans>}
          </Button>
        )}
        {image && state.status === 'idle' && (
          <Button variant="secondary" size="small" onClick={decrypt}>
            <Trans>Decrypt (shown blurred)</Trans>
          </Button>
        )}
        {state.status === 'ready' ? (
          <a
            ref={saveLink}
            className={buttonClassName({ variant: 'secondary', size: 'small' })}
            href={state.url}
            download={name}
          >
            <Trans>Save file</Trans>
          </a>
        ) : (
          !image && (
            <Button
              variant="secondary"
              size="small"
              disabled={state.status === 'working'}
              onClick={() => {
                setSaveRequested(true);
                decrypt();
              }}
            >
              <Trans>Decrypt and save</Trans>
            </Button>
          )
        )}
      </ButtonRow>
      {state.status === 'working' && (
        <p className="muted" role="status">
          {percent !== null ? <Trans>Decrypting ({percent}%)…</Trans> : <Trans>Decrypting…</Trans>}
        </p>
      )}
      {state.status === 'error' && (
        <p className="evidence__error" role="alert">
          {state.message}
        </p>
      )}
    </Card>
  );
}
