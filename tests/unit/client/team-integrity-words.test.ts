// The console's words for what the keyring's checks found wrong
// (client/src/features/team/model/integrity-words.ts): the keyring says each problem as a code
// (its tests are team-case-crypto.test.ts), and the page words it in its own language.
import { i18n } from '@lingui/core';
import { generateMessageId } from '@lingui/message-utils/generateMessageId';
import { describe, expect, it } from 'vitest';

import {
  itemProblemWords,
  reportProblemWords,
} from '../../../client/src/features/team/model/integrity-words.js';
import type { ItemProblem, ReportProblem } from '../../../client/src/lib/keyring/types.js';

describe('why an item is withheld', () => {
  it('words every problem as the end of “Its content is withheld because …”', () => {
    const words: [ItemProblem, string][] = [
      [{ code: 'unknown_kind' }, 'its kind is unknown'],
      [
        { code: 'audience_not_of_kind' },
        'its audience does not fit its kind: the server may have changed it',
      ],
      [
        { code: 'outside_own_thread', author: 'reporter' },
        'the reporter can only send messages in their own thread',
      ],
      [
        { code: 'outside_own_thread', author: 'target' },
        'the target can only send messages in their own thread',
      ],
      [{ code: 'other_case' }, 'it belongs to another case'],
      [
        { code: 'target_not_invited' },
        'it is signed as the target, whose invitation into this case could not be verified',
      ],
      [{ code: 'author_not_on_roster' }, 'its author is not on the team roster'],
      [{ code: 'crypto', error: 'SIGNATURE_INVALID' }, 'its signature does not match its author'],
      [
        { code: 'crypto', error: 'TAMPERED' },
        'it does not decrypt: it was altered, or not encrypted for you',
      ],
      [{ code: 'crypto', error: 'BAD_PADDING' }, 'it decrypts to malformed data'],
      [{ code: 'crypto', error: 'BAD_ENCODING' }, 'it decrypts to malformed data'],
      [
        { code: 'crypto', error: 'UNKNOWN_VERSION' },
        'it is in a format this version of Confide does not know',
      ],
      [{ code: 'crypto', error: 'BAD_NONCE' }, 'its encryption header is malformed'],
      [{ code: 'crypto', error: 'UNREADABLE' }, 'it could not be read'],
      [{ code: 'content_not_of_kind' }, 'its content does not fit its kind'],
      [
        { code: 'moved_between_threads', writtenFor: 'reporter', shownIn: 'target' },
        'it was written for the reporter’s thread but is shown in the target’s: the server may have moved it',
      ],
      [
        { code: 'moved_between_threads', writtenFor: 'target', shownIn: 'reporter' },
        'it was written for the target’s thread but is shown in the reporter’s: the server may have moved it',
      ],
      [
        { code: 'not_its_thread' },
        'it was written for another thread than the one it is shown in: the server may have moved it',
      ],
      [{ code: 'unknown_record' }, 'it is a record this version of Confide cannot read'],
    ];
    for (const [problem, english] of words) expect(itemProblemWords(problem)).toBe(english);
  });
});

describe('why the report could not be opened', () => {
  it('words a purged case and a report that does not decrypt', () => {
    const words: [ReportProblem, string][] = [
      [{ code: 'purged' }, 'its details were deleted under the team’s retention'],
      [
        { code: 'crypto', error: 'TAMPERED' },
        'it does not decrypt: it was altered, or not encrypted for you',
      ],
      [{ code: 'crypto', error: 'UNREADABLE' }, 'it could not be read'],
    ];
    for (const [problem, english] of words) expect(reportProblemWords(problem)).toBe(english);
  });
});

describe('the page’s language', () => {
  it('words a problem when it is shown, so a switch of language is followed', () => {
    try {
      i18n.loadAndActivate({
        locale: 'es',
        messages: { [generateMessageId('it belongs to another case')]: 'pertenece a otro caso' },
      });
      expect(itemProblemWords({ code: 'other_case' })).toBe('pertenece a otro caso');
    } finally {
      i18n.loadAndActivate({ locale: 'en', messages: {} });
    }
    expect(itemProblemWords({ code: 'other_case' })).toBe('it belongs to another case');
  });
});
