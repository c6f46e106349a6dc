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
 *     referrals: each one waiting for the reporter's answer has its packet checked and opened
 *             (open-referral.ts), and the receiving team's roster fetched and verified, to choose
 *             whom on it to leave out (or, once shared, to name those left out);
 *   reporter, on a case a referral they agreed to made (`referred_from`):
 *     no report to read (the packet they read when they agreed is not served again); the team's
 *     roster fetched and verified as served, as for a target;
 *   target (a receipt a member made for the person targeted, on a third-party report):
 *     no report to read; the team's roster fetched and verified as the team served (trust on
 *     first use, and the deployment's pins);
 *   both:
 *     items:  each signature checked against its author's roster key (or the receipt's own key
 *             for the holder's own messages) before any name is shown; anything that fails is
 *             shown with a warning (open-items.ts).
 *
 * Everything decrypted lives in the caller's memory only. What was verified of a roster is
 * remembered in this page's memory, and on the device only for a team the holder chose to remember
 * there (roster-trust.ts, RosterMemory; the choice is offered beside the readers list).
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import type { AttachmentRef, ReceiptKeys, RosterHead, VerifiedRoster } from '#crypto';
import type { CaseStatus, ReceiptRole, ReferralState } from '#contract/enumerations';
import type { ReceiptCaseLink, ReceiptReferral, ReferralTeam } from '#contract/referrals';
import { loadCrypto, type CryptoModule } from '../../../lib/load-crypto';
import { checkTeamRoster, type RosterTrust } from '../../../lib/roster-trust';
import { getReceiptCase, type ReceiptCase } from '../api/receipt-api';
import { openItem, type OpenedItem } from './open-items';
import { openReferralPacket, type OpenedPacket } from './open-referral';
import { readReport, type OpenedReportBody } from './open-report';
import { problemMessage } from './problem-message';

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
  /** The other cases the same receipt opens (POST /api/receipt/switch moves to one). */
  readonly otherCases: readonly ReceiptCaseLink[];
}

/**
 * The receiving team of a referral, its roster fetched and verified by this browser; `problem`
 * when it verified but is not the team the referral names.
 */
export type ReceivingTeam =
  | { readonly status: 'checked'; readonly trust: RosterTrust; readonly problem: string | undefined }
  /** Its roster could not be fetched (the network, the server): nothing is judged. */
  | { readonly status: 'unavailable'; readonly message: string };

/** A referral of the reporter's case to another team (docs/protocol.md 10.10), as they read it. */
export interface OpenedReferral {
  readonly id: string;
  readonly toTeam: ReferralTeam;
  readonly state: ReferralState;
  readonly needsConsent: boolean;
  /** The receiving team's members left out, as the server says. */
  readonly excluded: readonly string[];
  readonly createdAt: string;
  readonly decidedAt: string | null;
  /** While it waits for the reporter: what would be shared, checked (open-referral.ts). */
  readonly packet: OpenedPacket | undefined;
  /**
   * The receiving team, checked: while it waits, to choose whom to leave out; once shared with
   * some left out, to name them. Undefined when neither applies.
   */
  readonly receiving: ReceivingTeam | undefined;
}

/** What both of the reporter's cases carry besides the thread. */
interface ReporterParts {
  readonly role: 'reporter';
  readonly checkInBy: string | null;
  readonly firstResponseBy: string;
  /** Referrals of this case to other teams, oldest first. */
  readonly referrals: readonly OpenedReferral[];
}

/** A report as its reporter reads it. */
export interface OpenedCase extends OpenedThread, ReporterParts {
  readonly role: 'reporter';
  /** Null: this is the report the reporter sent (see OpenedReferredCase). */
  readonly referredFrom: null;
  readonly checkInBy: string | null;
  readonly firstResponseBy: string;
  readonly body: OpenedReportBody;
  /** Whom new messages must leave out: the body's list and the server's, together. */
  readonly excluded: readonly string[];
  /** When a member invited the person targeted into the case with a receipt of their own; null: never. */
  readonly targetInvitedAt: string | null;
}

/**
 * A case a referral the reporter agreed to made in another team (docs/protocol.md 10.10): its
 * state and the reporter's thread with that team. Its report is the referring member's packet,
 * which the reporter read when they agreed; it is not served again.
 */
export interface OpenedReferredCase extends OpenedThread, ReporterParts {
  readonly role: 'reporter';
  readonly referredFrom: {
    readonly teamName: string;
    readonly teamSlug: string;
    readonly caseId: string;
  };
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
  /** Set on a case a referral made: its heading says so. */
  readonly referred: boolean;
  readonly otherCases: readonly ReceiptCaseLink[];
}

export type AnyOpenedCase = OpenedCase | OpenedReferredCase | OpenedTargetCase | PurgedCase;

function isHead(value: unknown): value is RosterHead {
  if (typeof value !== 'object' || value === null) return false;
  const head = value as { seq?: unknown; hash?: unknown };
  return Number.isInteger(head.seq) && typeof head.hash === 'string';
}

/** Fetches and opens the case of the current receipt session, as what the receipt opens it as. */
export async function openCase(keys: ReceiptKeys): Promise<AnyOpenedCase> {
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
      referred: served.referred_from !== null,
      otherCases: served.other_cases,
    };
  }
  if (served.role === 'target') return openTargetCase(C, served, keys, team);
  return served.referred_from === null
    ? openReporterCase(C, served, keys, team)
    : openReferredCase(C, served, keys, team, served.referred_from);
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
    trust.team.id !== served.team
      ? i18n._(msg`The team shown is not the one your report was sent to.`)
      : undefined;

  const bodyExcluded = Array.isArray(body.excluded)
    ? body.excluded.filter((id): id is string => typeof id === 'string')
    : [];
  return {
    ...thread(C, served, keys, team, trust, teamProblem),
    ...(await reporterParts(C, served, keys, trust, teamProblem)),
    referredFrom: null,
    body,
    excluded: [...new Set([...bodyExcluded, ...served.excluded])],
    targetInvitedAt: served.target_invited_at,
  };
}

async function openReferredCase(
  C: CryptoModule,
  served: ReceiptCase,
  keys: ReceiptKeys,
  team: Team,
  referredFrom: NonNullable<ReceiptCase['referred_from']>,
): Promise<OpenedReferredCase> {
  // No report body names the team: its roster is checked as served, against what this browser
  // remembers of it (from this visit, as when the reporter agreed and chose whom to leave out; from
  // earlier visits only if they chose to remember the team on this device) and the pins.
  const trust = await checkTeamRoster(served.team_slug);
  const teamProblem =
    trust.team.id !== served.team
      ? i18n._(msg`The team shown is not the one your report was referred to.`)
      : undefined;
  return {
    ...thread(C, served, keys, team, trust, teamProblem),
    ...(await reporterParts(C, served, keys, trust, teamProblem)),
    referredFrom: {
      teamName: referredFrom.team_name,
      teamSlug: referredFrom.team_slug,
      caseId: referredFrom.case,
    },
  };
}

async function reporterParts(
  C: CryptoModule,
  served: ReceiptCase,
  keys: ReceiptKeys,
  trust: RosterTrust,
  teamProblem: string | undefined,
): Promise<ReporterParts> {
  // A packet is believed only on the key of a member of this case's team as verified here.
  const roster = trust.status === 'trusted' && !teamProblem ? trust.roster : undefined;
  return {
    role: 'reporter',
    checkInBy: served.check_in_by,
    firstResponseBy: served.first_response_by,
    referrals: await openReferrals(C, served, keys, roster),
  };
}

/** Each referral, its packet opened while it waits, and the receiving teams' rosters checked. */
async function openReferrals(
  C: CryptoModule,
  served: ReceiptCase,
  keys: ReceiptKeys,
  roster: VerifiedRoster | undefined,
): Promise<OpenedReferral[]> {
  const opened = served.referrals.map((referral) => ({
    referral,
    packet:
      referral.state === 'awaiting_consent'
        ? openReferralPacket(C, { referral, caseId: served.id, teamId: served.team, keys, roster })
        : undefined,
  }));
  // A roster is fetched only where it is needed: to choose whom to leave out, or to name them.
  const wanted = opened.filter(({ referral, packet }) =>
    referral.state === 'awaiting_consent' ? packet?.ok === true : referral.excluded.length > 0,
  );
  const slugs = [...new Set(wanted.map(({ referral }) => referral.to_team.slug))];
  const checked = new Map(
    await Promise.all(slugs.map(async (slug) => [slug, await checkReceivingRoster(slug)] as const)),
  );
  return opened.map(({ referral, packet }) => ({
    id: referral.id,
    toTeam: referral.to_team,
    state: referral.state,
    needsConsent: referral.needs_consent,
    excluded: referral.excluded,
    createdAt: referral.created_at,
    decidedAt: referral.decided_at,
    packet,
    receiving: wanted.some((w) => w.referral === referral) ? receivingTeam(referral, checked) : undefined,
  }));
}

async function checkReceivingRoster(slug: string): Promise<RosterTrust | { unavailable: string }> {
  try {
    return await checkTeamRoster(slug);
  } catch (error) {
    return { unavailable: problemMessage(error) };
  }
}

function receivingTeam(
  referral: ReceiptReferral,
  checked: ReadonlyMap<string, RosterTrust | { unavailable: string }>,
): ReceivingTeam {
  const result = checked.get(referral.to_team.slug);
  if (result === undefined || 'unavailable' in result) {
    return { status: 'unavailable', message: result?.unavailable ?? i18n._(msg`It was not fetched.`) };
  }
  // The packet was sealed to to_team.id (its associated data): the roster must be that team's.
  const teamName = referral.to_team.name;
  const problem =
    result.team.id !== referral.to_team.id
      ? i18n._(msg`The member list shown for ${teamName} is another team’s.`)
      : undefined;
  return { status: 'checked', trust: result, problem };
}

async function openTargetCase(
  C: CryptoModule,
  served: ReceiptCase,
  keys: ReceiptKeys,
  team: Team,
): Promise<OpenedTargetCase> {
  // No report body says which team and roster to expect: the team's roster is checked as served,
  // against what this browser remembers of it (roster-trust.ts, RosterMemory) and the pins.
  const trust = await checkTeamRoster(served.team_slug);
  const teamProblem =
    trust.team.id !== served.team
      ? i18n._(msg`The team shown is not the one that invited you into this case.`)
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
    otherCases: served.other_cases,
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
