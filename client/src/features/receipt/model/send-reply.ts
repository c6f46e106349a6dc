/**
 * A receipt's holder writes to the team (PROTOCOL.md "Messages and notes"; docs/protocol.md 8.5):
 * files cleaned and encrypted first, then the message sealed by seal-reply.ts (author and
 * audience the receipt's role, granted to the team minus the members left out and to the holder)
 * and posted. What went wrong is said in words the holder can act on, in the page's language.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import type { ReceiptKeys } from '#crypto';
import { ApiError, NETWORK_ERROR_STATUS } from '../../../lib/api-client';
import { uploadAttachment, type AttachmentProgress, type AttachmentRef } from '../../../lib/attachments';
import { errorText } from '../../../lib/error-words';
import { loadCrypto } from '../../../lib/load-crypto';
import type { ProofOfWorkListener } from '../../../lib/proof-of-work/solve';
import { postReceiptItem } from '../api/receipt-api';
import type { OpenedThread } from './open-case';
import { sealReply } from './seal-reply';

export interface ReplyFile {
  readonly key: string;
  readonly file: Blob;
  readonly name: string;
  readonly type: string;
}

export type ReplyOutcome =
  | { readonly kind: 'sent' }
  | { readonly kind: 'team-changed' }
  | { readonly kind: 'failed'; readonly message: string };

export async function sendReply(input: {
  opened: OpenedThread;
  keys: ReceiptKeys;
  text: string;
  files: readonly ReplyFile[];
  /** Files already uploaded in an earlier attempt, by key. */
  uploaded: Map<string, AttachmentRef>;
  onFileProgress: (key: string, progress: AttachmentProgress) => void;
  /** The browser is doing (or has done) a proof of work before a file can go. */
  onProofOfWork?: ProofOfWorkListener;
}): Promise<ReplyOutcome> {
  const { opened, keys } = input;
  if (opened.trust.status !== 'trusted' || opened.teamProblem) {
    return {
      kind: 'failed',
      message: i18n._(
        msg`The team’s keys cannot be trusted right now, so nothing was sent. See the warning above.`,
      ),
    };
  }
  const roster = opened.trust.roster;
  try {
    const C = await loadCrypto();
    const refs: AttachmentRef[] = [];
    for (const file of input.files) {
      let ref = input.uploaded.get(file.key);
      if (!ref) {
        ref = await uploadAttachment(file.file, {
          name: file.name,
          type: file.type || 'application/octet-stream',
          onProgress: (progress) => input.onFileProgress(file.key, progress),
          ...(input.onProofOfWork ? { onProofOfWork: input.onProofOfWork } : {}),
        });
        input.uploaded.set(file.key, ref);
      }
      refs.push(ref);
    }
    const sealed = sealReply(C, {
      caseId: opened.id,
      teamId: opened.team.id,
      role: opened.role,
      keys,
      roster,
      excluded: opened.excluded,
      text: input.text,
      attachments: refs,
    });
    await postReceiptItem(sealed.item);
    sealed.itemKey.fill(0);
    return { kind: 'sent' };
  } catch (error) {
    if (error instanceof ApiError) {
      if (error.status === 409 && error.code !== 'case_withdrawn') return { kind: 'team-changed' };
      if (error.code === 'uploads_busy') {
        // The whole deployment is taking no more files for now (not this person's doing).
        return {
          kind: 'failed',
          message: i18n._(
            msg`Too many files are being sent to Confide right now, so yours could not be taken, and your message was not sent. It is still here: try again in a while, or remove the files and send the message without them.`,
          ),
        };
      }
      if (error.status === NETWORK_ERROR_STATUS) {
        return {
          kind: 'failed',
          message: i18n._(
            msg`We could not reach Confide, so your message was not sent. It is still here; try again.`,
          ),
        };
      }
      if (error.status === 401) {
        return {
          kind: 'failed',
          message: i18n._(
            msg`Your session ended after a while without use, so your message was not sent. Enter your receipt again: your message will still be here.`,
          ),
        };
      }
      // The server's words for its stable code (lib/error-words.ts), its own message meanwhile.
      const reason = errorText(error, error.message);
      return { kind: 'failed', message: i18n._(msg`Your message was not sent: ${reason}`) };
    }
    return {
      kind: 'failed',
      message: i18n._(
        msg`Something went wrong in this page, so your message was not sent. It is still here; try again.`,
      ),
    };
  }
}
