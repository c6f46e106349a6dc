/**
 * The receipt holder's side of the HTTP API (PROTOCOL.md; docs/http-api.md §9, §10.3; each
 * route's fields: GET /api/docs): a receipt session from `lookup` (derived from the receipt, never
 * the receipt itself), the case, answers, withdrawal and referral answers (the reporter's only),
 * moving to another case of the same receipt, and leaving. The
 * same routes serve the reporter and the target a member invited in (docs/protocol.md 8.5).
 */
import { ReceiptCase as ReceiptCaseReply, ReceiptSessionReply } from '#contract/cases';
import { ConsentRecorded, type ConsentDecision } from '#contract/referrals';
import type { ReceiptRole, ReferralState } from '#contract/enumerations';
import { api, ignoreBody, type RequestOptions } from '../../../lib/api-client';
import { decodeCreatedId, decodeWith, envelopeV1, payloadV1 } from '../../../lib/decode';
import type { ReceiptCase } from './receipt-types';

export type { ReceiptCase, ReceiptItem } from './receipt-types';

/** The case a receipt session was opened on, and what the receipt opens it as. */
export interface ReceiptSession {
  readonly case: string;
  readonly role: ReceiptRole;
}

const decodeCase = decodeWith(ReceiptCaseReply, (c): ReceiptCase => ({
  ...c,
  payload: c.payload === null ? null : envelopeV1(c.payload, 'case.payload'),
  items: c.items.map((item, i) => payloadV1(item, `items[${i}]`)),
}));

const decodeSession = decodeWith(ReceiptSessionReply);

const decodeConsent = decodeWith(ConsentRecorded, (reply) => reply.state);

/**
 * `POST /api/receipt/session`: opens a receipt session (cookie). 401 `receipt_unknown` otherwise.
 * `options.onProofOfWork` hears about the check the browser may have to do first.
 */
export function startReceiptSession(lookup: string, options: RequestOptions = {}): Promise<ReceiptSession> {
  return api.post('/receipt/session', { lookup }, decodeSession, options);
}

/**
 * `GET /api/receipt/case`: the case, and the messages addressed to the receipt's holder; for the
 * reporter, the report too.
 */
export function getReceiptCase(): Promise<ReceiptCase> {
  return api.get('/receipt/case', decodeCase);
}

/** `POST /api/receipt/items`: an answer or new development, signed with the receipt's key. */
export function postReceiptItem(item: unknown): Promise<string> {
  return api.post('/receipt/items', item, decodeCreatedId);
}

/** `POST /api/receipt/withdraw`: the reporter's only (403 `reporter_only` for a target). */
export function withdrawReport(): Promise<void> {
  return api.post('/receipt/withdraw', undefined, ignoreBody);
}

/**
 * `POST /api/receipt/referrals/{id}/consent`: the reporter's answer to a referral of their case
 * to a team of another community (docs/protocol.md 10.10), and whom on it they leave out.
 */
export function answerReferral(id: string, decision: ConsentDecision): Promise<ReferralState> {
  return api.post(`/receipt/referrals/${encodeURIComponent(id)}/consent`, decision, decodeConsent);
}

/**
 * `POST /api/receipt/switch`: moves the receipt session to another case the same receipt opens
 * (one referred with the reporter's consent). The receipt's keys stay in the page's memory.
 */
export function switchReceiptCase(caseId: string): Promise<ReceiptSession> {
  return api.post('/receipt/switch', { case: caseId }, decodeSession);
}

/** `DELETE /api/session`: ends the receipt session (and any member session) in this browser. */
export function endSession(): Promise<void> {
  return api.delete('/session', ignoreBody);
}
