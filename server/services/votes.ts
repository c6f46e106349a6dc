/**
 * Vote rounds (docs/protocol.md 10.7). A member with access opens a round; each member with
 * access casts one vote in it, an encrypted and signed `record` item the server stores like any
 * other. The server knows who voted in which round, never how; it refuses a second vote, a vote
 * outside the current round, and a new round before the current one reached the team's quorum.
 * On an appeal it refuses the vote of a member who voted on the case the appeal is about.
 */
import type { Static } from 'typebox';
import type { VoteCast, VoteRoundOpened, VoteSubmission } from '#contract/cases';
import { isOpenStatus, type CaseStatus } from '#contract/enumerations';
import type { Database } from '../db/database.js';
import type { Db } from '../db/executor.js';
import { badRequest, conflict } from '../errors.js';
import { recordAudit } from '../repositories/audit-events.js';
import { insertCaseEvents } from '../repositories/case-events.js';
import { updateCaseUnlessWithdrawn, type CaseRow } from '../repositories/cases.js';
import type { MemberContext } from '../repositories/members.js';
import { teamQuorum } from '../repositories/teams.js';
import {
  countVotes,
  hasVoted,
  insertVote,
  insertVoteRound,
  latestRoundNumber,
} from '../repositories/votes.js';
import { caseForMember } from './case-access.js';
import { checkItem, inTransaction, lockCaseForItem, memberAuthor, storeItem } from './items.js';

const alreadyVoted = () => conflict('already_voted', 'You have already voted in this round');

/**
 * An appeal (docs/protocol.md 10.9) is decided by members who did not decide the case it appeals:
 * the console shows the same reason beforehand (CaseDetail's `voted_on_original`).
 */
const votedOnOriginal = () =>
  conflict(
    'voted_on_original',
    'You voted on the decision this appeal is about, so other members decide the appeal',
  );

/**
 * Locks the case for the rest of the transaction and refuses one the team no longer works on:
 * withdrawn (final), closed or referred. Votes and rounds belong to an open case.
 */
async function lockWorkedCase(tx: Db, caseId: string): Promise<CaseRow> {
  const row = await lockCaseForItem(tx, caseId);
  if (!isOpenStatus(row.status as CaseStatus)) {
    throw conflict('case_finished', 'This case is no longer open: reopen it first to vote on it');
  }
  return row;
}

/** Opens the case's next round, once the current one (if any) reached the team's quorum. */
export async function openVoteRound(
  db: Database,
  member: MemberContext,
  caseId: string,
): Promise<Static<typeof VoteRoundOpened>> {
  const row = await caseForMember(db, caseId, member);
  return db.transaction().execute(async (tx) => {
    await lockWorkedCase(tx, row.id);
    const latest = await latestRoundNumber(tx, row.id);
    if (latest !== undefined) {
      const quorum = await teamQuorum(tx, row.team_id);
      if ((await countVotes(tx, row.id, latest)) < quorum) {
        throw conflict(
          'round_not_finished',
          `Round ${latest} has not reached the team's quorum of ${quorum} votes yet`,
        );
      }
    }
    const number = (latest ?? 0) + 1;
    await insertVoteRound(tx, { caseId: row.id, number, openedBy: member.id });
    await updateCaseUnlessWithdrawn(tx, row.id, {});
    await insertCaseEvents(tx, [
      { caseId: row.id, kind: 'round_opened', actor: member.id, to: String(number) },
    ]);
    await recordAudit(tx, {
      teamId: row.team_id,
      memberId: member.id,
      caseId: row.id,
      action: 'case.round_opened',
      details: { round: number },
    });
    return { number };
  });
}

/** Stores the member's vote (a record item) in the current round, with the item, at once. */
export async function castVote(
  db: Database,
  member: MemberContext,
  caseId: string,
  submission: VoteSubmission,
  maxAttachmentBytes: number,
): Promise<Static<typeof VoteCast>> {
  const row = await caseForMember(db, caseId, member);
  const { round, item } = submission;
  if (item.kind !== 'record') {
    throw badRequest('wrong_item_kind', 'A vote is a record item (confide/record/v1, type vote)');
  }
  const checked = checkItem(row, item, await memberAuthor(db, member));
  return inTransaction(
    db,
    async (tx) => {
      const locked = await lockWorkedCase(tx, row.id);
      if (locked.appeal_of !== null && (await hasVoted(tx, locked.appeal_of, null, member.id))) {
        throw votedOnOriginal();
      }
      const latest = await latestRoundNumber(tx, row.id);
      if (latest === undefined) {
        throw conflict('no_open_round', 'No vote round is open on this case: open one first');
      }
      if (round !== latest) {
        throw conflict('wrong_round', `Only the current round (${latest}) takes votes`);
      }
      // The case row is locked, so two votes of one member cannot both pass this; the primary
      // key of votes stands behind it (answered by the last argument below).
      if (await hasVoted(tx, row.id, round, member.id)) throw alreadyVoted();
      await storeItem(tx, locked, checked, maxAttachmentBytes);
      await insertVote(tx, { caseId: row.id, round, memberId: member.id, itemId: item.id });
      await updateCaseUnlessWithdrawn(tx, row.id, {});
      // The timeline names the vote's item, never the choice: that is inside the ciphertext.
      await insertCaseEvents(tx, [
        { caseId: row.id, kind: 'vote_cast', actor: member.id, to: String(round), itemId: item.id },
      ]);
      await recordAudit(tx, {
        teamId: row.team_id,
        memberId: member.id,
        caseId: row.id,
        action: 'case.voted',
        details: { round, item: item.id },
      });
      const votes = await countVotes(tx, row.id, round);
      const quorum = await teamQuorum(tx, row.team_id);
      return { round, votes, quorum, reached: votes >= quorum };
    },
    // A second vote of the member racing this one past the check above.
    { votes_pkey: alreadyVoted },
  );
}
