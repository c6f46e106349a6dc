/**
 * The reporter's side of the HTTP API (PROTOCOL.md; docs/http-api.md §9, §10.3; each route's
 * fields: GET /api/docs): a receipt session from `lookup` (derived from the receipt, never the
 * receipt itself), the case, answers, withdrawal, and leaving.
 */
import type { Envelope } from '#crypto';
import { ReceiptCase as ReceiptCaseReply, ReceiptSessionReply, type ItemView } from '#contract/cases';
import { api, ignoreBody, type RequestOptions } from '../../../lib/api-client';
import { decodeCreatedId, decodeWith, envelopeV1, payloadV1 } from '../../../lib/decode';

/** An item as served, its envelope read as the protocol's (version 1). */
export type ReceiptItem = Omit<ItemView, 'payload'> & { readonly payload: Envelope };

/**
 * The case as served (contract ReceiptCase), its envelopes read as the protocol's. Once the
 * team's retention has deleted its details (`purged_at`), `payload` and `grant` are null and
 * `items` is empty.
 */
export type ReceiptCase = Omit<ReceiptCaseReply, 'payload' | 'items'> & {
  readonly payload: Envelope | null;
  readonly items: readonly ReceiptItem[];
};

const decodeCase = decodeWith(ReceiptCaseReply, (c): ReceiptCase => ({
  ...c,
  payload: c.payload === null ? null : envelopeV1(c.payload, 'case.payload'),
  items: c.items.map((item, i) => payloadV1(item, `items[${i}]`)),
}));

const decodeSession = decodeWith(ReceiptSessionReply, (reply) => reply.case);

/**
 * `POST /api/receipt/session`: opens a receipt session (cookie). 401 `receipt_unknown` otherwise.
 * `options.onProofOfWork` hears about the check the browser may have to do first.
 */
export function startReceiptSession(lookup: string, options: RequestOptions = {}): Promise<string> {
  return api.post('/receipt/session', { lookup }, decodeSession, options);
}

/** `GET /api/receipt/case`: the case, the report and the messages addressed to the reporter. */
export function getReceiptCase(): Promise<ReceiptCase> {
  return api.get('/receipt/case', decodeCase);
}

/** `POST /api/receipt/items`: an answer or new development, signed with the receipt's key. */
export function postReceiptItem(item: unknown): Promise<string> {
  return api.post('/receipt/items', item, decodeCreatedId);
}

/** `POST /api/receipt/withdraw`. */
export function withdrawReport(): Promise<void> {
  return api.post('/receipt/withdraw', undefined, ignoreBody);
}

/** `DELETE /api/session`: ends the receipt session (and any member session) in this browser. */
export function endSession(): Promise<void> {
  return api.delete('/session', ignoreBody);
}
