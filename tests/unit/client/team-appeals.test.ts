// Appeals in the team console (client/src/features/team/model/appeals.ts): the reference put into
// the notice to the sanctioned user, the "Appeal of #N" words, a list row's link to the case it
// appeals, and the appeal settings form.
import { describe, expect, it } from 'vitest';
import { Check } from 'typebox/value';

import { AppealsPerCase, AppealWaitDays } from '../../../contract/settings.js';
import {
  appealOfWords,
  appealPageUrl,
  appealsSummary,
  asksHowToAppeal,
  fillHowToAppeal,
  howToAppeal,
  MAX_APPEAL_WAIT_DAYS,
  MAX_APPEALS_PER_CASE,
  parseAppealsForm,
} from '../../../client/src/features/team/model/appeals.js';
import {
  BUILT_IN_TEMPLATES,
  unfilledPlaceholders,
} from '../../../client/src/features/team/model/templates.js';

const ORIGIN = 'https://confide.example.org';
const REFERENCE = 'ABCD-EFGH-JKMN-PQRS-TVWX';

describe('the appeal reference in the notice', () => {
  it('points at the appeal page of the console’s own server', () => {
    expect(appealPageUrl(ORIGIN)).toBe('https://confide.example.org/appeal');
    expect(appealPageUrl(`${ORIGIN}/`)).toBe('https://confide.example.org/appeal');
    expect(howToAppeal(ORIGIN, REFERENCE)).toBe(
      `send your appeal at https://confide.example.org/appeal with the reference ${REFERENCE}`,
    );
  });

  it('fills {how to appeal} in the built-in notice and leaves the other placeholders to the member', () => {
    const notice = BUILT_IN_TEMPLATES.notice_to_reported_user;
    expect(asksHowToAppeal(notice)).toBe(true);
    const filled = fillHowToAppeal(notice, ORIGIN, REFERENCE);
    expect(filled).toContain(
      `If you wish to appeal this decision, you can send your appeal at ${ORIGIN}/appeal with the reference ${REFERENCE}.`,
    );
    expect(asksHowToAppeal(filled)).toBe(false);
    expect(unfilledPlaceholders(filled)).toEqual(
      unfilledPlaceholders(notice).filter((name) => name !== 'how to appeal'),
    );
  });

  it('adds the words at the end when the member already wrote how to appeal, so the reference is not lost', () => {
    const own = 'Hello,\n\nYour account was suspended.  \n';
    expect(fillHowToAppeal(own, ORIGIN, REFERENCE)).toBe(
      `Hello,\n\nYour account was suspended.\n\nTo appeal, send your appeal at ${ORIGIN}/appeal with the reference ${REFERENCE}.`,
    );
    expect(fillHowToAppeal('  ', ORIGIN, REFERENCE)).toBe(
      `To appeal, send your appeal at ${ORIGIN}/appeal with the reference ${REFERENCE}.`,
    );
  });

  it('inserts a reference as text, never as a replacement pattern', () => {
    expect(fillHowToAppeal('{how to appeal}', ORIGIN, '$&-$1')).toBe(
      `send your appeal at ${ORIGIN}/appeal with the reference $&-$1`,
    );
  });
});

describe('the links between an appeal and its original', () => {
  it('names the original by its number', () => {
    expect(appealOfWords({ id: 'x', number: 12 })).toBe('Appeal of #12');
  });
});

describe('the appeal settings form', () => {
  it('saves whole numbers within the contract’s bounds', () => {
    expect(parseAppealsForm({ perCase: ' 2 ', waitDays: '14' })).toEqual({
      ok: true,
      perCase: 2,
      waitDays: 14,
    });
    const off = parseAppealsForm({ perCase: '0', waitDays: '0' });
    expect(off).toEqual({ ok: true, perCase: 0, waitDays: 0 });
    const top = parseAppealsForm({
      perCase: String(MAX_APPEALS_PER_CASE),
      waitDays: String(MAX_APPEAL_WAIT_DAYS),
    });
    expect(top.ok).toBe(true);
    if (top.ok) {
      expect(Check(AppealsPerCase, top.perCase)).toBe(true);
      expect(Check(AppealWaitDays, top.waitDays)).toBe(true);
    }
  });

  it('refuses what the server would refuse, naming the field', () => {
    for (const perCase of ['', '-1', '1.5', 'two', String(MAX_APPEALS_PER_CASE + 1)]) {
      const parsed = parseAppealsForm({ perCase, waitDays: '0' });
      expect(parsed).toMatchObject({ ok: false, field: 'perCase' });
    }
    for (const waitDays of ['', '-3', '7 days', String(MAX_APPEAL_WAIT_DAYS + 1)]) {
      const parsed = parseAppealsForm({ perCase: '1', waitDays });
      expect(parsed).toMatchObject({ ok: false, field: 'waitDays' });
    }
  });

  it('states the settings in a sentence', () => {
    expect(appealsSummary(0, 30)).toBe('The team takes no appeals through Confide.');
    expect(appealsSummary(1, 0)).toBe(
      'Each closed case can be appealed once through Confide. An appeal can be sent as soon as the case is closed.',
    );
    expect(appealsSummary(3, 1)).toBe(
      'Each closed case can be appealed up to 3 times through Confide. An appeal can be sent 1 day after the case is closed.',
    );
    expect(appealsSummary(2, 30)).toContain('30 days after the case is closed');
  });
});
