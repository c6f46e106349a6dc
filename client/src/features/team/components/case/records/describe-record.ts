import type { RecordBody } from '#contract/records';
import { BACKGROUND_ITEMS, VERIFY_ITEMS } from '../../../model/checklists.js';
import {
  CHECKLIST_WORDS,
  NOTICE_WORDS,
  RECORD_TYPE_WORDS,
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

function withNote(text: string, note: string): string {
  return note.trim() === '' ? text : `${text} — “${short(note)}”`;
}

function checklistItemWords(list: RecordBody & { type: 'checklist' }): string {
  if (/^link_[a-z]+$/u.test(list.item)) return 'a link from the report opened and confirmed';
  const items = list.list === 'verify' ? VERIFY_ITEMS : BACKGROUND_ITEMS[list.list];
  const known = items.find((i) => i.key === list.item);
  return known === undefined ? list.item : short(known.label);
}

/**
 * One line for the case's timeline saying what a record says; `names` maps member ids to names
 * (an id missing from it is shown as an unknown member).
 */
export function describeRecord(record: RecordBody, names: ReadonlyMap<string, string>): string {
  switch (record.type) {
    case 'checklist': {
      const what = checklistItemWords(record);
      const verb = record.checked ? 'Ticked' : 'Unticked';
      return withNote(`${verb} in “${CHECKLIST_WORDS[record.list]}”: ${what}`, record.note);
    }
    case 'investigators': {
      const who = record.members.map((id) => names.get(id) ?? 'an unknown member');
      return who.length === 0 ? 'Investigators: none recorded' : `Investigators: ${who.join(', ')}`;
    }
    case 'vote':
      return withNote(`Voted in round ${record.round}: ${VOTE_WORDS[record.choice]}`, record.note);
    case 'decision': {
      const actions = record.actions.map((a) =>
        a.target.trim() === '' ? WIKI_ACTION_WORDS[a.action] : `${WIKI_ACTION_WORDS[a.action]} (${a.target})`,
      );
      const asked =
        record.reporter_asked_before_suppression === null
          ? ''
          : record.reporter_asked_before_suppression
            ? '; the reporter was asked before the suppression'
            : '; the reporter was NOT asked before the suppression';
      const taken = actions.length === 0 ? 'no on-wiki action' : actions.join(', ');
      return `Decision: ${VOTE_WORDS[record.outcome]}; ${taken}${asked}`;
    }
    case 'notice':
      return withNote(`Notice given to: ${NOTICE_WORDS[record.to].toLowerCase()}`, record.note);
    case 'support': {
      const offered = record.offered.map(supportWords);
      return withNote(
        offered.length === 0 ? 'Support offered' : `Support offered: ${offered.join('; ')}`,
        record.note,
      );
    }
    case 'debrief':
      return withNote('Debrief recorded', record.best_result);
    case 'closing_summary':
      return withNote('Closing summary', record.outcome);
    case 'announcement':
      return `${RECORD_TYPE_WORDS.announcement}: ${record.username} — ${short(record.basis)}; ${short(record.outcome)}`;
    case 'retained': {
      const parties = record.parties.length === 0 ? 'no parties named' : short(partiesWords(record.parties));
      return `${RECORD_TYPE_WORDS.retained}: ${RETAINED_RESULT_WORDS[record.result]}; ${parties}`;
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
        ['What the case was about', record.about],
        ['Who investigated', record.investigators],
        ['What they found', record.findings],
        ['The outcome', record.outcome],
      ]);
    case 'debrief':
      return parts(DEBRIEF_QUESTIONS.map((q) => [q.label, record[q.field]] as const));
    case 'decision':
      return [
        ...record.actions.flatMap((a) =>
          parts([
            [
              a.target.trim() === ''
                ? WIKI_ACTION_WORDS[a.action]
                : `${WIKI_ACTION_WORDS[a.action]} (${a.target.trim()})`,
              a.note,
            ],
          ]),
        ),
        ...parts([['Reasons and details', record.note]]),
      ];
    case 'announcement':
      // The one line holds it all unless it shortened the basis or the outcome.
      return [record.basis, record.outcome].every((t) => short(t) === t.trim())
        ? []
        : parts([
            ['Username', record.username],
            ['Basis', record.basis],
            ['Outcome', record.outcome],
          ]);
    case 'checklist':
    case 'notice':
    case 'support':
      return fullNote('Note', record.note);
    case 'vote':
      return fullNote('Why', record.note);
    case 'investigators':
      return [];
    case 'retained':
      return parts([
        ['Result', RETAINED_RESULT_WORDS[record.result]],
        ['Parties', partiesWords(record.parties)],
        ['Reported by', REPORTER_ROLE_WORDS[record.reporter_role]],
        ['The outcome', record.outcome],
      ]);
  }
}
