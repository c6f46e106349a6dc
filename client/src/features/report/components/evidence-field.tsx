import { useRef } from 'react';

import {
  encryptedSize,
  formatFileSize,
  largestFileFor,
  type AttachmentLimits,
} from '../../../lib/attachments';
import { fieldIds } from '../model/draft';
import { evidenceTotal, type Evidence } from '../model/evidence';
import { describedBy, FieldError, Hint } from './field-parts';

interface EvidenceFieldProps {
  evidence: readonly Evidence[];
  limits: AttachmentLimits | undefined;
  disabled: boolean;
  error: string | undefined;
  onAdd: (files: File[]) => void;
  onRemove: (key: string) => void;
}

function progressText(item: Evidence): string | undefined {
  if (item.uploaded) return 'Encrypted and uploaded';
  if (!item.progress) return undefined;
  const percent =
    item.progress.total > 0 ? Math.round((item.progress.loaded / item.progress.total) * 100) : 0;
  return item.progress.phase === 'encrypting' ? `Encrypting… ${percent}%` : `Uploading… ${percent}%`;
}

/** Evidence files: cleaned on arrival, limits shown and checked before anything is uploaded. */
export function EvidenceField({ evidence, limits, disabled, error, onAdd, onRemove }: EvidenceFieldProps) {
  const input = useRef<HTMLInputElement>(null);
  const total = evidenceTotal(evidence);
  const shownTotal = evidence.filter((e) => e.status === 'ready').reduce((sum, e) => sum + e.size, 0);
  const overTotal = limits !== undefined && total > limits.maxTotalBytes;
  return (
    <fieldset className="fieldset">
      <legend className="fieldset__legend">Evidence files</legend>
      <Hint id="report-files-hint">
        Screenshots, photos, saved pages or exported messages.{' '}
        {limits
          ? `Each file can be up to ${formatFileSize(largestFileFor(limits.maxFileBytes))}, and all files together up to ${formatFileSize(largestFileFor(limits.maxTotalBytes))}. `
          : ''}
        Pictures are cleaned of hidden details, such as where and when a photo was taken, before they are
        encrypted. Other files, such as PDFs or documents, are sent as they are and may contain the name of
        whoever made them.
      </Hint>
      <div className="field">
        <label className="field__label" htmlFor={fieldIds.files}>
          Add files <span className="field__optional">(optional)</span>
        </label>
        <input
          ref={input}
          id={fieldIds.files}
          className="file-input"
          type="file"
          multiple
          disabled={disabled}
          aria-invalid={error || overTotal ? true : undefined}
          aria-describedby={describedBy('report-files-hint', error && 'report-files-error')}
          onChange={(event) => {
            const files = Array.from(event.target.files ?? []);
            if (files.length > 0) onAdd(files);
            // Let the same file be chosen again after it was removed.
            event.target.value = '';
          }}
        />
        <FieldError id="report-files-error" message={error} />
      </div>
      {evidence.length > 0 && (
        <ul className="upload-list" aria-label="Files you added">
          {evidence.map((item) => {
            const progress = progressText(item);
            return (
              <li
                key={item.key}
                className={item.status === 'refused' ? 'upload-item upload-item--refused' : 'upload-item'}
              >
                <div className="upload-item__main">
                  <p className="upload-item__name">{item.name}</p>
                  <p className="upload-item__meta">
                    {item.status === 'cleaning' && 'Checking for hidden details…'}
                    {item.status === 'ready' && (
                      <>
                        {formatFileSize(item.size)}
                        {item.isImage &&
                          (item.removed.length > 0
                            ? ` · Removed: ${item.removed.join(', ')}`
                            : ' · No hidden details found')}
                        {item.redrawn && ' · Saved as PNG'}
                      </>
                    )}
                    {item.status === 'refused' && (
                      <span className="upload-item__problem">{item.problem}</span>
                    )}
                  </p>
                  {progress && (
                    <div className="upload-item__progress">
                      <progress
                        max={item.progress?.total || 1}
                        value={item.uploaded ? item.progress?.total || 1 : (item.progress?.loaded ?? 0)}
                        aria-label={`${item.name}: ${progress}`}
                      />
                      <span className="upload-item__progress-text">{progress}</span>
                    </div>
                  )}
                </div>
                <button
                  type="button"
                  className="button button--quiet"
                  disabled={disabled}
                  onClick={() => {
                    onRemove(item.key);
                    input.current?.focus();
                  }}
                >
                  Remove<span className="visually-hidden"> {item.name}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {limits && evidence.some((e) => e.status === 'ready') && (
        <p className={overTotal ? 'field__error' : 'field__hint'} aria-live="polite">
          {overTotal
            ? `These files come to ${formatFileSize(shownTotal)}, more than the ${formatFileSize(largestFileFor(limits.maxTotalBytes))} allowed together. Remove some before sending.`
            : `Files together: ${formatFileSize(shownTotal)} of ${formatFileSize(largestFileFor(limits.maxTotalBytes))}.`}
        </p>
      )}
    </fieldset>
  );
}

/** The error for the files, if they cannot all be sent. */
export function evidenceError(
  evidence: readonly Evidence[],
  limits: AttachmentLimits | undefined,
): string | undefined {
  if (evidence.some((e) => e.status === 'cleaning'))
    return 'Wait a moment: some files are still being checked';
  if (limits && evidenceTotal(evidence) > limits.maxTotalBytes) {
    return `The files together are larger than the ${formatFileSize(largestFileFor(limits.maxTotalBytes))} allowed. Remove some`;
  }
  if (limits && evidence.some((e) => e.status === 'ready' && encryptedSize(e.size) > limits.maxFileBytes)) {
    return 'A file is too large. Remove it';
  }
  return undefined;
}
