/**
 * Records in words, for the timeline, the print view and the export: in the page's language as it
 * is when called, so call them where the words are shown. What members wrote (notes, names, the
 * announcement) is shown as written.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import type { WikiAction } from '#contract/enumerations';
import type { RecordBody } from '#contract/records';
import { formatList } from '../../../../../lib/format.js';
import { BACKGROUND_ITEMS, VERIFY_ITEMS } from '../../../model/checklists.js';
import {
  CHECKLIST_WORDS,
  noticeGivenWords,
  REPORTER_ROLE_WORDS,
  RETAINED_RESULT_WORDS,
  VOTE_WORDS,
  WIKI_ACTION_WORDS,
} from '../../../model/record-words.js';
import { partiesWords } from '../../../model/retained-record.js';
import { DEBRIEF_QUESTIONS } from '../../../model/debrief.js';
import { supportWords } from '../../../model/support-kit.js';

const SHORT = 80;

function short(text: string): string {
  const line = text.replace(/\s+/gu, ' ').trim();
  return line.length > SHORT ? `${line.slice(0, SHORT - 1)}…` : line;
}

function withNote(line: string, text: string): string {
  if (text.trim() === '') return line;
  const note = short(text);
  return i18n._(
    msg({
      comment: 'A record’s line in the timeline, then its note as written',
      message: `${line} — “${note}”`,
    }),
  );
}

function checklistItemWords(list: RecordBody & { type: 'checklist' }): string {
  if (/^link_[a-z]+$/u.test(list.item)) return i18n._(msg`a link from the report opened and confirmed`);
  const items = list.list === 'verify' ? VERIFY_ITEMS : BACKGROUND_ITEMS[list.list];
  const known = items.find((i) => i.key === list.item);
  return known === undefined ? list.item : short(known.label);
}

/** A wiki action and, when the record names one, what it was taken against (as written). */
function actionWords(action: { action: WikiAction; target: string }): string {
  const actionName = WIKI_ACTION_WORDS[action.action];
  const target = action.target.trim();
  return target === '' ? actionName : i18n._(msg`${actionName} (${target})`);
}

/**
 * One line for the case's timeline saying what a record says; `names` maps member ids to names
 * (an id missing from it is shown as an unknown member).
 */
export function describeRecord(record: RecordBody, names: ReadonlyMap<string, string>): string {
  switch (record.type) {
    case 'checklist': {
      const item = checklistItemWords(record);
      const list = CHECKLIST_WORDS[record.list];
      return withNote(
        record.checked
          ? i18n._(msg`Ticked in “${list}”: ${item}`)
          : i18n._(msg`Unticked in “${list}”: ${item}`),
        record.note,
      );
    }
    case 'investigators': {
      const who = record.members.map((id) => names.get(id) ?? i18n._(msg`an unknown member`));
      const investigators = formatList(who);
      return who.length === 0
        ? i18n._(msg`Investigators: none recorded`)
        : i18n._(msg`Investigators: ${investigators}`);
    }
    case 'vote': {
      const round = record.round;
      const choice = VOTE_WORDS[record.choice];
      return withNote(i18n._(msg`Voted in round ${round}: ${choice}`), record.note);
    }
    case 'decision': {
      const outcome = VOTE_WORDS[record.outcome];
      const actions =
        record.actions.length === 0
          ? i18n._(msg`no on-wiki action`)
          : formatList(record.actions.map((a) => actionWords(a)));
      if (record.reporter_asked_before_suppression === null) {
        return i18n._(msg`Decision: ${outcome}; ${actions}`);
      }
      return record.reporter_asked_before_suppression
        ? i18n._(msg`Decision: ${outcome}; ${actions}; the reporter was asked before the suppression`)
        : i18n._(msg`Decision: ${outcome}; ${actions}; the reporter was NOT asked before the suppression`);
    }
    case 'notice':
      return withNote(noticeGivenWords(record.to), record.note);
    case 'support': {
      // Semicolons, as the kit's entries may hold commas.
      const offered = record.offered.map(supportWords).join('; ');
      return withNote(
        record.offered.length === 0 ? i18n._(msg`Support offered`) : i18n._(msg`Support offered: ${offered}`),
        record.note,
      );
    }
    case 'debrief':
      return withNote(i18n._(msg`Debrief recorded`), record.best_result);
    case 'closing_summary':
      return withNote(i18n._(msg`Closing summary`), record.outcome);
    case 'announcement': {
      const username = record.username;
      const basis = short(record.basis);
      const outcome = short(record.outcome);
      return i18n._(msg`Public announcement draft: ${username} — ${basis}; ${outcome}`);
    }
    case 'retained': {
      const result = RETAINED_RESULT_WORDS[record.result];
      const parties =
        record.parties.length === 0 ? i18n._(msg`no parties named`) : short(partiesWords(record.parties));
      return i18n._(msg`Record kept after deletion: ${result}; ${parties}`);
    }
  }
}

/** One part of a record in full: what it is, and the text as written (line breaks kept). */
export interface RecordDetail {
  readonly term: string;
  readonly text: string;
}

/** A note that the one line shortened or left out (long, or on several lines), or nothing. */
function fullNote(term: string, note: string): RecordDetail[] {
  const text = note.trim();
  return text === '' || short(text) === text ? [] : [{ term, text }];
}

function parts(list: readonly (readonly [string, string])[]): RecordDetail[] {
  return list.filter(([, text]) => text.trim() !== '').map(([term, text]) => ({ term, text: text.trim() }));
}

/**
 * What describeRecord's one line leaves out, in full: the closing summary's four parts, the
 * debrief's answers, the decision's reasons and action notes, and any note or announcement the
 * line shortened. For the timeline, the print view and the export: the case's
 * documentation must be readable whole somewhere.
 */
export function recordDetails(record: RecordBody): RecordDetail[] {
  switch (record.type) {
    case 'closing_summary':
      return parts([
        [i18n._(msg`What the case was about`), record.about],
        [i18n._(msg`Who investigated`), record.investigators],
        [i18n._(msg`What they found`), record.findings],
        [i18n._(msg`The outcome`), record.outcome],
      ]);
    case 'debrief':
      return parts(DEBRIEF_QUESTIONS.map((q) => [i18n._(q.label), record[q.field]] as const));
    case 'decision':
      return [
        ...record.actions.flatMap((a) => parts([[actionWords(a), a.note]])),
        ...parts([[i18n._(msg`Reasons and details`), record.note]]),
      ];
    case 'announcement':
      // The one line holds it all unless it shortened the basis or the outcome.
      return [record.basis, record.outcome].every((t) => short(t) === t.trim())
        ? []
        : parts([
            [i18n._(msg`Username`), record.username],
            [i18n._(msg`Basis`), record.basis],
            [i18n._(msg`Outcome`), record.outcome],
          ]);
    case 'checklist':
    case 'notice':
    case 'support':
      return fullNote(i18n._(msg`Note`), record.note);
    case 'vote':
      return fullNote(i18n._(msg`Why`), record.note);
    case 'investigators':
      return [];
    case 'retained':
      return parts([
        [i18n._(msg`Result`), RETAINED_RESULT_WORDS[record.result]],
        [i18n._(msg`Parties`), partiesWords(record.parties)],
        [i18n._(msg`Reported by`), REPORTER_ROLE_WORDS[record.reporter_role]],
        [i18n._(msg`The outcome`), record.outcome],
      ]);
  }
}
