import { Trans, useLingui } from '@lingui/react/macro';

import { Button, FormActions, FormStatus } from '../../../../components/ui';
import { ProofOfWorkNotice } from '../../../../components/proof-of-work-notice';
import type { Team } from '../../api/get-teams';
import { fieldIds } from '../../model/draft';
import { confirmEvidence } from '../../model/evidence';
import type { SubmitStep } from '../../model/submit';
import { useReportForm, type ReportFormInput } from '../../model/use-report-form';
import { ContactSection } from './contact-section';
import { DangerSection } from './danger-section';
import { ErrorSummary } from './error-summary';
import { EvidenceField } from './evidence-field';
import { ExclusionField } from './exclusion-field';
import { InvolvedField } from './involved-field';
import { LanguageField } from './language-field';
import { LinksField } from './links-field';
import { PrivateInfoSection } from './private-info-section';
import { RoleSection } from './role-section';
import { SendNotice } from './send-notice';
import { TeamKeysStatus } from './team-keys-status';
import { TeamSecurity } from './team-security';
import { WhatHappenedSection } from './what-happened-section';
import './report-form.css';

/** What the form is doing while it sends. */
function StepText({ step }: { step: SubmitStep }) {
  switch (step.step) {
    case 'checking-team':
      return <Trans>Checking the team’s keys…</Trans>;
    case 'making-receipt':
      return <Trans>Creating your receipt…</Trans>;
    case 'uploading': {
      const number = step.index + 1;
      const count = step.count;
      return (
        <Trans>
          Encrypting and uploading file {number} of {count}…
        </Trans>
      );
    }
    case 'encrypting':
      return <Trans>Encrypting your report…</Trans>;
    case 'sending':
      return <Trans>Sending…</Trans>;
  }
}

interface ReportFormProps extends ReportFormInput {
  teams: readonly Team[];
  onChooseTeam: (team: Team) => void;
}

/** The intake form, section by section; its state and rules are in model/use-report-form. */
export function ReportForm(props: ReportFormProps) {
  const { team, draft, evidence } = props;
  // The checks' messages are translated as the form renders: a change of language renders it again.
  const { t } = useLingui();
  const form = useReportForm(props);
  const { set, errorFor } = form;

  return (
    <form
      className="form report-form"
      onSubmit={(event) => {
        event.preventDefault();
        void form.submit();
      }}
      noValidate
    >
      <TeamKeysStatus state={form.keys.trustState} teamName={team.name} onRetry={form.keys.retry} />
      {form.trust && (
        <TeamSecurity trust={form.trust} confirmed={form.confirmed} onConfirm={form.setConfirmed} />
      )}

      <ErrorSummary ref={form.summaryRef} errors={form.errors} />

      <RoleSection draft={draft} set={set} errorFor={errorFor} />
      <DangerSection
        draft={draft}
        set={set}
        team={team}
        teams={props.teams}
        onChooseTeam={props.onChooseTeam}
      />
      <WhatHappenedSection draft={draft} set={set} errorFor={errorFor} />
      <LinksField links={draft.links} onChange={(links) => set('links', links)} errorFor={errorFor} />
      <InvolvedField involved={draft.involved} onChange={(involved) => set('involved', involved)} />
      <PrivateInfoSection draft={draft} set={set} />
      <EvidenceField
        evidence={evidence}
        limits={form.limits}
        disabled={form.submitting}
        error={errorFor(fieldIds.files)}
        onAdd={form.addFiles}
        onRemove={form.removeFile}
        onConfirm={(key) => props.onEvidenceChange((list) => confirmEvidence(list, key))}
      />
      {form.roster && (
        <ExclusionField
          roster={form.roster}
          teamName={team.name}
          excluded={draft.excluded}
          error={errorFor(fieldIds.excluded)}
          onChange={(excluded) => set('excluded', excluded)}
        />
      )}
      <ContactSection draft={draft} set={set} errorFor={errorFor} />
      <LanguageField draft={draft} set={set} errorFor={errorFor} />

      <SendNotice ref={form.noticeRef} notice={form.notice} teamName={team.name} />

      <FormActions
        note={t`Your report is encrypted on this device before it is sent. You will get a receipt to come back with.`}
      >
        <Button type="submit" aria-disabled={form.submitting || !form.roster ? true : undefined}>
          {form.submitting ? t`Sending…` : t`Encrypt and send report`}
        </Button>
      </FormActions>
      <FormStatus>
        {form.step && (
          <p className="submit-step">
            <StepText step={form.step} />
          </p>
        )}
      </FormStatus>
      <ProofOfWorkNotice solving={form.solving} />
    </form>
  );
}
