/**
 * The recovery code as people type it back (docs/protocol.md 5.4: the receipt's alphabet,
 * length and normalization): spaces, line breaks, any kind of dash and lower case are fine; O is
 * read as 0, I and L as 1. What cannot be part of a code is named with its position, before any
 * slow work starts.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import type * as Crypto from '#crypto';

/** What this needs of the crypto module (loaded on demand by the page: lib/load-crypto.ts). */
type CodeCrypto = Pick<typeof Crypto, 'normalizeRecoveryCode' | 'isConfideCryptoError'>;

export type RecoveryCodeCheck = { ok: true; code: string } | { ok: false; message: string };

const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;

/** The sentence naming a character a code cannot hold, whole, so that it translates as one. */
function notInAlphabet(character: string, position: number): string {
  if (/\s/.test(character)) {
    return i18n._(
      msg`A recovery code cannot contain a space (character ${position}). It has only the digits 0 to 9 and the letters A to Z.`,
    );
  }
  const code = character.codePointAt(0) ?? 0;
  if (code > 0x20 && code !== 0x7f) {
    return i18n._(
      msg`A recovery code cannot contain “${character}” (character ${position}). It has only the digits 0 to 9 and the letters A to Z.`,
    );
  }
  const codePoint = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return i18n._(
    msg`A recovery code cannot contain an invisible character (${codePoint}) (character ${position}). It has only the digits 0 to 9 and the letters A to Z.`,
  );
}

export function checkRecoveryCodeInput(C: CodeCrypto, typed: string): RecoveryCodeCheck {
  const tidied = typed.replace(/\s+/g, '').replace(DASHES, '-');
  if (tidied === '') {
    return {
      ok: false,
      message: i18n._(msg`Enter your recovery code: 20 letters and digits, in groups of four.`),
    };
  }
  try {
    return { ok: true, code: C.normalizeRecoveryCode(tidied) };
  } catch (error) {
    if (C.isConfideCryptoError(error, 'RECEIPT_MALFORMED') && error.character !== undefined) {
      // Counted as people count a code: its letters and digits, not the dashes between groups.
      // Everything before the bad character is of the code's alphabet (ASCII), so string
      // positions are characters.
      const position = tidied.slice(0, error.position ?? 0).replace(/-/g, '').length + 1;
      return {
        ok: false,
        message:
          error.character.toUpperCase() === 'U'
            ? i18n._(
                msg`Recovery codes never contain the letter U (character ${position}). Please check it: it may be a V.`,
              )
            : notInAlphabet(error.character, position),
      };
    }
    const length = tidied.replace(/-/g, '').length;
    return {
      ok: false,
      message: i18n._(
        msg`A recovery code has 20 letters and digits; this has ${length}. Please check you have all of it.`,
      ),
    };
  }
}
