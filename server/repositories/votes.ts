/**
 * Vote rounds and who voted in which (never how: each vote is an encrypted record item).
 */
import type { VoteRound } from '#contract/cases';
import { sql } from 'kysely';
import type { Db } from '../db/executor.js';
import { toTime } from '../db/wire.js';

/**
 * A member who recused themselves had a conflict of interest: their votes, cast before they
 * recused, no longer count towards any round's quorum or majority.
 */
const notRecused = sql<boolean>`not exists (
  select 1 from case_recusals r where r.case_id = votes.case_id and r.member_id = votes.member_id)`;

/** The case's rounds, oldest first, each with its counted voters and whether it reached `quorum`. */
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
      .where(notRecused)
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

/** The number of the case's latest round, if any round was opened. */
export async function latestRoundNumber(db: Db, caseId: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('vote_rounds')
    .select((eb) => eb.fn.max('number').as('number'))
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  return row?.number ?? undefined;
}

export async function insertVoteRound(
  db: Db,
  round: { caseId: string; number: number; openedBy: string },
): Promise<void> {
  await db
    .insertInto('vote_rounds')
    .values({ case_id: round.caseId, number: round.number, opened_by: round.openedBy })
    .execute();
}

/** How many members voted in the round. */
export async function countVotes(db: Db, caseId: string, round: number): Promise<number> {
  const row = await db
    .selectFrom('votes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('case_id', '=', caseId)
    .where('round', '=', round)
    .where(notRecused)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Whether the member cast a vote on the case in `round`, or with null in any round (recused
 * since or not: they took part in the decision; an appeal of it is decided by others).
 */
export async function hasVoted(
  db: Db,
  caseId: string,
  round: number | null,
  memberId: string,
): Promise<boolean> {
  let query = db
    .selectFrom('votes')
    .select('member_id')
    .where('case_id', '=', caseId)
    .where('member_id', '=', memberId);
  if (round !== null) query = query.where('round', '=', round);
  const row = await query.limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Who voted in which round, with the vote's item; the primary key refuses a second vote. */
export async function insertVote(
  db: Db,
  vote: { caseId: string; round: number; memberId: string; itemId: string },
): Promise<void> {
  await db
    .insertInto('votes')
    .values({ case_id: vote.caseId, round: vote.round, member_id: vote.memberId, item_id: vote.itemId })
    .execute();
}
