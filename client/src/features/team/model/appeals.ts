/**
 * Appeals as the console words them (docs/protocol.md 10.9): the appeal reference put into the
 * notice to the sanctioned user, the links between an appeal and the case it appeals, why a member
 * may not vote on an appeal, and the team's appeal settings as the settings form reads and writes
 * them (contract/settings.ts AppealsPerCase, AppealWaitDays).
 */
import { i18n } from '@lingui/core';
import { msg, plural } from '@lingui/core/macro';

import type { CaseLink } from '#contract/appeals';
import { MAX_APPEALS_PER_CASE, MAX_APPEAL_WAIT_DAYS } from '#contract/settings';
import { formatCount } from '../../../lib/format.js';
import { fillTemplate, hasPlaceholder } from './templates.js';

export { MAX_APPEALS_PER_CASE, MAX_APPEAL_WAIT_DAYS };

export type { CaseLink };

/** The placeholder of the "notice to the reported user" template that the reference fills. */
export const HOW_TO_APPEAL = 'how to appeal';

/** The public page where a sanctioned user sends an appeal, on this console's own server. */
export function appealPageUrl(origin: string): string {
  return `${origin.replace(/\/+$/, '')}/appeal`;
}

/**
 * The words that take the place of `{how to appeal}`: where to go, and the reference to give. In
 * the page's language, as the member's notice is written in it.
 */
export function howToAppeal(origin: string, reference: string): string {
  const appealPage = appealPageUrl(origin);
  return i18n._(
    msg({
      comment:
        'Takes the place of {how to appeal} in the notice to the reported user, after “If you wish to appeal this decision, you can”.',
      message: `send your appeal at ${appealPage} with the reference ${reference}`,
    }),
  );
}

/** Whether `text` still asks for how to appeal (the member has not written it by hand yet). */
export function asksHowToAppeal(text: string): boolean {
  return hasPlaceholder(text, HOW_TO_APPEAL);
}

/**
 * `text` with `{how to appeal}` filled with the appeal page and `reference`; when the member has
 * already replaced the placeholder, the words are added at the end instead, so that the reference,
 * which is shown only once, is never lost.
 */
export function fillHowToAppeal(text: string, origin: string, reference: string): string {
  if (asksHowToAppeal(text)) return fillTemplate(text, { [HOW_TO_APPEAL]: howToAppeal(origin, reference) });
  const appealPage = appealPageUrl(origin);
  const sentence = i18n._(msg`To appeal, send your appeal at ${appealPage} with the reference ${reference}.`);
  return text.trim() === '' ? sentence : `${text.trimEnd()}\n\n${sentence}`;
}

/** "Appeal of #12", for the case list and the case page, in the page's language. */
export function appealOfWords(original: CaseLink): string {
  const caseNumber = original.number;
  return i18n._(msg`Appeal of #${caseNumber}`);
}

// The words below are descriptors, translated where they are shown (`i18n._(APPEALS_OFF)`).

/** Why the member's vote is not taken on an appeal of a case they voted on. */
export const VOTED_ON_ORIGINAL = msg`You voted on the decision this appeal is about, so other members decide it.`;

/** What the console says when the team takes no appeals through Confide (409 appeals_off). */
export const APPEALS_OFF = msg`This team takes no appeals through Confide, so no appeal reference can be made. An admin can change that in the team’s settings, under Appeals.`;

/** What the console says when the case is not closed (409 case_not_finished). */
export const APPEAL_NEEDS_CLOSED_CASE = msg`An appeal reference can only be made for a closed case: only a closed case has a decision to appeal.`;

/** The team's appeal settings in one or two sentences, as the settings section states them. */
export function appealsSummary(perCase: number, waitDays: number): string {
  if (perCase === 0) return i18n._(msg`The team takes no appeals through Confide.`);
  const count = i18n._(
    msg`${plural(perCase, {
      one: 'Each closed case can be appealed once through Confide.',
      other: 'Each closed case can be appealed up to # times through Confide.',
    })}`,
  );
  const wait =
    waitDays === 0
      ? i18n._(msg`An appeal can be sent as soon as the case is closed.`)
      : i18n._(
          msg`${plural(waitDays, {
            one: 'An appeal can be sent # day after the case is closed.',
            other: 'An appeal can be sent # days after the case is closed.',
          })}`,
        );
  return `${count} ${wait}`;
}

/** The appeals form's fields, as typed. */
export interface AppealsForm {
  readonly perCase: string;
  readonly waitDays: string;
}

export type AppealsParse =
  | { readonly ok: true; readonly perCase: number; readonly waitDays: number }
  | { readonly ok: false; readonly field: keyof AppealsForm; readonly error: string };

/** A whole number within [min, max] from a text field, or null. */
function wholeNumber(text: string, min: number, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= min && n <= max ? n : null;
}

/** The settings to save from the form, or what is wrong with it (in the page's language). */
export function parseAppealsForm(form: AppealsForm): AppealsParse {
  const perCase = wholeNumber(form.perCase, 0, MAX_APPEALS_PER_CASE);
  if (perCase === null) {
    const most = formatCount(MAX_APPEALS_PER_CASE);
    return {
      ok: false,
      field: 'perCase',
      error: i18n._(msg`The number of appeals is a whole number from 0 to ${most}.`),
    };
  }
  const waitDays = wholeNumber(form.waitDays, 0, MAX_APPEAL_WAIT_DAYS);
  if (waitDays === null) {
    const most = formatCount(MAX_APPEAL_WAIT_DAYS);
    return {
      ok: false,
      field: 'waitDays',
      error: i18n._(msg`The waiting time is a whole number of days from 0 to ${most}.`),
    };
  }
  return { ok: true, perCase, waitDays };
}
