import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { ApiError } from '../../../lib/api-client';
import { errorText } from '../../../lib/error-words';

/** What to tell a reporter when opening or changing their report failed, in the page's language. */
export function problemMessage(error: unknown): string {
  const fallback = i18n._(msg`Something went wrong while opening your report. Please try again.`);
  if (error instanceof ApiError) {
    if (error.status === 429 && error.code !== 'proof_of_work_failed') {
      return i18n._(msg`There have been too many attempts from here. Please wait a minute, then try again.`);
    }
    // The words of the server's code (lib/error-words.ts); ours for a code this page does not know.
    return errorText(error, fallback);
  }
  return fallback;
}
