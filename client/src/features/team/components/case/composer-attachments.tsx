/**
 * Files a member attaches to a message or note: cleaned of hidden image details, encrypted in
 * this browser under a fresh key and uploaded as they are chosen (the reporter's streamed upload,
 * POST /api/attachments), so that sending only has to seal the item. The keys stay in the page
 * until the keyring seals them into the item's encrypted body.
 */
import { useEffect, useId, useRef, useState } from 'react';

import { FileInput, UploadItem, UploadList } from '../../../../components/upload-list';
import { Field } from '../../../../components/ui';
import {
  encryptedSize,
  getAttachmentLimits,
  uploadAttachment,
  type AttachmentLimits,
} from '../../../../lib/attachments';
import { errorText, formatFileSize } from '../../../../lib/format';
import { stripImageMetadata } from '../../../../lib/image-metadata/on-demand';
import type { AttachmentView } from '../../../../lib/keyring/keyring';
import { ProgressBar } from '../progress-bar';

/** The contract's limit of files in one item body (contract/records.ts attachments). */
const MAX_FILES = 20;

type Upload =
  | {
      readonly key: number;
      readonly name: string;
      readonly status: 'working';
      readonly loaded: number;
      readonly total: number;
    }
  | { readonly key: number; readonly name: string; readonly status: 'ready'; readonly view: AttachmentView }
  | { readonly key: number; readonly name: string; readonly status: 'refused'; readonly problem: string };

export interface ComposerAttachments {
  readonly uploads: readonly Upload[];
  /** Files uploaded and ready to name in the item. */
  readonly ready: readonly AttachmentView[];
  /** A file is still being cleaned, encrypted or uploaded. */
  readonly busy: boolean;
  /** A file could not be added: remove it before sending. */
  readonly refused: boolean;
  readonly add: (files: readonly File[]) => void;
  readonly remove: (key: number) => void;
  /** After sending: the files now belong to the item. */
  readonly clear: () => void;
}

let nextKey = 1;

/** Cleans, encrypts and uploads one file; never throws. */
async function prepare(
  file: File,
  limits: AttachmentLimits | null,
  onProgress: (loaded: number, total: number) => void,
  signal: AbortSignal,
): Promise<{ view: AttachmentView } | { problem: string }> {
  const cleaned = await stripImageMetadata(file, file.name || 'file');
  if (cleaned.status === 'failed') {
    return { problem: `${cleaned.reason} It was not added. A screenshot of it can be sent instead.` };
  }
  const blob = cleaned.status === 'cleaned' ? cleaned.file : file;
  const name = cleaned.status === 'cleaned' ? cleaned.name : file.name || 'file';
  const type = cleaned.status === 'cleaned' ? cleaned.type : file.type || 'application/octet-stream';
  if (limits && encryptedSize(blob.size) > limits.maxFileBytes) {
    return { problem: `Too large: at most ${formatFileSize(limits.maxFileBytes)} per file.` };
  }
  try {
    const ref = await uploadAttachment(blob, {
      name,
      type,
      signal,
      onProgress: (p) => onProgress(p.loaded, p.total),
    });
    return { view: { id: ref.id, name: ref.name, type: ref.type, size: ref.size, key: ref.key } };
  } catch (caught) {
    return { problem: errorText(caught, 'The file could not be encrypted and uploaded.') };
  }
}

export function useComposerAttachments(): ComposerAttachments {
  const [uploads, setUploads] = useState<readonly Upload[]>([]);
  const limits = useRef<AttachmentLimits | null>(null);
  const aborts = useRef(new Map<number, AbortController>());

  useEffect(() => {
    const controller = new AbortController();
    getAttachmentLimits({ signal: controller.signal })
      .then((l) => {
        limits.current = l;
      })
      .catch(() => undefined);
    const running = aborts.current;
    return () => {
      controller.abort();
      for (const a of running.values()) a.abort();
    };
  }, []);

  const update = (key: number, next: Upload) =>
    setUploads((list) => list.map((u) => (u.key === key ? next : u)));

  function add(files: readonly File[]) {
    const room = Math.max(0, MAX_FILES - uploads.length);
    const taken = files.slice(0, room);
    const started: Upload[] = taken.map((file) => ({
      key: nextKey++,
      name: file.name || 'file',
      status: 'working',
      loaded: 0,
      total: file.size,
    }));
    setUploads((list) => [...list, ...started]);
    taken.forEach((file, i) => {
      const upload = started[i];
      if (upload === undefined) return;
      const controller = new AbortController();
      aborts.current.set(upload.key, controller);
      void prepare(
        file,
        limits.current,
        (loaded, total) => update(upload.key, { ...upload, status: 'working', loaded, total }),
        controller.signal,
      ).then((outcome) => {
        aborts.current.delete(upload.key);
        if (controller.signal.aborted) return;
        update(
          upload.key,
          'view' in outcome
            ? { key: upload.key, name: outcome.view.name, status: 'ready', view: outcome.view }
            : { key: upload.key, name: upload.name, status: 'refused', problem: outcome.problem },
        );
      });
    });
  }

  function remove(key: number) {
    aborts.current.get(key)?.abort();
    aborts.current.delete(key);
    setUploads((list) => list.filter((u) => u.key !== key));
  }

  const ready = uploads.flatMap((u) => (u.status === 'ready' ? [u.view] : []));
  const total = ready.reduce((sum, f) => sum + encryptedSize(f.size), 0);
  const overTotal = limits.current !== null && total > limits.current.maxTotalBytes;
  return {
    uploads,
    ready,
    busy: uploads.some((u) => u.status === 'working'),
    refused: overTotal || uploads.some((u) => u.status === 'refused'),
    add,
    remove,
    clear: () => setUploads([]),
  };
}

/** The file chooser and the list of files for the next message or note. */
export function ComposerAttachmentField({
  attachments,
  disabled,
}: {
  attachments: ComposerAttachments;
  disabled: boolean;
}) {
  const id = useId();
  const { uploads } = attachments;
  return (
    <div className="composer__files">
      <Field
        id={id}
        label="Attach files"
        optional
        hint="Encrypted in this browser before they leave it; hidden details (such as where a photo was taken) are removed from images first."
      >
        {(control) => (
          <FileInput
            control={control}
            disabled={disabled || uploads.length >= MAX_FILES}
            onFiles={attachments.add}
          />
        )}
      </Field>
      {uploads.length > 0 && (
        <UploadList label="Files for this item">
          {uploads.map((u) => (
            <UploadItem
              key={u.key}
              name={u.name}
              refused={u.status === 'refused'}
              meta={
                u.status === 'ready'
                  ? `${formatFileSize(u.view.size)} · encrypted and uploaded`
                  : u.status === 'refused'
                    ? u.problem
                    : 'Encrypting and uploading…'
              }
              progress={
                u.status === 'working' && u.total > 0 ? (
                  <ProgressBar max={u.total} value={u.loaded} label={`Uploading ${u.name}`} />
                ) : undefined
              }
              removeDisabled={disabled}
              onRemove={() => attachments.remove(u.key)}
            />
          ))}
        </UploadList>
      )}
      {attachments.refused && uploads.every((u) => u.status !== 'refused') && (
        <p className="field__hint">These files together are larger than one message may carry: remove one.</p>
      )}
    </div>
  );
}
