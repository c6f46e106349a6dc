/**
 * The second factor as people type it: six-digit codes from an authenticator app (TOTP) and the
 * one-time recovery codes shown when the first factor was added. Checked here before anything is
 * sent, with words a person can act on; the server checks again (contract/account.ts).
 */
import type { SecondFactorMethod } from '#contract/enumerations';

export type CodeCheck = { ok: true; code: string } | { ok: false; message: string };

/** Authenticator apps show "123 456"; people paste "123-456". */
export function checkTotpInput(typed: string): CodeCheck {
  const digits = typed.replace(/[\s-]+/g, '');
  if (digits === '') return { ok: false, message: 'Enter the six-digit code your authenticator app shows.' };
  if (!/^[0-9]+$/.test(digits)) {
    return { ok: false, message: 'The code from your authenticator app has only digits.' };
  }
  if (digits.length !== 6) {
    return {
      ok: false,
      message: `The code from your authenticator app has six digits; this has ${digits.length}.`,
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
  if (code === '') return { ok: false, message: 'Enter one of your one-time recovery codes.' };
  if (!/^[A-Za-z0-9 -]+$/.test(code)) {
    return { ok: false, message: 'One-time recovery codes have only letters, digits and dashes.' };
  }
  if (code.length < 10 || code.length > 40) {
    return {
      ok: false,
      message: 'That is not the length of a one-time recovery code. Check that you have all of it.',
    };
  }
  return { ok: true, code };
}

/** What the server's `second_factor_invalid` means, for the method that was tried. */
export function wrongProofMessage(method: SecondFactorMethod): string {
  switch (method) {
    case 'totp':
      return (
        'That code is not the one your authenticator app shows now. Codes change every 30 seconds: ' +
        'enter the current one. If it keeps failing, check that the clock of your phone is right.'
      );
    case 'recovery_code':
      return 'That one-time recovery code is not right, or it was already used. Each code works once.';
    case 'webauthn':
      return 'Your security key or passkey was not accepted. Try again, or use another way.';
  }
}

/** How each method is offered on the second-factor step. */
export const METHOD_LABELS: Readonly<Record<SecondFactorMethod, string>> = {
  webauthn: 'Use your security key or passkey',
  totp: 'Enter a code from your authenticator app',
  recovery_code: 'Use a one-time recovery code',
};

/** "3 one-time recovery codes left": singular and plural, and a warning when few are left. */
export function recoveryCodesLeftText(left: number): string {
  if (left === 0) return 'You have no one-time recovery codes left. Make new ones now.';
  const count = `${left} one-time recovery ${left === 1 ? 'code' : 'codes'} left`;
  return left <= 2 ? `${count}. Make new ones soon.` : `${count}.`;
}
