// A long case, for the console benchmark's "open a case" row: one of the bench team's cases given
// N items the way members' browsers write them: messages to the reporter (author the admin,
// granted to the admin and the reporter), internal notes and typed records (checklist ticks,
// votes, investigators, notices, support; granted to the team, here the admin). Each is sealed and
// signed with sodium-native exactly as docs/protocol.md 10.1 says and written straight into the
// items and grants tables: 500 POSTs through the API would measure nothing the row is about.
//
// A wrong composition would make every item "could not be verified" in the browser and the row
// would time an error page, so the seed reads a few items back in their served form and opens
// them with the project's own crypto (verifyAndOpenItem) before the bench goes on.

import { sql, type Insertable, type Kysely } from 'kysely';
import { Check } from 'typebox/value';
import { RECORD_SCHEMA, RecordBody, CHECKLISTS } from '../../../contract/records.js';
import { NOTICE_RECIPIENTS, VOTE_CHOICES } from '../../../contract/enumerations.js';
import { signPublicKeyFromBase64, keyToBase64, verifyAndOpenItem } from '../../../crypto/index.js';
import type { DB } from '../../../server/db/schema.js';
import { listItemsFor } from '../../../server/repositories/items.js';
import type { CreatedTeam } from '../../../tests/helpers/protocol/teams.js';
import { nativeSealItem, type NativeBoxKeyPair } from '../../reference/native.js';

type ItemKind = 'message' | 'note' | 'record';

export interface CaseFixture {
  readonly caseId: string;
  readonly items: number;
  readonly messages: number;
  readonly notes: number;
  readonly records: number;
}

const CHECKLIST_ITEMS = ['links_opened', 'diffs_confirmed', 'identity_checked', 'account_status'];
const LINES = [
  'Thank you for writing to us. We have read your report and are looking into it now.',
  'I opened every diff you linked; three of them were already revision-deleted by an admin.',
  'The account was created two days after the first block, from the same range as before.',
  'Could you tell us whether the messages continued after Tuesday, and on which pages?',
  'Checked the talk page history: the comments match the ones in the report, word for word.',
];

/** The kind of the n-th item: four messages, three notes and three records in every ten. */
function kindOf(n: number): ItemKind {
  const slot = n % 10;
  return slot < 4 ? 'message' : slot < 7 ? 'note' : 'record';
}

/** Text of a few hundred bytes, different for every n, as a real thread has. */
function text(n: number): string {
  const lines = 1 + (n % 4);
  return Array.from({ length: lines }, (_, i) => LINES[(n + i) % LINES.length]).join('\n\n') + ` (${n})`;
}

/** A confide/record/v1 body of contract/records.ts, cycling through the kinds a case collects. */
function recordBody(n: number, writtenAt: string, adminId: string): RecordBody {
  const common = { schema: RECORD_SCHEMA, written_at: writtenAt } as const;
  switch (n % 5) {
    case 0:
    case 1:
      return {
        ...common,
        type: 'checklist',
        list: CHECKLISTS[n % CHECKLISTS.length]!,
        item: CHECKLIST_ITEMS[n % CHECKLIST_ITEMS.length]!,
        checked: n % 7 !== 0,
        note: n % 3 === 0 ? 'Confirmed against the page history.' : '',
      };
    case 2:
      return {
        ...common,
        type: 'vote',
        round: 1 + Math.floor(n / 50),
        choice: VOTE_CHOICES[n % VOTE_CHOICES.length]!,
        note: 'The diffs show a pattern over several weeks.',
      };
    case 3:
      return { ...common, type: 'investigators', members: [adminId] };
    default:
      return n % 10 === 4
        ? {
            ...common,
            type: 'notice',
            to: NOTICE_RECIPIENTS[n % NOTICE_RECIPIENTS.length]!,
            note: 'Told on their talk page.',
          }
        : {
            ...common,
            type: 'support',
            offered: ['search_engine_removal', 'two_factor'],
            note: 'Sent the links by e-mail.',
          };
  }
}

function bodyOf(kind: ItemKind, n: number, writtenAt: string, adminId: string): object {
  if (kind === 'record') {
    const body = recordBody(n, writtenAt, adminId);
    // The console withholds a record it cannot read: every one seeded must be a known shape.
    if (!Check(RecordBody, body))
      throw new Error(`a seeded record is not a contract/records.ts shape: ${JSON.stringify(body)}`);
    return body;
  }
  const schema = kind === 'message' ? 'confide/message/v1' : 'confide/note/v1';
  return { schema, text: text(n), attachments: [], written_at: writtenAt };
}

/**
 * Gives one of the team's cases (the newest with room for one item a second until now) `count`
 * items, sealed with sodium-native, and checks that the project's crypto opens them. No case is
 * added, so the list keeps its count.
 */
export async function seedCaseItems(db: Kysely<DB>, team: CreatedTeam, count: number): Promise<CaseFixture> {
  // One item a second from the case's arrival on (the API shows times to the second), so the
  // newest case that arrived at least `count` seconds ago; the oldest one if none did.
  const cases = db
    .selectFrom('cases')
    .select(['id', 'reporter_box_pk', 'created_at'])
    .where('team_id', '=', team.id);
  const target =
    (await cases
      .where('created_at', '<=', new Date(Date.now() - (count + 1) * 1000))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()) ??
    (await cases.orderBy('created_at', 'asc').orderBy('id', 'asc').limit(1).executeTakeFirstOrThrow());
  const admin = team.admin;
  const adminRecipient = { id: admin.id, publicKey: Buffer.from(admin.keys.enc.publicKey) };
  const reporterRecipient = { id: 'reporter', publicKey: target.reporter_box_pk };
  const signKeyPair: NativeBoxKeyPair = {
    publicKey: Buffer.from(admin.keys.sign.publicKey),
    secretKey: Buffer.from(admin.keys.sign.secretKey),
  };
  // The server lists items by created_at, then id: a distinct second each keeps the order the
  // one written here.
  const from = new Date(target.created_at).getTime();

  const items: Insertable<DB['items']>[] = [];
  const grants: Insertable<DB['grants']>[] = [];
  const tally = { message: 0, note: 0, record: 0 };
  for (let n = 0; n < count; n++) {
    const kind = kindOf(n);
    // Bodies vary with the item's rank among its kind, so every record type comes round.
    const rank = tally[kind]++;
    const createdAt = new Date(from + (n + 1) * 1000);
    const id = crypto.randomUUID();
    const toReporter = kind === 'message';
    const sealed = nativeSealItem({
      team: team.id,
      caseId: target.id,
      id,
      kind,
      author: admin.id,
      audience: toReporter ? 'reporter' : 'team',
      body: Buffer.from(JSON.stringify(bodyOf(kind, rank, createdAt.toISOString(), admin.id))),
      recipients: toReporter ? [adminRecipient, reporterRecipient] : [adminRecipient],
      signKeyPair,
    });
    items.push({
      id,
      case_id: target.id,
      kind,
      author: admin.id,
      audience: sealed.audience,
      payload_v: 1,
      payload_nonce: Buffer.from(sealed.payload.n, 'base64url'),
      payload_ct: sealed.ciphertext,
      sig: Buffer.from(sealed.sig, 'base64url'),
      created_at: createdAt,
    });
    for (const g of sealed.grants) {
      grants.push({
        case_id: target.id,
        object_id: id,
        recipient: g.to,
        sealed: Buffer.from(g.k, 'base64url'),
      });
    }
  }
  const BATCH = 250;
  for (let at = 0; at < items.length; at += BATCH) {
    await db
      .insertInto('items')
      .values(items.slice(at, at + BATCH))
      .execute();
  }
  for (let at = 0; at < grants.length; at += BATCH) {
    await db
      .insertInto('grants')
      .values(grants.slice(at, at + BATCH))
      .execute();
  }
  // Statistics for the new rows, as on a database in use (see fixtures.ts).
  await sql`analyze items`.execute(db);
  await checkOpensWithOurCrypto(db, team, target.id, count);
  return {
    caseId: target.id,
    items: count,
    messages: tally.message,
    notes: tally.note,
    records: tally.record,
  };
}

/**
 * Reads the items back as the server serves them to the admin and opens the first of each kind
 * with crypto/index.ts; messages, and only they, must also hold a grant for the reporter.
 */
async function checkOpensWithOurCrypto(
  db: Kysely<DB>,
  team: CreatedTeam,
  caseId: string,
  count: number,
): Promise<void> {
  const served = await listItemsFor(db, caseId, team.admin.id);
  if (served.length !== count) throw new Error(`seeded ${count} items, the server lists ${served.length}`);
  const authorKey = signPublicKeyFromBase64(keyToBase64(team.admin.keys.sign.publicKey));
  for (const kind of ['message', 'note', 'record'] as const) {
    const item = served.find((i) => i.kind === kind);
    if (item === undefined) continue;
    // Throws (SIGNATURE_INVALID, TAMPERED, ...) if the native composition differs from ours.
    const envelope = { v: 1, n: item.payload.n, c: item.payload.c } as const;
    const body = verifyAndOpenItem({ ...item, payload: envelope }, team.id, team.admin.keys.enc, authorKey);
    if (body.schema !== `confide/${kind}/v1`) throw new Error(`a ${kind} opened as ${body.schema}`);
  }
  const messages = served.filter((i) => i.kind === 'message');
  const reporterGrants = await db
    .selectFrom('grants')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('case_id', '=', caseId)
    .where('recipient', '=', 'reporter')
    .where('object_id', '!=', caseId)
    .executeTakeFirstOrThrow();
  if (Number(reporterGrants.n) !== messages.length)
    throw new Error(`${messages.length} messages but ${reporterGrants.n} reporter grants`);
}
