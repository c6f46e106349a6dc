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
  const { state: teamsState, retry } = useTeams();
  const [slug, setSlug] = useState(intake.slug);
  const [draft, setDraft] = useState<Draft>(() => intake.draft ?? emptyDraft());
  const [evidence, setEvidence] = useState<readonly Evidence[]>(() => intake.evidence);
  const [sent, setSent] = useState<SentReport | undefined>(intake.sent);
  const [finished, setFinished] = useState<string>();
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
  const team = teams.find((t) => t.slug === slug);

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
          const teamName = sent.teamName;
          resetIntake();
          setSent(undefined);
          setSlug(undefined);
          setDraft(emptyDraft());
          setEvidence([]);
          setFinished(teamName);
          window.scrollTo(0, 0);
          requestAnimationFrame(() => document.querySelector<HTMLElement>('h1')?.focus());
        }}
      />
    );
  }

  return (
    <>
      <StayingSafeLink />
      <PageHeading>Tell a team about harassment</PageHeading>
      {finished && (
        <Notice title={`Your report to ${finished} was sent`}>
          <p>
            Thank you. Come back with your receipt at any time to read replies or add something new:{' '}
            <Link to="/receipt">return to your report</Link>.
          </p>
        </Notice>
      )}
      <p className="lead">
        Confide is a private way to tell the people who look after your community, such as a wiki’s
        administrators, the stewards or a Code of Conduct committee, about harassment you have experienced or
        seen happen to someone else.
      </p>

      <Notice tone="caution" title="If you are in danger right now">
        <p>
          Please contact your local emergency services first. The teams here are people, often volunteers, and
          may not read your report straight away.
        </p>
      </Notice>

      <section aria-labelledby="protection-heading">
        <h2 id="protection-heading">How your report is protected</h2>
        <ul className="point-list">
          <li>
            <strong>Encrypted in your browser.</strong> What you write is locked on this device before it is
            sent. Only the members of the team you choose can unlock it, not the people who run this website.
          </li>
          <li>
            <strong>Anonymous.</strong> You do not need an account. Confide never records your IP address, and
            you only give your name if you choose to.
          </li>
          <li>
            <strong>A receipt to come back with.</strong> After you send a report you get a receipt, a code
            that is the only way back to it: to read replies from the team and to add anything new. Keep it
            somewhere safe, because nobody can recover it for you. If you already have one,{' '}
            <Link to="/receipt">return to your report</Link>.
          </li>
        </ul>
      </section>

      <section aria-labelledby="teams-heading">
        <h2 id="teams-heading">Who you can report to</h2>
        <TeamList state={teamsState} retry={retry} chosenSlug={slug} onChoose={chooseTeam} />
      </section>

      <section aria-labelledby="form-heading" className="report-section">
        <h2 id="form-heading" ref={formHeading} tabIndex={-1}>
          {team ? `Your report to ${team.name}` : 'Your report'}
        </h2>
        {team ? (
          <>
            <p>
              Everything except your choice of team is encrypted before it leaves this device. Only what is
              marked optional can be left out.
              {teams.length > 1 && <> Wrong team? Choose another one above; what you have written stays.</>}
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
            {teamsState.status === 'ready' && teams.length > 0
              ? 'Choose a team above to start writing your report.'
              : 'Once a team is listed above, you can write your report to it here.'}
          </p>
        )}
      </section>
    </>
  );
}
