/**
 * The reporter's side of the HTTP API (PROTOCOL.md, docs/protocol.md 14.3): a receipt session
 * from `lookup` (derived from the receipt, never the receipt itself), the case, answers,
 * withdrawal, and leaving.
 */
import type { Envelope, ItemAudience, ItemKind } from '#crypto';
import type { CaseStatus } from '#contract/common';
import { api, ignoreBody, type RequestOptions } from '../../../lib/api-client';
import { array, integer, record, string } from '../../../lib/decode';

export interface ReceiptItem {
  readonly id: string;
  readonly case: string;
  readonly kind: ItemKind;
  readonly author: string;
  readonly audience: ItemAudience;
  readonly payload: Envelope;
  readonly attachments: readonly string[];
  readonly sig: string;
  readonly created_at: string;
  readonly grant: string;
}

export interface ReceiptCase {
  readonly id: string;
  readonly team: string;
  readonly team_slug: string;
  readonly team_name: string;
  readonly status: CaseStatus;
  readonly check_in_by: string | null;
  readonly created_at: string;
  readonly first_response_by: string;
  readonly excluded: readonly string[];
  readonly payload: Envelope;
  readonly grant: string;
  readonly sig: string;
  readonly items: readonly ReceiptItem[];
}

const STATUSES: readonly CaseStatus[] = [
  'received',
  'acknowledged',
  'investigating',
  'awaiting_reporter',
  'referred',
  'closed',
  'withdrawn',
];

function oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string): T {
  const text = string(value, where);
  const found = allowed.find((a) => a === text);
  if (found === undefined) throw new Error(`${where}: unexpected value`);
  return found;
}

function envelope(value: unknown, where: string): Envelope {
  const e = record(value, where);
  if (integer(e.v, `${where}.v`) !== 1) throw new Error(`${where}: unknown version`);
  return { v: 1, n: string(e.n, `${where}.n`), c: string(e.c, `${where}.c`) };
}

function nullableString(value: unknown, where: string): string | null {
  return value === null ? null : string(value, where);
}

function decodeItem(value: unknown, i: number): ReceiptItem {
  const item = record(value, `items[${i}]`);
  const where = (field: string) => `items[${i}].${field}`;
  return {
    id: string(item.id, where('id')),
    case: string(item.case, where('case')),
    kind: oneOf(item.kind, ['message', 'note', 'record'] as const, where('kind')),
    author: string(item.author, where('author')),
    audience: oneOf(item.audience, ['reporter', 'team'] as const, where('audience')),
    payload: envelope(item.payload, where('payload')),
    attachments: array(item.attachments ?? [], where('attachments')).map((a, j) =>
      string(a, where(`attachments[${j}]`)),
    ),
    sig: string(item.sig, where('sig')),
    created_at: string(item.created_at, where('created_at')),
    grant: string(item.grant, where('grant')),
  };
}

function decodeCase(data: unknown): ReceiptCase {
  const c = record(data, 'case');
  return {
    id: string(c.id, 'id'),
    team: string(c.team, 'team'),
    team_slug: string(c.team_slug, 'team_slug'),
    team_name: string(c.team_name, 'team_name'),
    status: oneOf(c.status, STATUSES, 'status'),
    check_in_by: nullableString(c.check_in_by, 'check_in_by'),
    created_at: string(c.created_at, 'created_at'),
    first_response_by: string(c.first_response_by, 'first_response_by'),
    excluded: array(c.excluded, 'excluded').map((id, i) => string(id, `excluded[${i}]`)),
    payload: envelope(c.payload, 'payload'),
    grant: string(c.grant, 'grant'),
    sig: string(c.sig, 'sig'),
    items: array(c.items, 'items').map(decodeItem),
  };
}

/**
 * `POST /api/receipt/session`: opens a receipt session (cookie). 401 `receipt_unknown` otherwise.
 * `options.onProofOfWork` hears about the check the browser may have to do first.
 */
export function startReceiptSession(lookup: string, options: RequestOptions = {}): Promise<string> {
  return api.post(
    '/receipt/session',
    { lookup },
    (data) => string(record(data, 'reply').case, 'case'),
    options,
  );
}

/** `GET /api/receipt/case`: the case, the report and the messages addressed to the reporter. */
export function getReceiptCase(): Promise<ReceiptCase> {
  return api.get('/receipt/case', decodeCase);
}

/** `POST /api/receipt/items`: an answer or new development, signed with the receipt's key. */
export function postReceiptItem(item: unknown): Promise<string> {
  return api.post('/receipt/items', item, (data) => string(record(data, 'reply').id, 'id'));
}

/** `POST /api/receipt/withdraw`. */
export function withdrawReport(): Promise<void> {
  return api.post('/receipt/withdraw', undefined, ignoreBody);
}

/** `DELETE /api/session`: ends the receipt session (and any member session) in this browser. */
export function endSession(): Promise<void> {
  return api.delete('/session', ignoreBody);
}
