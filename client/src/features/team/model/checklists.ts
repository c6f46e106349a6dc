/**
 * The seed's investigation checklists ("Investigating reports: Verifying facts" and "Background
 * research"), each item under a stable key that checklist records name (contract/records.ts:
 * `^[a-z_]{1,60}$`). Keys never change once shipped: old records would lose their item.
 */
import { i18n, type MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import type { Checklist } from '#contract/records';

export interface ChecklistItem {
  readonly key: string;
  readonly label: string;
  /** The seed's reason or detail, shown under the label. */
  readonly detail?: string;
}

/**
 * One of the seed's items, its words translated each time they are read, in the page's language
 * then (as i18n/translated-record.ts does for tables): the lists are built once, as the module
 * loads, and a switch of language must still reach them.
 */
function seedItem(words: {
  key: string;
  label: MessageDescriptor;
  detail?: MessageDescriptor;
}): ChecklistItem {
  const { key, label, detail } = words;
  const item = {
    key,
    get label() {
      return i18n._(label);
    },
  };
  if (detail === undefined) return item;
  return Object.defineProperty(item, 'detail', { enumerable: true, get: () => i18n._(detail) });
}

/** Verifying facts, after the report's own links (see verifyItems). */
export const VERIFY_ITEMS: readonly ChecklistItem[] = [
  seedItem({
    key: 'reporter_identity',
    label: msg`The reporter and the target are who they say they are`,
    detail: msg`Are they actually operating the account they claim, or only pretending to be its owner (perhaps with a disposable, single-purpose account)?`,
  }),
  seedItem({
    key: 'reporter_account_status',
    label: msg`The reporter’s account status is checked`,
    detail: msg`Do they omit material facts, such as sanctions on their account? Is there a security issue, such as a compromised password, that calls for immediate action?`,
  }),
  seedItem({
    key: 'harasser_identity',
    label: msg`The reported account is the one doing the harassing`,
    detail: msg`Someone may pretend to be another person and misbehave to get them in trouble (impersonation). You are not verifying a real-life identity.`,
  }),
  seedItem({
    key: 'harasser_account_status',
    label: msg`The alleged harasser’s account status is checked`,
    detail: msg`Are they under sanctions related to this situation? Blocked or banned? Does their account appear to have been compromised?`,
  }),
];

export const BACKGROUND_ITEMS: Readonly<Record<Exclude<Checklist, 'verify'>, readonly ChecklistItem[]>> = {
  background_target: [
    seedItem({
      key: 'dealt_with_before',
      label: msg`Has your team dealt with this person before (whether as a target, a reporter, or a harasser)? Were their reports and/or opinions reliable in any previous dealings you have had with them?`,
    }),
    seedItem({
      key: 'harassed_before',
      label: msg`Does this person have a history of having been harassed, whether by the current alleged harasser or by others?`,
      detail: msg`If yes, you may find that you are dealing with a new sockpuppet of an old harasser.`,
    }),
    seedItem({
      key: 'community_history',
      label: msg`What is this person’s history in the community?`,
      detail: msg`Knowing that someone has participated in a gender-related WikiProject, for example, might lead you to discover that gender is the basis for the current harassment case.`,
    }),
  ],
  background_reporter: [
    seedItem({
      key: 'dealt_with_before',
      label: msg`Has your team dealt with this person before? Were their reports and/or opinions reliable in any previous dealings you have had with them?`,
    }),
    seedItem({
      key: 'relationship',
      label: msg`Does the reporter have a known relationship to either the target or the alleged harasser?`,
      detail: msg`Might there be an ulterior motive in their report (backing up a friend who is in conflict, exaggerating a situation to make somebody look bad)?`,
    }),
    seedItem({
      key: 'approach_to_conflict',
      label: msg`What is this person’s history and what, if anything, might you know about their approach to contentious situations?`,
      detail: msg`They may be known as someone superbly level-headed or as someone who overreacts; either will have some bearing on how you interpret their report.`,
    }),
  ],
  background_harasser: [
    seedItem({
      key: 'dealt_with_before',
      label: msg`Has your team dealt with this person before? Do they have a history of being reported for harassment? Have they been harassed themselves in the past?`,
    }),
    seedItem({
      key: 'friction',
      label: msg`Does this person have any known friction with either the reporter or the target?`,
      detail: msg`It may be that this reported harassment is simply the latest front in a long-term war.`,
    }),
    seedItem({
      key: 'community_history',
      label: msg`What is this person’s history in the community, and are the events in this report related to that history?`,
      detail: msg`Search the archives of relevant noticeboards and look at the block log and talk page of the user.`,
    }),
    seedItem({
      key: 'affiliations',
      label: msg`Any of the parties: organizations they are affiliated with, and whether those organizations may also be in conflict`,
    }),
    seedItem({
      key: 'off_wiki_activities',
      label: msg`Any of the parties: relevant off-wiki activities`,
      detail: msg`For instance, participating in a forum that enjoys publishing the personal information of others.`,
    }),
    seedItem({
      key: 'long_term_pattern',
      label: msg`Does the report reflect a known long-term pattern of thematic conflict involving broader groups?`,
    }),
  ],
};

/**
 * The key of the report's link at `index`: `link_` and the index in letters (a, b, … z, aa, ab…),
 * since record keys hold no digits.
 */
export function linkKey(index: number): string {
  let n = index;
  let letters = '';
  do {
    letters = String.fromCharCode(97 + (n % 26)) + letters;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return `link_${letters}`;
}

/**
 * The verify list of a report: one item per link or diff it gives, then the seed's checks. The
 * links' words are in the page's language as it is now: call it where the list is shown.
 */
export function verifyItems(
  links: readonly { readonly url: string; readonly note: string }[],
): ChecklistItem[] {
  const linkItems = links.map(({ url, note }, i): ChecklistItem => ({
    key: linkKey(i),
    label: i18n._(msg`Opened and confirmed: ${url}`),
    detail:
      note === ''
        ? i18n._(msg`Does it say what the report says it says?`)
        : i18n._(msg`The reporter: “${note}”`),
  }));
  return [...linkItems, ...VERIFY_ITEMS];
}

/** One tick as the checklist shows it: the latest record for that item. */
export interface Tick {
  readonly checked: boolean;
  readonly note: string;
  readonly author: string;
  readonly at: string;
}

export interface ChecklistEntry {
  readonly author: string;
  readonly at: string;
  readonly record: {
    readonly list: Checklist;
    readonly item: string;
    readonly checked: boolean;
    readonly note: string;
  };
}

export function tickKey(list: Checklist, item: string): string {
  return `${list}/${item}`;
}

/** The latest record of each item wins; `entries` are in the order they were written. */
export function latestTicks(entries: readonly ChecklistEntry[]): Map<string, Tick> {
  const ticks = new Map<string, Tick>();
  for (const { author, at, record } of entries) {
    ticks.set(tickKey(record.list, record.item), {
      checked: record.checked,
      note: record.note,
      author,
      at,
    });
  }
  return ticks;
}
