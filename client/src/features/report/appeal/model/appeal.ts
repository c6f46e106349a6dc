/**
 * The appeal page's words and checks (docs/protocol.md 10.9), kept apart from the page so they can
 * be tested: the reference as typed, why an appeal is not taken now, what the appellant writes,
 * and the report draft it becomes. The words are translated when these functions are called, in
 * the page's language at that moment.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import type { CryptoModule } from '../../../../lib/load-crypto.js';
import { formatCount, formatDate } from '../../../../lib/format.js';
import { encodedBytes, TEXT_BUDGET_BYTES, textTooLongMessage } from '../../../../lib/text-budget.js';
import { defaultLanguage, emptyDraft, isEmailAddress, TEXT_MAX, type Draft } from '../../model/draft.js';

/** Why an appeal is not taken now: the server's codes for the check (404, 409). */
export type AppealRefusalCode =
  'appeal_reference_unknown' | 'appeals_off' | 'appeal_limit_reached' | 'appeal_too_early';

export type ReferenceCheck = { ok: true; reference: string } | { ok: false; message: string };

const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;

/**
 * The reference as typed, normalized like a receipt (docs/protocol.md 8.3): spaces, any dash and
 * lower case are fine, O is read as 0, I and L as 1. Checked here first so that a typing slip is
 * named at once, without a request (and without using up the address's checks).
 */
export function checkReferenceInput(C: CryptoModule, typed: string): ReferenceCheck {
  const tidied = typed.replace(/\s+/g, '').replace(DASHES, '-');
  if (tidied === '') {
    return {
      ok: false,
      message: i18n._(msg`Enter the reference from the team’s notice: 20 letters and numbers.`),
    };
  }
  try {
    return { ok: true, reference: C.normalizeReceipt(tidied, 'appeal reference') };
  } catch (error) {
    if (C.isConfideCryptoError(error, 'RECEIPT_MALFORMED') && error.character === undefined) {
      const length = tidied.replace(/-/g, '').length;
      return {
        ok: false,
        message: i18n._(
          msg`A reference has 20 letters and numbers; this has ${length}. Please check you have all of it.`,
        ),
      };
    }
    return {
      ok: false,
      message: i18n._(
        msg`This is not a reference as the team’s notice gives it: only the digits 0 to 9 and the letters A to Z, never U. Please check it.`,
      ),
    };
  }
}

/** A refusal of the check (or of the appeal itself), in plain words. */
export function refusalMessage(
  code: AppealRefusalCode | 'appeal_wrong_team' | (string & {}),
  appealAfter: string | null,
): string {
  switch (code) {
    case 'appeal_reference_unknown':
      return i18n._(
        msg`We could not find this reference. Please check it against the team’s notice: each character matters. If it still is not found, ask the team that sent you the notice.`,
      );
    case 'appeals_off':
      return i18n._(
        msg`This team does not take appeals through Confide. Their notice, or their page on your community’s site, should say how to ask them to look at their decision again.`,
      );
    case 'appeal_limit_reached':
      return i18n._(
        msg`This decision has already been appealed as many times as the team allows, so it cannot be appealed again here. If you sent the appeal, use its receipt to read the team’s answer.`,
      );
    case 'appeal_too_early': {
      if (appealAfter === null) {
        return i18n._(msg`The team is looking at this case again. You can appeal once they have closed it.`);
      }
      const date = formatDate(appealAfter, 'long');
      return i18n._(
        msg`It is too soon to appeal this decision: the team takes appeals of it from ${date}. Please come back then with the same reference.`,
      );
    }
    case 'appeal_wrong_team':
      return i18n._(
        msg`This reference is for a decision of another team. Please start again with the reference from the notice.`,
      );
    default:
      return i18n._(msg`Your appeal could not be sent.`);
  }
}

/** What the appellant writes. */
export interface AppealText {
  readonly text: string;
  readonly contact: 'receipt' | 'email';
  readonly email: string;
}

export const emptyAppealText: AppealText = { text: '', contact: 'receipt', email: '' };

export const appealFieldIds = { text: 'appeal-text', email: 'appeal-email' } as const;

/**
 * The summary the team's case list shows for an appeal (the body's `summary`). Not translated: it
 * is sealed into the report for the team, not read by the appellant, and once sent it stays in
 * the language it was sent in; the team's console marks an appeal in its own words (`appeal_of`).
 */
export const APPEAL_SUMMARY = 'Appeal of a decision';

/**
 * The report draft an appeal is sent as (docs/protocol.md 9.4; the report feature builds the body
 * from it). The body's schema knows no appellant: `reporter_role` is 'target' or 'third_party',
 * and the appellant is the person the decision was about, so 'target'; `appeal_of` on the case
 * tells the team it is an appeal. No kinds, nothing of danger, no one left out.
 */
export function appealDraft(appeal: AppealText, language = defaultLanguage()): Draft {
  return {
    ...emptyDraft(),
    reporterRole: 'target',
    danger: 'none',
    kinds: [],
    summary: APPEAL_SUMMARY,
    whatHappened: appeal.text,
    links: [],
    involved: [],
    excluded: [],
    contact: appeal.contact,
    email: appeal.email,
    language,
  };
}

/** Every problem with what the appellant wrote: `field` is the control to focus. */
export function checkAppealText(appeal: AppealText): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  if (appeal.text.trim() === '') {
    errors.push({
      field: appealFieldIds.text,
      message: i18n._(msg`Write your appeal: why the team should look at its decision again`),
    });
  } else if (appeal.text.length > TEXT_MAX) {
    const limit = formatCount(TEXT_MAX);
    errors.push({
      field: appealFieldIds.text,
      message: i18n._(msg`This is longer than ${limit} characters. Please shorten it`),
    });
  } else {
    const bytes = encodedBytes(appeal.text.trim());
    if (bytes > TEXT_BUDGET_BYTES) {
      errors.push({ field: appealFieldIds.text, message: textTooLongMessage(bytes, 'message') });
    }
  }
  if (appeal.contact === 'email' && !isEmailAddress(appeal.email)) {
    errors.push({
      field: appealFieldIds.email,
      message:
        appeal.email.trim() === ''
          ? i18n._(
              msg`Enter the email address the team can use, or choose to be reached through your receipt`,
            )
          : i18n._(msg`Enter an email address in the form name@example.org`),
    });
  }
  return errors;
}
