import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';

import { StayingSafeLink } from '../../../components/staying-safe-link';
import { Notice, PageHeading } from '../../../components/ui';
import { useNeutralDocumentTitle } from '../../../hooks/use-document-title';
import { useTeams, type Team } from '../api/get-teams';
import { draftHasContent, emptyDraft, type Draft } from '../model/draft';
import type { Evidence } from '../model/evidence';
import { intake, resetIntake, type SentReport } from '../model/intake-memory';
import type { SentInfo } from '../model/use-report-form';
import { ReportForm } from './report-form/report-form';
import { ReportSent } from './report-sent';
import { TeamList } from './team-list';
import './report-page.css';

export function ReportPage() {
  useNeutralDocumentTitle();
  const { t } = useLingui();
  const { state: teamsState, retry } = useTeams();
  const [slug, setSlug] = useState(intake.slug);
  const [draft, setDraft] = useState<Draft>(() => intake.draft ?? emptyDraft());
  const [evidence, setEvidence] = useState<readonly Evidence[]>(() => intake.evidence);
  const [sent, setSent] = useState<SentReport | undefined>(intake.sent);
  /** The team the last report went to, once the reporter has finished with its receipt. */
  const [sentTo, setSentTo] = useState<string>();
  const formHeading = useRef<HTMLHeadingElement>(null);

  // Kept in memory (never storage) so a look at another page loses nothing.
  useEffect(() => {
    intake.slug = slug;
    intake.draft = draft;
    intake.evidence = [...evidence];
  }, [slug, draft, evidence]);

  // Closing the tab would lose what was typed: the browser asks first.
  useEffect(() => {
    if (sent || !draftHasContent(draft)) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [draft, sent]);

  const teams = teamsState.status === 'ready' ? teamsState.teams : [];
  const team = teams.find((candidate) => candidate.slug === slug);
  const teamName = team?.name;

  function chooseTeam(next: Team) {
    if (next.slug !== slug) {
      // Exclusions name members of one team; they mean nothing for another.
      setDraft((d) => ({ ...d, excluded: [] }));
      intake.submission = {};
      intake.fingerprintConfirmed = false;
    }
    setSlug(next.slug);
    requestAnimationFrame(() => {
      formHeading.current?.focus();
      formHeading.current?.scrollIntoView({ block: 'start' });
    });
  }

  function handleSent(info: SentInfo) {
    if (!team) return;
    const report: SentReport = {
      receipt: info.receipt,
      receivedAt: info.receivedAt,
      teamName: team.name,
      firstResponseHours: team.first_response_hours,
      urgent: draft.danger !== 'none',
      earlierAttempt: info.earlierAttempt,
    };
    intake.sent = report;
    setSent(report);
    window.scrollTo(0, 0);
    requestAnimationFrame(() => document.querySelector<HTMLElement>('h1')?.focus());
  }

  if (sent) {
    return (
      <ReportSent
        sent={sent}
        onFinish={() => {
          const sentToTeam = sent.teamName;
          resetIntake();
          setSent(undefined);
          setSlug(undefined);
          setDraft(emptyDraft());
          setEvidence([]);
          setSentTo(sentToTeam);
          window.scrollTo(0, 0);
          requestAnimationFrame(() => document.querySelector<HTMLElement>('h1')?.focus());
        }}
      />
    );
  }

  return (
    <>
      <StayingSafeLink />
      <PageHeading>
        <Trans>Tell a team about harassment</Trans>
      </PageHeading>
      {sentTo && (
        <Notice title={t`Your report to ${sentTo} was sent`}>
          <p>
            <Trans>
              Thank you. Come back with your receipt at any time to read replies or add something new:{' '}
              <Link to="/receipt">return to your report</Link>.
            </Trans>
          </p>
        </Notice>
      )}
      <p className="lead">
        <Trans>
          Confide is a private way to tell the people who look after your community, such as a wiki’s
          administrators, the stewards or a Code of Conduct committee, about harassment you have experienced
          or seen happen to someone else.
        </Trans>
      </p>

      <Notice tone="caution" title={t`If you are in danger right now`}>
        <p>
          <Trans>
            Please contact your local emergency services first. The teams here are people, often volunteers,
            and may not read your report straight away.
          </Trans>
        </p>
      </Notice>

      <section aria-labelledby="protection-heading">
        <h2 id="protection-heading">
          <Trans>How your report is protected</Trans>
        </h2>
        <ul className="point-list">
          <li>
            <Trans>
              <strong>Encrypted in your browser.</strong> What you write is locked on this device before it is
              sent. Only the members of the team you choose can unlock it, not the people who run this
              website.
            </Trans>
          </li>
          <li>
            <Trans>
              <strong>Anonymous.</strong> You do not need an account. Confide never records your IP address,
              and you only give your name if you choose to.
            </Trans>
          </li>
          <li>
            <Trans>
              <strong>A receipt to come back with.</strong> After you send a report you get a receipt, a code
              that is the only way back to it: to read replies from the team and to add anything new. Keep it
              somewhere safe, because nobody can recover it for you. If you already have one,{' '}
              <Link to="/receipt">return to your report</Link>.
            </Trans>
          </li>
        </ul>
      </section>

      <section aria-labelledby="teams-heading">
        <h2 id="teams-heading">
          <Trans>Who you can report to</Trans>
        </h2>
        <TeamList state={teamsState} retry={retry} chosenSlug={slug} onChoose={chooseTeam} />
      </section>

      <section aria-labelledby="form-heading" className="report-section">
        <h2 id="form-heading" ref={formHeading} tabIndex={-1}>
          {team ? <Trans>Your report to {teamName}</Trans> : <Trans>Your report</Trans>}
        </h2>
        {team ? (
          <>
            <p>
              <Trans>
                Everything except your choice of team is encrypted before it leaves this device. Only what is
                marked optional can be left out.
              </Trans>
              {teams.length > 1 && (
                <>
                  {' '}
                  <Trans>Wrong team? Choose another one above; what you have written stays.</Trans>
                </>
              )}
            </p>
            <ReportForm
              team={team}
              teams={teams}
              draft={draft}
              onDraftChange={setDraft}
              evidence={evidence}
              onEvidenceChange={setEvidence}
              onChooseTeam={chooseTeam}
              onSent={handleSent}
            />
          </>
        ) : (
          <p className="muted">
            {teamsState.status === 'ready' && teams.length > 0 ? (
              <Trans>Choose a team above to start writing your report.</Trans>
            ) : (
              <Trans>Once a team is listed above, you can write your report to it here.</Trans>
            )}
          </p>
        )}
      </section>
    </>
  );
}
