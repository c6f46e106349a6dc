// The recovery code typed back on the recovery page
// (client/src/features/team/model/recovery-code-input.ts): forgiving about case, spaces and
// dashes as the protocol's normalization is (docs/protocol.md 5.4), and precise about what
// cannot be part of a code, before the slow Argon2id run starts.
import { beforeAll, describe, expect, it } from 'vitest';

import * as C from '../../../crypto/index.js';
import { checkRecoveryCodeInput } from '../../../client/src/features/team/model/recovery-code-input.js';

beforeAll(async () => {
  await C.ready();
});

/** The message of a refused input; fails the test when the input was accepted. */
function messageOf(check: { ok: true } | { ok: false; message: string }): string {
  if (check.ok) throw new Error('expected the input to be refused');
  return check.message;
}

describe('checkRecoveryCodeInput', () => {
  it('accepts a code as shown, in lower case, without dashes, with other dashes and line breaks', () => {
    const code = C.generateRecoveryCode();
    const normalized = C.normalizeRecoveryCode(code);
    for (const typed of [
      code,
      code.toLowerCase(),
      code.replace(/-/g, ''),
      code.replace(/-/g, '\u2013'),
      code.replace(/-/g, ' \n'),
    ]) {
      expect(checkRecoveryCodeInput(C, typed), typed).toEqual({ ok: true, code: normalized });
    }
  });

  it('reads O as 0 and I, L as 1, as the protocol does', () => {
    expect(checkRecoveryCodeInput(C, 'OOOO-IIII-LLLL-0000-1111')).toEqual({
      ok: true,
      code: C.normalizeRecoveryCode('0000-1111-1111-0000-1111'),
    });
  });

  it('names a character that cannot be in a code, counting letters and digits only', () => {
    const check = checkRecoveryCodeInput(C, 'ABCD-EFG#-HJKM-NPQR-STVW');
    expect(messageOf(check)).toContain('“#” (character 8)');
  });

  it('says a U is never in a code, and may be a V', () => {
    expect(messageOf(checkRecoveryCodeInput(C, 'UBCD-EFGH-JKMN-PQRS-TVWX'))).toMatch(
      /never contain the letter U \(character 1\).*V/,
    );
  });

  it('counts what is missing or too much', () => {
    expect(messageOf(checkRecoveryCodeInput(C, 'ABCD-EFGH-JKMN-PQRS'))).toMatch(/this has 16/);
    expect(messageOf(checkRecoveryCodeInput(C, '  '))).toMatch(/Enter your recovery code/);
  });
});
