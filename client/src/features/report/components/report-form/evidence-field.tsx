import { useRef } from 'react';

import { FileInput, UploadItem, UploadList } from '../../../../components/upload-list';
import { Field, Fieldset } from '../../../../components/ui';
import { largestFileFor, type AttachmentLimits } from '../../../../lib/attachments';
import { formatFileSize } from '../../../../lib/format';
import { fieldIds } from '../../model/draft';
import { evidenceTotal, progressText, type Evidence } from '../../model/evidence';

interface EvidenceFieldProps {
  evidence: readonly Evidence[];
  limits: AttachmentLimits | undefined;
  disabled: boolean;
  error: string | undefined;
  onAdd: (files: File[]) => void;
  onRemove: (key: string) => void;
}

function EvidenceItem({
  item,
  disabled,
  onRemove,
}: {
  item: Evidence;
  disabled: boolean;
  onRemove: () => void;
}) {
  const progress = progressText(item);
  return (
    <UploadItem
      name={item.name}
      refused={item.status === 'refused'}
      meta={
        <>
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
          {item.status === 'refused' && <span className="upload-item__problem">{item.problem}</span>}
        </>
      }
      progress={
        progress && (
          <div className="upload-item__progress">
            <progress
              max={item.progress?.total || 1}
              value={item.uploaded ? item.progress?.total || 1 : (item.progress?.loaded ?? 0)}
              aria-label={`${item.name}: ${progress}`}
            />
            <span className="upload-item__progress-text">{progress}</span>
          </div>
        )
      }
      removeDisabled={disabled}
      onRemove={onRemove}
    />
  );
}

/** Evidence files: cleaned on arrival, limits shown and checked before anything is uploaded. */
export function EvidenceField({ evidence, limits, disabled, error, onAdd, onRemove }: EvidenceFieldProps) {
  const input = useRef<HTMLInputElement>(null);
  const total = evidenceTotal(evidence);
  const shownTotal = evidence.filter((e) => e.status === 'ready').reduce((sum, e) => sum + e.size, 0);
  const overTotal = limits !== undefined && total > limits.maxTotalBytes;
  return (
    <Fieldset
      legend="Evidence files"
      idPrefix="report-files"
      hint={
        <>
          Screenshots, photos, saved pages or exported messages.{' '}
          {limits
            ? `Each file can be up to ${formatFileSize(largestFileFor(limits.maxFileBytes))}, and all files together up to ${formatFileSize(largestFileFor(limits.maxTotalBytes))}. `
            : ''}
          Pictures are cleaned of hidden details, such as where and when a photo was taken, before they are
          encrypted. Other files, such as PDFs or documents, are sent as they are and may contain the name of
          whoever made them.
        </>
      }
    >
      <Field
        id={fieldIds.files}
        label="Add files"
        optional
        describedBy="report-files-hint"
        error={error}
        invalid={error || overTotal ? true : undefined}
      >
        {(control) => <FileInput control={control} ref={input} disabled={disabled} onFiles={onAdd} />}
      </Field>
      {evidence.length > 0 && (
        <UploadList label="Files you added">
          {evidence.map((item) => (
            <EvidenceItem
              key={item.key}
              item={item}
              disabled={disabled}
              onRemove={() => {
                onRemove(item.key);
                input.current?.focus();
              }}
            />
          ))}
        </UploadList>
      )}
      {limits && evidence.some((e) => e.status === 'ready') && (
        <p className={overTotal ? 'field__error' : 'field__hint'} aria-live="polite">
          {overTotal
            ? `These files come to ${formatFileSize(shownTotal)}, more than the ${formatFileSize(largestFileFor(limits.maxTotalBytes))} allowed together. Remove some before sending.`
            : `Files together: ${formatFileSize(shownTotal)} of ${formatFileSize(largestFileFor(limits.maxTotalBytes))}.`}
        </p>
      )}
    </Fieldset>
  );
}
