import type { ReactNode, Ref } from 'react';

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
  /** Encryption and upload progress, under the details. */
  progress?: ReactNode;
  removeDisabled: boolean;
  onRemove: () => void;
}

/** One chosen file with its details and a button to remove it (named with the file's name). */
export function UploadItem({ name, meta, refused, progress, removeDisabled, onRemove }: UploadItemProps) {
  return (
    <li className={refused ? 'upload-item upload-item--refused' : 'upload-item'}>
      <div className="upload-item__main">
        <p className="upload-item__name">{name}</p>
        <p className="upload-item__meta">{meta}</p>
        {progress}
      </div>
      <Button variant="quiet" disabled={removeDisabled} onClick={onRemove}>
        Remove<span className="visually-hidden"> {name}</span>
      </Button>
    </li>
  );
}
