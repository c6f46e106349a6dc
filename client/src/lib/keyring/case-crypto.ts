/**
 * Opening cases and items: runs inside the keyring workers only (it needs the member's
 * secret key). Pure functions over the crypto module; the workers hold the keys and call
 * these with them.
 *
 * The checks follow docs/protocol.md 9.5 and 10.3, plus the additive fields of docs/review-notes.md 2.3 that
 * this console adopts: `reporter_keys` and `excluded` inside the report body,
 * the urgency mirror, and the item consistency rules with a message's `thread`
 * (docs/protocol.md 10.2); and the target invited in (docs/protocol.md 8.5), believed only on a
 * roster member's signature. And the body of an item a member writes, which the worker seals.
 * A case a referral made (docs/protocol.md 10.10) is signed by the referring member instead of
 * the reporter: referral-crypto.ts checks it.
 */
import {
  isConfideCryptoError,
  isUuid,
  openItem,
  openReport,
  openReportSummary,
  reportParties,
  signPublicKeyFromBase64,
  summaryDisagreements,
  summaryLineOf,
  unwrapItemKey,
  unwrapReportKey,
  unwrapReportKeys,
  verifyItemSignature,
  verifyReportSignature,
  verifyTargetInvitation,
  type BoxKeyPair,
  type Envelope,
  type ItemBody,
  type ItemKey,
  type ReportBody,
  type ReportKey,
  type SealedBoxOpener,
  type SummaryBody,
} from '#crypto';
import { Check } from 'typebox/value';
import { ITEM_KINDS, type Audience, type ItemKind } from '#contract/enumerations';
import { RecordBody, RetainedRecord } from '#contract/records';
import type {
  AttachmentView,
  CryptoProblemCode,
  Danger,
  InvolvedRole,
  ItemProblem,
  MessageThread,
  OpenedCase,
  OpenedItem,
  OpenedSummary,
  RegrantInput,
  RegrantOutput,
  ReportProblem,
  ReportView,
  SealedCaseInput,
  SealedItemInput,
  SealedSummaryInput,
  SealedTargetInput,
  SealItemRequest,
  SummaryView,
  TargetView,
} from './types.js';
import { SUMMARY_UNREADABLE } from './types.js';
import { checkReferral, readReferralFields } from './referral-crypto.js';

const SUMMARY_FALLBACK_CHARS = 140;
const INVOLVED_ROLES: readonly InvolvedRole[] = ['alleged_harasser', 'target', 'witness', 'other'];
const DANGERS: readonly Danger[] = ['none', 'life', 'minor'];
const ITEM_SCHEMA_OF_KIND = {
  message: 'confide/message/v1',
  note: 'confide/note/v1',
  record: 'confide/record/v1',
} as const;

// ---------------------------------------------------------------------------
// Reading a body: type-check every field; readers ignore what they do not know
// ---------------------------------------------------------------------------

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function strOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

function obj(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function firstLine(text: string): string {
  const line = text.trim().split('\n', 1)[0] ?? '';
  return line.length > SUMMARY_FALLBACK_CHARS ? `${line.slice(0, SUMMARY_FALLBACK_CHARS - 1)}…` : line;
}

function readInvolved(value: unknown): ReportView['involved'] {
  return list(value).flatMap((entry) => {
    const o = obj(entry);
    const name = str(o?.name).trim();
    if (!o || name === '') return [];
    const role = INVOLVED_ROLES.find((r) => r === o.role) ?? 'other';
    return [{ name, role }];
  });
}

function readExcluded(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null;
  return (value as unknown[]).filter(isUuid);
}

function readRosterHead(value: unknown): ReportView['rosterHead'] {
  const o = obj(value);
  if (!o || !Number.isSafeInteger(o.seq) || typeof o.hash !== 'string') return null;
  return { seq: o.seq as number, hash: o.hash };
}

function readReporterKeys(value: unknown): ReportView['reporterKeys'] {
  const o = obj(value);
  if (!o || typeof o.box_pk !== 'string' || typeof o.sign_pk !== 'string') return null;
  return { box_pk: o.box_pk, sign_pk: o.sign_pk };
}

export function readAttachments(value: unknown): AttachmentView[] {
  return list(value).flatMap((entry) => {
    const o = obj(entry);
    if (!o || !isUuid(o.id) || typeof o.key !== 'string') return [];
    const size = typeof o.size === 'number' && Number.isSafeInteger(o.size) && o.size >= 0 ? o.size : 0;
    return [{ id: o.id, name: str(o.name) || 'unnamed file', type: str(o.type), size, key: o.key }];
  });
}

/** A decrypted report body as the console shows it (see ReportView). */
export function readReportBody(body: ReportBody): ReportView {
  const b = body as unknown as Record<string, unknown>;
  const whatHappened = str(b.what_happened);
  const summary = str(b.summary).trim();
  const contact = obj(b.contact);
  return {
    reporterRole: b.reporter_role === 'target' || b.reporter_role === 'third_party' ? b.reporter_role : null,
    kinds: list(b.kinds).filter((k): k is string => typeof k === 'string'),
    summary: summary !== '' ? firstLine(summary) : firstLine(whatHappened),
    whatHappened,
    where: str(b.where),
    links: list(b.links).flatMap((entry) => {
      const o = obj(entry);
      return o && typeof o.url === 'string' && o.url !== '' ? [{ url: o.url, note: str(o.note) }] : [];
    }),
    involved: readInvolved(b.involved),
    privateInfoExposed: b.private_info_exposed === true,
    danger: DANGERS.find((d) => d === b.danger) ?? null,
    contact:
      contact?.by === 'email' && typeof contact.email === 'string'
        ? { by: 'email', email: contact.email }
        : contact?.by === 'receipt'
          ? { by: 'receipt' }
          : null,
    language: strOrNull(b.language),
    attachments: readAttachments(b.attachments),
    submittedAt: strOrNull(b.submitted_at),
    reporterKeys: readReporterKeys(b.reporter_keys),
    excluded: readExcluded(b.excluded),
    teamFingerprint: strOrNull(b.team_fingerprint),
    rosterHead: readRosterHead(b.roster_head),
    parties: reportParties(b),
    referral: readReferralFields(b.referral),
  };
}

/**
 * What the list's filter searches: the summary line, the place and the names, as the summary
 * envelope holds them (docs/protocol.md 9.7). A report written before summaries is searched on the
 * same fields of its body, so that a search finds the same things whichever way a case was written.
 */
function searchTextOf(line: string, where: string, involved: SummaryView['involved']): string {
  return [line, where, ...involved.map((p) => p.name)].join('\n').toLowerCase();
}

/**
 * A report body's searchable text for "Search inside whole reports" (body-search.ts), lowercased:
 * the reporter's summary, what happened, the place, the links and their notes, the involved
 * accounts' names.
 */
/** the members the reporter excluded, as written inside the body; null when it has no list. */
export function bodyExclusions(body: ReportBody): string[] | null {
  return readExcluded((body as unknown as Record<string, unknown>).excluded);
}

export function bodySearchText(body: ReportBody): string {
  const view = readReportBody(body);
  const ownSummary = typeof body.summary === 'string' ? body.summary : '';
  return [
    ownSummary,
    view.whatHappened,
    view.where,
    ...view.links.flatMap((link) => [link.url, link.note]),
    ...view.involved.map((p) => p.name),
  ]
    .filter((text) => text !== '')
    .join('\n')
    .toLowerCase();
}

/** The list's view of a report written before summaries, from its whole body. */
function summaryOfBody(body: ReportBody): SummaryView {
  const view = readReportBody(body);
  return {
    summary: view.summary,
    kinds: view.kinds,
    danger: view.danger,
    privateInfoExposed: view.privateInfoExposed,
    involved: view.involved,
    where: view.where,
    excluded: view.excluded,
    searchText: searchTextOf(summaryLineOf(body), view.where, view.involved),
    retained: null,
  };
}

/**
 * The list's view of a summary envelope's plaintext. openReportSummary has already dropped fields
 * of the wrong type; names are checked here as a body's are. A summary carries no exclusions: the
 * list goes by the server's, and the case page by the body's.
 */
function summaryOfEnvelope(summary: SummaryBody): SummaryView {
  const line = (summary.summary ?? '').trim();
  const where = (summary.where ?? '').trim();
  const involved = readInvolved(summary.involved);
  return {
    summary: firstLine(line),
    kinds: summary.kinds ?? [],
    danger: summary.danger ?? null,
    privateInfoExposed: summary.private_info_exposed === true,
    involved,
    where,
    excluded: null,
    searchText: searchTextOf(line, where, involved),
    retained: null,
  };
}

/**
 * The list's view of a purged case, from its retained record: the parties stand in for the
 * accounts involved (so a search by name still finds the case), and the outcome is searchable.
 */
function retainedSummaryOf(record: RetainedRecord): SummaryView {
  return {
    summary: '',
    kinds: [],
    danger: null,
    privateInfoExposed: false,
    involved: record.parties,
    where: '',
    excluded: null,
    searchText: [...record.parties.map((p) => p.name), record.outcome].join('\n').toLowerCase(),
    retained: record,
  };
}

function codeOf(error: unknown): string {
  return isConfideCryptoError(error) ? error.code : 'UNREADABLE';
}

// ---------------------------------------------------------------------------
// The case list
// ---------------------------------------------------------------------------

/**
 * Opens the grant and the summary envelope of each case for the list; for a report written before
 * summaries its whole body. No signature check here (the list reply carries no `sig`); the case
 * page verifies before showing a case whole, and compares the summary with the body.
 *
 * A case that does not open is `{ ok: false, code }` with crypto's code: TAMPERED (altered, or not
 * sealed to this member), BAD_PADDING (not the summary's one size), BAD_ENCODING (not a summary's
 * JSON), UNKNOWN_VERSION, BAD_NONCE; UNREADABLE for anything else.
 */
export async function openSummaries(
  team: string,
  cases: readonly SealedSummaryInput[],
  recipient: BoxKeyPair,
  opener: SealedBoxOpener,
): Promise<OpenedSummary[]> {
  const reports = cases.filter((c): c is ReportSummaryInput => !('purged' in c));
  // Every grant of the batch at once: the opener may hand them all to the platform's X25519.
  const keys = await unwrapReportKeys(
    reports.map((c) => c.grant),
    opener,
  );
  // The reports' keys are in the reports' order (ids are not trusted to be distinct).
  let next = 0;
  return cases.map((c) => {
    if ('purged' in c) return openRetainedSummary(team, c, recipient);
    const key = keys[next++];
    if (key === undefined || key instanceof Error) return { id: c.id, ok: false, code: codeOf(key) };
    try {
      const view =
        c.summary != null
          ? summaryOfEnvelope(openReportSummary({ team, id: c.id, summary: c.summary }, key))
          : summaryOfBody(openReport({ team, id: c.id, payload: c.payload }, key));
      return { id: c.id, ok: true, view };
    } catch (error) {
      return { id: c.id, ok: false, code: codeOf(error) };
    } finally {
      key.fill(0);
    }
  });
}

type ReportSummaryInput = Exclude<SealedSummaryInput, { purged: true }>;

/**
 * A purged case for the list: its retained record opened (docs/protocol.md 10.8). As for
 * reports, no signature check here; the case page verifies the record against its author. A
 * record must be a `retained` record of this case's number, or the case shows as unreadable:
 * a server moving one case's record onto another is caught here.
 */
function openRetainedSummary(
  team: string,
  c: Extract<SealedSummaryInput, { purged: true }>,
  recipient: BoxKeyPair,
): OpenedSummary {
  const item = c.retained;
  if (item === null) return { id: c.id, ok: false, code: 'NO_RETAINED_RECORD' };
  if (item.case !== c.id || item.kind !== 'record') return { id: c.id, ok: false, code: 'TAMPERED' };
  try {
    const key = unwrapItemKey(item.grant, recipient);
    let body: ItemBody;
    try {
      body = openItem({ id: item.id, kind: 'record', payload: item.payload }, team, key);
    } finally {
      key.fill(0);
    }
    if (!Check(RetainedRecord, body) || body.case_number !== c.number) {
      return { id: c.id, ok: false, code: 'TAMPERED' };
    }
    return { id: c.id, ok: true, view: retainedSummaryOf(body) };
  } catch (error) {
    return { id: c.id, ok: false, code: codeOf(error) };
  }
}

// ---------------------------------------------------------------------------
// One case
// ---------------------------------------------------------------------------

/** What the keyring remembers of an opened case, to refuse unsafe items later. */
export interface CaseContext {
  /** The reporter's box key to seal messages to, or null when messaging is unsafe. */
  readonly reporterBoxPublicKey: string | null;
  /** The reporter's sign key that goes with it (a referral packet names both); null with it. */
  readonly reporterSignPublicKey: string | null;
  /** The target's box key to seal messages to: only one a roster member signed; else null. */
  readonly targetBoxPublicKey: string | null;
  /** Members this client never grants anything of the case to. */
  readonly excluded: ReadonlySet<string>;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

/** The crypto codes the console words (CryptoProblemCode); any other failure is UNREADABLE. */
const CRYPTO_PROBLEM_CODES: readonly CryptoProblemCode[] = [
  'SIGNATURE_INVALID',
  'TAMPERED',
  'BAD_PADDING',
  'BAD_ENCODING',
  'UNKNOWN_VERSION',
  'BAD_NONCE',
];

/** A failure to verify or decrypt, as a problem the console words (never words here: see types.ts). */
function cryptoProblem(error: unknown): { code: 'crypto'; error: CryptoProblemCode } {
  const code = codeOf(error);
  return { code: 'crypto', error: CRYPTO_PROBLEM_CODES.find((c) => c === code) ?? 'UNREADABLE' };
}

/** The threads a message may be in; notes and records are always the team's alone. */
const MESSAGE_AUDIENCES: readonly MessageThread[] = ['reporter', 'target'];

/**
 * the audience an honest writer gives an item of this kind and author, or why it does not
 * fit. A server that relabels a note as sent to the reporter (or the reverse), or puts the
 * reporter's or the target's words in the other's thread, is caught here.
 *
 * Not caught here: a member's message moved from one thread to the other. Items sign their id, case
 * and ciphertext, not their audience, so only the label the team sees moves; who can read the message
 * stays as its writer sealed it (the server cannot grant its key to anyone else). A message that
 * names its `thread` inside the body is caught once opened (threadProblem); an older one is not.
 */
function audienceOf(kind: ItemKind, item: SealedItemInput): Audience | { problem: ItemProblem } {
  const audience = kind === 'message' ? MESSAGE_AUDIENCES.find((a) => a === item.audience) : undefined;
  if (kind === 'message' ? audience === undefined : item.audience !== 'team') {
    return { problem: { code: 'audience_not_of_kind' } };
  }
  // The reporter and the target each write only messages, in their own thread.
  for (const author of MESSAGE_AUDIENCES) {
    if (item.author === author && (kind !== 'message' || audience !== author)) {
      return { problem: { code: 'outside_own_thread', author } };
    }
  }
  return audience ?? 'team';
}

function isThread(value: unknown): value is MessageThread {
  return value === 'reporter' || value === 'target';
}

/**
 * R-6, docs/protocol.md 10.2: why a message whose body names another thread than its served
 * audience is withheld, or null when they agree or the body names none (written before `thread`).
 * The body is inside the encryption; the audience is the server's label.
 */
function threadProblem(thread: unknown, audience: Audience): ItemProblem | null {
  if (thread === undefined || thread === audience) return null;
  if (!isThread(thread) || !isThread(audience)) return { code: 'not_its_thread' };
  return { code: 'moved_between_threads', writtenFor: thread, shownIn: audience };
}

function openOneItem(
  team: string,
  caseId: string,
  item: SealedItemInput,
  recipient: BoxKeyPair,
  authorKey: (author: string) => string | undefined,
): OpenedItem {
  const withheld = (problem: ItemProblem): OpenedItem => ({
    id: item.id,
    verified: false,
    createdAt: item.created_at,
    problem,
  });
  const kind = ITEM_KINDS.find((k) => k === item.kind);
  if (kind === undefined) return withheld({ code: 'unknown_kind' });
  const audience = audienceOf(kind, item);
  if (typeof audience !== 'string') return withheld(audience.problem);
  if (item.case !== caseId) return withheld({ code: 'other_case' });
  const signKey = authorKey(item.author);
  if (signKey === undefined) {
    return withheld({ code: item.author === 'target' ? 'target_not_invited' : 'author_not_on_roster' });
  }
  const typed = { ...item, kind };
  try {
    verifyItemSignature(typed, signPublicKeyFromBase64(signKey));
  } catch (error) {
    return withheld(cryptoProblem(error));
  }
  let body: ItemBody;
  try {
    const key = unwrapItemKey(item.grant, recipient);
    try {
      body = openItem(typed, team, key);
    } finally {
      key.fill(0);
    }
  } catch (error) {
    return withheld(cryptoProblem(error));
  }
  if (body.schema !== ITEM_SCHEMA_OF_KIND[kind]) return withheld({ code: 'content_not_of_kind' });
  const b = body as unknown as Record<string, unknown>;
  const moved = kind === 'message' ? threadProblem(b.thread, audience) : null;
  if (moved !== null) return withheld(moved);
  let record: RecordBody | null = null;
  if (kind === 'record') {
    // Only shapes this console knows are believed; a record it cannot read is shown as such.
    if (!Check(RecordBody, body)) return withheld({ code: 'unknown_record' });
    record = body;
  }
  return {
    id: item.id,
    verified: true,
    kind,
    audience,
    author: item.author,
    createdAt: item.created_at,
    writtenAt: strOrNull(b.written_at),
    text: str(b.text),
    record,
    attachments: readAttachments(b.attachments),
  };
}

/**
 * The fields in which the case's summary envelope (what the list showed) says something other
 * than its body, or SUMMARY_UNREADABLE when it does not open. The reporter holds K and signs both,
 * so a buggy or hostile writer can make them disagree; the signature cannot tell, only this can.
 */
function compareSummary(
  team: string,
  id: string,
  summary: Envelope,
  body: ReportBody,
  key: ReportKey,
): string[] {
  let opened: SummaryBody;
  try {
    opened = openReportSummary({ team, id, summary }, key);
  } catch {
    return [SUMMARY_UNREADABLE];
  }
  return summaryDisagreements(opened, body);
}

/**
 * docs/protocol.md 8.5: the target's receipt keys are believed only when a member the verified
 * roster lists signed them with this case. The server's `invited_by` is tried first; when it does
 * not verify (or the member's account is gone), every member the roster ever listed is tried, so
 * the name shown is always the signer's, never the server's claim.
 */
function checkTarget(
  caseId: string,
  target: SealedTargetInput,
  authors: Readonly<Record<string, string>>,
): TargetView {
  const claim = { case: caseId, box_pk: target.box_pk, sign_pk: target.sign_pk };
  const signs = (memberId: string) => {
    const key = Object.hasOwn(authors, memberId) ? authors[memberId] : undefined;
    return key !== undefined && verifyTargetInvitation(key, target.sig, claim);
  };
  const claimed = target.invited_by;
  const signer = claimed !== null && signs(claimed) ? claimed : Object.keys(authors).find((id) => signs(id));
  return signer === undefined
    ? { status: 'unverified', claimedBy: claimed, invitedAt: target.invited_at }
    : { status: 'trusted', invitedBy: signer, invitedAt: target.invited_at };
}

/**
 * Verifies and opens a case and its items for the case page. `authors` maps every member
 * id the verified roster has ever listed to their `sign_pk`.
 */
export function openCaseDetail(
  team: string,
  input: SealedCaseInput,
  recipient: BoxKeyPair,
  authors: Readonly<Record<string, string>>,
): { opened: OpenedCase; context: CaseContext } {
  let report: ReportView | null = null;
  let reportProblem: ReportProblem | null = null;
  let summaryDisagrees: string[] | null = null;
  const { payload, grant } = input;
  // A page built before `summary` was passed leaves it out: that is "none", not an unreadable one.
  const summary = (input.summary as Envelope | null | undefined) ?? null;
  if (payload === null || grant === null) {
    // Purged under the team's retention: no report to open, only the items left (its record).
    reportProblem = { code: 'purged' };
  } else {
    try {
      const key = unwrapReportKey(grant, recipient);
      try {
        const body = openReport({ team, id: input.id, payload }, key);
        report = readReportBody(body);
        if (summary !== null) summaryDisagrees = compareSummary(team, input.id, summary, body, key);
      } finally {
        key.fill(0);
      }
    } catch (error) {
      reportProblem = cryptoProblem(error);
    }
  }

  // the keys inside the body are the reporter's; the served ones are the server's claim.
  const bodyKeys = report?.reporterKeys ?? null;
  const reporterKeys: OpenedCase['reporterKeys'] =
    bodyKeys === null
      ? 'unbound'
      : bodyKeys.box_pk === input.reporter.box_pk && bodyKeys.sign_pk === input.reporter.sign_pk
        ? 'bound'
        : 'altered';
  // Verify against the body's signing key when there is one: a server that swapped both the
  // key and the signature must not pass.
  const reporterSignKey = bodyKeys?.sign_pk ?? input.reporter.sign_pk;
  let signatureValid = false;
  // docs/protocol.md 10.10: a referred case is signed by the referring member, never the reporter.
  const served = input.referral ?? null;
  const referral =
    served === null
      ? null
      : checkReferral(
          { id: input.id, payload, summary, sig: input.sig },
          served,
          report === null ? undefined : report.referral,
        );
  // What a packet says of its referral is shown only once its signer checked out: a reporter can
  // write a `referral` field into their own report too.
  if (report !== null && report.referral !== null && referral?.status !== 'verified') {
    report = { ...report, referral: null };
  }
  if (referral !== null) {
    signatureValid = referral.status === 'verified';
  } else if (payload !== null) {
    try {
      // Over the body and the summary together: a summary stripped or added by the server fails.
      verifyReportSignature(
        { id: input.id, payload, sig: input.sig, summary },
        signPublicKeyFromBase64(reporterSignKey),
      );
      signatureValid = true;
    } catch {
      signatureValid = false;
    }
  }

  // never grant to fewer exclusions than the reporter wrote.
  const bodyExcluded = report?.excluded ?? null;
  const effective = [...new Set([...input.excluded, ...(bodyExcluded ?? [])])];
  // A referral's reporter may leave out more of the receiving team when they consent than the packet names.
  const excludedAltered =
    bodyExcluded !== null &&
    (referral === null
      ? !sameSet(bodyExcluded, input.excluded)
      : bodyExcluded.some((id) => !input.excluded.includes(id)));

  // the server's urgent flag mirrors the body's danger.
  const bodyUrgent = report?.danger == null ? null : report.danger !== 'none';
  const urgentMismatch = bodyUrgent !== null && bodyUrgent !== input.urgent;

  const servedTarget = input.target ?? null;
  const target = servedTarget === null ? null : checkTarget(input.id, servedTarget, authors);
  const trustedTarget = target?.status === 'trusted' ? servedTarget : null;

  const authorKey = (author: string): string | undefined =>
    author === 'reporter'
      ? reporterSignKey
      : author === 'target'
        ? trustedTarget?.sign_pk
        : Object.hasOwn(authors, author)
          ? authors[author]
          : undefined;
  const seen = new Set<string>();
  const items: OpenedItem[] = [];
  for (const item of input.items) {
    if (seen.has(item.id)) continue; // 10.3: a repeated id is shown once
    seen.add(item.id);
    items.push(openOneItem(team, input.id, item, recipient, authorKey));
  }

  const canMessageReporter = report !== null && signatureValid && reporterKeys !== 'altered';
  return {
    opened: {
      report,
      reportProblem,
      signatureValid,
      reporterKeys,
      excluded: { served: input.excluded, body: bodyExcluded, effective, altered: excludedAltered },
      urgentMismatch,
      canMessageReporter,
      target,
      canMessageTarget: trustedTarget !== null,
      referral,
      summaryDisagrees,
      items,
    },
    context: {
      reporterBoxPublicKey: canMessageReporter ? (bodyKeys?.box_pk ?? input.reporter.box_pk) : null,
      reporterSignPublicKey: canMessageReporter ? reporterSignKey : null,
      targetBoxPublicKey: trustedTarget?.box_pk ?? null,
      excluded: new Set(effective),
    },
  };
}

// ---------------------------------------------------------------------------
// Writing an item
// ---------------------------------------------------------------------------

/**
 * The body of an item a member writes (docs/protocol.md 10.2). A message names `thread`, the
 * thread the keyring checked and seals it to (never just the page's word): inside the encryption,
 * so a server that moves it to the other thread is caught when it is opened (threadProblem).
 */
export function writtenItemBody(
  request: SealItemRequest,
  thread: MessageThread | undefined,
  writtenAt: string,
): ItemBody {
  const attachments = (request.attachments ?? []).map((f) => ({
    id: f.id,
    name: f.name,
    type: f.type,
    size: f.size,
    key: f.key,
  }));
  const written_at = writtenAt;
  switch (request.kind) {
    case 'record':
      return { ...request.record, schema: 'confide/record/v1', attachments, written_at };
    case 'note':
      return { schema: 'confide/note/v1', text: request.text, attachments, written_at };
    case 'message':
      // The worker passes the thread it checked; never sealed without one.
      if (thread === undefined) {
        throw new Error('A message is written for the reporter’s or the target’s thread');
      }
      return { schema: 'confide/message/v1', thread, text: request.text, attachments, written_at };
  }
}

// ---------------------------------------------------------------------------
// Re-grants
// ---------------------------------------------------------------------------

/**
 * Opens each grant with the admin's key and seals the content key again to a member who
 * joined later. Objects that do not open are skipped and counted, never re-granted blindly.
 */
export function resealGrants(
  objects: readonly RegrantInput[],
  recipient: BoxKeyPair,
  seal: (key: ReportKey | ItemKey) => string,
): { grants: RegrantOutput[]; failed: number } {
  const grants: RegrantOutput[] = [];
  let failed = 0;
  for (const o of objects) {
    let key: ReportKey | ItemKey | undefined;
    try {
      key = o.object === o.case ? unwrapReportKey(o.grant, recipient) : unwrapItemKey(o.grant, recipient);
      grants.push({ object: o.object, k: seal(key) });
    } catch {
      failed++;
    } finally {
      key?.fill(0);
    }
  }
  return { grants, failed };
}
