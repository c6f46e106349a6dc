/**
 * Referrals to another team of the deployment (issue 13 item 1), on every side. The referring
 * member's browser opens the case, verifies the receiving team's roster, seals a packet (the case's
 * report body with a `referral` object, and its summary) to every active member of that team and to
 * the reporter, and signs it over the packet and the case it comes from. The reporter reads the
 * packet with their receipt's keys before they answer; the receiving team's members believe it only
 * on the referring member's signature, checked with that member's key in the referring team's
 * verified roster, and reach the reporter with the reporter keys the signed packet names.
 */
import {
  boxPublicKeyFromBase64,
  fitReportSummary,
  formatProtocolTime,
  generateId,
  keyToBase64,
  openReport,
  openReportSummary,
  ready,
  recipientsFromRoster,
  sealReferral,
  signPublicKeyFromBase64,
  unwrapReportKey,
  verifyReferral,
  type AttachmentRef,
  type Envelope,
  type Grant,
  type Recipient,
  type SignPublicKey,
  type SignSecretKey,
  type SummaryBody,
  type VerifiedRoster,
} from '../../../crypto/index.js';
import { uploadAttachment, type FileToAttach } from './attachments.js';
import { openCase } from './cases.js';
import type { ReporterIdentity } from './identities.js';
import {
  caseExclusions,
  itemRecipients,
  openItems,
  prepareItem,
  type DecryptedItem,
  type ItemDraft,
  type PreparedItem,
} from './items.js';
import { fetchTeam, type PublicTeam } from './public-team.js';
import type { MemberSession } from './sessions.js';
import { expectReply, type Agent, type ApiResponse } from './transport.js';
import type { CaseDetailJson, CaseStatus, FullReportBody, ItemJson } from './wire-types.js';

// ---------------------------------------------------------------------------
// Wire shapes (written by hand, as wire-types.ts is)
// ---------------------------------------------------------------------------

export type ReferralStateJson = 'awaiting_consent' | 'released' | 'refused';

/** The body of POST /api/cases/{id}/referrals. */
export interface ReferralSubmissionJson {
  id: string;
  team: string;
  roster_seq: number;
  payload: Envelope;
  summary: Envelope;
  grants: Grant[];
  excluded: string[];
  attachments?: string[];
  sig: string;
}

export interface ReferralTeamJson {
  id: string;
  slug: string;
  name: string;
  community: string | null;
}

/** A referral as the referring team's members see it in GET /api/cases/{id} (`referrals`). */
export interface OutgoingReferralJson {
  id: string;
  to_team: ReferralTeamJson;
  state: ReferralStateJson;
  needs_consent: boolean;
  excluded: string[];
  created_by: string | null;
  created_at: string;
  decided_at: string | null;
}

/** Where a case a referral made came from, in the receiving team's GET /api/cases/{id} (`referral`). */
export interface IncomingReferralJson {
  from_team: ReferralTeamJson;
  from_case: string;
  from_case_number: number;
  referred_by: string | null;
  needs_consent: boolean;
  created_at: string;
  released_at: string;
}

export interface CaseDetailWithReferralsJson extends CaseDetailJson {
  referrals: OutgoingReferralJson[];
  referral: IncomingReferralJson | null;
}

/** A referral as the reporter sees it in GET /api/receipt/case: the packet while it waits for them. */
export interface ReceiptReferralJson {
  id: string;
  to_team: ReferralTeamJson;
  state: ReferralStateJson;
  needs_consent: boolean;
  excluded: string[];
  created_at: string;
  decided_at: string | null;
  packet: { payload: Envelope; summary: Envelope; grant: string; sig: string } | null;
}

export interface ReceiptCaseLinkJson {
  id: string;
  team_name: string;
  team_slug: string;
  referred_from: string | null;
}

/** GET /api/receipt/case with the fields referrals added; `payload` and the rest are null on a referred case. */
export interface ReceiptCaseWithReferralsJson {
  id: string;
  role: 'reporter' | 'target';
  team: string;
  team_slug: string;
  team_name: string;
  status: CaseStatus;
  excluded: string[];
  /** The active members holding a grant on the case (who can read it now). */
  readers: string[];
  payload: Envelope | null;
  summary: Envelope | null;
  grant: string | null;
  sig: string | null;
  items: ItemJson[];
  referred_from: { team_name: string; team_slug: string; case: string } | null;
  referrals: ReceiptReferralJson[];
  other_cases: ReceiptCaseLinkJson[];
}

// ---------------------------------------------------------------------------
// The referring member
// ---------------------------------------------------------------------------

/** What the referring member writes for the receiving team, inside the packet. */
export interface ReferralFields {
  /** The referring team's id and the case's id: the receiving team finds it in the signed packet. */
  readonly from_team: string;
  readonly from_case: string;
  /** The referring member's id. */
  readonly referred_by: string;
  /** Whom the receiving team may contact, and how: the referring member, the reporter. */
  readonly contact_referrer: string;
  readonly contact_reporter: string;
  /** Why the case goes to them, and what the referring team found out. */
  readonly summary: string;
  readonly links: readonly string[];
  readonly diffs: readonly string[];
  readonly preliminary_work: string;
}

/** The packet's plaintext: the case's report body, re-addressed to the receiving team, and `referral`. */
export type ReferralBody = FullReportBody & { readonly referral: ReferralFields };

export interface ReferralOptions {
  /** The receiving case's id (a fresh one by default). */
  id?: string;
  /** Members of the receiving team to leave out (`excluded`; only when no consent is needed). */
  exclude?: readonly string[];
  /** The free-text fields of `referral`; defaults fill in the rest. */
  referral?: Partial<Omit<ReferralFields, 'from_team' | 'from_case' | 'referred_by'>>;
  /** Files the member attaches to the packet, encrypted and uploaded afresh. */
  attachments?: readonly FileToAttach[];
  /** Use this (perhaps stale) verified receiving team instead of fetching it. */
  team?: PublicTeam;
  /** Seal to these recipients instead of every active member of the receiving team. */
  recipients?: Recipient[];
  /** Sign with this key instead of the member's. */
  signSecretKey?: SignSecretKey;
  /** Sign over this case instead of the one referred. */
  signedCase?: string;
}

export interface PreparedReferral {
  readonly submission: ReferralSubmissionJson;
  readonly body: ReferralBody;
  readonly summary: SummaryBody;
  /** The receiving team, as the member's browser verified it. */
  readonly team: PublicTeam;
  /** The case referred, as the member opened it. */
  readonly from: CaseToRefer;
  readonly attachments: readonly AttachmentRef[];
}

function defaultReferralFields(): Omit<ReferralFields, 'from_team' | 'from_case' | 'referred_by'> {
  return {
    contact_referrer: 'Write to me on my talk page',
    contact_reporter: 'Through Confide only',
    summary: 'This concerns your community more than ours.',
    links: [],
    diffs: [],
    preliminary_work: 'We read the report and checked the linked page.',
  };
}

/** What the referring member's browser takes from the case it refers. */
export interface CaseToRefer {
  readonly body: FullReportBody;
  /** The reporter's box key, from the body the reporter (or a referring member) signed. */
  readonly reporterBoxPk: string;
}

/**
 * The case as its member's console opens it: a report, verified against the reporter's signature,
 * or a case a referral made, verified against the referring member's (openReferredCase).
 */
async function openCaseToRefer(member: MemberSession, caseId: string): Promise<CaseToRefer> {
  const raw = expectReply<{ referral?: unknown }>(
    await member.agent.get(`/api/cases/${caseId}?background=1`),
    200,
    'GET /api/cases/{id}',
  );
  const opened =
    raw.referral === null || raw.referral === undefined
      ? await openCase(member, caseId)
      : await openReferredCase(member, caseId);
  return { body: opened.body, reporterBoxPk: opened.reporterBoxPk };
}

/**
 * Everything the referring member's browser does before POST /api/cases/{id}/referrals: open the
 * case (openCaseToRefer; the reporter keys come from its signed body), fetch and verify the
 * receiving team's roster, upload the packet's files, build the packet body (the report's fields,
 * addressed to the receiving roster, with `referral`), fit its summary, seal it to every active
 * member of the receiving team and to the reporter, and sign it. Not sent.
 *
 * The case's own files are not carried: they are bound to the case, and the receiving team could
 * not fetch them. The packet carries only the files in `options.attachments`, uploaded afresh.
 */
export async function prepareReferral(
  member: MemberSession,
  fromCaseId: string,
  toTeamSlug: string,
  options: ReferralOptions = {},
): Promise<PreparedReferral> {
  await ready();
  const from = await openCaseToRefer(member, fromCaseId);
  const team = options.team ?? (await fetchTeam(member.agent, toTeamSlug));
  const reporterKeys = from.body.reporter_keys;
  if (reporterKeys === undefined) throw new Error('the case names no reporter keys in its signed body');
  const id = options.id ?? generateId();
  const excluded = [...(options.exclude ?? [])];
  const attachments: AttachmentRef[] = [];
  for (const file of options.attachments ?? []) attachments.push(await uploadAttachment(member.agent, file));
  const body: ReferralBody = {
    ...from.body,
    attachments,
    submitted_at: formatProtocolTime(new Date()),
    reporter_keys: reporterKeys,
    excluded,
    team_fingerprint: team.roster.fingerprint,
    roster_head: team.roster.head,
    referral: {
      ...defaultReferralFields(),
      ...options.referral,
      from_team: member.team.id,
      from_case: fromCaseId,
      referred_by: member.member.id,
    },
  };
  const summary = fitReportSummary(body);
  const sealed = sealReferral({
    team: team.detail.id,
    id,
    fromCase: options.signedCase ?? fromCaseId,
    body,
    summary,
    recipients: options.recipients ?? recipientsFromRoster(team.roster),
    reporterBoxPublicKey: boxPublicKeyFromBase64(reporterKeys.box_pk),
    memberSignSecretKey: options.signSecretKey ?? member.keys.sign.secretKey,
  });
  const submission: ReferralSubmissionJson = {
    id,
    team: team.detail.id,
    roster_seq: team.roster.head.seq,
    payload: sealed.payload,
    summary: sealed.summary,
    grants: [...sealed.grants],
    excluded,
    ...(attachments.length === 0 ? {} : { attachments: attachments.map((a) => a.id) }),
    sig: sealed.sig,
  };
  return { submission, body, summary, team, from, attachments };
}

/** POST /api/cases/{fromCaseId}/referrals with `submission` (a prepared one, or anything a test sends). */
export function postReferral(
  member: MemberSession,
  fromCaseId: string,
  submission: unknown,
): Promise<ApiResponse> {
  return member.agent.post(`/api/cases/${fromCaseId}/referrals`, submission);
}

export interface MadeReferral extends PreparedReferral {
  /** `released` at once (one community), or `awaiting_consent`. */
  readonly state: ReferralStateJson;
}

/** prepareReferral, then POST, expecting 201: the prepared packet and the state it is in. */
export async function referCase(
  member: MemberSession,
  fromCaseId: string,
  toTeamSlug: string,
  options: ReferralOptions = {},
): Promise<MadeReferral> {
  const prepared = await prepareReferral(member, fromCaseId, toTeamSlug, options);
  const reply = expectReply<{ id: string; state: ReferralStateJson }>(
    await postReferral(member, fromCaseId, prepared.submission),
    201,
    'POST /api/cases/{id}/referrals',
  );
  if (reply.id !== prepared.submission.id) throw new Error('the referral was stored under another id');
  return { ...prepared, state: reply.state };
}

// ---------------------------------------------------------------------------
// The reporter
// ---------------------------------------------------------------------------

/** POST /api/receipt/referrals/{id}/consent: the reporter's answer, and whom they leave out. */
export function answerReferral(
  receiptAgent: Agent,
  referralId: string,
  decision: { consent: boolean; excluded?: readonly string[] },
): Promise<ApiResponse> {
  return receiptAgent.post(`/api/receipt/referrals/${referralId}/consent`, {
    consent: decision.consent,
    excluded: [...(decision.excluded ?? [])],
  });
}

/** POST /api/receipt/switch: moves the receipt session to another case the receipt opens. */
export function switchReceiptCase(receiptAgent: Agent, caseId: string): Promise<ApiResponse> {
  return receiptAgent.post('/api/receipt/switch', { case: caseId });
}

/** GET /api/receipt/case as the reporter's browser reads it, with the referral fields. */
export async function fetchReceiptCase(receiptAgent: Agent): Promise<ReceiptCaseWithReferralsJson> {
  return expectReply<ReceiptCaseWithReferralsJson>(
    await receiptAgent.get('/api/receipt/case'),
    200,
    'GET /api/receipt/case',
  );
}

export interface OpenedPacket {
  readonly body: ReferralBody;
  readonly summary: SummaryBody;
  /** The member of the referring team whose roster key verified the packet's signature. */
  readonly signedBy: string;
  /** The receiving team, verified from genesis. */
  readonly team: PublicTeam;
}

/** The referring roster's member (active or removed) whose key verifies the packet, if any. */
function packetSigner(
  roster: VerifiedRoster,
  packet: { id: string; fromCase: string; payload: Envelope; summary: Envelope },
  sig: string,
): string | undefined {
  for (const [id, member] of roster.known) {
    if (verifyReferral(packet, sig, keyToBase64(member.signPublicKey))) return id;
  }
  return undefined;
}

/**
 * The packet of a referral waiting for the reporter, as their browser opens it before they answer:
 * its signature by a member of the case's team (whose roster the browser verifies; the reply does
 * not say which member, so each key is tried), the key opened with the receipt's box key, the
 * body and summary with the receiving team's id and the referral's id in their associated data,
 * and the receiving team's roster verified. Throws when any of it fails.
 */
export async function openReferralPacket(
  receiptAgent: Agent,
  reporter: ReporterIdentity,
  view: Pick<ReceiptCaseWithReferralsJson, 'id' | 'team_slug'>,
  referral: ReceiptReferralJson,
): Promise<OpenedPacket> {
  if (referral.packet === null) throw new Error(`referral ${referral.id} carries no packet`);
  const { payload, summary, grant, sig } = referral.packet;
  const referring = await fetchTeam(receiptAgent, view.team_slug);
  const signedBy = packetSigner(
    referring.roster,
    { id: referral.id, fromCase: view.id, payload, summary },
    sig,
  );
  if (signedBy === undefined) throw new Error('the packet is signed by nobody in the referring roster');
  const key = unwrapReportKey(grant, reporter.keys.box);
  const address = { team: referral.to_team.id, id: referral.id };
  const body = openReport({ ...address, payload }, key) as ReferralBody;
  const opened = openReportSummary({ ...address, summary }, key);
  const team = await fetchTeam(receiptAgent, referral.to_team.slug, body.team_fingerprint);
  if (team.detail.id !== referral.to_team.id) throw new Error('the packet names another team');
  if (body.reporter_keys?.box_pk !== keyToBase64(reporter.keys.box.publicKey)) {
    throw new Error('the packet names other reporter keys than this receipt’s');
  }
  return { body, summary: opened, signedBy, team };
}

export interface ReferredReceiptView {
  readonly raw: ReceiptCaseWithReferralsJson;
  readonly items: readonly DecryptedItem[];
  readonly team: PublicTeam;
}

/**
 * GET /api/receipt/case on a case a referral made, as the reporter's browser reads it: no report is
 * served (the reporter read the packet when it was referred), the receiving team's roster is
 * verified (against `fingerprint`, the one in the packet, when given), and every item verified
 * (members against that roster, the reporter's own against the key derived from the receipt) and
 * opened with the receipt's box key.
 */
export async function readReferredReceiptCase(
  receiptAgent: Agent,
  reporter: ReporterIdentity,
  fingerprint?: string,
): Promise<ReferredReceiptView> {
  const raw = await fetchReceiptCase(receiptAgent);
  if (raw.referred_from === null) throw new Error('the receipt session is not on a referred case');
  if (raw.payload !== null || raw.summary !== null || raw.grant !== null || raw.sig !== null) {
    throw new Error('a referred case serves a report to the reporter');
  }
  const team = await fetchTeam(receiptAgent, raw.team_slug, fingerprint);
  if (team.detail.id !== raw.team) throw new Error('the case names another team');
  const items = openItems(raw.items, raw.team, team.roster, reporter.keys.box, reporter.keys.sign.publicKey);
  return { raw, items, team };
}

/** The reporter's message on a referred case: to its team minus the exclusions, and to themselves (not sent). */
export function prepareReferredReporterItem(
  receiptAgent: Agent,
  reporter: ReporterIdentity,
  view: ReferredReceiptView,
  draft: ItemDraft,
): Promise<PreparedItem> {
  return prepareItem(receiptAgent, {
    team: view.raw.team,
    caseId: view.raw.id,
    author: 'reporter',
    signSecretKey: reporter.keys.sign.secretKey,
    recipients: itemRecipients(view.team.roster, view.raw.excluded, keyToBase64(reporter.keys.box.publicKey)),
    draft: { ...draft, kind: draft.kind ?? 'message' },
  });
}

// ---------------------------------------------------------------------------
// The receiving team
// ---------------------------------------------------------------------------

export interface ReferredCaseView {
  readonly raw: CaseDetailWithReferralsJson;
  readonly body: ReferralBody;
  readonly summary: SummaryBody | null;
  readonly items: readonly DecryptedItem[];
  readonly excluded: readonly string[];
  /** From the signed packet (checked to be the keys the server serves). */
  readonly reporterBoxPk: string;
  readonly reporterSignPk: SignPublicKey;
  /** The referring team, verified from genesis, whose member signed the packet. */
  readonly from: PublicTeam;
}

/**
 * GET /api/cases/{id} on a case a referral made, as the receiving team's console reads it: the
 * packet's signature checked with the referring member's key in the referring team's verified
 * roster (never a key the reply carries), the packet and its summary opened, the reporter keys the
 * server serves checked against those in the signed packet, and every item verified and opened.
 */
export async function openReferredCase(session: MemberSession, caseId: string): Promise<ReferredCaseView> {
  const raw = expectReply<CaseDetailWithReferralsJson>(
    await session.agent.get(`/api/cases/${caseId}?background=1`),
    200,
    'GET /api/cases/{id}',
  );
  if (raw.referral === null) throw new Error(`case ${caseId} was not made by a referral`);
  const from = await fetchTeam(session.agent, raw.referral.from_team.slug);
  const referrer =
    raw.referral.referred_by === null ? undefined : from.roster.known.get(raw.referral.referred_by);
  if (referrer === undefined) throw new Error('the referral names nobody in the referring roster');
  const packet = { id: raw.id, fromCase: raw.referral.from_case, payload: raw.payload, summary: raw.summary };
  if (
    raw.summary === null ||
    !verifyReferral({ ...packet, summary: raw.summary }, raw.sig, keyToBase64(referrer.signPublicKey))
  ) {
    throw new Error('the packet is not signed by the member who referred it');
  }
  const key = unwrapReportKey(raw.grant, session.keys.enc);
  const body = openReport({ team: session.team.id, id: raw.id, payload: raw.payload }, key) as ReferralBody;
  const summary = openReportSummary({ team: session.team.id, id: raw.id, summary: raw.summary }, key);
  if (
    body.referral.from_case !== raw.referral.from_case ||
    body.referral.from_team !== raw.referral.from_team.id ||
    body.referral.referred_by !== raw.referral.referred_by
  ) {
    throw new Error('the server names another origin than the signed packet');
  }
  const keys = body.reporter_keys;
  if (keys?.box_pk !== raw.reporter.box_pk || keys.sign_pk !== raw.reporter.sign_pk) {
    throw new Error('the server serves reporter keys that are not those in the packet');
  }
  const reporterSignPk = signPublicKeyFromBase64(keys.sign_pk);
  const { roster } = await fetchTeam(session.agent, session.team.slug);
  const items = openItems(raw.items, session.team.id, roster, session.keys.enc, reporterSignPk);
  return {
    raw,
    body,
    summary,
    items,
    excluded: caseExclusions(raw.excluded, body),
    reporterBoxPk: keys.box_pk,
    reporterSignPk,
    from,
  };
}
