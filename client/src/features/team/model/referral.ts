/**
 * Referring a case to another team of the deployment (docs/protocol.md 10.10), as the console
 * shows and writes it: which teams can receive it, whether the reporter is asked, the packet body
 * the keyring seals, the states of the referrals made, and what a refusal means.
 */
import { i18n, type MessageDescriptor } from '@lingui/core';
import { msg, plural } from '@lingui/core/macro';

import type { ReportKind } from '#crypto';
import { isOpenStatus, type CaseStatus } from '#contract/enumerations';
import type { OutgoingReferral, ReferralTeam } from '#contract/referrals';
import type { TeamSummary } from '#contract/teams';
import type {
  AttachmentView,
  ReferralLink,
  ReferralPacketDraft,
  ReportView,
} from '../../../lib/keyring/types.js';
import { formatCount, formatList } from '../../../lib/format.js';
import { encodedBytes, TEXT_BUDGET_BYTES } from '../../../lib/text-budget.js';
import { openableUrl } from './openable-url.js';

/**
 * What the receiving team reads about reaching the reporter, unless the member writes otherwise:
 * in the member's language, as the rest of what they write.
 */
export function defaultContactReporter(): string {
  return i18n._(msg`Through Confide: reply in this case; the reporter reads it with their receipt`);
}

/**
 * Whether the reporter must consent: the two teams serve different communities, or either names
 * none (a team that names none serves only its own). The server decides; this is the same rule,
 * so the page can explain before anything is sent.
 */
export function referralNeedsConsent(from: string | null, to: string | null): boolean {
  return from === null || to === null || from !== to;
}

/**
 * Whether the console offers to refer a case: `available` while the team works on it (or after a
 * first referral), the way the server allows; `unchecked` when its report did not open or its
 * reporter keys did not check out (the packet carries them, and the reporter reads it with them);
 * `finished` when it is closed, withdrawn or its details were deleted.
 */
export type ReferralAvailability = 'available' | 'unchecked' | 'finished';

export function referralAvailability(c: {
  readonly status: CaseStatus;
  readonly purgedAt: string | null;
  readonly reportOpened: boolean;
  readonly reporterTrusted: boolean;
}): ReferralAvailability {
  if (c.purgedAt !== null || (!isOpenStatus(c.status) && c.status !== 'referred')) return 'finished';
  return c.reportOpened && c.reporterTrusted ? 'available' : 'unchecked';
}

/** The teams a case of `ownTeam` can be referred to: every other team, by name. */
export function referralTargets(teams: readonly TeamSummary[], ownTeam: string): TeamSummary[] {
  return teams.filter((t) => t.id !== ownTeam).sort((a, b) => a.name.localeCompare(b.name));
}

type NamedTeam = Pick<TeamSummary, 'name' | 'community'>;

/**
 * Why the reporter is asked, before the member writes anything: "Local serves en.wikipedia and
 * Stewards names no community: the reporter is asked …". One sentence for each way the two teams
 * can name their communities, so each reads whole.
 */
export function consentReasonWords(from: NamedTeam, to: NamedTeam): string {
  const fromName = from.name;
  const toName = to.name;
  const fromCommunity = from.community;
  const toCommunity = to.community;
  if (fromCommunity === null) {
    return toCommunity === null
      ? i18n._(
          msg`${fromName} names no community and ${toName} names no community: the reporter is asked through their receipt whether to pass this on.`,
        )
      : i18n._(
          msg`${fromName} names no community and ${toName} serves ${toCommunity}: the reporter is asked through their receipt whether to pass this on.`,
        );
  }
  if (toCommunity === null) {
    return i18n._(
      msg`${fromName} serves ${fromCommunity} and ${toName} names no community: the reporter is asked through their receipt whether to pass this on.`,
    );
  }
  return i18n._(
    msg`${fromName} serves ${fromCommunity} and ${toName} serves ${toCommunity}: the reporter is asked through their receipt whether to pass this on.`,
  );
}

/** A team in the picker: its name and the community it serves. */
export function teamChoiceLabel(team: NamedTeam): string {
  const teamName = team.name;
  const community = team.community;
  return community === null
    ? i18n._(msg`${teamName} (no community named)`)
    : i18n._(msg({ message: `${teamName} (${community})`, comment: 'A team and the community it serves' }));
}

/** Links typed one a line: the address, then what it shows. */
export interface ParsedLinks {
  readonly links: readonly ReferralLink[];
  /** The lines (from 1) that do not start with a web address. */
  readonly badLines: readonly number[];
}

/**
 * Reads links typed one a line, "https://… what it shows": the first word is the address (only
 * http and https), the rest its note. Blank lines are skipped.
 */
export function parseLinkLines(text: string): ParsedLinks {
  const links: ReferralLink[] = [];
  const badLines: number[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const [url = '', ...rest] = line.split(/\s+/);
    if (openableUrl(url) === null) {
      badLines.push(i + 1);
      return;
    }
    links.push({ url, note: rest.join(' ') });
  });
  return { links, badLines };
}

/** What the member writes about a referral. */
export interface ReferralForm {
  readonly summary: string;
  readonly contactReferrer: string;
  readonly contactReporter: string;
  readonly preliminaryWork: string;
  readonly links: string;
  readonly diffs: string;
}

export type ReferralFormField = keyof ReferralForm;

/** "Lines 2, 3: start each line with a web address (https://…)." */
function badLinesWords(bad: readonly number[]): string {
  const count = bad.length;
  const lines = formatList(bad.map((line) => formatCount(line)));
  return i18n._(
    msg`${plural(count, {
      one: `Line ${lines}: start each line with a web address (https://…).`,
      other: `Lines ${lines}: start each line with a web address (https://…).`,
    })}`,
  );
}

/** What is wrong with the form, by field, in the page's language; empty when it can be sent. */
export function referralFormProblems(form: ReferralForm): Partial<Record<ReferralFormField, string>> {
  const problems: Partial<Record<ReferralFormField, string>> = {};
  if (form.summary.trim() === '')
    problems.summary = i18n._(msg`Write what the other team needs to know first.`);
  if (form.contactReferrer.trim() === '')
    problems.contactReferrer = i18n._(msg`Say how the other team can reach you.`);
  if (form.contactReporter.trim() === '')
    problems.contactReporter = i18n._(msg`Say how the other team can reach the reporter.`);
  const links = parseLinkLines(form.links);
  if (links.badLines.length > 0) problems.links = badLinesWords(links.badLines);
  const diffs = parseLinkLines(form.diffs);
  if (diffs.badLines.length > 0) problems.diffs = badLinesWords(diffs.badLines);
  return problems;
}

/** Where the referral comes from: the member's team, the case and the member, as their roster names them. */
export interface ReferralOrigin {
  readonly team: { readonly id: string; readonly slug: string; readonly name: string };
  readonly caseId: string;
  readonly caseNumber: number;
  readonly member: { readonly id: string; readonly name: string };
}

/**
 * The packet body (a `confide/report/v1` body, docs/protocol.md 10.10): the report's fields
 * copied from the opened case, the member's summary as its summary and what happened, the files
 * copied for it, the receiving roster it is sealed to, and `referral`. The keyring adds the
 * reporter's keys from what it checked.
 */
export function buildReferralPacket(input: {
  readonly report: ReportView;
  readonly form: ReferralForm;
  readonly origin: ReferralOrigin;
  /** The files copied for the packet: new uploads, new keys. */
  readonly attachments: readonly AttachmentView[];
  /** Members of the receiving team left out (only when the reporter is not asked). */
  readonly excluded: readonly string[];
  /** The receiving team's verified roster. */
  readonly to: {
    readonly fingerprint: string;
    readonly head: { readonly seq: number; readonly hash: string };
  };
  readonly submittedAt: string;
}): ReferralPacketDraft {
  const { report, form, origin } = input;
  const summary = form.summary.trim();
  return {
    schema: 'confide/report/v1',
    ...(report.reporterRole === null ? {} : { reporter_role: report.reporterRole }),
    kinds: report.kinds as ReportKind[],
    summary,
    what_happened: summary,
    where: report.where,
    links: report.links.map((l) => ({ url: l.url, note: l.note })),
    involved: report.involved.map((p) => ({ name: p.name, role: p.role })),
    private_info_exposed: report.privateInfoExposed,
    ...(report.danger === null ? {} : { danger: report.danger }),
    ...(report.contact === null ? {} : { contact: { ...report.contact } }),
    ...(report.language === null ? {} : { language: report.language }),
    attachments: input.attachments.map((f) => ({
      id: f.id,
      name: f.name,
      type: f.type,
      size: f.size,
      key: f.key,
    })),
    submitted_at: input.submittedAt,
    excluded: [...input.excluded],
    team_fingerprint: input.to.fingerprint,
    roster_head: { seq: input.to.head.seq, hash: input.to.head.hash },
    referral: {
      from_team: { id: origin.team.id, slug: origin.team.slug, name: origin.team.name },
      from_case: origin.caseId,
      from_case_number: origin.caseNumber,
      referred_by: { id: origin.member.id, name: origin.member.name },
      contact_referrer: form.contactReferrer.trim(),
      contact_reporter: form.contactReporter.trim(),
      preliminary_work: form.preliminaryWork.trim(),
      links: [...parseLinkLines(form.links).links],
      diffs: [...parseLinkLines(form.diffs).links],
    },
  };
}

/**
 * Whether the packet's text would not fit one envelope (the server refuses it then): the body as
 * it will be encrypted, its files' entries aside (text-budget.ts keeps room for those).
 */
export function packetTooLong(packet: ReferralPacketDraft): boolean {
  const { attachments: _files, ...text } = packet;
  return encodedBytes(text) > TEXT_BUDGET_BYTES;
}

/** "waiting for the reporter’s consent", "released", "the reporter refused". */
export function referralStateWords(state: OutgoingReferral['state']): string {
  switch (state) {
    case 'awaiting_consent':
      return i18n._(msg`waiting for the reporter’s consent`);
    case 'released':
      return i18n._(
        msg({ message: 'released', context: 'referral', comment: 'Where a referral to another team stands' }),
      );
    case 'refused':
      return i18n._(msg`the reporter refused`);
  }
}

/** What happened to a referral just sent, in a sentence. */
export function referralSentWords(state: OutgoingReferral['state'], to: Pick<ReferralTeam, 'name'>): string {
  const teamName = to.name;
  switch (state) {
    case 'awaiting_consent':
      return i18n._(
        msg`The referral to ${teamName} was sent. The reporter is asked through their receipt; ${teamName} reads it only once they agree.`,
      );
    case 'released':
      return i18n._(
        msg`The referral was released to ${teamName}: it is a case of theirs now. The reporter is told.`,
      );
    case 'refused':
      return i18n._(msg`The reporter refused the referral to ${teamName}.`);
  }
}

/** Why the server refused a referral (its error code), in words a member can act on. */
const MEMBERS_CHANGED = msg`The other team’s members changed while you wrote this. Check them again below, then send the referral again.`;

const REFERRAL_REFUSALS: Readonly<Record<string, MessageDescriptor>> = {
  roster_changed: MEMBERS_CHANGED,
  grants_do_not_match_roster: MEMBERS_CHANGED,
  excluded_not_member: msg`Someone you left out is not on the other team any more. Check its members again below, then send again.`,
  no_recipient_left: msg`Leave at least one member of the other team able to read the referral.`,
  reporter_chooses_exclusions: msg`The two teams serve different communities: the reporter is asked, and chooses whom to leave out. Untick everyone and send again.`,
  referral_waiting: msg`A referral of this case to that team is already waiting for the reporter’s answer. Wait for it before referring again.`,
  referral_same_team: msg`A case is referred to another team, not to your own.`,
  case_finished: msg`This case is closed: reopen it first if it must go to another team.`,
  case_withdrawn: msg`The reporter withdrew this case: it cannot be referred.`,
  case_purged: msg`This case’s details were deleted: it cannot be referred.`,
  bad_signature: msg`The server did not accept your signature on the referral. Reload the page and try again; if it happens again, tell your team’s admins.`,
  attachment_unknown: msg`A copied file did not reach the server. Send the referral again.`,
  attachments_too_large: msg`The files chosen are too large together. Pass on fewer of them.`,
  duplicate_report: msg`This referral was sent already. Reload the page to see it.`,
};

/**
 * The words for a refused referral with this error code, in the page's language, or null when it
 * has none of its own.
 */
export function referralRefusalWords(code: string): string | null {
  const words = Object.hasOwn(REFERRAL_REFUSALS, code) ? REFERRAL_REFUSALS[code] : undefined;
  return words === undefined ? null : i18n._(words);
}

/** The refusals that mean the receiving team's roster must be checked again before sending. */
export function isRosterRefusal(code: string): boolean {
  return code === 'roster_changed' || code === 'grants_do_not_match_roster' || code === 'excluded_not_member';
}
