/**
 * Vote rounds and who voted in which (never how: each vote is an encrypted record item).
 */
import type { VoteRound } from '#contract/cases';
import type { Db } from '../db/executor.js';
import { toTime } from '../db/wire.js';

/** The case's rounds, oldest first, each with its voters and whether it reached `quorum`. */
export async function listVoteRounds(db: Db, caseId: string, quorum: number): Promise<VoteRound[]> {
  const [rounds, votes] = await Promise.all([
    db
      .selectFrom('vote_rounds')
      .select(['number', 'opened_by', 'opened_at'])
      .where('case_id', '=', caseId)
      .orderBy('number')
      .execute(),
    db
      .selectFrom('votes')
      .select(['round', 'member_id', 'item_id', 'cast_at'])
      .where('case_id', '=', caseId)
      .orderBy('cast_at')
      .orderBy('member_id')
      .execute(),
  ]);
  const latest = rounds.at(-1)?.number;
  return rounds.map((round) => {
    const cast = votes
      .filter((v) => v.round === round.number)
      .map((v) => ({ member: v.member_id, item: v.item_id, at: toTime(v.cast_at) }));
    return {
      number: round.number,
      opened_by: round.opened_by,
      opened_at: toTime(round.opened_at),
      votes: cast,
      quorum,
      reached: cast.length >= quorum,
      current: round.number === latest,
    };
  });
}
