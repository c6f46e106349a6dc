import { beforeAll, describe, expect, it } from 'vitest';

import * as C from '../../../crypto/index.js';
import { expectCode } from './helpers.js';

beforeAll(async () => {
  await C.ready();
});

describe('blind index', () => {
  it('normalizes names: NFKC, trim, "_" to space, collapse spaces, lowercase', () => {
    expect(C.normalizePartyName('Example_Troll')).toBe('example troll');
    expect(C.normalizePartyName('  ＥＸＡＭＰＬＥ__troll\u00a0 ')).toBe('example troll');
    expect(C.normalizePartyName('ﬁsh   and\u3000chips')).toBe('fish and chips');
    expect(C.normalizePartyName('Cafe\u0301')).toBe('café');
    // Trim happens before "_" becomes a space, exactly as the protocol lists the steps.
    expect(C.normalizePartyName('_Troll_')).toBe(' troll ');
    // Trim removes what Python's str.isspace() accepts, as the reference does.
    expect(C.normalizePartyName('\u001ctroll\u0085')).toBe('troll');
    expect(C.normalizePartyName('\ufefftroll')).toBe('\ufefftroll');
  });

  it('gives one tag to every spelling of an account and different tags to different accounts or keys', () => {
    const key = C.generateIndexKey();
    const tag = C.blindIndexTagBase64('Example_Troll', key);
    for (const spelling of [
      'example troll',
      'EXAMPLE  TROLL',
      ' Example_Troll ',
      'Ｅｘａｍｐｌｅ_Ｔｒｏｌｌ',
    ]) {
      expect(C.blindIndexTagBase64(spelling, key)).toBe(tag);
    }
    expect(C.blindIndexTagBase64('Example_Trol', key)).not.toBe(tag);
    expect(C.blindIndexTagBase64('Example_Troll', C.generateIndexKey())).not.toBe(tag);
    expect(C.blindIndexTag('x', key).length).toBe(16);
  });

  it('refuses an index key of the wrong length', () => {
    expectCode(() => C.blindIndexTag('x', new Uint8Array(16) as C.IndexKey), 'BAD_KEY');
  });
});
