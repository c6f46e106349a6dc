/**
 * Forgiving receipt input (docs/protocol.md 8.3, docs/review-notes.md R-14): spaces, line
 * breaks, any kind of dash and lower case are fine; O is read as 0, I and L as 1. What cannot
 * be part of a receipt is named, with its position, in words (the page's language).
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import type { CryptoModule } from '../../../lib/load-crypto';

export type ReceiptCheck = { ok: true; receipt: string } | { ok: false; message: string };

const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;

/** `character` cannot be in a receipt: named, with its place (`position`, counted from 1), in one sentence. */
function cannotContain(character: string, position: number): string {
  if (/\s/.test(character)) {
    return i18n._(
      msg`Your receipt cannot contain a space (character ${position}). It has only the digits 0 to 9 and the letters A to Z.`,
    );
  }
  const code = character.codePointAt(0) ?? 0;
  if (code > 0x20 && code !== 0x7f) {
    return i18n._(
      msg`Your receipt cannot contain “${character}” (character ${position}). It has only the digits 0 to 9 and the letters A to Z.`,
    );
  }
  const codePoint = code.toString(16).toUpperCase().padStart(4, '0');
  return i18n._(
    msg`Your receipt cannot contain an invisible character (U+${codePoint}) (character ${position}). It has only the digits 0 to 9 and the letters A to Z.`,
  );
}

/** Checks what was typed; on success returns the receipt in its normalized form. */
export function checkReceiptInput(C: CryptoModule, typed: string): ReceiptCheck {
  // Remove what people paste by accident or write to group characters.
  const tidied = typed.replace(/\s+/g, '').replace(DASHES, '-');
  if (tidied === '') return { ok: false, message: i18n._(msg`Enter your receipt: 20 letters and numbers.`) };
  let position = 0;
  for (const ch of tidied) {
    position += 1;
    if (!/^[\x21-\x7e]$/.test(ch)) {
      return { ok: false, message: cannotContain(ch, position) };
    }
  }
  try {
    return { ok: true, receipt: C.normalizeReceipt(tidied) };
  } catch (error) {
    if (C.isConfideCryptoError(error, 'RECEIPT_MALFORMED')) {
      if (error.character !== undefined && error.position !== undefined) {
        // Counted as people count a receipt: its letters and digits, not the dashes between groups.
        // Only printable ASCII reaches this point, so string positions are characters.
        const place = tidied.slice(0, error.position).replace(/-/g, '').length + 1;
        const letter = error.character.toUpperCase() === 'U';
        return {
          ok: false,
          message: letter
            ? i18n._(
                msg`Receipts never contain the letter U (character ${place}). Please check that character: it may be a V.`,
              )
            : cannotContain(error.character, place),
        };
      }
      const length = tidied.replace(/-/g, '').length;
      return {
        ok: false,
        message: i18n._(
          msg`A receipt has 20 letters and numbers; this has ${length}. Please check you have all of it.`,
        ),
      };
    }
    return { ok: false, message: i18n._(msg`This does not look like a receipt. Please check it.`) };
  }
}
