import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useRef, useState, type SubmitEvent } from 'react';

import type { ReceiptKeys } from '#crypto';
import { ProofOfWorkNotice } from '../../../components/proof-of-work-notice';
import { Button, Field, FormActions, FormStatus, TextArea } from '../../../components/ui';
import {
  checkedText,
  FileInput,
  FileWarningNotice,
  UploadItem,
  UploadList,
} from '../../../components/upload-list';
import {
  encryptedSize,
  getAttachmentLimits,
  largestFileFor,
  type AttachmentLimits,
  type AttachmentRef,
} from '../../../lib/attachments';
import { unconfirmedFilesMessage } from '../../../lib/file-cleaning/on-demand';
import { formatFileSize } from '../../../lib/format';
import { solvingState, type SolvingState } from '../../../lib/proof-of-work/notice';
import { encodedBytes, TEXT_BUDGET_BYTES, textTooLongMessage } from '../../../lib/text-budget';
import type { OpenedThread } from '../model/open-case';
import { receiptMemory } from '../model/receipt-memory';
import {
  confirmReplyFile,
  prepareReplyFiles,
  unconfirmedFiles,
  type PendingFile,
} from '../model/reply-files';
import { sendReply } from '../model/send-reply';

interface ReplyBoxProps {
  opened: OpenedThread;
  keys: ReceiptKeys;
  /** After a message was sent, or when the team changed: fetch the case again. */
  onRefresh: () => Promise<void>;
}

/** Answers and new developments, with files: cleaned, encrypted, signed with the receipt. */
export function ReplyBox({ opened, keys, onRefresh }: ReplyBoxProps) {
  const { t } = useLingui();
  const teamName = opened.team.name;
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

  /** A file's progress bar, named for screen readers with what is happening to it. */
  function progressLabel(fileName: string, encrypting: boolean): string {
    return encrypting ? t`${fileName}: encrypting` : t`${fileName}: uploading`;
  }
  const total = files.reduce((sum, f) => sum + encryptedSize(f.file.size), 0);

  async function addFiles(list: File[]) {
    const { added, problems } = await prepareReplyFiles(list, limits);
    setFiles((current) => [...current, ...added]);
    setFileProblems(problems);
  }

  async function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (sending || blocked) return;
    setResult(undefined);
    if (text.trim() === '' && files.length === 0) {
      setTextError(t`Write a message, or add a file, before sending`);
      textRef.current?.focus();
      return;
    }
    const textBytes = encodedBytes(text.trim());
    if (textBytes > TEXT_BUDGET_BYTES) {
      setTextError(textTooLongMessage(textBytes, 'message'));
      textRef.current?.focus();
      return;
    }
    const unconfirmed = unconfirmedFilesMessage(unconfirmedFiles(files));
    if (unconfirmed) {
      setResult({ tone: 'error', message: `${unconfirmed}.` });
      return;
    }
    if (limits && total > limits.maxTotalBytes) {
      const allowed = formatFileSize(largestFileFor(limits.maxTotalBytes));
      setResult({
        tone: 'error',
        message: t`These files come to more than the ${allowed} allowed together. Remove some.`,
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
        setResult({ tone: 'ok', message: t`Your message was sent to the team.` });
        await onRefresh();
        return;
      case 'team-changed':
        await onRefresh();
        setResult({
          tone: 'error',
          message: t`The team changed while you were writing, so your message was not sent. It is still here: check the team above, then send it again.`,
        });
        return;
      case 'failed':
        setResult({ tone: 'error', message: outcome.message });
        return;
    }
  }

  if (opened.status === 'withdrawn') {
    return (
      <p className="muted">
        {opened.role === 'reporter' ? (
          <Trans>You withdrew this report, so new messages cannot be added to it.</Trans>
        ) : (
          <Trans>The report was withdrawn, so new messages cannot be added to this case.</Trans>
        )}
      </p>
    );
  }

  return (
    <form className="form reply-box" onSubmit={(event) => void handleSubmit(event)} noValidate>
      <TextArea
        ref={textRef}
        id="reply-text"
        label={t`Your message to ${teamName}`}
        hint={
          opened.role === 'reporter'
            ? t`Answer the team’s questions, or tell them about anything new that has happened. It is encrypted for the same people as your report.`
            : t`Answer the team’s questions, or tell them anything you want them to know. It is encrypted for the members of the team listed below, and never for the person who made the report.`
        }
        error={textError}
        rows={6}
        value={text}
        disabled={blocked}
        onChange={(event) => {
          setText(event.target.value);
          setTextError(undefined);
        }}
      />
      <Field
        id="reply-files"
        label={t`Add files`}
        optional
        hint={t`Pictures and Word, Excel, PowerPoint and OpenDocument files are cleaned of hidden details, such as where a photo was taken or who wrote a document, before they are encrypted. PDFs cannot be cleaned: you will see what one may reveal before you choose to send it.`}
      >
        {(control) => (
          <>
            <FileInput
              control={control}
              disabled={blocked || sending}
              onFiles={(list) => void addFiles(list)}
            />
            {fileProblems.map((problem) => (
              <p key={problem} className="field__error">
                {problem}
              </p>
            ))}
            {files.length > 0 && (
              <UploadList label={t`Files to send`}>
                {files.map((f) => (
                  <UploadItem
                    key={f.key}
                    name={f.name}
                    meta={`${formatFileSize(f.file.size)}${checkedText(f.checked, f.removed)}`}
                    awaitsConfirmation={f.warning !== undefined && !f.confirmed}
                    warning={
                      f.warning && (
                        <FileWarningNotice
                          name={f.name}
                          warning={f.warning}
                          confirmed={f.confirmed}
                          disabled={sending}
                          onConfirm={() => setFiles((current) => confirmReplyFile(current, f.key))}
                        />
                      )
                    }
                    progress={
                      f.progress && (
                        <progress
                          max={f.progress.total || 1}
                          value={f.progress.loaded}
                          aria-label={progressLabel(f.name, f.progress.phase === 'encrypting')}
                        />
                      )
                    }
                    removeDisabled={sending}
                    onRemove={() => setFiles((current) => current.filter((other) => other.key !== f.key))}
                  />
                ))}
              </UploadList>
            )}
          </>
        )}
      </Field>
      <FormActions>
        <Button type="submit" aria-disabled={sending || blocked ? true : undefined}>
          {sending ? <Trans>Sending…</Trans> : <Trans>Encrypt and send message</Trans>}
        </Button>
      </FormActions>
      <FormStatus>
        {result && <p className={result.tone === 'error' ? 'field__error' : 'form__ok'}>{result.message}</p>}
      </FormStatus>
      <ProofOfWorkNotice solving={solving} />
    </form>
  );
}
