import { plural } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useState } from 'react';

import { Button, ConfirmDialog } from '../../../../../components/ui';
import { formatCount } from '../../../../../lib/format';
import type { SealedItemOutput } from '../../../../../lib/keyring/keyring';
import { openVoteRound } from '../../../api/case-handling';
import type { CaseAction } from '../../../hooks/use-case-action';
import type { ItemToSeal } from '../../../hooks/use-case-sealer';
import type { MemberVote, QuorumState, RoundState } from '../../../model/case-state';
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
  const { t } = useLingui();
  const latest = rounds.at(-1);
  const current = latest?.current === true ? latest : undefined;
  const mayVote = open && current !== undefined && !current.votes.some((v) => v.member === me);
  // The server ends a round only once it reached the quorum (a tie calls for another round).
  const mayOpen = open && (latest === undefined || latest.reached);
  // A round that reached a decision is ended by a new one: that is asked first, not one click.
  const decided = latest !== undefined && latest.reached && !latest.tie;
  const [confirming, setConfirming] = useState(false);
  // Round numbers are the server's, shown as they are (like case numbers).
  const next = (latest?.number ?? 0) + 1;
  const openRound = () => {
    setConfirming(false);
    void action.run(
      () => openVoteRound(caseId),
      t`Round ${next} is open for votes.`,
      t`The round could not be opened.`,
    );
  };
  const quorumCount = quorum.quorum;
  const latestNumber = latest?.number;

  return (
    <section aria-labelledby="votes-heading" className="handling-section">
      <h3 id="votes-heading">
        <Trans>Votes</Trans>
      </h3>
      <p className="field__hint">
        {quorumCount === 0
          ? t`This team closes cases without a vote; members may still vote.`
          : t`A round needs ${plural(quorumCount, { one: '# vote', other: '# votes' })} before the case can close. The decision is the majority; a tie calls for another round.`}
      </p>
      {rounds.length === 0 && (
        <p className="muted">
          <Trans>No vote round yet.</Trans>
        </p>
      )}
      {[...rounds].reverse().map((round) => (
        <RoundSummary key={round.number} round={round} names={names} />
      ))}
      {/* No round to vote in yet: say it now rather than when one opens. */}
      {votedOnOriginal && open && !mayVote && <p className="field__hint">{t(VOTED_ON_ORIGINAL)}</p>}
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
          {latest === undefined ? t`Open a vote` : t`Open round ${next}`}
        </Button>
      )}
      {latest !== undefined && (
        <ConfirmDialog
          open={confirming}
          title={t`Open round ${next}?`}
          confirmLabel={t`Open round ${next}`}
          busy={action.busy}
          onConfirm={openRound}
          onCancel={() => setConfirming(false)}
        >
          <p>
            <Trans>
              Round {latestNumber} reached the quorum with a majority. A new round replaces it: the case
              cannot close until the new round reaches the quorum too. Open one only when the team wants to
              decide again.
            </Trans>
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function RoundSummary({ round, names }: { round: RoundState; names: ReadonlyMap<string, string> }) {
  const { t } = useLingui();
  const roundNumber = round.number;
  const cast = formatCount(round.votes.length);
  const quorum = round.quorum;
  const majority = round.majority === null ? null : VOTE_WORDS[round.majority];
  return (
    <div className="vote-round">
      <p className="vote-round__head">
        {round.current ? (
          <Trans>
            <strong>Round {roundNumber}</strong> (current)
          </Trans>
        ) : (
          <Trans>
            <strong>Round {roundNumber}</strong>
          </Trans>
        )}{' '}
        ·{' '}
        {round.reached
          ? t`${cast} of ${plural(quorum, { one: '# vote', other: '# votes' })}, quorum reached`
          : t`${cast} of ${plural(quorum, { one: '# vote', other: '# votes' })}`}
      </p>
      {round.votes.length > 0 && (
        <ul className="plain-list vote-round__votes">
          {round.votes.map((v) => (
            <VoteLine key={v.member} vote={v} names={names} />
          ))}
        </ul>
      )}
      {round.tie && (
        <p className="vote-round__result">
          <Trans>Tie: open another round.</Trans>
        </p>
      )}
      {majority !== null && (
        <p className="vote-round__result">
          {round.reached ? (
            <Trans>
              Majority: <strong>{majority}</strong>
            </Trans>
          ) : (
            <Trans>
              Majority: <strong>{majority}</strong> so far
            </Trans>
          )}
        </p>
      )}
    </div>
  );
}

/** "Ana: Actionable — note": a member's vote as the team reads it; the note as they wrote it. */
function VoteLine({ vote, names }: { vote: MemberVote; names: ReadonlyMap<string, string> }) {
  const name = names.get(vote.member);
  const voter = name === undefined ? <Trans>A former member</Trans> : <span translate="no">{name}</span>;
  const choice = vote.choice === null ? null : VOTE_WORDS[vote.choice];
  return (
    <li>
      {choice === null ? (
        <Trans>
          {voter}: <em>vote unreadable in this browser</em>
        </Trans>
      ) : (
        <Trans>
          {voter}: {choice}
        </Trans>
      )}
      {vote.note !== '' && (
        <span className="muted" translate="no">
          {' '}
          — {vote.note}
        </span>
      )}
    </li>
  );
}
