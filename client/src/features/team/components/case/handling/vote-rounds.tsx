import { useState } from 'react';

import { Button, ConfirmDialog } from '../../../../../components/ui';
import { formatCount } from '../../../../../lib/format';
import type { SealedItemOutput } from '../../../../../lib/keyring/keyring';
import { openVoteRound } from '../../../api/case-handling';
import type { CaseAction } from '../../../hooks/use-case-action';
import type { ItemToSeal } from '../../../hooks/use-case-sealer';
import type { QuorumState, RoundState } from '../../../model/case-state';
import { VOTED_ON_ORIGINAL } from '../../../model/appeals';
import { VOTE_WORDS } from '../../../model/record-words';
import { CastVoteForm } from './cast-vote-form';

/**
 * The case's vote rounds: who voted and how (votes are records the team reads; the server
 * only counts them), each round's majority or tie, progress towards the quorum, the member's
 * own vote in the current round, and opening the next round.
 */
export function VoteRounds({
  caseId,
  me,
  open,
  rounds,
  quorum,
  names,
  action,
  seal,
  votedOnOriginal,
}: {
  caseId: string;
  me: string;
  /** Votes are taken while the case is open. */
  open: boolean;
  rounds: readonly RoundState[];
  quorum: QuorumState;
  names: ReadonlyMap<string, string>;
  action: CaseAction;
  seal: (item: ItemToSeal) => Promise<SealedItemOutput>;
  /** An appeal of a case the member voted on: others decide it (docs/protocol.md 10.9). */
  votedOnOriginal: boolean;
}) {
  const latest = rounds.at(-1);
  const current = latest?.current === true ? latest : undefined;
  const mayVote = open && current !== undefined && !current.votes.some((v) => v.member === me);
  // The server ends a round only once it reached the quorum (a tie calls for another round).
  const mayOpen = open && (latest === undefined || latest.reached);
  // A round that reached a decision is ended by a new one: that is asked first, not one click.
  const decided = latest !== undefined && latest.reached && !latest.tie;
  const [confirming, setConfirming] = useState(false);
  const openRound = () => {
    setConfirming(false);
    void action.run(
      () => openVoteRound(caseId),
      latest === undefined ? 'Round 1 is open for votes.' : `Round ${latest.number + 1} is open for votes.`,
      'The round could not be opened.',
    );
  };

  return (
    <section aria-labelledby="votes-heading" className="handling-section">
      <h3 id="votes-heading">Votes</h3>
      <p className="field__hint">
        {quorum.quorum === 0
          ? 'This team closes cases without a vote; members may still vote.'
          : `A round needs ${formatCount(quorum.quorum)} ${quorum.quorum === 1 ? 'vote' : 'votes'} before the case can close. The decision is the majority; a tie calls for another round.`}
      </p>
      {rounds.length === 0 && <p className="muted">No vote round yet.</p>}
      {[...rounds].reverse().map((round) => (
        <RoundSummary key={round.number} round={round} names={names} />
      ))}
      {/* No round to vote in yet: say it now rather than when one opens. */}
      {votedOnOriginal && open && !mayVote && <p className="field__hint">{VOTED_ON_ORIGINAL}</p>}
      {mayVote && (
        <CastVoteForm
          caseId={caseId}
          round={current.number}
          action={action}
          seal={seal}
          votedOnOriginal={votedOnOriginal}
        />
      )}
      {mayOpen && (
        <Button
          variant="secondary"
          size="small"
          disabled={action.busy}
          onClick={() => (decided ? setConfirming(true) : openRound())}
        >
          {latest === undefined ? 'Open a vote' : `Open round ${latest.number + 1}`}
        </Button>
      )}
      {latest !== undefined && (
        <ConfirmDialog
          open={confirming}
          title={`Open round ${latest.number + 1}?`}
          confirmLabel={`Open round ${latest.number + 1}`}
          busy={action.busy}
          onConfirm={openRound}
          onCancel={() => setConfirming(false)}
        >
          <p>
            Round {latest.number} reached the quorum with a majority. A new round replaces it: the case cannot
            close until the new round reaches the quorum too. Open one only when the team wants to decide
            again.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function RoundSummary({ round, names }: { round: RoundState; names: ReadonlyMap<string, string> }) {
  const cast = round.votes.length;
  return (
    <div className="vote-round">
      <p className="vote-round__head">
        <strong>Round {round.number}</strong>
        {round.current ? ' (current)' : ''} · {formatCount(cast)} of {formatCount(round.quorum)}{' '}
        {round.quorum === 1 ? 'vote' : 'votes'}
        {round.reached ? ', quorum reached' : ''}
      </p>
      {cast > 0 && (
        <ul className="plain-list vote-round__votes">
          {round.votes.map((v) => (
            <li key={v.member}>
              {names.get(v.member) ?? 'A former member'}:{' '}
              {v.choice === null ? <em>vote unreadable in this browser</em> : VOTE_WORDS[v.choice]}
              {v.note !== '' && <span className="muted"> — {v.note}</span>}
            </li>
          ))}
        </ul>
      )}
      {round.tie && <p className="vote-round__result">Tie: open another round.</p>}
      {round.majority !== null && (
        <p className="vote-round__result">
          Majority: <strong>{VOTE_WORDS[round.majority]}</strong>
          {round.reached ? '' : ' so far'}
        </p>
      )}
    </div>
  );
}
