import { Trans, useLingui } from '@lingui/react/macro';
import { useRef } from 'react';

import {
  checkedText,
  FileInput,
  FileWarningNotice,
  UploadItem,
  UploadList,
} from '../../../../components/upload-list';
import { Field, Fieldset } from '../../../../components/ui';
import { largestFileFor, type AttachmentLimits } from '../../../../lib/attachments';
import { formatFileSize } from '../../../../lib/format';
import { fieldIds } from '../../model/draft';
import { awaitsConfirmation, evidenceTotal, progressText, type Evidence } from '../../model/evidence';

interface EvidenceFieldProps {
  evidence: readonly Evidence[];
  limits: AttachmentLimits | undefined;
  disabled: boolean;
  error: string | undefined;
  onAdd: (files: File[]) => void;
  onRemove: (key: string) => void;
  /** The reporter chose to send a file with what its warning lists. */
  onConfirm: (key: string) => void;
}

function EvidenceItem({
  item,
  disabled,
  onRemove,
  onConfirm,
}: {
  item: Evidence;
  disabled: boolean;
  onRemove: () => void;
  onConfirm: () => void;
}) {
  const progress = progressText(item);
  const fileName = item.name;
  return (
    <UploadItem
      name={item.name}
      refused={item.status === 'refused'}
      awaitsConfirmation={awaitsConfirmation(item)}
      meta={
        <>
          {item.status === 'cleaning' && <Trans>Checking for hidden details…</Trans>}
          {item.status === 'ready' && (
            <>
              {formatFileSize(item.size)}
              {checkedText(item.checked, item.removed)}
              {item.redrawn && (
                <>
                  {' · '}
                  <Trans>Saved as PNG</Trans>
                </>
              )}
            </>
          )}
          {item.status === 'refused' && <span className="upload-item__problem">{item.problem}</span>}
        </>
      }
      warning={
        item.status === 'ready' &&
        item.warning && (
          <FileWarningNotice
            name={item.name}
            warning={item.warning}
            confirmed={item.confirmed}
            disabled={disabled}
            onConfirm={onConfirm}
          />
        )
      }
      progress={
        progress && (
          <div className="upload-item__progress">
            <progress
              max={item.progress?.total || 1}
              value={item.uploaded ? item.progress?.total || 1 : (item.progress?.loaded ?? 0)}
              aria-label={`${fileName}: ${progress}`}
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
export function EvidenceField({
  evidence,
  limits,
  disabled,
  error,
  onAdd,
  onRemove,
  onConfirm,
}: EvidenceFieldProps) {
  const { t } = useLingui();
  const input = useRef<HTMLInputElement>(null);
  const total = evidenceTotal(evidence);
  const shownTotal = evidence.filter((e) => e.status === 'ready').reduce((sum, e) => sum + e.size, 0);
  const overTotal = limits !== undefined && total > limits.maxTotalBytes;
  const fileLimit = limits ? formatFileSize(largestFileFor(limits.maxFileBytes)) : '';
  const totalLimit = limits ? formatFileSize(largestFileFor(limits.maxTotalBytes)) : '';
  const filesSize = formatFileSize(shownTotal);
  return (
    <Fieldset
      legend={t`Evidence files`}
      idPrefix="report-files"
      hint={
        <>
          <Trans>Screenshots, photos, saved pages or exported messages.</Trans>{' '}
          {limits && (
            <>
              <Trans>
                Each file can be up to {fileLimit}, and all files together up to {totalLimit}.
              </Trans>{' '}
            </>
          )}
          <Trans>
            Pictures and Word, Excel, PowerPoint and OpenDocument files are cleaned of hidden details, such as
            where a photo was taken or who wrote a document, before they are encrypted. PDFs cannot be
            cleaned: you will see what one may reveal before you choose to send it.
          </Trans>
        </>
      }
    >
      <Field
        id={fieldIds.files}
        label={t`Add files`}
        optional
        describedBy="report-files-hint"
        error={error}
        invalid={error || overTotal ? true : undefined}
      >
        {(control) => <FileInput control={control} ref={input} disabled={disabled} onFiles={onAdd} />}
      </Field>
      {evidence.length > 0 && (
        <UploadList label={t`Files you added`}>
          {evidence.map((item) => (
            <EvidenceItem
              key={item.key}
              item={item}
              disabled={disabled}
              onRemove={() => {
                onRemove(item.key);
                input.current?.focus();
              }}
              onConfirm={() => onConfirm(item.key)}
            />
          ))}
        </UploadList>
      )}
      {limits && evidence.some((e) => e.status === 'ready') && (
        <p className={overTotal ? 'field__error' : 'field__hint'} aria-live="polite">
          {overTotal
            ? t`These files come to ${filesSize}, more than the ${totalLimit} allowed together. Remove some before sending.`
            : t`Files together: ${filesSize} of ${totalLimit}.`}
        </p>
      )}
    </Fieldset>
  );
}
