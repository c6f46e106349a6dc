import { useEffect, useState } from 'react';

import { Button } from '../../../components/ui';
import { downloadAttachment, isDisplayableImage, type AttachmentRef } from '../../../lib/attachments';
import { formatFileSize } from '../../../lib/format';
import './attachment-view.css';

type State =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'shown'; url: string }
  | { status: 'failed'; message: string };

/** One encrypted file in a message: fetched and decrypted only when asked for. */
export function AttachmentView({ attachment }: { attachment: AttachmentRef }) {
  const [state, setState] = useState<State>({ status: 'idle' });
  const image = isDisplayableImage(attachment.type);

  useEffect(
    () => () => {
      if (state.status === 'shown') URL.revokeObjectURL(state.url);
    },
    [state],
  );

  async function fetchBlob(): Promise<Blob | undefined> {
    setState({ status: 'loading' });
    try {
      return await downloadAttachment(attachment);
    } catch {
      setState({
        status: 'failed',
        message: 'This file could not be opened: it may be missing, or damaged or changed on the way.',
      });
      return undefined;
    }
  }

  async function show() {
    const blob = await fetchBlob();
    if (blob) setState({ status: 'shown', url: URL.createObjectURL(blob) });
  }

  async function save() {
    const blob = await fetchBlob();
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = attachment.name.replace(/[\\/]/g, '_') || 'file';
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setState({ status: 'idle' });
  }

  return (
    <li className="sealed-file">
      <span className="sealed-file__name">
        {attachment.name} <span className="muted">({formatFileSize(attachment.size)})</span>
      </span>
      <span className="sealed-file__actions">
        {image && state.status !== 'shown' && (
          <Button variant="quiet" onClick={() => void show()}>
            Show picture<span className="visually-hidden"> {attachment.name}</span>
          </Button>
        )}
        <Button variant="quiet" onClick={() => void save()}>
          Save<span className="visually-hidden"> {attachment.name}</span>
        </Button>
      </span>
      <span role="status" className="sealed-file__status">
        {state.status === 'loading' && 'Decrypting…'}
        {state.status === 'failed' && state.message}
      </span>
      {state.status === 'shown' && (
        <img className="sealed-file__image" src={state.url} alt={attachment.name} />
      )}
    </li>
  );
}

/** The encrypted files of a message or of the report. */
export function SealedFiles({ attachments }: { attachments: readonly AttachmentRef[] }) {
  return (
    <ul className="sealed-files">
      {attachments.map((a) => (
        <AttachmentView key={a.id} attachment={a} />
      ))}
    </ul>
  );
}
