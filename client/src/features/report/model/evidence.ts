/**
 * Evidence files while the reporter adds them: cleaned of hidden details first
 * (file-cleaning.ts), checked against the deployment's limits, uploaded encrypted on submit.
 * A file sent as it is with what it may reveal (a PDF's author) waits for the reporter to agree.
 * Words about a file are in the page's language when it was checked; those about the whole list
 * (`evidenceError`, `progressText`) when they are called, at render.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import type { AttachmentLimits, AttachmentProgress, AttachmentRef } from '../../../lib/attachments';
import { encryptedSize, largestFileFor } from '../../../lib/attachments';
import {
  cleanFile,
  unconfirmedFilesMessage,
  type FileChecked,
  type FileWarning,
} from '../../../lib/file-cleaning/on-demand';
import { formatCount, formatFileSize } from '../../../lib/format';
import { newRowKey } from './draft';

export interface Evidence {
  readonly key: string;
  /** The name as the reporter chose it (shown; stored only inside the encrypted body). */
  readonly name: string;
  readonly status: 'cleaning' | 'ready' | 'refused';
  /** Why it was refused, in words. */
  readonly problem?: string;
  /** What will be encrypted: the cleaned file, or the file as it is. */
  readonly file?: Blob;
  readonly type: string;
  readonly size: number;
  /** Once ready: cleaned, or sent as it is (with a warning, or of a kind Confide cannot look inside). */
  readonly checked?: FileChecked;
  /** Hidden details that were removed ("camera, time and location details (EXIF)"). */
  readonly removed: readonly string[];
  readonly redrawn: boolean;
  /** What the file may still reveal; it is not sent until the reporter agrees (`confirmed`). */
  readonly warning?: FileWarning;
  readonly confirmed: boolean;
  readonly progress?: AttachmentProgress;
  /** Set once uploaded; kept across retries so a file is uploaded once. */
  readonly uploaded?: AttachmentRef;
}

export function pendingEvidence(file: File): Evidence {
  return {
    key: newRowKey(),
    name: file.name || i18n._(msg({ message: 'file', comment: 'The name given to a file that has none' })),
    status: 'cleaning',
    type: file.type,
    size: file.size,
    removed: [],
    redrawn: false,
    confirmed: false,
  };
}

/** Cleans one file and checks it against the per-file limit. Never throws. */
export async function prepareEvidence(
  pending: Evidence,
  file: File,
  limits: AttachmentLimits | undefined,
): Promise<Evidence> {
  const outcome = await cleanFile(file, pending.name);
  let next: Evidence;
  switch (outcome.status) {
    case 'failed': {
      const reason = outcome.reason;
      return {
        ...pending,
        status: 'refused',
        problem: i18n._(msg`${reason} It was not added. A screenshot of it can be sent instead.`),
      };
    }
    case 'not-checked':
      next = {
        ...pending,
        status: 'ready',
        checked: 'not-checked',
        file,
        type: file.type || 'application/octet-stream',
      };
      break;
    case 'kept-with-warning':
      next = {
        ...pending,
        status: 'ready',
        checked: 'kept',
        file,
        type: file.type || 'application/octet-stream',
        warning: outcome.warning,
      };
      break;
    case 'cleaned':
      next = {
        ...pending,
        status: 'ready',
        checked: 'cleaned',
        file: outcome.file,
        name: outcome.name,
        type: outcome.type,
        size: outcome.file.size,
        removed: outcome.removed,
        redrawn: outcome.method === 'redrawn',
        ...(outcome.warning ? { warning: outcome.warning } : {}),
      };
      break;
  }
  if (limits && encryptedSize(next.size) > limits.maxFileBytes) {
    const { file: _tooLarge, ...rest } = next;
    const size = formatFileSize(next.size);
    const largest = formatFileSize(largestFileFor(limits.maxFileBytes));
    return {
      ...rest,
      status: 'refused',
      problem: i18n._(msg`This file is ${size}; each file can be at most ${largest}. It was not added.`),
    };
  }
  return next;
}

/** A file that may reveal something and that the reporter has not yet agreed to send. */
export function awaitsConfirmation(item: Evidence): boolean {
  return item.status === 'ready' && item.warning !== undefined && !item.confirmed;
}

/** The reporter agreed to send a file with what its warning lists. */
export function confirmEvidence(evidence: readonly Evidence[], key: string): readonly Evidence[] {
  return evidence.map((e) => (e.key === key ? { ...e, confirmed: true } : e));
}

/** Encrypted total of the files that will be sent. */
export function evidenceTotal(evidence: readonly Evidence[]): number {
  return evidence.filter((e) => e.status === 'ready').reduce((sum, e) => sum + encryptedSize(e.size), 0);
}

/** The error for the files, if they cannot all be sent. */
export function evidenceError(
  evidence: readonly Evidence[],
  limits: AttachmentLimits | undefined,
): string | undefined {
  if (evidence.some((e) => e.status === 'cleaning')) {
    return i18n._(msg`Wait a moment: some files are still being checked`);
  }
  const unconfirmed = unconfirmedFilesMessage(evidence.filter(awaitsConfirmation).map((e) => e.name));
  if (unconfirmed) return unconfirmed;
  if (limits && evidenceTotal(evidence) > limits.maxTotalBytes) {
    const allowed = formatFileSize(largestFileFor(limits.maxTotalBytes));
    return i18n._(msg`The files together are larger than the ${allowed} allowed. Remove some`);
  }
  if (limits && evidence.some((e) => e.status === 'ready' && encryptedSize(e.size) > limits.maxFileBytes)) {
    return i18n._(msg`A file is too large. Remove it`);
  }
  return undefined;
}

/** What a file's upload has reached, in words; undefined before it starts. */
export function progressText(item: Evidence): string | undefined {
  if (item.uploaded) return i18n._(msg`Encrypted and uploaded`);
  if (!item.progress) return undefined;
  const percent = formatCount(
    item.progress.total > 0 ? Math.round((item.progress.loaded / item.progress.total) * 100) : 0,
  );
  return item.progress.phase === 'encrypting'
    ? i18n._(msg`Encrypting… ${percent}%`)
    : i18n._(msg`Uploading… ${percent}%`);
}
