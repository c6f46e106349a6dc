import { useEffect, useRef, useState, type SubmitEvent } from 'react';

import type { ReceiptKeys } from '#crypto';
import {
  encryptedSize,
  formatFileSize,
  getAttachmentLimits,
  largestFileFor,
  type AttachmentLimits,
  type AttachmentProgress,
  type AttachmentRef,
} from '../../../lib/attachments';
import { stripImageMetadata } from '../../../lib/image-metadata';
import {
  ProofOfWorkNotice,
  solvingState,
  type SolvingState,
} from '../../../lib/proof-of-work/proof-of-work-notice';
import type { OpenedCase } from '../model/open-case';
import { receiptMemory } from '../model/receipt-memory';
import { sendReply, type ReplyFile } from '../model/send-reply';
import { encodedBytes, TEXT_BUDGET_BYTES, textTooLongMessage } from '../../../lib/text-budget';

interface PendingFile extends ReplyFile {
  readonly removed: readonly string[];
  readonly progress?: AttachmentProgress;
}

let fileCounter = 0;

interface ReplyBoxProps {
  opened: OpenedCase;
  keys: ReceiptKeys;
  /** After a message was sent, or when the team changed: fetch the case again. */
  onRefresh: () => Promise<void>;
}

/** Answers and new developments, with files: cleaned, encrypted, signed with the receipt. */
export function ReplyBox({ opened, keys, onRefresh }: ReplyBoxProps) {
  const [text, setText] = useState(receiptMemory.replyText);
  const [files, setFiles] = useState<readonly PendingFile[]>([]);
  const [fileProblems, setFileProblems] = useState<string[]>([]);
  const [limits, setLimits] = useState<AttachmentLimits>();
  const [sending, setSending] = useState(false);
  const [solving, setSolving] = useState<SolvingState>();
  const [result, setResult] = useState<{ tone: 'ok' | 'error'; message: string }>();
  const [textError, setTextError] = useState<string>();
  const uploaded = useRef(new Map<string, AttachmentRef>());
  const textRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    receiptMemory.replyText = text;
  }, [text]);

  useEffect(() => {
    getAttachmentLimits().then(setLimits, () => undefined);
  }, []);

  const blocked = opened.trust.status !== 'trusted' || opened.teamProblem !== undefined;
  const total = files.reduce((sum, f) => sum + encryptedSize(f.file.size), 0);

  async function addFiles(list: File[]) {
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
    setFiles((current) => [...current, ...added]);
    setFileProblems(problems);
  }

  async function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (sending || blocked) return;
    setResult(undefined);
    if (text.trim() === '' && files.length === 0) {
      setTextError('Write a message, or add a file, before sending');
      textRef.current?.focus();
      return;
    }
    const textBytes = encodedBytes(text.trim());
    if (textBytes > TEXT_BUDGET_BYTES) {
      setTextError(textTooLongMessage(textBytes, 'message'));
      textRef.current?.focus();
      return;
    }
    if (limits && total > limits.maxTotalBytes) {
      setResult({
        tone: 'error',
        message: `These files come to more than the ${formatFileSize(largestFileFor(limits.maxTotalBytes))} allowed together. Remove some.`,
      });
      return;
    }
    setTextError(undefined);
    setSending(true);
    const outcome = await sendReply({
      opened,
      keys,
      text,
      files,
      uploaded: uploaded.current,
      onFileProgress: (key, progress) =>
        setFiles((current) => current.map((f) => (f.key === key ? { ...f, progress } : f))),
      onProofOfWork: (event) => setSolving(solvingState(event)),
    });
    setSending(false);
    setSolving(undefined);
    switch (outcome.kind) {
      case 'sent':
        setText('');
        receiptMemory.replyText = '';
        setFiles([]);
        uploaded.current.clear();
        setResult({ tone: 'ok', message: 'Your message was sent to the team.' });
        await onRefresh();
        return;
      case 'team-changed':
        await onRefresh();
        setResult({
          tone: 'error',
          message:
            'The team changed while you were writing, so your message was not sent. It is still here: check the team above, then send it again.',
        });
        return;
      case 'failed':
        setResult({ tone: 'error', message: outcome.message });
        return;
    }
  }

  if (opened.status === 'withdrawn') {
    return <p className="muted">You withdrew this report, so new messages cannot be added to it.</p>;
  }

  return (
    <form className="form reply-box" onSubmit={(event) => void handleSubmit(event)} noValidate>
      <div className="field">
        <label className="field__label" htmlFor="reply-text">
          Your message to {opened.team.name}
        </label>
        <p className="field__hint" id="reply-hint">
          Answer the team’s questions, or tell them about anything new that has happened. It is encrypted for
          the same people as your report.
        </p>
        <textarea
          ref={textRef}
          id="reply-text"
          className={textError ? 'input-area input-area--error' : 'input-area'}
          rows={6}
          value={text}
          disabled={blocked}
          aria-invalid={textError ? true : undefined}
          aria-describedby={textError ? 'reply-hint reply-text-error' : 'reply-hint'}
          onChange={(event) => {
            setText(event.target.value);
            setTextError(undefined);
          }}
        />
        {textError && (
          <p className="field__error" id="reply-text-error">
            <span className="visually-hidden">Error: </span>
            {textError}
          </p>
        )}
      </div>
      <div className="field">
        <label className="field__label" htmlFor="reply-files">
          Add files <span className="field__optional">(optional)</span>
        </label>
        <p className="field__hint" id="reply-files-hint">
          Pictures are cleaned of hidden details, such as where a photo was taken, before they are encrypted.
        </p>
        <input
          id="reply-files"
          className="file-input"
          type="file"
          multiple
          disabled={blocked || sending}
          aria-describedby="reply-files-hint"
          onChange={(event) => {
            const list = Array.from(event.target.files ?? []);
            event.target.value = '';
            if (list.length > 0) void addFiles(list);
          }}
        />
        {fileProblems.map((problem) => (
          <p key={problem} className="field__error">
            {problem}
          </p>
        ))}
        {files.length > 0 && (
          <ul className="upload-list" aria-label="Files to send">
            {files.map((f) => (
              <li key={f.key} className="upload-item">
                <div className="upload-item__main">
                  <p className="upload-item__name">{f.name}</p>
                  <p className="upload-item__meta">
                    {formatFileSize(f.file.size)}
                    {f.removed.length > 0 && ` · Removed: ${f.removed.join(', ')}`}
                  </p>
                  {f.progress && (
                    <progress
                      max={f.progress.total || 1}
                      value={f.progress.loaded}
                      aria-label={`${f.name}: ${f.progress.phase === 'encrypting' ? 'encrypting' : 'uploading'}`}
                    />
                  )}
                </div>
                <button
                  type="button"
                  className="button button--quiet"
                  disabled={sending}
                  onClick={() => setFiles((current) => current.filter((other) => other.key !== f.key))}
                >
                  Remove<span className="visually-hidden"> {f.name}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="form__actions">
        <button type="submit" className="button" aria-disabled={sending || blocked ? true : undefined}>
          {sending ? 'Sending…' : 'Encrypt and send message'}
        </button>
      </div>
      <div className="form__status" role="status">
        {result && <p className={result.tone === 'error' ? 'field__error' : 'form__ok'}>{result.message}</p>}
      </div>
      <ProofOfWorkNotice solving={solving} />
    </form>
  );
}
