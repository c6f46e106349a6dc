/** Vote rounds, votes and recusal: the case actions that are not a change of the case itself. */
import { VoteCast as VoteCastReply, VoteRoundOpened } from '#contract/cases';
import { api, ignoreBody } from '../../../lib/api-client';
import { decodeWith } from '../../../lib/decode';
import type { SealedItemOutput } from '../../../lib/keyring/keyring';

const casePath = (caseId: string, rest: string) => `/cases/${encodeURIComponent(caseId)}/${rest}`;

/** Opens the case's next vote round (ending the one before); its number. */
export function openVoteRound(caseId: string): Promise<number> {
  // No body, so no Content-Type either: the route takes none.
  return api.post(
    casePath(caseId, 'rounds'),
    undefined,
    decodeWith(VoteRoundOpened, (r) => r.number),
  );
}

export interface VoteCast {
  round: number;
  votes: number;
  quorum: number;
  reached: boolean;
}

/** Casts the signed-in member's vote (a sealed `vote` record) in round `round`. */
export function castVote(caseId: string, round: number, item: SealedItemOutput): Promise<VoteCast> {
  return api.post(casePath(caseId, 'votes'), { round, item }, decodeWith(VoteCastReply));
}

/**
 * The signed-in member recuses themselves: the server deletes their keys to the case, so this
 * browser cannot open it again afterwards.
 */
export function recuseFromCase(caseId: string): Promise<undefined> {
  return api.post(casePath(caseId, 'recusal'), undefined, ignoreBody);
}
