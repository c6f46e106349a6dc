/** The cases granted to the signed-in member: list pages, one case, items, metadata. */
import type { Envelope } from '#crypto';
import {
  CaseDetail as CaseDetailReply,
  CaseMetadata as CaseMetadataReply,
  TargetInvited,
  type CaseEvent,
  type CaseTarget,
  type CaseSummary,
  type ItemView,
  type VoteRound,
} from '#contract/cases';
import type { CaseLink } from '#contract/appeals';
import type { IncomingReferral, OutgoingReferral } from '#contract/referrals';
import type { CaseStatus } from '#contract/enumerations';
import type { MemberSettableStatus } from '#contract/status-machine';
import { api, ignoreBody, type RequestOptions } from '../../../lib/api-client';
import { decodeCreatedId, decodeWith, envelopeV1, payloadV1 } from '../../../lib/decode';
import { caseMeta } from '../../../lib/keyring/case-meta';
import type { CaseMeta, SealedItemOutput, TargetInvitationOutput } from '../../../lib/keyring/keyring';

export type { CaseEvent, CaseTarget, IncomingReferral, OutgoingReferral, VoteRound };

/**
 * A case as GET /api/cases/{id} serves it: its metadata, and its report still sealed; both
 * null once the case was purged (docs/protocol.md 10.8).
 */
export interface CaseRow extends CaseMeta {
  readonly payload: Envelope | null;
  readonly grant: string | null;
  readonly summary: Envelope | null;
}

function caseRow(c: CaseSummary): CaseRow {
  return {
    ...caseMeta(c),
    payload: c.payload === null ? null : envelopeV1(c.payload, 'payload'),
    grant: c.grant,
    summary: c.summary === null ? null : envelopeV1(c.summary, 'summary'),
  };
}

/** An item as the case page hands it to the keyring, which checks it before showing anything. */
export type ItemRow = Omit<ItemView, 'payload'> & { payload: Envelope };

export interface CaseDetail extends CaseRow {
  team: string;
  rosterSeq: number;
  attachments: string[];
  items: ItemRow[];
  reporter: { box_pk: string; sign_pk: string };
  sig: string;
  /** Members who recused themselves: nothing new of this case is encrypted to them. */
  recused: readonly string[];
  /** What the server changed, oldest first: statuses, assignments, dates, recusals, rounds, votes. */
  events: readonly CaseEvent[];
  /** Vote rounds, oldest first: who voted (the vote items say how). */
  rounds: readonly VoteRound[];
  /** The team's quorum now (0: closing needs no vote). */
  quorum: number;
  /** The index-key epoch of the case's blind-index tags (docs/protocol.md 12); null: never tagged. */
  tagEpoch: number | null;
  /** On an appeal (docs/protocol.md 10.9): the case it appeals; null on every other case. */
  appealOf: CaseLink | null;
  /** The appeals of this case the member may see, oldest first. */
  appeals: readonly CaseLink[];
  /** On an appeal: the member voted on the case it appeals, so others decide it. */
  votedOnOriginal: boolean;
  /**
   * The target a member invited in with a receipt of their own (docs/protocol.md 8.5), as the
   * server says; null: nobody was. The keyring's `opened.target` says whether to believe it.
   */
  target: CaseTarget | null;
  /** The referrals made from this case to other teams, oldest first (docs/protocol.md 10.10). */
  referrals: readonly OutgoingReferral[];
  /**
   * On a case a referral made: where the server says it came from; null on every other case. The
   * keyring's `opened.referral` says whether the referring member's signature checks out.
   */
  referral: IncomingReferral | null;
}

/**
 * The case's items; on a purged case the retained record too, when the server lists it beside
 * them rather than among them (the keyring shows an id once).
 */
function itemsOf(c: CaseDetailReply): ItemRow[] {
  const items = c.items.map((item, i) => payloadV1(item, `items[${i}]`));
  const retained = c.retained_item;
  if (retained !== null && !items.some((item) => item.id === retained.id)) {
    items.push(payloadV1(retained, 'retained_item'));
  }
  return items;
}

const decodeCaseDetail = decodeWith(CaseDetailReply, (c): CaseDetail => ({
  ...caseRow(c),
  team: c.team,
  rosterSeq: c.roster_seq,
  attachments: c.attachments,
  items: itemsOf(c),
  reporter: { box_pk: c.reporter.box_pk, sign_pk: c.reporter.sign_pk },
  sig: c.sig,
  recused: c.recused,
  events: c.events,
  rounds: c.rounds,
  quorum: c.quorum,
  tagEpoch: c.tag_epoch,
  appealOf: c.appeal_of,
  appeals: c.appeals,
  votedOnOriginal: c.voted_on_original,
  target: c.target,
  referrals: c.referrals,
  referral: c.referral,
}));

/**
 * One case. `background`: the console fetches it on its own (the retention sweep), so the server
 * neither marks it read nor audits an opening.
 */
export function getCase(
  id: string,
  options: RequestOptions & { background?: boolean } = {},
): Promise<CaseDetail> {
  const { background, ...request } = options;
  const query = background === true ? '?background=1' : '';
  return api.get(`/cases/${encodeURIComponent(id)}${query}`, decodeCaseDetail, request);
}

export function postItem(caseId: string, item: SealedItemOutput): Promise<string> {
  return api.post(`/cases/${encodeURIComponent(caseId)}/items`, item, decodeCreatedId);
}

/**
 * Stores the case's retained record (a sealed `retained` record, docs/protocol.md 10.8): 409
 * `case_not_finished` on an open case, 409 `case_purged` once it is gone. The reply's body is
 * not needed: the record's id is the item's own.
 */
export function postRetainedRecord(caseId: string, item: SealedItemOutput): Promise<undefined> {
  return api.post(`/cases/${encodeURIComponent(caseId)}/retained`, { item }, ignoreBody);
}

const decodeTargetInvited = decodeWith(TargetInvited, (r) => r.invited_at);

/**
 * Invites the case's target in with the receipt this browser made (docs/protocol.md 8.5); returns
 * when. 409 `target_already_invited` when a member did already, `receipt_in_use` when the receipt
 * opens another case, `case_withdrawn` or `case_purged`; 400 `bad_signature` when the invitation
 * is not this member's signature over this case.
 */
export function postTargetInvitation(caseId: string, invitation: TargetInvitationOutput): Promise<string> {
  return api.post(`/cases/${encodeURIComponent(caseId)}/target`, invitation, decodeTargetInvited);
}

export interface CaseMetadata {
  status: CaseStatus;
  checkInBy: string | null;
  followUpBy: string | null;
  assignee: string | null;
}

const decodeCaseMetadata = decodeWith(CaseMetadataReply, (r): CaseMetadata => ({
  status: r.status,
  checkInBy: r.check_in_by,
  followUpBy: r.follow_up_by,
  assignee: r.assignee,
}));

/**
 * One change to a case (contract CasePatch). Moves that need an item (acknowledge, close,
 * reopen) and a hand-over note travel with it in the same request, so the server stores both
 * or neither.
 */
export interface CaseChanges {
  status?: MemberSettableStatus;
  check_in_by?: string | null;
  follow_up_by?: string | null;
  assignee?: string | null;
  item?: SealedItemOutput;
}

export function patchCase(caseId: string, changes: CaseChanges): Promise<CaseMetadata> {
  return api.patch(`/cases/${encodeURIComponent(caseId)}`, changes, decodeCaseMetadata);
}
