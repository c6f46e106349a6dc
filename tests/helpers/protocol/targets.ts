/**
 * The target invited in (docs/protocol.md 8.5), on both sides. A member's browser makes a receipt
 * for the person targeted by a third-party report and signs its public keys over the case; the
 * other members' browsers check that signature against the inviter's roster key before they
 * encrypt to those keys. The target comes back with the receipt and reads and writes only their
 * own thread with the team (items of audience `target`), checked against the keys derived from
 * the receipt, never ones the server serves.
 */
import {
  boxPublicKeyFromBase64,
  formatProtocolTime,
  generateId,
  keyToBase64,
  lookupToken,
  openReport,
  ready,
  sealItem,
  signPublicKeyFromBase64,
  signTargetInvitation,
  toBase64Url,
  unwrapReportKey,
  verifyAndOpenItem,
  verifyReportSignature,
  verifyTargetInvitation,
  type ItemAudience,
  type ItemBody,
  type ItemKind,
  type Recipient,
  type SignPublicKey,
  type SignSecretKey,
  type VerifiedRoster,
} from '../../../crypto/index.js';
import { uploadAttachment, type FileToAttach } from './attachments.js';
import type { ReporterIdentity } from './identities.js';
import { caseExclusions, itemRecipients, type DecryptedItem, type PreparedItem } from './items.js';
import { fetchTeam, type PublicTeam } from './public-team.js';
import type { MemberSession } from './sessions.js';
import { expectReply, type Agent, type ApiResponse } from './transport.js';
import type { CaseDetailJson, CaseStatus, FullReportBody, ItemJson } from './wire-types.js';

/** The target's receipt as members read it in GET /api/cases/{id}. */
export interface CaseTargetJson {
  box_pk: string;
  sign_pk: string;
  invited_by: string | null;
  invited_at: string;
  sig: string;
}

export interface CaseEventJson {
  id: number;
  kind: string;
  actor: string | null;
  from: string | null;
  to: string | null;
  item: string | null;
  at: string;
}

export interface CaseDetailWithTargetJson extends CaseDetailJson {
  target: CaseTargetJson | null;
  events: CaseEventJson[];
}

/** GET /api/receipt/case as a target's receipt session reads it: no report, only its own thread. */
export interface TargetReceiptCaseJson {
  id: string;
  role: 'reporter' | 'target';
  target_invited_at: string | null;
  team: string;
  team_slug: string;
  status: CaseStatus;
  excluded: string[];
  payload: null;
  summary: null;
  grant: null;
  sig: null;
  items: ItemJson[];
}

/** The body of POST /api/cases/{id}/target. */
export interface TargetInvitationJson {
  box_pk: string;
  sign_pk: string;
  lookup_hash: string;
  sig: string;
}

/**
 * What the inviting member's browser sends for `target`'s receipt: its public keys and lookup
 * hash, signed with `signer` (the session's member by default) over `signedCase` (this case by
 * default). Tests of forged invitations name another signer or case.
 */
export function targetInvitation(
  session: MemberSession,
  caseId: string,
  target: ReporterIdentity,
  forged: { signer?: SignSecretKey; signedCase?: string } = {},
): TargetInvitationJson {
  const box_pk = keyToBase64(target.keys.box.publicKey);
  const sign_pk = keyToBase64(target.keys.sign.publicKey);
  const sig = signTargetInvitation(forged.signer ?? session.keys.sign.secretKey, {
    case: forged.signedCase ?? caseId,
    box_pk,
    sign_pk,
  });
  return { box_pk, sign_pk, lookup_hash: toBase64Url(target.keys.lookupHash), sig };
}

/** POST /api/cases/{id}/target with `body` (a targetInvitation, or anything a test sends). */
export function postTargetInvitation(
  session: MemberSession,
  caseId: string,
  body: unknown,
): Promise<ApiResponse> {
  return session.agent.post(`/api/cases/${caseId}/target`, body);
}

/** Invites `target` into the case as the session's member, expecting 201; returns `invited_at`. */
export async function inviteTarget(
  session: MemberSession,
  caseId: string,
  target: ReporterIdentity,
): Promise<string> {
  const reply = expectReply<{ invited_at: string }>(
    await postTargetInvitation(session, caseId, targetInvitation(session, caseId, target)),
    201,
    'POST /api/cases/{id}/target',
  );
  return reply.invited_at;
}

/**
 * The target's keys as a member's browser accepts them: only when the invitation is signed, over
 * this case and these keys, by a member of the verified roster. Throws otherwise.
 */
export function verifiedTargetKeys(
  target: CaseTargetJson,
  caseId: string,
  roster: VerifiedRoster,
): { boxPk: string; signPublicKey: SignPublicKey } {
  const inviter = target.invited_by === null ? undefined : roster.known.get(target.invited_by);
  if (inviter === undefined) throw new Error('the target was invited by nobody in the roster');
  const claim = { case: caseId, box_pk: target.box_pk, sign_pk: target.sign_pk };
  if (!verifyTargetInvitation(keyToBase64(inviter.signPublicKey), target.sig, claim)) {
    throw new Error("the target's keys are not signed by the member who invited them");
  }
  return { boxPk: target.box_pk, signPublicKey: signPublicKeyFromBase64(target.sign_pk) };
}

/** Opens served items, each verified against its author's key: a roster member's or a receipt's. */
function openThreadItems(
  items: readonly ItemJson[],
  team: string,
  roster: VerifiedRoster,
  recipient: MemberSession['keys']['enc'],
  receiptKeys: { reporter?: SignPublicKey; target?: SignPublicKey },
): DecryptedItem[] {
  return items.map((item) => {
    const role = item.author === 'reporter' || item.author === 'target' ? item.author : undefined;
    const key = role === undefined ? roster.known.get(item.author)?.signPublicKey : receiptKeys[role];
    if (key === undefined) throw new Error(`item ${item.id} names an author whose key is not known here`);
    const authorName = role ?? roster.known.get(item.author)?.name ?? item.author;
    return { raw: item, body: verifyAndOpenItem(item, team, recipient, key), authorName };
  });
}

export interface MemberTargetView {
  readonly raw: CaseDetailWithTargetJson;
  readonly body: FullReportBody;
  /** Every item the member holds a grant for, the target's thread included, verified and opened. */
  readonly items: readonly DecryptedItem[];
  readonly excluded: readonly string[];
  /** The target's keys once the invitation verified; null when nobody was invited. */
  readonly target: { boxPk: string; signPublicKey: SignPublicKey } | null;
}

/**
 * GET /api/cases/{id} as a console reads a case with a target: the report's signature and body,
 * the target's invitation against the inviter's roster key, then every item against its author's
 * key (the reporter's from the case, the target's from the verified invitation).
 */
export async function openCaseWithTarget(session: MemberSession, caseId: string): Promise<MemberTargetView> {
  const raw = expectReply<CaseDetailWithTargetJson>(
    await session.agent.get(`/api/cases/${caseId}?background=1`),
    200,
    'GET /api/cases/{id}',
  );
  const reporterSignPk = signPublicKeyFromBase64(raw.reporter.sign_pk);
  verifyReportSignature(raw, reporterSignPk);
  const body = openReport(
    { team: session.team.id, id: raw.id, payload: raw.payload },
    unwrapReportKey(raw.grant, session.keys.enc),
  ) as FullReportBody;
  const { roster } = await fetchTeam(session.agent, session.team.slug);
  const target = raw.target === null ? null : verifiedTargetKeys(raw.target, raw.id, roster);
  const items = openThreadItems(raw.items, session.team.id, roster, session.keys.enc, {
    reporter: reporterSignPk,
    ...(target === null ? {} : { target: target.signPublicKey }),
  });
  return { raw, body, items, excluded: caseExclusions(raw.excluded, body), target };
}

/** A draft of an item in a thread; the overrides make the items a server must refuse. */
export interface ThreadItemDraft {
  text: string;
  kind?: ItemKind;
  attachments?: readonly FileToAttach[];
  id?: string;
  audience?: ItemAudience;
  author?: string;
  /** The case the item names and is signed over (the case it is posted to by default). */
  caseId?: string;
  /** The recipients instead of those the sender's browser would choose. */
  recipients?: Recipient[];
  /** Sign with this key instead of the sender's. */
  signSecretKey?: SignSecretKey;
}

/** Uploads the draft's files, then seals and signs the item to `recipients` (not sent). */
async function sealThreadItem(
  agent: Agent,
  sender: {
    team: string;
    caseId: string;
    author: string;
    signSecretKey: SignSecretKey;
    audience: ItemAudience;
  },
  recipients: Recipient[],
  draft: ThreadItemDraft,
): Promise<PreparedItem> {
  const kind = draft.kind ?? 'message';
  const attachments = [];
  for (const file of draft.attachments ?? []) attachments.push(await uploadAttachment(agent, file));
  const written_at = formatProtocolTime(new Date());
  const body: ItemBody =
    kind === 'record'
      ? {
          schema: 'confide/record/v1',
          type: 'debrief',
          best_result: draft.text,
          went_well: '',
          went_badly: '',
          improve: '',
          attachments,
          written_at,
        }
      : {
          schema: kind === 'note' ? 'confide/note/v1' : 'confide/message/v1',
          text: draft.text,
          attachments,
          written_at,
        };
  const { item } = sealItem({
    team: sender.team,
    caseId: draft.caseId ?? sender.caseId,
    id: draft.id ?? generateId(),
    kind,
    author: draft.author ?? sender.author,
    audience: draft.audience ?? sender.audience,
    body,
    recipients: draft.recipients ?? recipients,
    authorSignSecretKey: draft.signSecretKey ?? sender.signSecretKey,
    attachments: attachments.map((a) => a.id),
  });
  return { item, body, attachments };
}

/**
 * A member's message to the target (audience target): sealed to the team minus the case's
 * exclusions and to the target's box key from the verified invitation (not sent).
 */
export async function prepareMemberTargetItem(
  session: MemberSession,
  view: MemberTargetView,
  draft: ThreadItemDraft,
): Promise<PreparedItem> {
  if (view.target === null) throw new Error('nobody was invited into this case');
  const { roster } = await fetchTeam(session.agent, session.team.slug);
  const recipients = itemRecipients(roster, view.excluded, null);
  recipients.push({ id: 'target', boxPublicKey: boxPublicKeyFromBase64(view.target.boxPk) });
  return sealThreadItem(
    session.agent,
    {
      team: session.team.id,
      caseId: view.raw.id,
      author: session.member.id,
      signSecretKey: session.keys.sign.secretKey,
      audience: 'target',
    },
    recipients,
    draft,
  );
}

/** POST /api/cases/{id}/items with a prepared item. */
export function postCaseItem(
  session: MemberSession,
  caseId: string,
  item: PreparedItem['item'],
): Promise<ApiResponse> {
  return session.agent.post(`/api/cases/${caseId}/items`, item);
}

/** POST /api/receipt/session with the target's receipt (or any receipt). */
export async function openTargetSession(agent: Agent, target: ReporterIdentity): Promise<ApiResponse> {
  await ready();
  return agent.post('/api/receipt/session', { lookup: lookupToken(target.keys) });
}

export interface TargetCaseView {
  readonly raw: TargetReceiptCaseJson;
  readonly items: readonly DecryptedItem[];
  readonly team: PublicTeam;
}

/**
 * GET /api/receipt/case with a target's receipt session: the role must be `target` and nothing of
 * the report served; every item is verified (members against the roster, the target's own against
 * the key derived from its receipt) and opened with the receipt's box key.
 */
export async function readTargetCase(agent: Agent, target: ReporterIdentity): Promise<TargetCaseView> {
  const raw = expectReply<TargetReceiptCaseJson>(
    await agent.get('/api/receipt/case'),
    200,
    'GET /api/receipt/case',
  );
  if (raw.role !== 'target') throw new Error(`the receipt opened the case as ${raw.role}`);
  const team = await fetchTeam(agent, raw.team_slug);
  if (team.detail.id !== raw.team) throw new Error('the case names another team');
  const items = openThreadItems(raw.items, raw.team, team.roster, target.keys.box, {
    target: target.keys.sign.publicKey,
  });
  return { raw, items, team };
}

/** The target's answer (kind message, author and audience target), to the team minus exclusions and to itself (not sent). */
export async function prepareTargetItem(
  agent: Agent,
  target: ReporterIdentity,
  view: TargetCaseView,
  draft: ThreadItemDraft,
): Promise<PreparedItem> {
  const { roster } = await fetchTeam(agent, view.raw.team_slug);
  const recipients = itemRecipients(roster, view.raw.excluded, null);
  recipients.push({ id: 'target', boxPublicKey: target.keys.box.publicKey });
  return sealThreadItem(
    agent,
    {
      team: view.raw.team,
      caseId: view.raw.id,
      author: 'target',
      signSecretKey: target.keys.sign.secretKey,
      audience: 'target',
    },
    recipients,
    draft,
  );
}
