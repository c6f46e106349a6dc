import { Trans } from '@lingui/react/macro';

import { isFinishedStatus, isOpenStatus } from '#contract/enumerations';
import type { LoadState } from '../../../../hooks/use-load';
import type { TeamSettings } from '../../api/settings';
import type { LoadedCase } from '../../hooks/use-case';
import { useCaseAction } from '../../hooks/use-case-action';
import { useCaseSealer } from '../../hooks/use-case-sealer';
import type { CaseState } from '../../model/case-state';
import { useUnlockedSession } from '../../session/use-team-session';
import { ActionResult } from './handling/action-result';
import { AssignForm } from './handling/assign-form';
import { DateForm } from './handling/date-form';
import { RecuseButton } from './handling/recuse-button';
import { StatusMoves } from './handling/status-moves';
import { summaryDraft } from './handling/summary-draft';
import { VoteRounds } from './handling/vote-rounds';
import './handling-panel.css';

/**
 * The case's handling: status and its allowed moves, dates, assignment, votes, recusal. Each
 * part says what it did beside itself. Items that come with a change (the acknowledgement, the
 * closing summary, a reopening reason, a hand-over note) are sealed here, in this browser, to
 * the members who may read the case, and sent in the same request as the change.
 */
export function HandlingPanel({
  loaded,
  state,
  names,
  settings,
  onChanged,
}: {
  loaded: LoadedCase;
  state: CaseState;
  names: ReadonlyMap<string, string>;
  settings: LoadState<TeamSettings>;
  onChanged: () => void;
}) {
  const { detail, opened, team } = loaded;
  const { identity } = useUnlockedSession();
  const seal = useCaseSealer(loaded);
  const statusAction = useCaseAction(onChanged);
  const dateAction = useCaseAction(onChanged);
  const assignAction = useCaseAction(onChanged);
  const voteAction = useCaseAction(onChanged);
  const leftOut = new Set([...opened.excluded.effective, ...detail.recused]);
  const assignable = [...team.roster.active.values()].filter((m) => !leftOut.has(m.id));
  const withdrawn = detail.status === 'withdrawn';
  const caseNumber = String(detail.number);

  return (
    <section aria-labelledby="controls-heading" className="controls">
      <h2 id="controls-heading">
        <Trans>
          Handling <span className="muted">#{caseNumber}</span>
        </Trans>
      </h2>
      <StatusMoves
        caseId={detail.id}
        teamName={team.name}
        settings={settings}
        status={detail.status}
        action={statusAction}
        seal={seal}
        canMessage={opened.canMessageReporter}
        closeBlockers={state.closeBlockers}
        summaryDraft={summaryDraft(state, names)}
      />
      <ActionResult result={statusAction.result} />

      {!isFinishedStatus(detail.status) && (
        <DateForm caseId={detail.id} field="check_in_by" value={detail.checkInBy} action={dateAction} />
      )}
      {detail.status === 'closed' && (
        <DateForm caseId={detail.id} field="follow_up_by" value={detail.followUpBy} action={dateAction} />
      )}
      <ActionResult result={dateAction.result} />

      {!withdrawn && (
        <>
          <AssignForm
            caseId={detail.id}
            assignee={detail.assignee}
            assignable={assignable}
            action={assignAction}
            seal={seal}
          />
          <ActionResult result={assignAction.result} />
          <VoteRounds
            caseId={detail.id}
            me={identity.memberId}
            open={isOpenStatus(detail.status)}
            rounds={state.rounds}
            quorum={state.quorum}
            names={names}
            action={voteAction}
            seal={seal}
            votedOnOriginal={detail.votedOnOriginal}
          />
          <ActionResult result={voteAction.result} />
          <RecuseButton caseId={detail.id} number={detail.number} />
        </>
      )}
    </section>
  );
}
