// A team's community label as typed into the console and the set-up form
// (client/src/lib/community.ts): lowercased and trimmed, empty for none, and checked against the
// contract's own schema, so the forms refuse what the server would refuse.
import { describe, expect, it } from 'vitest';

import { communityProblem, communityToSave } from '../../../client/src/lib/community.js';

describe('communityToSave', () => {
  it('lowercases and trims what was typed', () => {
    expect(communityToSave('  En.Wikipedia ')).toBe('en.wikipedia');
    expect(communityToSave('GLOBAL')).toBe('global');
  });

  it('saves nothing typed, or only spaces, as no community', () => {
    expect(communityToSave('')).toBeNull();
    expect(communityToSave('   ')).toBeNull();
  });
});

describe('communityProblem', () => {
  it('takes labels as the issue names them, in any case and with spaces around', () => {
    for (const typed of ['en.wikipedia', 'global', ' Wikimedia-Commons ', 'a', '9', 'x'.repeat(64)]) {
      expect(communityProblem(typed), typed).toBeNull();
    }
  });

  it('takes an empty field: the team names no community', () => {
    expect(communityProblem('')).toBeNull();
    expect(communityProblem('  ')).toBeNull();
  });

  it('refuses spaces, punctuation, other scripts, edges that are not letters or digits, and length', () => {
    for (const typed of [
      'En Wikipedia!',
      'en_wikipedia',
      '.global',
      'global-',
      'wikipédia',
      'x'.repeat(65),
    ]) {
      expect(communityProblem(typed), typed).toMatch(/^A community label is up to 64 letters/);
    }
  });
});
