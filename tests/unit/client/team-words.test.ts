// The team console's words (client/src/features/team/model/words.ts): lists follow the
// contract, and what the server or a reporter wrote is shown, never lost.
import { describe, expect, it } from 'vitest';

import { CASE_STATUSES } from '../../../contract/enumerations.js';
import { kindWords, STATUS_WORDS, statusWords } from '../../../client/src/features/team/model/words.js';

describe('statuses', () => {
  it('has words for every status of the contract', () => {
    for (const status of CASE_STATUSES) expect(STATUS_WORDS[status]).toMatch(/\S/);
    expect(statusWords('awaiting_reporter')).toBe('Waiting for the reporter');
    expect(statusWords('archived')).toBe('archived');
  });
});

describe('kindWords', () => {
  it('names known kinds, and marks a kind this version does not know', () => {
    expect(kindWords('doxing')).toBe('Private information disclosed (doxing, outing)');
    expect(kindWords('new_kind')).toBe('Other (new_kind)');
    expect(kindWords('constructor')).toBe('Other (constructor)');
  });
});
