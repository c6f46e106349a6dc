import { useEffect, useRef, useState } from 'react';

import { ApiError } from '../../../lib/api-client';
import { downloadAttachment, formatFileSize, isDisplayableImage } from '../../../lib/attachments';
import type { AttachmentView } from '../../../lib/keyring/keyring';

/** Images up to this size are decrypted when the case opens, and shown blurred. */
const AUTO_PREVIEW_BYTES = 5_000_000;

type FileState =
  | { status: 'idle' }
  | { status: 'working'; percent: number | null }
  | { status: 'ready'; url: string }
  | { status: 'error'; message: string };

/** A name safe to offer as a download: no folders, no control characters. */
function safeFileName(name: string): string {
  const cleaned = name.replace(/[\p{Cc}\p{Cf}/\\:*?"<>|]/gu, '_').trim();
  return cleaned === '' ? 'evidence' : cleaned.slice(0, 150);
}

function problemOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code === 'TAMPERED' || code === 'FILE_TRUNCATED' || code === 'FILE_TRAILING_DATA') {
    return 'This file does not decrypt as the reporter sent it: it was cut short or altered. Nothing of it is shown.';
  }
  return 'This file could not be decrypted.';
}

export function AttachmentList({ attachments }: { attachments: readonly AttachmentView[] }) {
  return (
    <ul className="evidence-list">
      {attachments.map((a) => (
        <AttachmentItem key={a.id} attachment={a} />
      ))}
    </ul>
  );
}

function AttachmentItem({ attachment }: { attachment: AttachmentView }) {
  const image = isDisplayableImage(attachment.type);
  const [state, setState] = useState<FileState>({ status: 'idle' });
  const [revealed, setRevealed] = useState(false);
  const urlRef = useRef<string | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const saveLink = useRef<HTMLAnchorElement>(null);
  const [saveRequested, setSaveRequested] = useState(false);

  // Decrypted files live as blob: URLs only while this case is on screen.
  useEffect(
    () => () => {
      abortRef.current?.abort();
      if (urlRef.current !== null) URL.revokeObjectURL(urlRef.current);
      urlRef.current = null;
    },
    [],
  );

  async function decrypt(): Promise<void> {
    if (state.status === 'working' || state.status === 'ready') return;
    const controller = new AbortController();
    abortRef.current = controller;
    setState({ status: 'working', percent: null });
    try {
      const blob = await downloadAttachment(attachment, {
        signal: controller.signal,
        onProgress: ({ loaded, total }) => {
          if (total > 0) setState({ status: 'working', percent: Math.round((100 * loaded) / total) });
        },
      });
      if (controller.signal.aborted) return;
      const url = URL.createObjectURL(blob);
      urlRef.current = url;
      setState({ status: 'ready', url });
    } catch (error) {
      if (!controller.signal.aborted) setState({ status: 'error', message: problemOf(error) });
    }
  }

  useEffect(() => {
    if (image && attachment.size <= AUTO_PREVIEW_BYTES) void decrypt();
    // Once, when the case opens.
  }, []);

  // After "Decrypt and save", hand the file to the browser's download as soon as it is ready.
  useEffect(() => {
    if (saveRequested && state.status === 'ready') {
      saveLink.current?.click();
      setSaveRequested(false);
    }
  }, [saveRequested, state]);

  const name = safeFileName(attachment.name);
  return (
    <li className="evidence">
      <p className="evidence__name">
        <span className="evidence__file">{attachment.name}</span>{' '}
        <span className="muted">
          {attachment.type || 'unknown type'} · {formatFileSize(attachment.size)}
        </span>
      </p>
      {image && state.status === 'ready' && (
        <div className="evidence__preview">
          <img
            src={state.url}
            alt={
              revealed ? `Evidence image: ${attachment.name}` : `Evidence image, blurred: ${attachment.name}`
            }
            className={revealed ? 'evidence__image' : 'evidence__image evidence__image--blurred'}
          />
        </div>
      )}
      <div className="button-row">
        {image && state.status === 'ready' && (
          <button
            type="button"
            className="button button--secondary button--small"
            aria-pressed={revealed}
            onClick={() => setRevealed((r) => !r)}
          >
            {revealed ? 'Blur image' : 'Show image'}
          </button>
        )}
        {image && state.status === 'idle' && (
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => void decrypt()}
          >
            Decrypt (shown blurred)
          </button>
        )}
        {state.status === 'ready' ? (
          <a
            ref={saveLink}
            className="button button--secondary button--small"
            href={state.url}
            download={name}
          >
            Save file
          </a>
        ) : (
          !image && (
            <button
              type="button"
              className="button button--secondary button--small"
              disabled={state.status === 'working'}
              onClick={() => {
                setSaveRequested(true);
                void decrypt();
              }}
            >
              Decrypt and save
            </button>
          )
        )}
      </div>
      {state.status === 'working' && (
        <p className="muted" role="status">
          Decrypting{state.percent !== null ? ` (${state.percent}%)` : ''}…
        </p>
      )}
      {state.status === 'error' && (
        <p className="evidence__error" role="alert">
          {state.message}
        </p>
      )}
    </li>
  );
}
