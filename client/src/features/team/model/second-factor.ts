/**
 * The second factor as people type it: six-digit codes from an authenticator app (TOTP) and the
 * one-time recovery codes shown when the first factor was added. Checked here before anything is
 * sent, with words a person can act on; the server checks again (contract/account.ts).
 */
import { i18n } from '@lingui/core';
import { msg, plural } from '@lingui/core/macro';

import type { SecondFactorMethod } from '#contract/enumerations';
import { translatedRecord } from '../../../i18n/translated-record.js';

export type CodeCheck = { ok: true; code: string } | { ok: false; message: string };

/** Authenticator apps show "123 456"; people paste "123-456". */
export function checkTotpInput(typed: string): CodeCheck {
  const digits = typed.replace(/[\s-]+/g, '');
  if (digits === '') {
    return { ok: false, message: i18n._(msg`Enter the six-digit code your authenticator app shows.`) };
  }
  if (!/^[0-9]+$/.test(digits)) {
    return { ok: false, message: i18n._(msg`The code from your authenticator app has only digits.`) };
  }
  if (digits.length !== 6) {
    const length = digits.length;
    return {
      ok: false,
      message: i18n._(msg`The code from your authenticator app has six digits; this has ${length}.`),
    };
  }
  return { ok: true, code: digits };
}

/**
 * A one-time recovery code for the second factor, as the member kept it: spaces around it and
 * runs of spaces inside it do not matter (the server compares the code without them).
 */
export function checkBackupCodeInput(typed: string): CodeCheck {
  const code = typed.trim().replace(/\s+/g, ' ');
  if (code === '') return { ok: false, message: i18n._(msg`Enter one of your one-time recovery codes.`) };
  if (!/^[A-Za-z0-9 -]+$/.test(code)) {
    return {
      ok: false,
      message: i18n._(msg`One-time recovery codes have only letters, digits and dashes.`),
    };
  }
  if (code.length < 10 || code.length > 40) {
    return {
      ok: false,
      message: i18n._(
        msg`That is not the length of a one-time recovery code. Check that you have all of it.`,
      ),
    };
  }
  return { ok: true, code };
}

/** What the server's `second_factor_invalid` means, for the method that was tried. */
export function wrongProofMessage(method: SecondFactorMethod): string {
  switch (method) {
    case 'totp':
      return i18n._(
        msg`That code is not the one your authenticator app shows now. Codes change every 30 seconds: enter the current one. If it keeps failing, check that the clock of your phone is right.`,
      );
    case 'recovery_code':
      return i18n._(
        msg`That one-time recovery code is not right, or it was already used. Each code works once.`,
      );
    case 'webauthn':
      return i18n._(msg`Your security key or passkey was not accepted. Try again, or use another way.`);
  }
}

/** How each method is offered on the second-factor step (translated each time it is read). */
export const METHOD_LABELS: Readonly<Record<SecondFactorMethod, string>> = translatedRecord({
  webauthn: msg`Use your security key or passkey`,
  totp: msg`Enter a code from your authenticator app`,
  recovery_code: msg`Use a one-time recovery code`,
});

/** "3 one-time recovery codes left": singular and plural, and a warning when few are left. */
export function recoveryCodesLeftText(left: number): string {
  if (left === 0) return i18n._(msg`You have no one-time recovery codes left. Make new ones now.`);
  return left <= 2
    ? i18n._(
        msg`${plural(left, {
          one: '# one-time recovery code left. Make new ones soon.',
          other: '# one-time recovery codes left. Make new ones soon.',
        })}`,
      )
    : i18n._(
        msg`${plural(left, {
          one: '# one-time recovery code left.',
          other: '# one-time recovery codes left.',
        })}`,
      );
}
