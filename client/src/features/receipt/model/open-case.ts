/**
 * Opening a case with a receipt (PROTOCOL.md "Receipts"; docs/review-notes.md ):
 *
 *   receipt ─Worker(Argon2id)→ keys ─ b64(lookup) → POST /api/receipt/session
 *   GET /api/receipt/case
 *   report: signature (over the body and its summary envelope, when it has one) checked against
 *           the receipt's OWN sign key (never one the server serves), key unwrapped with the
 *           receipt's own box key, body decrypted;
 *   team:   roster fetched and verified (roster-trust), and required to be the team and roster
 *           the body says it was encrypted to (team_fingerprint, roster_head);
 *   items:  each signature checked against its author's roster key (or the receipt's own key
 *           for "reporter") before any name is shown; anything that fails is shown with a warning.
 *
 * Everything decrypted lives in the caller's memory only.
 */
import type { AttachmentRef, ItemBody, ReceiptKeys, ReportBody, RosterHead, VerifiedRoster } from '#crypto';
import type { CaseStatus } from '#contract/enumerations';
import { envelopeV1 } from '../../../lib/decode';
import { loadCrypto } from '../../../lib/load-crypto';
import { checkTeamRoster, type RosterTrust } from '../../../lib/roster-trust';
import { getReceiptCase, type ReceiptCase, type ReceiptItem } from '../api/receipt-api';

/**
 * The report body with the additive fields of docs/review-notes.md 2.3 (listed in
 * docs/protocol.md 9.4), when the writer added them.
 */
export type OpenedReportBody = ReportBody & {
  readonly reporter_keys?: { readonly box_pk?: unknown; readonly sign_pk?: unknown };
  readonly excluded?: unknown;
  readonly team_fingerprint?: unknown;
  readonly roster_head?: unknown;
};

export type ItemAuthor =
  | { readonly kind: 'you' }
  | { readonly kind: 'member'; readonly name: string }
  /** The signature did not verify (or could not be checked): never show a name. */
  | { readonly kind: 'unverified'; readonly reason: string };

export interface OpenedItem {
  readonly id: string;
  readonly createdAt: string;
  readonly author: ItemAuthor;
  /** Undefined when it could not be decrypted (`problem` says why). */
  readonly body: ItemBody | undefined;
  readonly problem: string | undefined;
}

export interface OpenedCase {
  readonly purged: false;
  readonly id: string;
  readonly team: { readonly id: string; readonly slug: string; readonly name: string };
  readonly status: CaseStatus;
  readonly checkInBy: string | null;
  readonly createdAt: string;
  readonly firstResponseBy: string;
  /** When the case was closed or withdrawn; null while it is open. */
  readonly finishedAt: string | null;
  /** When the team's retention will delete the case's details; null when that is not planned. */
  readonly purgeAfter: string | null;
  /**
   * The members who can read the report now, as the server says (they hold a key to it). Names
   * and fingerprints come from the verified roster (`trust`), never from the server.
   */
  readonly readers: readonly string[];
  readonly body: OpenedReportBody;
  readonly items: readonly OpenedItem[];
  readonly trust: RosterTrust;
  /** Whom new messages must leave out: the body's list and the server's, together. */
  readonly excluded: readonly string[];
  /** Set when the served team is not the one the report was encrypted to. */
  readonly teamProblem: string | undefined;
}

/**
 * A case whose details the team's retention deleted (docs/protocol.md 10.8): the report, the
 * messages and the files are gone, so there is nothing to decrypt or check, only what the
 * server says of the case.
 */
export interface PurgedCase {
  readonly purged: true;
  readonly id: string;
  readonly team: { readonly id: string; readonly slug: string; readonly name: string };
  readonly status: CaseStatus;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  readonly purgedAt: string;
}

/** The report itself failed its checks: shown as tampering, never as an empty case. */
export class CaseIntegrityError extends Error {
  override readonly name = 'CaseIntegrityError';
}

function isHead(value: unknown): value is RosterHead {
  if (typeof value !== 'object' || value === null) return false;
  const head = value as { seq?: unknown; hash?: unknown };
  return Number.isInteger(head.seq) && typeof head.hash === 'string';
}

/** Fetches and opens the case of the current receipt session. */
export async function openCase(keys: ReceiptKeys): Promise<OpenedCase | PurgedCase> {
  const [served, C] = await Promise.all([getReceiptCase(), loadCrypto()]);
  const team = { id: served.team, slug: served.team_slug, name: served.team_name };
  if (served.purged_at !== null) {
    return {
      purged: true,
      id: served.id,
      team,
      status: served.status,
      createdAt: served.created_at,
      finishedAt: served.finished_at,
      purgedAt: served.purged_at,
    };
  }

  // The report: our own signature, our own key.
  const { payload, grant } = served;
  if (payload === null || grant === null) {
    throw new CaseIntegrityError('The report stored for this receipt is missing, yet it was not deleted.');
  }
  let body: OpenedReportBody;
  try {
    // The signature covers the summary envelope too when the report has one (docs/protocol.md
    // 9.7): one stripped, added or swapped by the server fails here like an altered body.
    const summary = served.summary === null ? null : envelopeV1(served.summary, 'case.summary');
    C.verifyReportSignature({ id: served.id, payload, sig: served.sig, summary }, keys.sign.publicKey);
    const reportKey = C.unwrapReportKey(grant, keys.box);
    body = C.openReport({ team: served.team, id: served.id, payload }, reportKey);
    reportKey.fill(0);
  } catch {
    throw new CaseIntegrityError(
      'The report stored for this receipt is not the one you sent: it fails the checks only your receipt can make.',
    );
  }
  const boundKeys = body.reporter_keys;
  if (
    boundKeys &&
    (boundKeys.sign_pk !== C.keyToBase64(keys.sign.publicKey) ||
      boundKeys.box_pk !== C.keyToBase64(keys.box.publicKey))
  ) {
    throw new CaseIntegrityError('The report names keys other than your receipt’s.');
  }

  // The team: verified, and the one the report was encrypted to.
  const fingerprint = typeof body.team_fingerprint === 'string' ? body.team_fingerprint : undefined;
  const head = isHead(body.roster_head) ? body.roster_head : undefined;
  const trust = await checkTeamRoster(served.team_slug, {
    ...(fingerprint ? { expected: { fingerprint, ...(head ? { head } : {}) } } : {}),
  });
  let teamProblem: string | undefined;
  if (trust.team.id !== served.team) teamProblem = 'The team shown is not the one your report was sent to.';

  const bodyExcluded = Array.isArray(body.excluded)
    ? body.excluded.filter((id): id is string => typeof id === 'string')
    : [];
  const excluded = [...new Set([...bodyExcluded, ...served.excluded])];
  const roster = trust.status !== 'invalid' && !teamProblem ? trust.roster : undefined;

  const items = served.items.map((item) =>
    openItem(C, served, item, keys, roster, trust.status === 'trusted'),
  );
  return {
    purged: false,
    id: served.id,
    team,
    status: served.status,
    checkInBy: served.check_in_by,
    createdAt: served.created_at,
    firstResponseBy: served.first_response_by,
    finishedAt: served.finished_at,
    purgeAfter: served.purge_after,
    readers: served.readers,
    body,
    items,
    trust,
    excluded,
    teamProblem,
  };
}

function openItem(
  C: Awaited<ReturnType<typeof loadCrypto>>,
  served: ReceiptCase,
  item: ReceiptItem,
  keys: ReceiptKeys,
  roster: VerifiedRoster | undefined,
  rosterTrusted: boolean,
): OpenedItem {
  const base = { id: item.id, createdAt: item.created_at };
  let author: ItemAuthor;
  if (item.case !== served.id) {
    author = { kind: 'unverified', reason: 'It names another case.' };
  } else if (item.author === 'reporter') {
    // the reporter writes only messages, to the reporter thread.
    author =
      item.kind === 'message' && item.audience === 'reporter' && verifies(C, item, keys.sign.publicKey)
        ? { kind: 'you' }
        : {
            kind: 'unverified',
            reason: 'It says it is from you, but your receipt’s signature does not match.',
          };
  } else {
    const member = roster?.known.get(item.author);
    if (item.kind !== 'message' || item.audience !== 'reporter') {
      // only messages addressed to the reporter belong here.
      author = { kind: 'unverified', reason: 'It was not written as a message to you.' };
    } else if (!roster || !rosterTrusted) {
      author = {
        kind: 'unverified',
        reason: 'The team’s keys could not be checked, so neither can the sender.',
      };
    } else if (!member) {
      author = { kind: 'unverified', reason: 'The sender is not on the team’s member list.' };
    } else if (!verifies(C, item, member.signPublicKey)) {
      author = { kind: 'unverified', reason: `It is not signed by ${member.name}’s key.` };
    } else {
      author = { kind: 'member', name: member.name };
    }
  }
  try {
    const itemKey = C.unwrapItemKey(item.grant, keys.box);
    const body = C.openItem(item, served.team, itemKey);
    itemKey.fill(0);
    const expectedSchema = item.kind === 'message' ? 'confide/message/v1' : undefined;
    if (expectedSchema && body.schema !== expectedSchema) {
      return {
        ...base,
        author: unverifiedKeep(author),
        body,
        problem: 'Its content does not match its kind.',
      };
    }
    return { ...base, author, body, problem: undefined };
  } catch {
    return {
      ...base,
      author,
      body: undefined,
      problem: 'This message could not be opened: it may have been damaged or changed on the way.',
    };
  }
}

function unverifiedKeep(author: ItemAuthor): ItemAuthor {
  return author.kind === 'unverified'
    ? author
    : { kind: 'unverified', reason: 'Its content does not match its kind.' };
}

function verifies(
  C: Awaited<ReturnType<typeof loadCrypto>>,
  item: ReceiptItem,
  key: Parameters<Awaited<ReturnType<typeof loadCrypto>>['verifyItemSignature']>[1],
): boolean {
  try {
    C.verifyItemSignature(item, key);
    return true;
  } catch {
    return false;
  }
}

/** Attachments listed in a decrypted body, keeping only well-formed references. */
export function attachmentsOf(
  body: { readonly attachments?: readonly AttachmentRef[] } | undefined,
): AttachmentRef[] {
  if (!body || !Array.isArray(body.attachments)) return [];
  const list: readonly unknown[] = body.attachments;
  return list.filter((a): a is AttachmentRef => {
    if (typeof a !== 'object' || a === null) return false;
    const ref = a as Record<string, unknown>;
    return (
      typeof ref.id === 'string' &&
      typeof ref.key === 'string' &&
      typeof ref.name === 'string' &&
      typeof ref.type === 'string' &&
      typeof ref.size === 'number'
    );
  });
}
