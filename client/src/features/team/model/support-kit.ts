/**
 * Support a team can offer a target, from the seed ("Off-wiki harassment: Assistance you can
 * offer", "Handling personal information") by harassment kind, plus the team's own list from its
 * settings. Support records store each entry's key: `kit:<key>` for the built-in kit and
 * `team:<title>` for the team's own, so a record stays readable if the team's list changes.
 * The built-in entries are read in the page's language when offered; the team's own stay as written.
 */
import { i18n, type MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';

export interface SupportOption {
  /** What a support record stores (at most 200 characters). */
  readonly key: string;
  readonly title: string;
  readonly details: string;
}

interface KitEntry {
  readonly key: string;
  readonly title: MessageDescriptor;
  readonly details: MessageDescriptor;
  /** Report kinds (client/src/features/report/model/kinds.ts codes) this entry helps with. */
  readonly kinds: readonly string[];
}

const PERSONAL_INFO_KINDS = ['doxing', 'private_communication', 'intimate_images', 'family_or_employer'];
const OFF_WIKI_CONTENT_KINDS = ['doxing', 'intimate_images', 'image_based', 'impersonation', 'brigading'];
const THREAT_KINDS = ['threat', 'contact_offwiki', 'family_or_employer'];

export const BUILT_IN_KIT: readonly KitEntry[] = [
  {
    key: 'people_search_removal',
    title: msg`Removing their details from search engines and “people search” sites`,
    details: msg`Most such sites have an opt-out, not always easy to find; a how-to guide helps the target have their information taken down.`,
    kinds: PERSONAL_INFO_KINDS,
  },
  {
    key: 'social_media_privacy',
    title: msg`Checking and tightening their social media privacy settings`,
    details: msg`Most sites offer a help page or wizard to choose privacy settings.`,
    kinds: [...PERSONAL_INFO_KINDS, ...THREAT_KINDS],
  },
  {
    key: 'suppression',
    title: msg`Suppressing the private information on the wiki`,
    details: msg`Contact oversighters or stewards quietly, never by linking to it in public. Before hiding many revisions, ask the target: it draws attention.`,
    kinds: PERSONAL_INFO_KINDS,
  },
  {
    key: 'site_takedown',
    title: msg`Asking the other site’s Trust & Safety team to take the content down`,
    details: msg`Many sites have a report button or a takedown form; help the target find it.`,
    kinds: OFF_WIKI_CONTENT_KINDS,
  },
  {
    key: 'reset_passwords',
    title: msg`Resetting the password, and every other account’s that used the same or a related one`,
    details: msg`It is usually simple to reset the password of the compromised account; reused passwords matter as much.`,
    kinds: ['account_compromise'],
  },
  {
    key: 'contact_site_trust_safety',
    title: msg`Contacting the Trust & Safety team of the site where the account was compromised`,
    details: msg`They can often secure or restore an account with their tools.`,
    kinds: ['account_compromise'],
  },
  {
    key: 'two_factor',
    title: msg`Enabling two-factor authentication where it is available`,
    details: msg`Even with the username and password, nobody gets in without the second factor.`,
    kinds: ['account_compromise'],
  },
  {
    key: 'local_authorities',
    title: msg`Contacting local authorities (emergency services if someone is in immediate danger)`,
    details: msg`Best done by the person harassed themselves: some authorities do not accept third-party reports. Threats to life go to the board too.`,
    kinds: [...THREAT_KINDS, 'doxing'],
  },
];

export const KIT_PREFIX = 'kit:';
export const TEAM_PREFIX = 'team:';

/**
 * The options for a report of `kinds`: the built-in entries for those kinds first (all of them
 * when none matches), then the rest of the kit, then the team's own list.
 */
export function supportOptions(
  kinds: readonly string[],
  teamKit: readonly { readonly title: string; readonly details: string }[],
): { suggested: SupportOption[]; others: SupportOption[]; team: SupportOption[] } {
  const toOption = (e: KitEntry): SupportOption => ({
    key: KIT_PREFIX + e.key,
    title: i18n._(e.title),
    details: i18n._(e.details),
  });
  const matches = (e: KitEntry) => e.kinds.some((k) => kinds.includes(k));
  const suggested = BUILT_IN_KIT.filter(matches).map(toOption);
  const others = BUILT_IN_KIT.filter((e) => !matches(e)).map(toOption);
  const team = teamKit.map((e) => ({ key: TEAM_PREFIX + e.title, title: e.title, details: e.details }));
  return { suggested, others, team };
}

/** A stored key in words: the built-in title, or the team entry's title, or the key itself. */
export function supportWords(key: string): string {
  if (key.startsWith(KIT_PREFIX)) {
    const entry = BUILT_IN_KIT.find((e) => KIT_PREFIX + e.key === key);
    return entry === undefined ? key.slice(KIT_PREFIX.length) : i18n._(entry.title);
  }
  if (key.startsWith(TEAM_PREFIX)) return key.slice(TEAM_PREFIX.length);
  return key;
}
