/**
 * Referral packets in the keyring (docs/protocol.md 10.10): runs inside the keyring workers only,
 * beside case-crypto.ts. A packet is a report body with a `referral` field, sealed to the receiving
 * team and signed by the referring member, not by a receipt.
 *
 * Receiving: the case's `sig` is believed only when a member of the referring team's verified
 * roster signed this packet from the case the server names, and the packet names that team, case
 * and member itself. The server's `referred_by` is tried first; when it does not verify, every
 * member that roster ever listed is tried, so the name shown is always the signer's.
 *
 * Sending: the page builds the packet; the worker checks that it refers the case opened in this
 * session as this member, and writes the reporter's keys into it from what it checked itself.
 */
import { verifyReferral, type Envelope, type ReportBody } from '#crypto';
import type {
  ReferralCheck,
  ReferralFieldsView,
  ReferralLink,
  ReferralPacketDraft,
  SealedReferralInput,
} from './types.js';

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function obj(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function readLinks(value: unknown): ReferralLink[] {
  if (!Array.isArray(value)) return [];
  return (value as unknown[]).flatMap((entry) => {
    const o = obj(entry);
    return o && typeof o.url === 'string' && o.url !== '' ? [{ url: o.url, note: str(o.note) }] : [];
  });
}

/** A packet's `referral` field, every part type-checked; null when the body has none. */
export function readReferralFields(value: unknown): ReferralFieldsView | null {
  const o = obj(value);
  if (o === null) return null;
  const team = obj(o.from_team);
  const by = obj(o.referred_by);
  const number = o.from_case_number;
  return {
    fromTeam: { id: str(team?.id), slug: str(team?.slug), name: str(team?.name) },
    fromCase: str(o.from_case),
    fromCaseNumber: typeof number === 'number' && Number.isSafeInteger(number) && number > 0 ? number : null,
    referredBy: { id: str(by?.id), name: str(by?.name) },
    contactReferrer: str(o.contact_referrer),
    contactReporter: str(o.contact_reporter),
    preliminaryWork: str(o.preliminary_work),
    links: readLinks(o.links),
    diffs: readLinks(o.diffs),
  };
}

/**
 * Who of the referring team signed this packet, as checked here. `fields` is the opened packet's
 * `referral` (null when it has none), or undefined when the packet could not be opened (its
 * signature is then all there is to check).
 */
export function checkReferral(
  packet: {
    readonly id: string;
    readonly payload: Envelope | null;
    readonly summary: Envelope | null;
    readonly sig: string;
  },
  referral: SealedReferralInput,
  fields: ReferralFieldsView | null | undefined,
): ReferralCheck {
  const claimedBy = referral.referred_by;
  const unverified = (reason: 'roster' | 'signature' | 'packet'): ReferralCheck => ({
    status: 'unverified',
    reason,
    claimedBy,
  });
  const authors = referral.authors;
  if (authors === null) return unverified('roster');
  const signed = {
    id: packet.id,
    fromCase: referral.from_case,
    payload: packet.payload,
    summary: packet.summary,
  };
  const signs = (memberId: string): boolean => {
    const key = Object.hasOwn(authors, memberId) ? authors[memberId] : undefined;
    return key !== undefined && verifyReferral(signed, packet.sig, key);
  };
  const signer =
    claimedBy !== null && signs(claimedBy) ? claimedBy : Object.keys(authors).find((id) => signs(id));
  if (signer === undefined) return unverified('signature');
  if (
    fields !== undefined &&
    (fields === null ||
      fields.fromCase !== referral.from_case ||
      fields.fromTeam.id !== referral.from_team ||
      fields.referredBy.id !== signer)
  ) {
    return unverified('packet');
  }
  return { status: 'verified', referredBy: signer };
}

/**
 * The body the keyring seals for a referral: the page's draft, refused unless it refers `caseId`
 * of `team` as `memberId`, with the reporter's keys the keyring checked when it opened the case.
 */
export function referralPacketBody(
  draft: ReferralPacketDraft,
  expected: { readonly team: string; readonly caseId: string; readonly memberId: string },
  reporterKeys: { readonly box_pk: string; readonly sign_pk: string },
): ReportBody {
  const referral = obj(draft.referral);
  const refuse = (message: string): never => {
    throw Object.assign(new Error(message), { code: 'BAD_REFERRAL' });
  };
  // Checked as a value: the draft crossed a postMessage.
  const schema: unknown = draft.schema;
  if (schema !== 'confide/report/v1') refuse('A referral packet is a report body');
  if (
    referral === null ||
    referral.from_case !== expected.caseId ||
    obj(referral.from_team)?.id !== expected.team ||
    obj(referral.referred_by)?.id !== expected.memberId
  ) {
    refuse('A referral names the case it refers, its team and the member who refers it');
  }
  return {
    ...draft,
    reporter_keys: { box_pk: reporterKeys.box_pk, sign_pk: reporterKeys.sign_pk },
  } as ReportBody;
}
