/**
 * Records sealed to the team and votes (docs/protocol.md 10.7): a record item as a member's browser
 * seals a vote (to the team's active members, with no reporter), and the vote posted to
 * POST /api/cases/{id}/votes. Sealed directly, without opening the case first: opening it would
 * mark it read and audit an opening, which tests of votes do not want.
 */
import { formatProtocolTime, generateId, sealItem } from '../../../crypto/index.js';
import { itemRecipients } from './items.js';
import { fetchTeam } from './public-team.js';
import type { MemberSession } from './sessions.js';
import type { ApiResponse } from './transport.js';

export type SealedItem = ReturnType<typeof sealItem>['item'];

export interface TeamRecordOptions {
  /** Members left out of the recipients (a case's exclusions, or a test withholding one). */
  readonly withheld?: readonly string[];
  /** The author the item names; another member's id forges it (the signature stays the session's). */
  readonly author?: string;
}

/**
 * A record item with `body` (its type and fields, without schema and written_at), sealed and
 * signed by the session's member to the team's active members minus `withheld` (not sent).
 */
export async function sealTeamRecord(
  session: MemberSession,
  caseId: string,
  body: { type: string; [field: string]: unknown },
  options: TeamRecordOptions = {},
): Promise<SealedItem> {
  const { roster } = await fetchTeam(session.agent, session.team.slug);
  return sealItem({
    team: session.team.id,
    caseId,
    id: generateId(),
    kind: 'record',
    author: options.author ?? session.member.id,
    audience: 'team',
    body: { schema: 'confide/record/v1', written_at: formatProtocolTime(new Date()), ...body },
    recipients: itemRecipients(roster, options.withheld ?? [], null),
    authorSignSecretKey: session.keys.sign.secretKey,
  }).item;
}

/** A vote record for `round` (the case is actionable), sealed as a member's browser casts it (not sent). */
export function voteRecord(
  session: MemberSession,
  caseId: string,
  round: number,
  options: TeamRecordOptions = {},
): Promise<SealedItem> {
  return sealTeamRecord(
    session,
    caseId,
    { type: 'vote', round, choice: 'actionable', note: 'seen it' },
    options,
  );
}

/** POST /api/cases/{id}/votes with `item` as the vote of `round`. */
export function postVote(
  session: MemberSession,
  caseId: string,
  round: number,
  item: unknown,
): Promise<ApiResponse> {
  return session.agent.post(`/api/cases/${caseId}/votes`, { round, item });
}

/** The session's member votes on the case in `round`: voteRecord, posted. The reply is the caller's to check. */
export async function voteOn(
  session: MemberSession,
  caseId: string,
  round: number,
  options: TeamRecordOptions = {},
): Promise<ApiResponse> {
  return postVote(session, caseId, round, await voteRecord(session, caseId, round, options));
}
