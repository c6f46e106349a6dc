/**
 * Files a member attaches to a message or note: cleaned of hidden details (file-cleaning.ts),
 * encrypted in this browser under a fresh key and uploaded as they are chosen (the reporter's
 * streamed upload, POST /api/attachments), so that sending only has to seal the item. A file
 * sent as it is with what it may reveal (a PDF's author) waits for "Send it anyway" before it is
 * uploaded. The keys stay in the page until the keyring seals them into the item's encrypted body.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useId, useRef, useState } from 'react';

import {
  checkedText,
  FileInput,
  FileWarningNotice,
  UploadItem,
  UploadList,
} from '../../../../components/upload-list';
import { Field } from '../../../../components/ui';
import {
  encryptedSize,
  getAttachmentLimits,
  uploadAttachment,
  type AttachmentLimits,
} from '../../../../lib/attachments';
import {
  cleanFile,
  unconfirmedFilesMessage,
  type FileChecked,
  type FileWarning,
} from '../../../../lib/file-cleaning/on-demand';
import { formatFileSize } from '../../../../lib/format';
import { errorText } from '../../../../lib/error-words';
import type { AttachmentView } from '../../../../lib/keyring/keyring';
import { ProgressBar } from '../progress-bar';

/** The contract's limit of files in one item body (contract/records.ts attachments). */
const MAX_FILES = 20;

/** A file after cleaning, before it is uploaded. */
interface Cleaned {
  readonly blob: Blob;
  readonly name: string;
  readonly type: string;
  readonly checked: FileChecked;
  readonly removed: readonly string[];
  readonly warning?: FileWarning;
}

type Upload = { readonly key: number; readonly name: string; readonly cleaned?: Cleaned } & (
  | { readonly status: 'working'; readonly loaded: number; readonly total: number }
  /** Cleaned, with a warning: uploaded once the member chooses "Send it anyway". */
  | { readonly status: 'held'; readonly cleaned: Cleaned & { readonly warning: FileWarning } }
  | { readonly status: 'ready'; readonly view: AttachmentView; readonly cleaned: Cleaned }
  | { readonly status: 'refused'; readonly problem: string }
);

export interface ComposerAttachments {
  readonly uploads: readonly Upload[];
  /** Files uploaded and ready to name in the item. */
  readonly ready: readonly AttachmentView[];
  /** A file is still being cleaned, encrypted or uploaded. */
  readonly busy: boolean;
  /**
   * A file could not be added, or waits for "Send it anyway": nothing may be sent until it is
   * removed or chosen (`unconfirmed` says which, in words).
   */
  readonly refused: boolean;
  /** The files that wait for "Send it anyway", in a sentence; undefined when none do. */
  readonly unconfirmed: string | undefined;
  readonly add: (files: readonly File[]) => void;
  readonly remove: (key: number) => void;
  /** The member chose to send a held file as it is: it is encrypted and uploaded now. */
  readonly confirm: (key: number) => void;
  /** After sending: the files now belong to the item. */
  readonly clear: () => void;
}

let nextKey = 1;

/** The name shown for a file that has none, in the page's language. */
function unnamedFile(): string {
  return i18n._(msg({ message: 'file', comment: 'The name given to a file that has none' }));
}

/** Cleans one file and checks its size; never throws. What is wrong is said in the page's language. */
async function clean(file: File, limits: AttachmentLimits | null): Promise<Cleaned | { problem: string }> {
  const name = file.name || unnamedFile();
  const outcome = await cleanFile(file, name);
  if (outcome.status === 'failed') {
    const reason = outcome.reason;
    return { problem: i18n._(msg`${reason} It was not added. A screenshot of it can be sent instead.`) };
  }
  const asItIs = { blob: file, name, type: file.type || 'application/octet-stream', removed: [] };
  const cleaned: Cleaned =
    outcome.status === 'cleaned'
      ? {
          blob: outcome.file,
          name: outcome.name,
          type: outcome.type,
          checked: 'cleaned',
          removed: outcome.removed,
          ...(outcome.warning ? { warning: outcome.warning } : {}),
        }
      : outcome.status === 'kept-with-warning'
        ? { ...asItIs, checked: 'kept', warning: outcome.warning }
        : { ...asItIs, checked: 'not-checked' };
  if (limits && encryptedSize(cleaned.blob.size) > limits.maxFileBytes) {
    const limit = formatFileSize(limits.maxFileBytes);
    return { problem: i18n._(msg`Too large: at most ${limit} per file.`) };
  }
  return cleaned;
}

/** Encrypts and uploads one cleaned file; never throws. */
async function upload(
  cleaned: Cleaned,
  onProgress: (loaded: number, total: number) => void,
  signal: AbortSignal,
): Promise<{ view: AttachmentView } | { problem: string }> {
  try {
    const ref = await uploadAttachment(cleaned.blob, {
      name: cleaned.name,
      type: cleaned.type,
      signal,
      onProgress: (p) => onProgress(p.loaded, p.total),
    });
    return { view: { id: ref.id, name: ref.name, type: ref.type, size: ref.size, key: ref.key } };
  } catch (caught) {
    return { problem: errorText(caught, i18n._(msg`The file could not be encrypted and uploaded.`)) };
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

  /** Uploads a cleaned file; the row shows its progress, then the result. */
  function startUpload(key: number, cleaned: Cleaned, controller: AbortController) {
    update(key, { key, name: cleaned.name, cleaned, status: 'working', loaded: 0, total: cleaned.blob.size });
    void upload(
      cleaned,
      (loaded, total) => update(key, { key, name: cleaned.name, cleaned, status: 'working', loaded, total }),
      controller.signal,
    ).then((outcome) => {
      aborts.current.delete(key);
      if (controller.signal.aborted) return;
      update(
        key,
        'view' in outcome
          ? { key, name: outcome.view.name, cleaned, status: 'ready', view: outcome.view }
          : { key, name: cleaned.name, cleaned, status: 'refused', problem: outcome.problem },
      );
    });
  }

  function add(files: readonly File[]) {
    const room = Math.max(0, MAX_FILES - uploads.length);
    const taken = files.slice(0, room);
    const started: Upload[] = taken.map((file) => ({
      key: nextKey++,
      name: file.name || unnamedFile(),
      status: 'working',
      loaded: 0,
      total: file.size,
    }));
    setUploads((list) => [...list, ...started]);
    taken.forEach((file, i) => {
      const row = started[i];
      if (row === undefined) return;
      const controller = new AbortController();
      aborts.current.set(row.key, controller);
      void clean(file, limits.current).then((cleaned) => {
        if (controller.signal.aborted) return;
        if ('problem' in cleaned) {
          aborts.current.delete(row.key);
          update(row.key, { key: row.key, name: row.name, status: 'refused', problem: cleaned.problem });
        } else if (cleaned.warning) {
          aborts.current.delete(row.key);
          update(row.key, {
            key: row.key,
            name: cleaned.name,
            status: 'held',
            cleaned: { ...cleaned, warning: cleaned.warning },
          });
        } else {
          startUpload(row.key, cleaned, controller);
        }
      });
    });
  }

  function confirm(key: number) {
    const held = uploads.find((u) => u.key === key);
    if (held?.status !== 'held') return;
    const controller = new AbortController();
    aborts.current.set(key, controller);
    startUpload(key, held.cleaned, controller);
  }

  function remove(key: number) {
    aborts.current.get(key)?.abort();
    aborts.current.delete(key);
    setUploads((list) => list.filter((u) => u.key !== key));
  }

  const ready = uploads.flatMap((u) => (u.status === 'ready' ? [u.view] : []));
  const total = ready.reduce((sum, f) => sum + encryptedSize(f.size), 0);
  const overTotal = limits.current !== null && total > limits.current.maxTotalBytes;
  const unconfirmed = unconfirmedFilesMessage(uploads.filter((u) => u.status === 'held').map((u) => u.name));
  return {
    uploads,
    ready,
    busy: uploads.some((u) => u.status === 'working'),
    refused: overTotal || unconfirmed !== undefined || uploads.some((u) => u.status === 'refused'),
    unconfirmed: unconfirmed && `${unconfirmed}.`,
    add,
    remove,
    confirm,
    clear: () => setUploads([]),
  };
}

/**
 * A file's line under its name: size and what was cleaned, where it has got to, or why it was
 * refused. Facts side by side, each in the page's language: call it at render.
 */
function uploadMeta(u: Upload): string {
  switch (u.status) {
    case 'ready': {
      const size = formatFileSize(u.view.size);
      const checked = checkedText(u.cleaned.checked, u.cleaned.removed);
      return `${size} · ${i18n._(msg`encrypted and uploaded`)}${checked}`;
    }
    case 'held': {
      const checked = checkedText(u.cleaned.checked, u.cleaned.removed);
      return `${formatFileSize(u.cleaned.blob.size)}${checked} · ${i18n._(msg`not uploaded yet`)}`;
    }
    case 'refused':
      return u.problem;
    case 'working':
      return u.cleaned ? i18n._(msg`Encrypting and uploading…`) : i18n._(msg`Checking for hidden details…`);
  }
}

/** The file chooser and the list of files for the next message or note. */
export function ComposerAttachmentField({
  attachments,
  disabled,
}: {
  attachments: ComposerAttachments;
  disabled: boolean;
}) {
  const { t } = useLingui();
  const id = useId();
  const { uploads } = attachments;
  const uploadingLabel = (fileName: string) => t`Uploading ${fileName}`;
  return (
    <div className="composer__files">
      <Field
        id={id}
        label={t`Attach files`}
        optional
        hint={t`Encrypted in this browser before they leave it; hidden details (such as where a photo was taken or who wrote a document) are removed from pictures and office documents first. PDFs are not cleaned: you see what one may reveal before it is sent.`}
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
        <UploadList label={t`Files for this item`}>
          {uploads.map((u) => (
            <UploadItem
              key={u.key}
              name={u.name}
              refused={u.status === 'refused'}
              awaitsConfirmation={u.status === 'held'}
              meta={uploadMeta(u)}
              warning={
                u.cleaned?.warning && (
                  <FileWarningNotice
                    name={u.name}
                    warning={u.cleaned.warning}
                    confirmed={u.status !== 'held'}
                    disabled={disabled}
                    onConfirm={() => attachments.confirm(u.key)}
                  />
                )
              }
              progress={
                u.status === 'working' && u.total > 0 ? (
                  <ProgressBar max={u.total} value={u.loaded} label={uploadingLabel(u.name)} />
                ) : undefined
              }
              removeDisabled={disabled}
              onRemove={() => attachments.remove(u.key)}
            />
          ))}
        </UploadList>
      )}
      {attachments.unconfirmed !== undefined ? (
        <p className="field__hint">{attachments.unconfirmed}</p>
      ) : (
        attachments.refused &&
        uploads.every((u) => u.status !== 'refused') && (
          <p className="field__hint">
            <Trans>These files together are larger than one message may carry: remove one.</Trans>
          </p>
        )
      )}
    </div>
  );
}
