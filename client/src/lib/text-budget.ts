/**
 * How much text a report or message may carry: what the browser is about to encrypt must pad to
 * no more than the contract's MAX_ENVELOPE_PLAINTEXT_BYTES, or the server refuses it. Text is
 * checked before anything is encrypted or uploaded, so a person who wrote too much is told at
 * once, with the way out (a file), rather than after their files went up.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import { MAX_ATTACHMENTS_PER_OBJECT, MAX_ENVELOPE_PLAINTEXT_BYTES } from '#contract/limits';

import { formatKilobytes } from './format.js';

/**
 * Room kept for each file's entry in the body: id, key, type and size take about 200 bytes, and
 * a name at most 255 bytes on the systems people use, six times that in the worst case once JSON
 * escapes it (control characters become \u0001).
 */
const FILE_ENTRY_BYTES = 2048;
/** Room kept for what is added when sending: keys, fingerprint, roster head, times. */
const SEND_TIME_FIELDS_BYTES = 1024;
/** Padding always adds at least one byte. */
const PADDING_MIN_BYTES = 1;

/** The most the typed part of a report or message may take, encoded as it will be encrypted. */
export const TEXT_BUDGET_BYTES =
  MAX_ENVELOPE_PLAINTEXT_BYTES -
  PADDING_MIN_BYTES -
  SEND_TIME_FIELDS_BYTES -
  MAX_ATTACHMENTS_PER_OBJECT * FILE_ENTRY_BYTES;

/** Bytes of `value` as JSON in UTF-8: what the canonical JSON of the body measures. */
export function encodedBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).length;
}

/** The words for text over the budget, in the page's language; `bytes` is what it measured. */
export function textTooLongMessage(bytes: number, what: 'report' | 'message' | 'note'): string {
  const size = formatKilobytes(bytes);
  const limit = formatKilobytes(TEXT_BUDGET_BYTES);
  switch (what) {
    case 'report':
      return i18n._(
        msg`Your report is too long to send as text (${size}; the limit is ${limit}). Shorten it, or put the rest in a file and attach it.`,
      );
    case 'message':
      return i18n._(
        msg`Your message is too long to send as text (${size}; the limit is ${limit}). Shorten it, or put the rest in a file and attach it.`,
      );
    case 'note':
      return i18n._(
        msg`Your note is too long to send as text (${size}; the limit is ${limit}). Shorten it, or put the rest in a file and attach it.`,
      );
  }
}
