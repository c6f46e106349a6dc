import type { RecordBody } from '#contract/records';
import { BACKGROUND_ITEMS, VERIFY_ITEMS } from '../../../model/checklists.js';
import {
  CHECKLIST_WORDS,
  NOTICE_WORDS,
  RECORD_TYPE_WORDS,
  VOTE_WORDS,
  WIKI_ACTION_WORDS,
} from '../../../model/record-words.js';
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
  }
}
