// The team console's words (client/src/features/team/model/words.ts): lists follow the
// contract, and what the server or a reporter wrote is shown, never lost.
import { i18n } from '@lingui/core';
import { generateMessageId } from '@lingui/message-utils/generateMessageId';
import { describe, expect, it } from 'vitest';

import { CASE_STATUSES } from '../../../contract/enumerations.js';
import {
  caseEventWords,
  kindWords,
  STATUS_WORDS,
  statusWords,
} from '../../../client/src/features/team/model/words.js';

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

describe('the page’s language', () => {
  it('reads each word when it is shown, so a switch of language is followed', () => {
    try {
      i18n.loadAndActivate({
        locale: 'es',
        messages: {
          [generateMessageId('Investigating')]: 'En investigación',
          [generateMessageId('{who} closed the case')]: '{who} cerró el caso',
        },
      });
      expect(STATUS_WORDS.investigating).toBe('En investigación');
      expect(
        caseEventWords({ kind: 'status', actor: 'm1', from: 'investigating', to: 'closed' }, () => 'Ana'),
      ).toBe('Ana cerró el caso');
    } finally {
      i18n.loadAndActivate({ locale: 'en', messages: {} });
    }
    expect(STATUS_WORDS.investigating).toBe('Investigating');
  });
});
