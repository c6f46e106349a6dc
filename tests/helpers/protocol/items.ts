/**
 * Items on a case (messages, notes, records): what the member's view (cases.ts) and the
 * reporter's view (receipts.ts) share. Opening served items with their authors' roster or
 * receipt keys, choosing the recipients of a new item, and sealing and signing one.
 */
import {
  boxPublicKeyFromBase64,
  formatProtocolTime,
  generateId,
  recipientsFromRoster,
  sealItem,
  verifyAndOpenItem,
  type AttachmentRef,
  type ItemBody,
  type ItemKind,
  type MemberKeys,
  type Recipient,
  type SignPublicKey,
  type VerifiedRoster,
} from '../../../crypto/index.js';
import { uploadAttachment, type FileToAttach } from './attachments.js';
import type { Agent } from './transport.js';
import type { FullReportBody, ItemJson } from './wire-types.js';

export interface DecryptedItem {
  readonly raw: ItemJson;
  readonly body: ItemBody;
  /** "reporter", or the author's name in the verified roster. */
  readonly authorName: string;
}

function authorKey(
  item: ItemJson,
  roster: VerifiedRoster,
  reporterSignPk: SignPublicKey,
): { key: SignPublicKey; name: string } {
  if (item.author === 'reporter') return { key: reporterSignPk, name: 'reporter' };
  const author = roster.known.get(item.author);
  if (author === undefined) throw new Error(`item ${item.id} names an author who is not in the roster`);
  return { key: author.signPublicKey, name: author.name };
}

/**
 * Verifies and opens served items: a member's against their key in the roster (removed members
 * included), the reporter's against `reporterSignPk`.
 */
export function openItems(
  items: readonly ItemJson[],
  team: string,
  roster: VerifiedRoster,
  recipient: MemberKeys['enc'],
  reporterSignPk: SignPublicKey,
): DecryptedItem[] {
  return items.map((item) => {
    const { key, name } = authorKey(item, roster, reporterSignPk);
    return { raw: item, body: verifyAndOpenItem(item, team, recipient, key), authorName: name };
  });
}

/** Who must not read anything of a case: the list the server serves and the body's, together. */
export function caseExclusions(served: readonly string[], body: FullReportBody): string[] {
  return [...new Set([...served, ...(body.excluded ?? [])])];
}

/** The recipients of a new item: active members minus the case's exclusions (+ the reporter). */
export function itemRecipients(
  roster: VerifiedRoster,
  excluded: readonly string[],
  reporterBoxPk: string | null,
): Recipient[] {
  const recipients = recipientsFromRoster(
    roster,
    excluded.filter((id) => roster.active.has(id)),
  );
  if (reporterBoxPk !== null)
    recipients.push({ id: 'reporter', boxPublicKey: boxPublicKeyFromBase64(reporterBoxPk) });
  return recipients;
}

export interface ItemDraft {
  kind?: ItemKind;
  /** A message's or note's text; in a record without `record`, a debrief's first answer. */
  text: string;
  /** A record's typed fields (contract/records.ts), without schema, written_at and attachments. */
  record?: { type: string } & Record<string, unknown>;
  attachments?: readonly FileToAttach[];
  id?: string;
}

export interface PreparedItem {
  readonly item: ReturnType<typeof sealItem>['item'];
  readonly body: ItemBody;
  readonly attachments: readonly AttachmentRef[];
}

const SCHEMA_OF: Record<ItemKind, ItemBody['schema']> = {
  message: 'confide/message/v1',
  note: 'confide/note/v1',
  record: 'confide/record/v1',
};

/** Uploads the draft's attachments, then seals and signs the item to `recipients` (not sent). */
export async function prepareItem(
  agent: Agent,
  options: {
    team: string;
    caseId: string;
    author: string;
    signSecretKey: MemberKeys['sign']['secretKey'];
    recipients: Recipient[];
    draft: ItemDraft;
  },
): Promise<PreparedItem> {
  const kind = options.draft.kind ?? 'message';
  const attachments: AttachmentRef[] = [];
  for (const file of options.draft.attachments ?? []) attachments.push(await uploadAttachment(agent, file));
  const written_at = formatProtocolTime(new Date());
  const body: ItemBody =
    kind === 'record'
      ? {
          ...(options.draft.record ?? {
            type: 'debrief',
            best_result: options.draft.text,
            went_well: '',
            went_badly: '',
            improve: '',
          }),
          schema: SCHEMA_OF[kind],
          attachments,
          written_at,
        }
      : { schema: SCHEMA_OF[kind], text: options.draft.text, attachments, written_at };
  const { item } = sealItem({
    team: options.team,
    caseId: options.caseId,
    id: options.draft.id ?? generateId(),
    kind,
    author: options.author,
    audience: kind === 'message' ? 'reporter' : 'team',
    body,
    recipients: options.recipients,
    authorSignSecretKey: options.signSecretKey,
    attachments: attachments.map((a) => a.id),
  });
  return { item, body, attachments };
}
