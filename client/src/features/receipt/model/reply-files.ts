/**
 * Files added to a reply: cleaned of hidden details first (file-cleaning.ts) and checked
 * against the per-file limit; those that cannot be sent are named, with the reason. A file sent
 * as it is with what it may reveal (a PDF's author) waits for the person to agree. The words are
 * in the page's language when the files were added.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import {
  encryptedSize,
  largestFileFor,
  type AttachmentLimits,
  type AttachmentProgress,
} from '../../../lib/attachments';
import { cleanFile, type FileChecked, type FileWarning } from '../../../lib/file-cleaning/on-demand';
import { formatFileSize } from '../../../lib/format';
import type { ReplyFile } from './send-reply';

export interface PendingFile extends ReplyFile {
  readonly checked: FileChecked;
  readonly removed: readonly string[];
  /** What the file may still reveal; it is not sent until the person agrees (`confirmed`). */
  readonly warning?: FileWarning;
  readonly confirmed: boolean;
  readonly progress?: AttachmentProgress;
}

let fileCounter = 0;

/** The files that can be sent, and a sentence for each that cannot. Never throws. */
export async function prepareReplyFiles(
  list: readonly File[],
  limits: AttachmentLimits | undefined,
): Promise<{ added: PendingFile[]; problems: string[] }> {
  const problems: string[] = [];
  const added: PendingFile[] = [];
  for (const file of list) {
    const name =
      file.name || i18n._(msg({ message: 'file', comment: 'The name given to a file that has none' }));
    const outcome = await cleanFile(file, name);
    if (outcome.status === 'failed') {
      const reason = outcome.reason;
      problems.push(
        i18n._(msg`${name}: ${reason} It was not added; a screenshot of it can be sent instead.`),
      );
      continue;
    }
    const asItIs = { file, name, type: file.type || 'application/octet-stream', removed: [] };
    const ready =
      outcome.status === 'cleaned'
        ? {
            file: outcome.file,
            name: outcome.name,
            type: outcome.type,
            removed: outcome.removed,
            checked: 'cleaned' as const,
            ...(outcome.warning ? { warning: outcome.warning } : {}),
          }
        : outcome.status === 'kept-with-warning'
          ? { ...asItIs, checked: 'kept' as const, warning: outcome.warning }
          : { ...asItIs, checked: 'not-checked' as const };
    if (limits && encryptedSize(ready.file.size) > limits.maxFileBytes) {
      const fileName = ready.name;
      const size = formatFileSize(ready.file.size);
      const largest = formatFileSize(largestFileFor(limits.maxFileBytes));
      problems.push(
        i18n._(msg`${fileName} is ${size}; each file can be at most ${largest}. It was not added.`),
      );
      continue;
    }
    fileCounter += 1;
    added.push({ key: `reply-file-${String(fileCounter)}`, ...ready, confirmed: false });
  }
  return { added, problems };
}

/** The names of files that may reveal something and that the person has not agreed to send. */
export function unconfirmedFiles(files: readonly PendingFile[]): string[] {
  return files.filter((f) => f.warning !== undefined && !f.confirmed).map((f) => f.name);
}

/** The person agreed to send a file with what its warning lists. */
export function confirmReplyFile(files: readonly PendingFile[], key: string): PendingFile[] {
  return files.map((f) => (f.key === key ? { ...f, confirmed: true } : f));
}
