/**
 * The public announcement draft's check (the seed, "Reporting out: Choosing what details to
 * release"): an announcement names the sanctioned user, the basis and the outcome, and never
 * personal details, other parties or links to the harassing content. This check refuses what a
 * machine can see: e-mail addresses, phone numbers, IP addresses, any link (the report's own
 * links are named as such), and the other accounts the report names. Judgement stays with the team.
 */
import { i18n } from '@lingui/core';
import { msg, select } from '@lingui/core/macro';

export type AnnouncementField = 'username' | 'basis' | 'outcome';

export interface AnnouncementDraft {
  readonly username: string;
  readonly basis: string;
  readonly outcome: string;
}

export interface AnnouncementContext {
  /** Accounts the report names (all roles): none but the sanctioned username may appear. */
  readonly involved: readonly { readonly name: string }[];
  /** The report's links to the content. */
  readonly links: readonly { readonly url: string }[];
}

export type ProblemKind = 'email' | 'phone' | 'ip' | 'report_link' | 'link' | 'name';

export interface AnnouncementProblem {
  readonly field: AnnouncementField;
  readonly kind: ProblemKind;
  /** The text found, as written. */
  readonly found: string;
  /** In the page's language as it was when checked: the panel checks again at each render. */
  readonly message: string;
}

/**
 * The words for a problem, each a whole sentence for each field (a `select` on the field) so that
 * a translator never has to join a field's name to the rest; `found` is the text as written.
 */
function problemMessage(field: AnnouncementField, kind: ProblemKind, found: string): string {
  switch (kind) {
    case 'email':
      return i18n._(
        msg`${select(field, {
          username: `The username contains an e-mail address: “${found}”.`,
          basis: `The basis contains an e-mail address: “${found}”.`,
          other: `The outcome contains an e-mail address: “${found}”.`,
        })}`,
      );
    case 'report_link':
      return i18n._(
        msg`${select(field, {
          username: 'The username links to content from the report. Leave links to the harassment out.',
          basis: 'The basis links to content from the report. Leave links to the harassment out.',
          other: 'The outcome links to content from the report. Leave links to the harassment out.',
        })}`,
      );
    case 'link':
      return i18n._(
        msg`${select(field, {
          username: `The username contains a link: “${found}”. Announcements carry no links to content.`,
          basis: `The basis contains a link: “${found}”. Announcements carry no links to content.`,
          other: `The outcome contains a link: “${found}”. Announcements carry no links to content.`,
        })}`,
      );
    case 'ip':
      return i18n._(
        msg`${select(field, {
          username: `The username contains an IP address: “${found}”.`,
          basis: `The basis contains an IP address: “${found}”.`,
          other: `The outcome contains an IP address: “${found}”.`,
        })}`,
      );
    case 'phone':
      return i18n._(
        msg`${select(field, {
          username: `The username contains what looks like a phone number: “${found}”.`,
          basis: `The basis contains what looks like a phone number: “${found}”.`,
          other: `The outcome contains what looks like a phone number: “${found}”.`,
        })}`,
      );
    case 'name':
      return i18n._(
        msg`${select(field, {
          username: `The username names “${found}”, another account from the report. Name only the sanctioned user.`,
          basis: `The basis names “${found}”, another account from the report. Name only the sanctioned user.`,
          other: `The outcome names “${found}”, another account from the report. Name only the sanctioned user.`,
        })}`,
      );
  }
}

const EMAIL = /[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+\.[a-z]{2,}/giu;
const IPV4 = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?(?![\d.]*\d)/gu;
/** Candidates only: runs of hex groups and colons, checked by isIpv6. */
const IPV6_CANDIDATE = /(?<![0-9a-f:])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:\/\d{1,3})?(?![0-9a-f:])/giu;
/** Candidates only: a run of digits and the separators phone numbers use, checked by isPhone. */
const PHONE_CANDIDATE = /(?<![\w.])\+?\(?\d(?:[\s().-]{0,3}\d){6,}(?![\w])/gu;
const DATE_OR_TIME =
  /\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}:\d{2}(?::\d{2})?\b/gu;
/** A scheme, www., a domain followed by a path, or a wiki link to a page or diff. */
const LINK =
  /\b(?:[a-z][a-z0-9+.-]*:\/\/\S+|www\.\S+|(?:[a-z0-9-]+\.)+[a-z]{2,}\/\S*|special:\S+|\S*[?&](?:diff|oldid|curid)=\d+\S*)|\[\[[^\]]*\]\]/giu;

function isIpv6(candidate: string): boolean {
  const address = candidate.split('/')[0] ?? '';
  if (!/[0-9a-f]/iu.test(address)) return false;
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/iu.test(g))) return false;
  return halves.length === 2 ? groups.length <= 7 : groups.length === 8;
}

/** A date (2025-03-01, 1/3/2025) or an IPv4 address is not a phone number. */
function isPhone(candidate: string): boolean {
  const digits = candidate.replace(/\D/gu, '');
  if (digits.length < 7 || digits.length > 15) return false;
  if (/^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$/u.test(candidate)) return false;
  if (/^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/u.test(candidate)) return false;
  if (/^(?:\d{1,3}\.){3}\d{1,3}$/u.test(candidate)) return false;
  return true;
}

/** Account names compare as MediaWiki does: underscores are spaces, case is ignored here. */
function normalName(name: string): string {
  return name.replace(/_/gu, ' ').replace(/\s+/gu, ' ').trim().toLowerCase();
}

/** A URL without its scheme and trailing slash, for finding the report's links however written. */
function bareUrl(url: string): string {
  return url
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//u, '')
    .replace(/^www\./u, '')
    .replace(/\/+$/u, '');
}

/** Whether `name` occurs in `text` as a whole name (not inside a longer word). */
function containsName(text: string, name: string, sanctioned: string): boolean {
  // The sanctioned user's own name may contain another's ("Bob" in "Bob Smith"): it is allowed.
  const normal = normalName(text);
  const haystack = sanctioned === '' ? normal : normal.split(sanctioned).join(' ');
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(name, from);
    if (at < 0) return false;
    const before = haystack.charAt(at - 1);
    const after = haystack.charAt(at + name.length);
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return true;
    from = at + 1;
  }
}

function matches(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((m) => m[0]);
}

function checkField(
  field: AnnouncementField,
  text: string,
  sanctioned: string,
  context: AnnouncementContext,
): AnnouncementProblem[] {
  const problems: AnnouncementProblem[] = [];
  const add = (kind: ProblemKind, found: string) => {
    if (!problems.some((p) => p.kind === kind && p.found === found))
      problems.push({ field, kind, found, message: problemMessage(field, kind, found) });
  };

  const emails = matches(text, EMAIL);
  for (const found of emails) add('email', found);

  const reportLinks = context.links.map((l) => bareUrl(l.url)).filter((u) => u.length > 3);
  const lowered = text.toLowerCase();
  for (const [i, url] of reportLinks.entries()) {
    if (lowered.includes(url)) {
      add('report_link', context.links[i]?.url ?? url);
    }
  }
  for (const found of matches(text, LINK)) {
    if (emails.some((e) => e.includes(found) || found.includes(e))) continue;
    const bare = bareUrl(found);
    if (reportLinks.some((u) => bare.includes(u) || u.includes(bare))) continue;
    add('link', found);
  }

  const ipv4 = matches(text, IPV4);
  for (const found of ipv4) add('ip', found);
  for (const found of matches(text, IPV6_CANDIDATE)) {
    if (isIpv6(found)) add('ip', found);
  }

  // Dates and times ("2026-01-31 10:00") are runs of digits too: blank them out first.
  for (const candidate of matches(text.replace(DATE_OR_TIME, ' '), PHONE_CANDIDATE)) {
    const found = candidate.trim();
    if (ipv4.some((ip) => ip.includes(found) || found.includes(ip))) continue;
    if (isPhone(found)) add('phone', found);
  }

  if (field !== 'username') {
    for (const { name } of context.involved) {
      const normal = normalName(name);
      if (normal === '' || normal === sanctioned) continue;
      if (containsName(text, normal, sanctioned)) {
        add('name', name);
      }
    }
  }
  return problems;
}

/** Every problem of `draft`, field by field, in the order the fields are shown. */
export function checkAnnouncement(
  draft: AnnouncementDraft,
  context: AnnouncementContext,
): AnnouncementProblem[] {
  const sanctioned = normalName(draft.username);
  return (['username', 'basis', 'outcome'] as const).flatMap((field) =>
    checkField(field, draft[field], sanctioned, context),
  );
}
