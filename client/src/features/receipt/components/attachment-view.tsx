import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useState } from 'react';

import { Button } from '../../../components/ui';
import { downloadAttachment, isDisplayableImage, type AttachmentRef } from '../../../lib/attachments';
import { formatFileSize } from '../../../lib/format';
import './attachment-view.css';

type State =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'shown'; url: string }
  | { status: 'failed'; message: MessageDescriptor };

const NOT_OPENED = msg`This file could not be opened: it may be missing, or damaged or changed on the way.`;

/** One encrypted file in a message: fetched and decrypted only when asked for. */
export function AttachmentView({ attachment }: { attachment: AttachmentRef }) {
  const { i18n } = useLingui();
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
      setState({ status: 'failed', message: NOT_OPENED });
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
    // A name for the saved file when it came without one: a word of the page's language.
    link.download = attachment.name.replace(/[\\/]/g, '_') || i18n._(msg`file`);
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setState({ status: 'idle' });
  }

  const fileName = attachment.name;
  const size = formatFileSize(attachment.size);
  return (
    <li className="sealed-file">
      <span className="sealed-file__name">
        <Trans>
          <span translate="no">{fileName}</span> <span className="muted">({size})</span>
        </Trans>
      </span>
      <span className="sealed-file__actions">
        {image && state.status !== 'shown' && (
          <Button variant="quiet" onClick={() => void show()}>
            <Trans>
              Show picture
              <span className="visually-hidden" translate="no">
                {' '}
                {fileName}
              </span>
            </Trans>
          </Button>
        )}
        <Button variant="quiet" onClick={() => void save()}>
          <Trans>
            Save
            <span className="visually-hidden" translate="no">
              {' '}
              {fileName}
            </span>
          </Trans>
        </Button>
      </span>
      <span role="status" className="sealed-file__status">
        {state.status === 'loading' && <Trans>Decrypting…</Trans>}
        {state.status === 'failed' && i18n._(state.message)}
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
