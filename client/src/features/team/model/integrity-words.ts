/**
 * The console's words for what the keyring's checks found wrong with an item or a report
 * (lib/keyring/types.ts ItemProblem, ReportProblem). The keyring runs in Workers, which translate
 * nothing, so it says each problem as a code; here each is worded in the page's language when it
 * is shown.
 *
 * Each is the end of a sentence the page writes around it ("Its content is withheld because …",
 * "This report could not be decrypted: …"), so it starts in lower case and has no full stop.
 */
import { i18n, type MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import type { CryptoProblemCode, ItemProblem, ReportProblem } from '../../../lib/keyring/types.js';

const MALFORMED = msg({
  message: 'it decrypts to malformed data',
  comment:
    'Why an item or a report is not shown; it ends a sentence such as “Its content is withheld because …”',
});

/** A failure to verify or decrypt, by crypto's code: of an item or of the report. */
const CRYPTO_PROBLEM_WORDS: Readonly<Record<CryptoProblemCode, MessageDescriptor>> = {
  SIGNATURE_INVALID: msg({
    message: 'its signature does not match its author',
    comment: 'Why an item is not shown; it ends the sentence “Its content is withheld because …”',
  }),
  TAMPERED: msg({
    message: 'it does not decrypt: it was altered, or not encrypted for you',
    comment:
      'Why an item or a report is not shown; it ends a sentence such as “Its content is withheld because …”',
  }),
  BAD_PADDING: MALFORMED,
  BAD_ENCODING: MALFORMED,
  UNKNOWN_VERSION: msg({
    message: 'it is in a format this version of Confide does not know',
    comment:
      'Why an item or a report is not shown; it ends a sentence such as “Its content is withheld because …”',
  }),
  BAD_NONCE: msg({
    message: 'its encryption header is malformed',
    comment:
      'Why an item or a report is not shown; it ends a sentence such as “Its content is withheld because …”',
  }),
  UNREADABLE: msg({
    message: 'it could not be read',
    comment:
      'Why an item or a report is not shown; it ends a sentence such as “Its content is withheld because …”',
  }),
};

const NOT_ITS_THREAD = msg({
  message: 'it was written for another thread than the one it is shown in: the server may have moved it',
  comment: 'Why a message is not shown; it ends the sentence “Its content is withheld because …”',
});

/** Why an item is withheld, in the page's language: for modules other than components. */
export function itemProblemWords(problem: ItemProblem): string {
  return i18n._(itemProblemMessage(problem));
}

/**
 * Why an item is withheld; the page says it as “Its content is withheld because {problem}.” A
 * component translates it with its useLingui() `i18n`, so that it is drawn again in a new language.
 */
export function itemProblemMessage(problem: ItemProblem): MessageDescriptor {
  switch (problem.code) {
    case 'unknown_kind':
      return msg({
        message: 'its kind is unknown',
        comment: 'Why an item is not shown; it ends the sentence “Its content is withheld because …”',
      });
    case 'audience_not_of_kind':
      return msg({
        message: 'its audience does not fit its kind: the server may have changed it',
        comment:
          'Why an item is not shown (a note shown as a message, or the reverse); it ends the sentence “Its content is withheld because …”',
      });
    case 'outside_own_thread':
      return problem.author === 'reporter'
        ? msg({
            message: 'the reporter can only send messages in their own thread',
            comment: 'Why an item is not shown; it ends the sentence “Its content is withheld because …”',
          })
        : msg({
            message: 'the target can only send messages in their own thread',
            comment: 'Why an item is not shown; it ends the sentence “Its content is withheld because …”',
          });
    case 'other_case':
      return msg({
        message: 'it belongs to another case',
        comment: 'Why an item is not shown; it ends the sentence “Its content is withheld because …”',
      });
    case 'target_not_invited':
      return msg({
        message: 'it is signed as the target, whose invitation into this case could not be verified',
        comment: 'Why an item is not shown; it ends the sentence “Its content is withheld because …”',
      });
    case 'author_not_on_roster':
      return msg({
        message: 'its author is not on the team roster',
        comment: 'Why an item is not shown; it ends the sentence “Its content is withheld because …”',
      });
    case 'crypto':
      return CRYPTO_PROBLEM_WORDS[problem.error];
    case 'content_not_of_kind':
      return msg({
        message: 'its content does not fit its kind',
        comment: 'Why an item is not shown; it ends the sentence “Its content is withheld because …”',
      });
    case 'moved_between_threads':
      // The two ways a message can be moved, each a whole sentence for translators.
      if (problem.writtenFor === 'reporter' && problem.shownIn === 'target') {
        return msg({
          message:
            'it was written for the reporter’s thread but is shown in the target’s: the server may have moved it',
          comment: 'Why a message is not shown; it ends the sentence “Its content is withheld because …”',
        });
      }
      if (problem.writtenFor === 'target' && problem.shownIn === 'reporter') {
        return msg({
          message:
            'it was written for the target’s thread but is shown in the reporter’s: the server may have moved it',
          comment: 'Why a message is not shown; it ends the sentence “Its content is withheld because …”',
        });
      }
      return NOT_ITS_THREAD;
    case 'not_its_thread':
      return NOT_ITS_THREAD;
    case 'unknown_record':
      return msg({
        message: 'it is a record this version of Confide cannot read',
        comment: 'Why an item is not shown; it ends the sentence “Its content is withheld because …”',
      });
  }
}

/** Why the report could not be opened, in the page's language: for modules other than components. */
export function reportProblemWords(problem: ReportProblem): string {
  return i18n._(reportProblemMessage(problem));
}

/** Why the report could not be opened; the page says it as “This report could not be decrypted: {problem}.” */
export function reportProblemMessage(problem: ReportProblem): MessageDescriptor {
  return problem.code === 'purged'
    ? msg({
        message: 'its details were deleted under the team’s retention',
        comment:
          'Why a report is not shown; it ends a sentence such as “This report could not be decrypted: …”',
      })
    : CRYPTO_PROBLEM_WORDS[problem.error];
}
