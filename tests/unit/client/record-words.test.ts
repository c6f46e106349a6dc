// Records in words (client/src/features/team/model/record-words.ts and the records panel's
// describeRecord): every value of the contract has words, and each record type reads as one line.
import { describe, expect, it } from 'vitest';

import {
  NOTICE_RECIPIENTS,
  RECORD_TYPES,
  RETAINED_RESULTS,
  VOTE_CHOICES,
  WIKI_ACTIONS,
} from '../../../contract/enumerations.js';
import { CHECKLISTS, RECORD_SCHEMA, type RecordBody } from '../../../contract/records.js';
import {
  describeRecord,
  recordDetails,
} from '../../../client/src/features/team/components/case/records/describe-record.js';
import {
  CHECKLIST_WORDS,
  NOTICE_WORDS,
  RECORD_TYPE_WORDS,
  REPORTER_ROLE_WORDS,
  RETAINED_RESULT_WORDS,
  VOTE_WORDS,
  WIKI_ACTION_WORDS,
} from '../../../client/src/features/team/model/record-words.js';

describe('record words', () => {
  it('has words for every value of the contract', () => {
    for (const v of RECORD_TYPES) expect(RECORD_TYPE_WORDS[v]).toMatch(/\S/);
    for (const v of VOTE_CHOICES) expect(VOTE_WORDS[v]).toMatch(/\S/);
    for (const v of WIKI_ACTIONS) expect(WIKI_ACTION_WORDS[v]).toMatch(/\S/);
    for (const v of NOTICE_RECIPIENTS) expect(NOTICE_WORDS[v]).toMatch(/\S/);
    for (const v of CHECKLISTS) expect(CHECKLIST_WORDS[v]).toMatch(/\S/);
    for (const v of RETAINED_RESULTS) expect(RETAINED_RESULT_WORDS[v]).toMatch(/\S/);
    for (const v of ['target', 'third_party', 'unknown'] as const)
      expect(REPORTER_ROLE_WORDS[v]).toMatch(/\S/);
  });
});

describe('describeRecord', () => {
  const common = { schema: RECORD_SCHEMA, written_at: '2025-01-01T00:00:00.000Z' } as const;
  const names = new Map([['m1', 'Ana']]);
  const line = (record: RecordBody) => describeRecord(record, names);

  it('reads each record type as one line', () => {
    const records: RecordBody[] = [
      {
        ...common,
        type: 'checklist',
        list: 'verify',
        item: 'harasser_identity',
        checked: true,
        note: 'checked logs',
      },
      { ...common, type: 'investigators', members: ['m1', 'm2'] },
      { ...common, type: 'vote', round: 2, choice: 'non_actionable', note: '' },
      {
        ...common,
        type: 'decision',
        outcome: 'actionable',
        actions: [{ action: 'suppression', target: 'Bad Actor', note: '' }],
        reporter_asked_before_suppression: false,
        note: '',
      },
      { ...common, type: 'notice', to: 'sanctioned_user', note: 'talk page' },
      { ...common, type: 'support', offered: ['kit:two_factor', 'team:Helpline'], note: '' },
      { ...common, type: 'debrief', best_result: 'Yes', went_well: '', went_badly: '', improve: '' },
      {
        ...common,
        type: 'closing_summary',
        about: 'a',
        investigators: 'b',
        findings: 'c',
        outcome: 'Banned',
      },
      { ...common, type: 'announcement', username: 'Bad Actor', basis: 'Harassment', outcome: 'Banned' },
      {
        ...common,
        type: 'retained',
        case_number: 7,
        result: 'actionable',
        finished_at: '2025-01-02T00:00:00.000Z',
        parties: [
          { name: 'Bad Actor', role: 'alleged_harasser' },
          { name: 'Ana', role: 'target' },
        ],
        reporter_role: 'target',
        outcome: 'Blocked for a month.',
      },
    ];
    const lines = records.map(line);
    for (const l of lines) expect(l).not.toMatch(/\n/);
    expect(lines[0]).toMatch(/^Ticked in “Verify the facts”: .*harassing.*checked logs/);
    expect(lines[1]).toBe('Investigators: Ana, an unknown member');
    expect(lines[2]).toBe('Voted in round 2: Non-actionable');
    expect(lines[3]).toMatch(/Actionable; Suppression.*\(Bad Actor\); the reporter was NOT asked/);
    expect(lines[4]).toMatch(/sanctioned user — “talk page”/);
    expect(lines[5]).toMatch(/two-factor.*; Helpline/);
    expect(lines[8]).toMatch(/Bad Actor — Harassment; Banned/);
    expect(lines[9]).toBe(
      'Record kept after deletion: Actionable; Bad Actor (alleged harasser), Ana (target)',
    );
  });

  it('shortens long notes and keeps unknown checklist keys', () => {
    const l = line({
      ...common,
      type: 'checklist',
      list: 'background_target',
      item: 'some_new_item',
      checked: false,
      note: 'x'.repeat(500),
    });
    expect(l).toMatch(/^Unticked .*some_new_item/);
    expect(l.length).toBeLessThan(200);
    expect(
      line({ ...common, type: 'checklist', list: 'verify', item: 'link_c', checked: true, note: '' }),
    ).toMatch(/link from the report/);
  });
});

describe('recordDetails', () => {
  const common = { schema: RECORD_SCHEMA, written_at: '2025-01-01T00:00:00.000Z' } as const;

  it('gives the closing summary and the debrief whole, which the one line cannot', () => {
    const summary: RecordBody = {
      ...common,
      type: 'closing_summary',
      about: 'A user page published an address.',
      investigators: 'Ana, Ben',
      findings: 'The diff showed it.\nNo other edits.',
      outcome: 'Blocked.',
    };
    expect(describeRecord(summary, new Map())).not.toContain('The diff showed it');
    expect(recordDetails(summary)).toEqual([
      { term: 'What the case was about', text: 'A user page published an address.' },
      { term: 'Who investigated', text: 'Ana, Ben' },
      { term: 'What they found', text: 'The diff showed it.\nNo other edits.' },
      { term: 'The outcome', text: 'Blocked.' },
    ]);
    const debrief = recordDetails({
      ...common,
      type: 'debrief',
      best_result: 'Yes',
      went_well: '',
      went_badly: 'Slow',
      improve: '',
    });
    expect(debrief.map((d) => d.text)).toEqual(['Yes', 'Slow']);
    expect(debrief[1]?.term).toMatch(/didn’t go well/);
  });

  it('gives the decision’s reasons and action notes, and only notes the line shortened', () => {
    expect(
      recordDetails({
        ...common,
        type: 'decision',
        outcome: 'actionable',
        actions: [
          { action: 'block', target: 'Bad Actor', note: 'indefinite' },
          { action: 'revision_deletion', target: '', note: '' },
        ],
        reporter_asked_before_suppression: null,
        note: 'Clear from the diffs.',
      }),
    ).toEqual([
      { term: 'Block (Bad Actor)', text: 'indefinite' },
      { term: 'Reasons and details', text: 'Clear from the diffs.' },
    ]);
    const vote = (note: string) =>
      recordDetails({ ...common, type: 'vote', round: 1, choice: 'actionable', note });
    expect(vote('short')).toEqual([]);
    expect(vote('x'.repeat(200))).toEqual([{ term: 'Why', text: 'x'.repeat(200) }]);
    expect(vote('two\nlines')).toEqual([{ term: 'Why', text: 'two\nlines' }]);
    expect(recordDetails({ ...common, type: 'investigators', members: ['m1'] })).toEqual([]);
    const announcement = (basis: string) =>
      recordDetails({ ...common, type: 'announcement', username: 'Bad Actor', basis, outcome: 'Banned' });
    expect(announcement('harassment')).toEqual([]);
    expect(announcement('h'.repeat(120)).map((d) => d.term)).toEqual(['Username', 'Basis', 'Outcome']);
  });

  it('gives a retained record whole: result, parties, reporter and outcome, leaving out what is empty', () => {
    const retained = (outcome: string, parties: { name: string; role: 'target' | 'witness' }[]) =>
      recordDetails({
        ...common,
        type: 'retained',
        case_number: 3,
        result: 'closed_without_decision',
        finished_at: '2025-01-02T00:00:00.000Z',
        parties,
        reporter_role: 'unknown',
        outcome,
      });
    expect(retained('Talked to both.', [{ name: 'Bo', role: 'witness' }])).toEqual([
      { term: 'Result', text: 'Closed without a recorded decision' },
      { term: 'Parties', text: 'Bo (witness)' },
      { term: 'Reported by', text: 'Not said' },
      { term: 'The outcome', text: 'Talked to both.' },
    ]);
    expect(retained('', []).map((d) => d.term)).toEqual(['Result', 'Reported by']);
    expect(
      describeRecord(
        {
          ...common,
          type: 'retained',
          case_number: 3,
          result: 'withdrawn',
          finished_at: '2025-01-02T00:00:00.000Z',
          parties: [],
          reporter_role: 'third_party',
          outcome: '',
        },
        new Map(),
      ),
    ).toBe('Record kept after deletion: Withdrawn by the reporter; no parties named');
  });
});
