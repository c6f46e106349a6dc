// The composer's wording check (client/src/features/team/model/wording-check.ts): the phrases the
// training module warns against, each with its reason, and the member's own personal details.
import { describe, expect, it } from 'vitest';

import { checkWording } from '../../../client/src/features/team/model/wording-check.js';

const kinds = (text: string, details: string[] = []) => checkWording(text, details).map((f) => f.kind);

describe('wording check', () => {
  it('flags skepticism', () => {
    expect(kinds('Honestly, I disagree with your reading.')).toEqual(['skepticism']);
    expect(kinds("I don't believe that happened")).toEqual(['skepticism']);
    expect(kinds('I don’t believe that happened')).toEqual(['skepticism']);
    expect(kinds('I do not believe it')).toEqual(['skepticism']);
  });

  it('flags dismissal', () => {
    expect(kinds('Sorry, there is nothing we can do.')).toEqual(['dismissal']);
    expect(kinds('NOTHING I CAN DO about it')).toEqual(['dismissal']);
  });

  it('flags talk of reputation', () => {
    expect(kinds('The user has a good reputation here.')).toEqual(['reputation']);
    expect(kinds('She is well respected.')).toEqual(['reputation']);
    expect(kinds('a well-respected admin')).toEqual(['reputation']);
  });

  it('flags promises of outcomes', () => {
    expect(kinds('I promise this will stop.')).toEqual(['promise']);
    expect(kinds('We will ban them.')).toEqual(['promise']);
    expect(kinds('we’ll block the account')).toEqual(['promise']);
  });

  it('flags promised dates, but not a check-in date', () => {
    expect(kinds('You will have an answer by Tuesday.')).toEqual(['promise', 'promise']);
    expect(kinds('This will be resolved by Friday.')).toEqual(['promise']);
    expect(kinds('It will be done by 3 March.')).toEqual(['promise']);
    expect(kinds('Expect a decision by 2026-03-03.')).toEqual(['promise']);
    expect(kinds('We will sort it within 2 days.')).toEqual(['promise']);
    expect(kinds('We will write to you again by Tuesday.')).toEqual([]);
    expect(kinds('We will check in with you by 3 March, even with nothing new.')).toEqual([]);
    // A check-in that promises an answer is a promise again.
    expect(kinds('We will get back to you with a decision by Tuesday.')).toEqual(['promise']);
  });

  it('respects word boundaries and ignores case', () => {
    expect(kinds('I disagreed at first')).toEqual([]);
    expect(kinds('Nothing we can document yet')).toEqual([]);
    expect(kinds('standby Monday')).toEqual([]);
    expect(kinds('i PROMISE')).toEqual(['promise']);
    expect(kinds('I promised nothing')).toEqual([]);
  });

  it('gives the seed’s reason with each flag, the words as written and where they are', () => {
    const [flag] = checkWording('Well, I Disagree.');
    expect(flag).toMatchObject({ kind: 'skepticism', match: 'I Disagree', index: 6 });
    expect(flag?.reason).toMatch(/understand/);
    expect(checkWording('nothing we can do')[0]?.reason).toMatch(/way forward/);
    expect(checkWording('has a good reputation')[0]?.reason).toMatch(/behaviour/);
  });

  it('lists each flag once, in the order of the text', () => {
    const flags = checkWording('I promise. Nothing we can do. I promise again. I disagree.');
    expect(flags.map((f) => f.kind)).toEqual(['promise', 'dismissal', 'skepticism']);
  });

  it('flags the member’s own personal details, as whole words, case-insensitive', () => {
    const details = ['Ada Lovelace', 'ada@example.org', 'Mumbai', ' ', 'x'];
    expect(kinds('When I lived in mumbai I saw this too.', details)).toEqual(['personal_detail']);
    expect(kinds('Write to ADA@example.org', details)).toEqual(['personal_detail']);
    expect(kinds('Regards, Ada   Lovelace', details)).toEqual(['personal_detail']);
    expect(kinds('Mumbaikar', details)).toEqual([]);
    expect(kinds('Ada wrote this', details)).toEqual([]);
    // Too short to be useful, and blank details, flag nothing.
    expect(kinds('x marks the spot', details)).toEqual([]);
    expect(checkWording('Ada Lovelace', details)[0]?.reason).toMatch(/privacy/);
  });

  it('reads details as text, not as patterns', () => {
    expect(kinds('a.b', ['a+b'])).toEqual([]);
    expect(kinds('call (555) 123', ['(555) 123'])).toEqual(['personal_detail']);
  });
});
