import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useRef, useState, type SubmitEvent } from 'react';

import { ProofOfWorkNotice } from '../../../../components/proof-of-work-notice';
import {
  Button,
  ChoiceGroup,
  FormActions,
  FormStatus,
  Notice,
  RadioChoices,
  TextArea,
  TextField,
  type RadioOption,
} from '../../../../components/ui';
import { describeRosterChange } from '../../../../lib/roster-trust';
import { TeamKeysStatus } from '../../components/report-form/team-keys-status';
import { TeamSecurity } from '../../components/report-form/team-security';
import { TEXT_MAX } from '../../model/draft';
import type { SubmissionMemory, SubmitStep } from '../../model/submit';
import { useSendProgress } from '../../model/use-send-progress';
import { canSendTo, useTeamKeys } from '../../model/use-team-keys';
import {
  appealDraft,
  appealFieldIds,
  checkAppealText,
  emptyAppealText,
  refusalMessage,
  type AppealText,
} from '../model/appeal';
import type { SentAppeal } from './appeal-sent';
import { formatList } from '../../../../lib/format';

/** The server's refusals of the appeal itself: the reference, not what was written, is the problem. */
const REFUSED = new Set([
  'appeal_reference_unknown',
  'appeals_off',
  'appeal_limit_reached',
  'appeal_too_early',
  'appeal_wrong_team',
]);

const STEP_TEXT: Record<SubmitStep['step'], MessageDescriptor> = {
  'checking-team': msg`Checking the team’s keys…`,
  'making-receipt': msg`Creating your receipt…`,
  uploading: msg`Encrypting…`,
  encrypting: msg`Encrypting your appeal…`,
  sending: msg`Sending…`,
};

interface AppealFormProps {
  slug: string;
  /** The checked reference, normalized. */
  reference: string;
  onSent: (sent: SentAppeal) => void;
  /** The server refused the appeal when it was sent (another appeal came first, say). */
  onRefused: (message: string) => void;
}

/**
 * The appeal, written and sent as a report to the team the reference belongs to, through the
 * report's own path (report/model/submit.ts): the roster checked again and verified, the pinned
 * fingerprint compared, the receipt made in a Worker, body and summary sealed and signed.
 */
export function AppealForm({ slug, reference, onSent, onRefused }: AppealFormProps) {
  const { t, i18n } = useLingui();
  const keys = useTeamKeys(slug);
  const [appeal, setAppeal] = useState<AppealText>(emptyAppealText);
  const [showErrors, setShowErrors] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const sender = useSendProgress();
  const [notice, setNotice] = useState<string>();
  const memory = useRef<SubmissionMemory>({});
  const noticeRef = useRef<HTMLDivElement>(null);

  const trust = keys.trustState.status === 'ready' ? keys.trustState.trust : undefined;
  const roster = trust && trust.status !== 'invalid' ? trust.roster : undefined;
  const teamName = trust?.team.name ?? slug;
  const errors = showErrors ? checkAppealText(appeal) : [];
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const submitting = sender.sending;
  const contacts: readonly RadioOption<AppealText['contact']>[] = [
    {
      value: 'receipt',
      id: 'appeal-contact-receipt',
      label: t`Only here, with my receipt`,
      detail: t`You will get a receipt when you send this. Come back with it to read the team’s answer.`,
    },
    {
      value: 'email',
      id: 'appeal-contact-email',
      label: t`Also by email`,
      detail: t`Your address is encrypted with the appeal: only the team can read it, not the people who run this website.`,
    },
  ];

  function say(message: string) {
    setNotice(message);
    requestAnimationFrame(() => noticeRef.current?.focus());
  }

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting || !roster || !trust) return;
    setNotice(undefined);
    setShowErrors(true);
    const [problem] = checkAppealText(appeal);
    if (problem) {
      document.getElementById(problem.field)?.focus();
      return;
    }
    if (!canSendTo(trust, confirmed)) {
      say(
        t`Your appeal cannot be sent while ${teamName}’s keys are not what they should be. Nothing was sent.`,
      );
      return;
    }
    const outcome = await sender.send({
      slug,
      draft: appealDraft(appeal),
      evidence: [],
      roster,
      memory: memory.current,
      fingerprintConfirmed: confirmed,
      onFileProgress: () => undefined,
      onFileUploaded: () => undefined,
      appealReference: reference,
    });
    switch (outcome.kind) {
      case 'sent':
        onSent({
          receipt: outcome.receipt,
          receivedAt: outcome.receivedAt,
          teamName,
          earlierAttempt: outcome.earlierAttempt,
        });
        return;
      case 'team-changed': {
        keys.replaceTrust(outcome.trust);
        const changes = formatList(outcome.changes.map(describeRosterChange));
        say(
          t`${teamName}’s members changed while you were writing (${changes}). Nothing was sent. Please look at the team’s keys above, then send again.`,
        );
        return;
      }
      case 'untrusted':
        keys.replaceTrust(outcome.trust);
        say(
          t`Your appeal cannot be sent while ${teamName}’s keys are not what they should be. Nothing was sent.`,
        );
        return;
      case 'failed':
        if (REFUSED.has(outcome.code)) {
          onRefused(refusalMessage(outcome.code, null));
          return;
        }
        if (outcome.reason === undefined) {
          say(outcome.message);
        } else {
          const reason = outcome.reason;
          say(t`Your appeal was not sent: ${reason} Everything you wrote is still here.`);
        }
        return;
    }
  }

  return (
    <form className="form" onSubmit={(event) => void submit(event)} noValidate>
      <h2 id="appeal-form-heading" tabIndex={-1}>
        <Trans>Your appeal to {teamName}</Trans>
      </h2>
      <p>
        <Trans>
          The reference is for a decision of <strong translate="no">{teamName}</strong>. Write why you think
          the team should look at it again. It is encrypted on this device; only the team’s members can read
          it.
        </Trans>
      </p>
      <TeamKeysStatus state={keys.trustState} teamName={teamName} onRetry={keys.retry} />
      {trust && <TeamSecurity trust={trust} confirmed={confirmed} onConfirm={setConfirmed} />}

      <TextArea
        id={appealFieldIds.text}
        label={t`Your appeal`}
        hint={t`What you think the team got wrong, and anything they did not know when they decided.`}
        error={errorFor(appealFieldIds.text)}
        rows={10}
        maxLength={TEXT_MAX + 50}
        value={appeal.text}
        onChange={(event) => setAppeal((a) => ({ ...a, text: event.target.value }))}
      />

      <ChoiceGroup legend={t`How can the team reach you?`}>
        <RadioChoices
          name="appeal-contact"
          options={contacts}
          value={appeal.contact}
          onChange={(contact) => setAppeal((a) => ({ ...a, contact }))}
        />
        {appeal.contact === 'email' && (
          <TextField
            id={appealFieldIds.email}
            label={t`Your email address`}
            layout="indented"
            error={errorFor(appealFieldIds.email)}
            type="email"
            autoComplete="email"
            spellCheck={false}
            value={appeal.email}
            onChange={(event) => setAppeal((a) => ({ ...a, email: event.target.value }))}
          />
        )}
      </ChoiceGroup>

      <div ref={noticeRef} tabIndex={-1}>
        {notice && (
          <Notice tone="error" role="alert" title={t`Your appeal was not sent`}>
            <p>{notice}</p>
          </Notice>
        )}
      </div>

      <FormActions
        note={t`Your appeal is encrypted on this device before it is sent. You will get a receipt to read the team’s answer with.`}
      >
        <Button type="submit" aria-disabled={submitting || !roster ? true : undefined}>
          {submitting ? t`Sending…` : t`Encrypt and send appeal`}
        </Button>
      </FormActions>
      <FormStatus>
        {sender.step && <p className="submit-step">{i18n._(STEP_TEXT[sender.step.step])}</p>}
      </FormStatus>
      <ProofOfWorkNotice solving={sender.solving} />
    </form>
  );
}
