/**
 * A referral of the reporter's case to another team, as the reporter reads it before they answer
 * (docs/protocol.md 10.10). The packet is a report body (`confide/report/v1`) with a `referral`
 * object, sealed by a member of the case's team to the receiving team and to the reporter, and
 * signed by that member:
 *
 *   signature: checked FIRST, against the keys of the active members of the case's team as this
 *              browser verified its roster (never a key the server serves), over the referral's id,
 *              THIS case's id (so a packet made for another case fails) and both envelopes;
 *   packet:    key unwrapped with the receipt's own box key, body opened with
 *              ad("report", to_team.id, referral.id), so a packet sealed to another team than the
 *              one named fails too;
 *   body:      its `referral.referred_by` must be the member whose key signed it, and its
 *              `from_case` / `from_team`, when given, this case and team.
 *
 * The member's name shown is the roster's, never the body's. Anything that fails is a problem
 * (a code, put in words where it is shown: PACKET_PROBLEM_WORDS), and the page then offers no
 * consent. Pure: no fetch.
 */
import { i18n, type MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import type { AttachmentRef, ReceiptKeys, ReportBody, VerifiedRoster } from '#crypto';
import type { ReceiptReferral } from '#contract/referrals';
import { envelopeV1 } from '../../../lib/decode.js';
import type { CryptoModule } from '../../../lib/load-crypto.js';

/** A link or diff the referring member listed, as they wrote it. */
export interface ReferralLink {
  readonly url: string;
  readonly note: string;
}

/** What the packet's `referral` object says, read defensively: a field of another shape is text. */
export interface ReferralNote {
  /** How the receiving team can reach the member who referred it. */
  readonly contactReferrer: string | undefined;
  /** How the receiving team can reach the reporter. */
  readonly contactReporter: string | undefined;
  /** What the referring team has done so far. */
  readonly preliminaryWork: string | undefined;
  readonly links: readonly ReferralLink[];
  readonly diffs: readonly ReferralLink[];
}

export type OpenedPacket =
  | {
      readonly ok: true;
      /** The member whose key signed it, named from the verified roster. */
      readonly referrer: { readonly id: string; readonly name: string };
      readonly body: ReportBody;
      readonly note: ReferralNote;
      /** The files that would be shared (only their names are shown). */
      readonly fileNames: readonly string[];
    }
  | { readonly ok: false; readonly problem: PacketProblem };

export interface PacketToOpen {
  readonly referral: Pick<ReceiptReferral, 'id' | 'to_team' | 'packet'>;
  /** The reporter's case (the one the receipt session is on): the packet signs it as `from_case`. */
  readonly caseId: string;
  /** That case's team, which refers it. */
  readonly teamId: string;
  readonly keys: ReceiptKeys;
  /**
   * The case's team's roster when it verified, is trusted, and is the team served; undefined
   * otherwise (then nothing can confirm who asked).
   */
  readonly roster: VerifiedRoster | undefined;
}

/** Why a packet cannot be believed. */
export type PacketProblem = 'missing' | 'roster_unchecked' | 'not_signed' | 'unreadable' | 'inconsistent';

export const PACKET_MISSING: PacketProblem = 'missing';
export const PACKET_ROSTER_UNCHECKED: PacketProblem = 'roster_unchecked';
export const PACKET_NOT_SIGNED: PacketProblem = 'not_signed';
export const PACKET_UNREADABLE: PacketProblem = 'unreadable';
export const PACKET_INCONSISTENT: PacketProblem = 'inconsistent';

/** Each problem in words, translated where it is shown (`i18n._`), so it follows the page's language. */
export const PACKET_PROBLEM_WORDS: Readonly<Record<PacketProblem, MessageDescriptor>> = {
  missing: msg`What would be shared did not reach this page, so it cannot be shown to you or checked.`,
  roster_unchecked: msg`The team’s member list could not be checked (see the warning above), so this request cannot be confirmed as coming from one of its members.`,
  not_signed: msg`It is not signed by any current member of the team: it may have been made or changed by someone else.`,
  unreadable: msg`It could not be opened with your receipt: it may have been damaged or changed on the way.`,
  inconsistent: msg`What it says about the referral does not match who signed it, or this report: it may have been changed on the way.`,
};

/** Checks and opens one referral's packet. Never throws. */
export function openReferralPacket(C: CryptoModule, input: PacketToOpen): OpenedPacket {
  const { referral, roster } = input;
  const packet = referral.packet;
  if (packet === null) return { ok: false, problem: PACKET_MISSING };
  if (roster === undefined) return { ok: false, problem: PACKET_ROSTER_UNCHECKED };

  let payload;
  let summary;
  try {
    payload = envelopeV1(packet.payload, 'referral.packet.payload');
    summary = envelopeV1(packet.summary, 'referral.packet.summary');
  } catch {
    return { ok: false, problem: PACKET_UNREADABLE };
  }

  // Who signed it, before anything it says is believed: only a current member may ask.
  const signed = { id: referral.id, fromCase: input.caseId, payload, summary };
  const signer = [...roster.active.values()].find((member) =>
    C.verifyReferral(signed, packet.sig, C.keyToBase64(member.signPublicKey)),
  );
  if (!signer) return { ok: false, problem: PACKET_NOT_SIGNED };

  let body: ReportBody;
  try {
    const key = C.unwrapReportKey(packet.grant, input.keys.box);
    try {
      body = C.openReport({ team: referral.to_team.id, id: referral.id, payload }, key);
    } finally {
      key.fill(0);
    }
  } catch {
    return { ok: false, problem: PACKET_UNREADABLE };
  }

  const fields = (body as unknown as { referral?: unknown }).referral;
  if (!isRecord(fields) || !consistent(fields, signer.id, input)) {
    return { ok: false, problem: PACKET_INCONSISTENT };
  }
  return {
    ok: true,
    referrer: { id: signer.id, name: signer.name },
    body,
    note: {
      contactReferrer: textOf(fields.contact_referrer),
      contactReporter: textOf(fields.contact_reporter),
      preliminaryWork: textOf(fields.preliminary_work),
      links: linksOf(fields.links),
      diffs: linksOf(fields.diffs),
    },
    fileNames: fileNamesOf(body.attachments),
  };
}

/** The body names the signer as the referrer, and (when it says) this case and its team. */
function consistent(fields: Record<string, unknown>, signerId: string, input: PacketToOpen): boolean {
  const by = fields.referred_by;
  if (!isRecord(by) || by.id !== signerId) return false;
  if (fields.from_case !== undefined && fields.from_case !== input.caseId) return false;
  const fromTeam = isRecord(fields.from_team) ? fields.from_team.id : fields.from_team;
  return fromTeam === undefined || fromTeam === input.teamId;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A field as text: a string as it is, a list joined, a contact in words (in the page's language
 * when the packet is opened), anything else by its parts.
 */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const parts = value.map(textOf).filter((part): part is string => part !== undefined);
    return parts.length === 0 ? undefined : parts.join(', ');
  }
  if (!isRecord(value)) return undefined;
  // The report form's contact shape (confide/report/v1 `contact`).
  if (value.by === 'receipt') return i18n._(msg`Only through this page`);
  if (value.by === 'email' && typeof value.email === 'string') {
    const email = value.email;
    return i18n._(msg`By email at ${email}`);
  }
  const parts = Object.entries(value)
    .map(([key, inner]) => {
      const text = textOf(inner);
      return text === undefined ? undefined : `${key.replace(/_/g, ' ')}: ${text}`;
    })
    .filter((part): part is string => part !== undefined);
  return parts.length === 0 ? undefined : parts.join('; ');
}

function linksOf(value: unknown): ReferralLink[] {
  if (!Array.isArray(value)) return [];
  const links: ReferralLink[] = [];
  for (const entry of value as unknown[]) {
    if (typeof entry === 'string' && entry.trim() !== '') links.push({ url: entry.trim(), note: '' });
    else if (isRecord(entry) && typeof entry.url === 'string') {
      links.push({ url: entry.url, note: textOf(entry.note) ?? '' });
    } else {
      const text = textOf(entry);
      if (text !== undefined) links.push({ url: text, note: '' });
    }
  }
  return links;
}

function fileNamesOf(attachments: readonly AttachmentRef[] | undefined): string[] {
  if (!Array.isArray(attachments)) return [];
  const list: readonly unknown[] = attachments;
  return list
    .map((a) => (isRecord(a) && typeof a.name === 'string' ? a.name : i18n._(msg`a file without a name`)))
    .filter((name) => name !== '');
}
