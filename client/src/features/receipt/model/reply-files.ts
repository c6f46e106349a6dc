/**
 * Files added to a reply: cleaned of hidden details first (image-metadata.ts) and checked
 * against the per-file limit; those that cannot be sent are named, with the reason.
 */
import {
  encryptedSize,
  largestFileFor,
  type AttachmentLimits,
  type AttachmentProgress,
} from '../../../lib/attachments';
import { formatFileSize } from '../../../lib/format';
import { stripImageMetadata } from '../../../lib/image-metadata/on-demand';
import type { ReplyFile } from './send-reply';

export interface PendingFile extends ReplyFile {
  readonly removed: readonly string[];
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
    const outcome = await stripImageMetadata(file, file.name || 'file');
    if (outcome.status === 'failed') {
      problems.push(
        `${file.name}: ${outcome.reason} It was not added; a screenshot of it can be sent instead.`,
      );
      continue;
    }
    const ready =
      outcome.status === 'cleaned'
        ? { file: outcome.file, name: outcome.name, type: outcome.type, removed: outcome.removed }
        : { file, name: file.name || 'file', type: file.type || 'application/octet-stream', removed: [] };
    if (limits && encryptedSize(ready.file.size) > limits.maxFileBytes) {
      problems.push(
        `${ready.name} is ${formatFileSize(ready.file.size)}; each file can be at most ${formatFileSize(largestFileFor(limits.maxFileBytes))}. It was not added.`,
      );
      continue;
    }
    fileCounter += 1;
    added.push({ key: `reply-file-${String(fileCounter)}`, ...ready });
  }
  return { added, problems };
}
