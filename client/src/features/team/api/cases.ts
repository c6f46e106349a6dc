/** The cases granted to the signed-in member: list pages, one case, items, metadata. */
import type { Envelope } from '#crypto';
import { api, type RequestOptions } from '../../../lib/api-client';
import type { CaseStatus } from '#contract/common';
import type { SealedItemOutput } from '../../../lib/keyring/keyring';
import { array, boolean, caseStatus, envelope, nullable, record, string, stringList } from './decoders';

export interface CaseRow {
  id: string;
  status: CaseStatus;
  urgent: boolean;
  createdAt: string;
  updatedAt: string;
  checkInBy: string | null;
  assignee: string | null;
  excluded: string[];
  payload: Envelope;
  grant: string;
}

function decodeCaseRow(value: unknown, where: string): CaseRow {
  const c = record(value, where);
  return {
    id: string(c.id, `${where}.id`),
    status: caseStatus(c.status, `${where}.status`),
    urgent: boolean(c.urgent, `${where}.urgent`),
    createdAt: string(c.created_at, `${where}.created_at`),
    updatedAt: string(c.updated_at, `${where}.updated_at`),
    checkInBy: nullable(c.check_in_by, string, `${where}.check_in_by`),
    assignee: nullable(c.assignee, string, `${where}.assignee`),
    excluded: stringList(c.excluded, `${where}.excluded`),
    payload: envelope(c.payload, `${where}.payload`),
    grant: string(c.grant, `${where}.grant`),
  };
}

export interface ItemRow {
  id: string;
  case: string;
  kind: string;
  author: string;
  audience: string;
  payload: Envelope;
  attachments: string[];
  sig: string;
  created_at: string;
  grant: string;
}

export interface CaseDetail extends CaseRow {
  team: string;
  rosterSeq: number;
  attachments: string[];
  items: ItemRow[];
  reporter: { box_pk: string; sign_pk: string };
  sig: string;
}

export function getCase(id: string, options: RequestOptions = {}): Promise<CaseDetail> {
  return api.get(
    `/cases/${encodeURIComponent(id)}`,
    (data) => {
      const r = record(data, 'reply');
      const reporter = record(r.reporter, 'reporter');
      const rosterSeq = r.roster_seq;
      return {
        ...decodeCaseRow(r, 'case'),
        team: string(r.team, 'team'),
        rosterSeq: typeof rosterSeq === 'number' ? rosterSeq : 0,
        attachments: stringList(r.attachments, 'attachments'),
        items: array(r.items, 'items').map((item, i) => {
          const it = record(item, `items[${i}]`);
          const w = (f: string) => `items[${i}].${f}`;
          return {
            id: string(it.id, w('id')),
            case: string(it.case, w('case')),
            kind: string(it.kind, w('kind')),
            author: string(it.author, w('author')),
            audience: string(it.audience, w('audience')),
            payload: envelope(it.payload, w('payload')),
            attachments: stringList(it.attachments, w('attachments')),
            sig: string(it.sig, w('sig')),
            created_at: string(it.created_at, w('created_at')),
            grant: string(it.grant, w('grant')),
          };
        }),
        reporter: {
          box_pk: string(reporter.box_pk, 'reporter.box_pk'),
          sign_pk: string(reporter.sign_pk, 'reporter.sign_pk'),
        },
        sig: string(r.sig, 'sig'),
      };
    },
    options,
  );
}

export function postItem(caseId: string, item: SealedItemOutput): Promise<string> {
  return api.post(`/cases/${encodeURIComponent(caseId)}/items`, item, (data) =>
    string(record(data, 'reply').id, 'id'),
  );
}

export interface CaseMetadata {
  status: CaseStatus;
  checkInBy: string | null;
  assignee: string | null;
}

export function patchCase(
  caseId: string,
  changes: { status?: CaseStatus; check_in_by?: string | null; assignee?: string | null },
): Promise<CaseMetadata> {
  return api.patch(`/cases/${encodeURIComponent(caseId)}`, changes, (data) => {
    const r = record(data, 'reply');
    return {
      status: caseStatus(r.status, 'status'),
      checkInBy: nullable(r.check_in_by, string, 'check_in_by'),
      assignee: nullable(r.assignee, string, 'assignee'),
    };
  });
}
