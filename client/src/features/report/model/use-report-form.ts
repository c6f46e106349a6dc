/**
 * The intake form's state and rules: which problems to show, when the report may be sent,
 * and what happens on "Encrypt and send" (model/submit.ts does the sending). The form's
 * components only lay out what this returns.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { useEffect, useRef, useState, type RefObject } from 'react';

import { describeRosterChange } from '../../../lib/roster-trust';
import type { Team } from '../api/get-teams';
import { checkDraft, fieldIds, type Draft, type FieldError } from './draft';
import { evidenceError, pendingEvidence, prepareEvidence, type Evidence } from './evidence';
import { intake } from './intake-memory';
import { canSendTo, useTeamKeys } from './use-team-keys';
import { useSendProgress } from './use-send-progress';

/** What the form says after a submission that did not go through. */
export type SendNotice =
  | { kind: 'failed'; message: string }
  | { kind: 'team-changed'; changes: string[]; droppedNames: string[] }
  | { kind: 'untrusted' };

export interface SentInfo {
  receipt: string;
  receivedAt: string;
  earlierAttempt: boolean;
}

/** Sets one field of the draft. */
export type SetDraft = <K extends keyof Draft>(key: K, value: Draft[K]) => void;
/** The error to show for a control (by its id), if any. */
export type ErrorFor = (field: string) => string | undefined;

/** What a section of the form gets: the draft, a way to change it, and its errors. */
export interface SectionProps {
  draft: Draft;
  set: SetDraft;
  errorFor: ErrorFor;
}

export interface ReportFormInput {
  team: Team;
  draft: Draft;
  onDraftChange: (update: (draft: Draft) => Draft) => void;
  evidence: readonly Evidence[];
  onEvidenceChange: (update: (evidence: readonly Evidence[]) => readonly Evidence[]) => void;
  onSent: (sent: SentInfo) => void;
}

function focusLater(ref: RefObject<HTMLElement | null>) {
  requestAnimationFrame(() => ref.current?.focus());
}

export function useReportForm({
  team,
  draft,
  onDraftChange,
  evidence,
  onEvidenceChange,
  onSent,
}: ReportFormInput) {
  const keys = useTeamKeys(team.slug);
  const [showErrors, setShowErrors] = useState(false);
  const sender = useSendProgress();
  const [notice, setNotice] = useState<SendNotice>();
  const [confirmed, setConfirmed] = useState(intake.fingerprintConfirmed);
  const summaryRef = useRef<HTMLDivElement>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const submitting = sender.sending;

  useEffect(() => {
    intake.fingerprintConfirmed = confirmed;
  }, [confirmed]);

  const { trustState, limits } = keys;
  const trust = trustState.status === 'ready' ? trustState.trust : undefined;
  const roster = trust && trust.status !== 'invalid' ? trust.roster : undefined;
  const activeIds = roster ? [...roster.active.keys()] : [];
  const filesError = evidenceError(evidence, limits);
  const problems = (): FieldError[] => [
    ...checkDraft(draft, activeIds),
    ...(filesError ? [{ field: fieldIds.files, message: filesError }] : []),
  ];
  const errors: FieldError[] = showErrors ? problems() : [];
  const errorFor: ErrorFor = (field) => errors.find((e) => e.field === field)?.message;

  const set: SetDraft = (key, value) => onDraftChange((d) => ({ ...d, [key]: value }));

  function addFiles(files: File[]) {
    for (const file of files) {
      const pending = pendingEvidence(file);
      onEvidenceChange((list) => [...list, pending]);
      void prepareEvidence(pending, file, limits).then((ready) =>
        onEvidenceChange((list) => list.map((e) => (e.key === pending.key ? ready : e))),
      );
    }
  }

  function removeFile(key: string) {
    onEvidenceChange((list) => list.filter((e) => e.key !== key));
  }

  async function submit() {
    if (submitting || !roster || !trust) return;
    setNotice(undefined);
    setShowErrors(true);
    if (problems().length > 0) {
      focusLater(summaryRef);
      return;
    }
    if (!canSendTo(trust, confirmed)) {
      setNotice({ kind: 'untrusted' });
      focusLater(noticeRef);
      return;
    }
    const outcome = await sender.send({
      slug: team.slug,
      draft,
      evidence,
      roster,
      memory: intake.submission,
      fingerprintConfirmed: confirmed,
      onFileProgress: (key, progress) =>
        onEvidenceChange((list) => list.map((e) => (e.key === key ? { ...e, progress } : e))),
      onFileUploaded: (key, ref) =>
        onEvidenceChange((list) =>
          list.map((e) => {
            if (e.key !== key) return e;
            const { uploaded: _previous, ...rest } = e;
            return ref ? { ...rest, uploaded: ref } : rest;
          }),
        ),
    });
    switch (outcome.kind) {
      case 'sent':
        onSent({
          receipt: outcome.receipt,
          receivedAt: outcome.receivedAt,
          earlierAttempt: outcome.earlierAttempt,
        });
        return;
      case 'team-changed': {
        const active = outcome.trust.roster.active;
        const dropped = draft.excluded.filter((id) => !active.has(id));
        const droppedNames = dropped.map((id) => roster.known.get(id)?.name ?? i18n._(msg`a former member`));
        if (dropped.length > 0)
          set(
            'excluded',
            draft.excluded.filter((id) => active.has(id)),
          );
        keys.replaceTrust(outcome.trust);
        setNotice({ kind: 'team-changed', changes: outcome.changes.map(describeRosterChange), droppedNames });
        focusLater(noticeRef);
        return;
      }
      case 'untrusted':
        keys.replaceTrust(outcome.trust);
        setNotice({ kind: 'untrusted' });
        focusLater(noticeRef);
        return;
      case 'failed':
        setNotice({ kind: 'failed', message: outcome.message });
        focusLater(noticeRef);
        return;
    }
  }

  return {
    keys,
    trust,
    roster,
    limits,
    confirmed,
    setConfirmed,
    errors,
    errorFor,
    set,
    addFiles,
    removeFile,
    submit,
    submitting,
    step: sender.step,
    solving: sender.solving,
    notice,
    summaryRef,
    noticeRef,
  };
}
