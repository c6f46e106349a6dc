// The second factor as people type it and as the browser is asked for it
// (client/src/features/team/model/second-factor.ts, webauthn.ts, qr-code.ts): codes are tidied
// and checked before they are sent, the server's options are checked before the browser sees
// them, and each refusal is told in words a person can act on.
import { describe, expect, it } from 'vitest';
import { encode } from 'uqr';

import { qrModulesPath } from '../../../client/src/features/team/model/qr-code.js';
import {
  checkBackupCodeInput,
  checkTotpInput,
  METHOD_LABELS,
  recoveryCodesLeftText,
  wrongProofMessage,
} from '../../../client/src/features/team/model/second-factor.js';
import {
  isCreationOptions,
  isRequestOptions,
  webauthnProblem,
} from '../../../client/src/features/team/model/webauthn.js';
import { SECOND_FACTOR_METHODS } from '#contract/enumerations';

/** The message of a refused input; fails the test when the input was accepted. */
function messageOf(check: { ok: true } | { ok: false; message: string }): string {
  if (check.ok) throw new Error('expected the input to be refused');
  return check.message;
}

describe('checkTotpInput', () => {
  it('accepts six digits as apps show and people paste them', () => {
    for (const typed of ['123456', '123 456', ' 123-456 ', '12 34 56']) {
      expect(checkTotpInput(typed), typed).toEqual({ ok: true, code: '123456' });
    }
  });

  it('refuses what is not six digits, saying what is wrong', () => {
    expect(messageOf(checkTotpInput(''))).toMatch(/six-digit code/);
    expect(messageOf(checkTotpInput('12345'))).toMatch(/this has 5/);
    expect(messageOf(checkTotpInput('1234567'))).toMatch(/this has 7/);
    expect(messageOf(checkTotpInput('12345a'))).toMatch(/only digits/);
  });
});

describe('checkBackupCodeInput', () => {
  it('trims and collapses spaces, keeps the code otherwise as typed', () => {
    expect(checkBackupCodeInput('  abcd-efgh-jkmn  ')).toEqual({ ok: true, code: 'abcd-efgh-jkmn' });
    expect(checkBackupCodeInput('ABCD  EFGH\tJKMN')).toEqual({ ok: true, code: 'ABCD EFGH JKMN' });
  });

  it('refuses an empty code, other characters and impossible lengths', () => {
    expect(checkBackupCodeInput('   ').ok).toBe(false);
    expect(messageOf(checkBackupCodeInput('abcd_efgh_jkmn'))).toMatch(/letters, digits and dashes/);
    expect(checkBackupCodeInput('abc').ok).toBe(false);
    expect(checkBackupCodeInput('a'.repeat(41)).ok).toBe(false);
  });
});

describe('words for the second factor', () => {
  it('says what a refused proof means for each method', () => {
    expect(wrongProofMessage('totp')).toMatch(/every 30 seconds/);
    expect(wrongProofMessage('recovery_code')).toMatch(/already used/);
    expect(wrongProofMessage('webauthn')).toMatch(/another way/);
  });

  it('offers every method of the contract', () => {
    expect(Object.keys(METHOD_LABELS).sort()).toEqual([...SECOND_FACTOR_METHODS].sort());
  });

  it('counts the one-time codes left and warns when few are', () => {
    expect(recoveryCodesLeftText(10)).toBe('10 one-time recovery codes left.');
    expect(recoveryCodesLeftText(2)).toBe('2 one-time recovery codes left. Make new ones soon.');
    expect(recoveryCodesLeftText(1)).toBe('1 one-time recovery code left. Make new ones soon.');
    expect(recoveryCodesLeftText(0)).toMatch(/no one-time recovery codes left/);
  });
});

describe('WebAuthn options from the server', () => {
  const request = { challenge: 'c2FtcGxl', allowCredentials: [{ id: 'a2V5', type: 'public-key' }] };
  const creation = {
    challenge: 'c2FtcGxl',
    rp: { name: 'Confide', id: 'localhost' },
    user: { id: 'dXNlcg', name: 'Ana', displayName: 'Ana' },
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    excludeCredentials: [],
  };

  it('accepts the shapes @simplewebauthn/server makes', () => {
    expect(isRequestOptions(request)).toBe(true);
    expect(isRequestOptions({ challenge: 'c2FtcGxl' })).toBe(true);
    expect(isCreationOptions(creation)).toBe(true);
  });

  it('refuses options the browser would fail on', () => {
    expect(isRequestOptions({})).toBe(false);
    expect(isRequestOptions({ challenge: '' })).toBe(false);
    expect(isRequestOptions({ ...request, allowCredentials: [{ id: 'a2V5' }] })).toBe(false);
    expect(isCreationOptions({ ...creation, user: { name: 'Ana', displayName: 'Ana' } })).toBe(false);
    expect(isCreationOptions({ ...creation, pubKeyCredParams: [] })).toBe(false);
    expect(isCreationOptions({ ...creation, pubKeyCredParams: [{ type: 'public-key', alg: 'ES256' }] })).toBe(
      false,
    );
    expect(isCreationOptions({ ...creation, rp: 'Confide' })).toBe(false);
  });

  it('tells a cancelled, a duplicate and a wrong-address ceremony apart', () => {
    const named = (name: string, code?: string) => Object.assign(new Error('x'), { name, code });
    expect(webauthnProblem(named('NotAllowedError', 'ERROR_CEREMONY_ABORTED'), 'sign-in')).toMatch(
      /cancelled or timed out/,
    );
    expect(
      webauthnProblem(named('InvalidStateError', 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED'), 'register'),
    ).toMatch(/already added/);
    expect(webauthnProblem(named('SecurityError', 'ERROR_INVALID_RP_ID'), 'register')).toMatch(/host name/);
    expect(webauthnProblem(named('NotSupportedError'), 'register')).toMatch(/authenticator app/);
    expect(webauthnProblem(new Error('?'), 'sign-in')).toMatch(/could not be used/);
    expect(webauthnProblem('not even an error', 'register')).toMatch(/could not be added/);
  });
});

describe('qrModulesPath', () => {
  it('draws one unit square per dark module, at its row and column', () => {
    expect(
      qrModulesPath([
        [true, false],
        [false, true],
      ]),
    ).toBe('M0 0h1v1h-1zM1 1h1v1h-1z');
    expect(qrModulesPath([[false]])).toBe('');
  });

  it('draws every dark module of a real code and nothing else', () => {
    const { data, size } = encode('otpauth://totp/Confide:Ana?secret=JBSWY3DPEHPK3PXP&issuer=Confide', {
      ecc: 'M',
      border: 4,
    });
    const dark = data.flat().filter(Boolean).length;
    const path = qrModulesPath(data);
    expect(path.match(/M/g)).toHaveLength(dark);
    for (const [, x, y] of path.matchAll(/M(\d+) (\d+)/g)) {
      expect(data[Number(y)]?.[Number(x)]).toBe(true);
      expect(Number(x)).toBeLessThan(size);
    }
    // The quiet zone stays light: nothing is drawn in the four-module border.
    expect(data[0]?.some(Boolean)).toBe(false);
  });
});
