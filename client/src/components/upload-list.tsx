import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useRef, useState, type ReactNode, type Ref } from 'react';

import type { FileChecked, FileWarning } from '../lib/file-cleaning/on-demand';
import { Button, type ControlProps } from './ui';
import './upload-list.css';

/**
 * The file chooser inside a Field: hands over the chosen files, then forgets them, so the same
 * file can be chosen again after it was removed.
 */
export function FileInput({
  control,
  ref,
  disabled,
  onFiles,
}: {
  control: ControlProps;
  ref?: Ref<HTMLInputElement> | undefined;
  disabled: boolean;
  onFiles: (files: File[]) => void;
}) {
  return (
    <input
      ref={ref}
      {...control}
      className="file-input"
      type="file"
      multiple
      disabled={disabled}
      onChange={(event) => {
        const files = Array.from(event.target.files ?? []);
        event.target.value = '';
        if (files.length > 0) onFiles(files);
      }}
    />
  );
}

/**
 * After a file's size: what happened to its hidden details (" · Removed: …"), in the page's
 * language: call it at render. `removed` is already in words (file-cleaning.ts).
 */
export function checkedText(checked: FileChecked | undefined, removed: readonly string[]): string {
  return checked === undefined ? '' : ` · ${checkedWords(checked, removed)}`;
}

function checkedWords(checked: FileChecked, removed: readonly string[]): string {
  switch (checked) {
    case 'cleaned': {
      if (removed.length === 0) return i18n._(msg`No hidden details found`);
      const details = removed.join(', ');
      return i18n._(msg`Removed: ${details}`);
    }
    case 'kept':
      return i18n._(msg`Not cleaned`);
    case 'not-checked':
      return i18n._(msg`Confide cannot look inside this kind of file: hidden details in it were not checked`);
  }
}

/** The files a person has chosen to send; `label` names the list for screen readers. */
export function UploadList({ label, children }: { label: string; children: ReactNode }) {
  return (
    <ul className="upload-list" aria-label={label}>
      {children}
    </ul>
  );
}

interface UploadItemProps {
  name: string;
  /** Size, what was removed from it, or why it cannot be sent. */
  meta: ReactNode;
  /** The file cannot be sent (too large, unreadable): outlined as an error. */
  refused?: boolean | undefined;
  /** What the file may reveal (a FileWarningNotice), under the details. */
  warning?: ReactNode;
  /** The warning waits for an answer: outlined as a caution. */
  awaitsConfirmation?: boolean | undefined;
  /** Encryption and upload progress, under the details. */
  progress?: ReactNode;
  removeDisabled: boolean;
  onRemove: () => void;
}

function itemClassName(refused: boolean | undefined, awaitsConfirmation: boolean | undefined): string {
  if (refused) return 'upload-item upload-item--refused';
  if (awaitsConfirmation) return 'upload-item upload-item--caution';
  return 'upload-item';
}

/** One chosen file with its details and a button to remove it (named with the file's name). */
export function UploadItem({
  name,
  meta,
  refused,
  warning,
  awaitsConfirmation,
  progress,
  removeDisabled,
  onRemove,
}: UploadItemProps) {
  return (
    <li className={itemClassName(refused, awaitsConfirmation)}>
      <div className="upload-item__main">
        <p className="upload-item__name" translate="no">
          {name}
        </p>
        <p className="upload-item__meta">{meta}</p>
        {warning}
        {progress}
      </div>
      <Button variant="quiet" disabled={removeDisabled} onClick={onRemove}>
        <Trans>
          Remove<span className="visually-hidden"> {name}</span>
        </Trans>
      </Button>
    </li>
  );
}

interface FileWarningNoticeProps {
  /** The file's name, for the button's accessible name. */
  name: string;
  warning: FileWarning;
  /** The person chose to send it anyway. */
  confirmed: boolean;
  disabled?: boolean | undefined;
  onConfirm: () => void;
}

/**
 * What a file may reveal, and "Send it anyway": the file is not sent until it is chosen (or the
 * file is removed). After the choice the focus moves to the sentence that replaces the button,
 * so it is not lost with it.
 */
export function FileWarningNotice({ name, warning, confirmed, disabled, onConfirm }: FileWarningNoticeProps) {
  // Through the hook, so the general caution follows a change of language.
  const { i18n: pageI18n } = useLingui();
  const [chosenHere, setChosenHere] = useState(false);
  const chosen = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (confirmed && chosenHere) chosen.current?.focus();
  }, [confirmed, chosenHere]);
  return (
    <div className="upload-item__warning">
      <p className="upload-item__warning-title">
        {warning.findings.length > 0 ? (
          <Trans>What this file may reveal:</Trans>
        ) : (
          <Trans>This file may reveal who made it.</Trans>
        )}
      </p>
      {warning.findings.length > 0 && (
        <ul className="upload-item__findings">
          {warning.findings.map((finding) => (
            <li key={finding}>{finding}</li>
          ))}
        </ul>
      )}
      {warning.caveat && <p className="upload-item__caveat">{pageI18n._(warning.caveat)}</p>}
      {confirmed ? (
        <p ref={chosen} tabIndex={-1} className="upload-item__chosen">
          <Trans>You chose to send it anyway.</Trans>
        </p>
      ) : (
        <Button
          variant="secondary"
          size="small"
          disabled={disabled}
          onClick={() => {
            setChosenHere(true);
            onConfirm();
          }}
        >
          <Trans>
            Send it anyway<span className="visually-hidden"> {name}</span>
          </Trans>
        </Button>
      )}
    </div>
  );
}
