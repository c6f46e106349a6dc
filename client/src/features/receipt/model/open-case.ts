/**
 * Opening a case with a receipt (PROTOCOL.md "Receipts"; docs/protocol.md 8.5;
 * docs/review-notes.md ):
 *
 *   receipt ─Worker(Argon2id)→ keys ─ b64(lookup) → POST /api/receipt/session
 *   GET /api/receipt/case, which says what the receipt opens the case as (`role`):
 *
 *   reporter:
 *     report: signature (over the body and its summary envelope, when it has one) checked against
 *             the receipt's OWN sign key (never one the server serves), key unwrapped with the
 *             receipt's own box key, body decrypted (open-report.ts);
 *     team:   roster fetched and verified (roster-trust), and required to be the team and roster
 *             the body says it was encrypted to (team_fingerprint, roster_head);
 *   target (a receipt a member made for the person targeted, on a third-party report):
 *     no report to read; the team's roster fetched and verified as the team served (trust on
 *     first use, and the deployment's pins);
 *   both:
 *     items:  each signature checked against its author's roster key (or the receipt's own key
 *             for the holder's own messages) before any name is shown; anything that fails is
 *             shown with a warning (open-items.ts).
 *
 * Everything decrypted lives in the caller's memory only.
 */
import type { AttachmentRef, ReceiptKeys, RosterHead } from '#crypto';
import type { CaseStatus, ReceiptRole } from '#contract/enumerations';
import { loadCrypto, type CryptoModule } from '../../../lib/load-crypto';
import { checkTeamRoster, type RosterTrust } from '../../../lib/roster-trust';
import { getReceiptCase, type ReceiptCase } from '../api/receipt-api';
import { openItem, type OpenedItem } from './open-items';
import { readReport, type OpenedReportBody } from './open-report';

export { CaseIntegrityError, type OpenedReportBody } from './open-report';
export type { ItemAuthor, OpenedItem } from './open-items';

type Team = { readonly id: string; readonly slug: string; readonly name: string };

/**
 * What both receipts read: the case's state and the holder's thread with the team, with what a
 * new message must be encrypted to.
 */
export interface OpenedThread {
  readonly purged: false;
  readonly role: ReceiptRole;
  readonly id: string;
  readonly team: Team;
  readonly status: CaseStatus;
  readonly createdAt: string;
  /** When the case was closed or withdrawn; null while it is open. */
  readonly finishedAt: string | null;
  /** When the team's retention will delete the case's details; null when that is not planned. */
  readonly purgeAfter: string | null;
  /**
   * The members who can read the case now, as the server says (they hold a key to it). Names
   * and fingerprints come from the verified roster (`trust`), never from the server.
   */
  readonly readers: readonly string[];
  readonly items: readonly OpenedItem[];
  readonly trust: RosterTrust;
  /** Whom new messages must leave out. */
  readonly excluded: readonly string[];
  /** Set when the served team is not the one the report was encrypted to (or the one served). */
  readonly teamProblem: string | undefined;
}

/** A report as its reporter reads it. */
export interface OpenedCase extends OpenedThread {
  readonly role: 'reporter';
  readonly checkInBy: string | null;
  readonly firstResponseBy: string;
  readonly body: OpenedReportBody;
  /** Whom new messages must leave out: the body's list and the server's, together. */
  readonly excluded: readonly string[];
  /** When a member invited the person targeted into the case with a receipt of their own; null: never. */
  readonly targetInvitedAt: string | null;
}

/**
 * A case as the target a member invited in reads it (docs/protocol.md 8.5): its state and the
 * thread between them and the team, never the report or the reporter's messages.
 */
export interface OpenedTargetCase extends OpenedThread {
  readonly role: 'target';
}

/**
 * A case whose details the team's retention deleted (docs/protocol.md 10.8): the report, the
 * messages and the files are gone, so there is nothing to decrypt or check, only what the
 * server says of the case.
 */
export interface PurgedCase {
  readonly purged: true;
  readonly role: ReceiptRole;
  readonly id: string;
  readonly team: Team;
  readonly status: CaseStatus;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  readonly purgedAt: string;
}

function isHead(value: unknown): value is RosterHead {
  if (typeof value !== 'object' || value === null) return false;
  const head = value as { seq?: unknown; hash?: unknown };
  return Number.isInteger(head.seq) && typeof head.hash === 'string';
}

/** Fetches and opens the case of the current receipt session, as what the receipt opens it as. */
export async function openCase(keys: ReceiptKeys): Promise<OpenedCase | OpenedTargetCase | PurgedCase> {
  const [served, C] = await Promise.all([getReceiptCase(), loadCrypto()]);
  const team = { id: served.team, slug: served.team_slug, name: served.team_name };
  if (served.purged_at !== null) {
    return {
      purged: true,
      role: served.role,
      id: served.id,
      team,
      status: served.status,
      createdAt: served.created_at,
      finishedAt: served.finished_at,
      purgedAt: served.purged_at,
    };
  }
  return served.role === 'target'
    ? openTargetCase(C, served, keys, team)
    : openReporterCase(C, served, keys, team);
}

async function openReporterCase(
  C: CryptoModule,
  served: ReceiptCase,
  keys: ReceiptKeys,
  team: Team,
): Promise<OpenedCase> {
  // The report: our own signature, our own key.
  const body = readReport(C, served, keys);

  // The team: verified, and the one the report was encrypted to.
  const fingerprint = typeof body.team_fingerprint === 'string' ? body.team_fingerprint : undefined;
  const head = isHead(body.roster_head) ? body.roster_head : undefined;
  const trust = await checkTeamRoster(served.team_slug, {
    ...(fingerprint ? { expected: { fingerprint, ...(head ? { head } : {}) } } : {}),
  });
  const teamProblem =
    trust.team.id !== served.team ? 'The team shown is not the one your report was sent to.' : undefined;

  const bodyExcluded = Array.isArray(body.excluded)
    ? body.excluded.filter((id): id is string => typeof id === 'string')
    : [];
  return {
    ...thread(C, served, keys, team, trust, teamProblem),
    role: 'reporter',
    checkInBy: served.check_in_by,
    firstResponseBy: served.first_response_by,
    body,
    excluded: [...new Set([...bodyExcluded, ...served.excluded])],
    targetInvitedAt: served.target_invited_at,
  };
}

async function openTargetCase(
  C: CryptoModule,
  served: ReceiptCase,
  keys: ReceiptKeys,
  team: Team,
): Promise<OpenedTargetCase> {
  // No report body says which team and roster to expect: the team's roster is checked as served,
  // against this browser's memory of it and the deployment's pins.
  const trust = await checkTeamRoster(served.team_slug);
  const teamProblem =
    trust.team.id !== served.team
      ? 'The team shown is not the one that invited you into this case.'
      : undefined;
  return { ...thread(C, served, keys, team, trust, teamProblem), role: 'target' };
}

/** What both roles read alike: the case's state and the holder's thread, each item checked. */
function thread(
  C: CryptoModule,
  served: ReceiptCase,
  keys: ReceiptKeys,
  team: Team,
  trust: RosterTrust,
  teamProblem: string | undefined,
): Omit<OpenedThread, 'role'> {
  const context = {
    caseId: served.id,
    teamId: served.team,
    role: served.role,
    keys,
    roster: trust.status !== 'invalid' && !teamProblem ? trust.roster : undefined,
    rosterTrusted: trust.status === 'trusted',
  };
  return {
    purged: false,
    id: served.id,
    team,
    status: served.status,
    createdAt: served.created_at,
    finishedAt: served.finished_at,
    purgeAfter: served.purge_after,
    readers: served.readers,
    items: served.items.map((item) => openItem(C, context, item)),
    trust,
    excluded: served.excluded,
    teamProblem,
  };
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
