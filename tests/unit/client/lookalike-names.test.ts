// R-10 in the team console (client/src/features/team/model/lookalike-names.ts): names a person
// could take for another are flagged, and names with hidden characters are refused before an
// admin signs them into the roster. Each case below is a way a decoy "Ana" could pass unnoticed.
import { describe, expect, it } from 'vitest';

import {
  findLookAlike,
  foldName,
  hasHiddenCharacters,
  namesLookAlike,
} from '../../../client/src/features/team/model/lookalike-names.js';

describe('namesLookAlike', () => {
  it('flags names that differ only by letter case', () => {
    expect(namesLookAlike('Ana', 'ana')).toBe(true);
    expect(namesLookAlike('Ana', 'ANA')).toBe(true);
  });

  it('flags names that differ only by accents, precomposed or combining', () => {
    expect(namesLookAlike('Ana', 'Aná')).toBe(true);
    expect(namesLookAlike('Ana', 'Ana\u0301')).toBe(true);
    expect(namesLookAlike('Zoe', 'Zoë')).toBe(true);
  });

  it('flags names that differ only by spacing and separators', () => {
    for (const variant of ['ana_lopez', 'Ana.Lopez', 'ana-lopez', 'AnaLopez', 'Ana\tLopez', 'Ana  Lopez']) {
      expect(namesLookAlike('Ana Lopez', variant), variant).toBe(true);
    }
  });

  it('flags compatibility look-alikes: full-width letters, ligatures, styled and superscript forms', () => {
    expect(namesLookAlike('Ana', 'Ａｎａ')).toBe(true);
    expect(namesLookAlike('fiona', 'ﬁona')).toBe(true);
    expect(namesLookAlike('Hana', 'ℌana')).toBe(true);
    expect(namesLookAlike('Ana2', 'Ana²')).toBe(true);
  });

  it('tells different names apart', () => {
    expect(namesLookAlike('Ana', 'Anna')).toBe(false);
    expect(namesLookAlike('Ana', 'Ben')).toBe(false);
    expect(namesLookAlike('Ana Lopez', 'Ana Lopes')).toBe(false);
  });

  it('is symmetric', () => {
    expect(namesLookAlike('ana_lopez', 'Ána Lopez')).toBe(namesLookAlike('Ána Lopez', 'ana_lopez'));
  });

  it('folds to lower-case letters without marks or separators', () => {
    expect(foldName(' Ána_López-Ｘ ')).toBe('analopezx');
  });
});

describe('findLookAlike', () => {
  const members = [
    { id: 'm1', name: 'Ben' },
    { id: 'm2', name: 'Ana Lopez' },
    { id: 'm3', name: 'ana-lopez' },
  ];

  it('returns the first member whose name could be taken for the newcomer’s', () => {
    expect(findLookAlike('ANA_LÓPEZ', members)?.id).toBe('m2');
  });

  it('returns nothing when no name is alike', () => {
    expect(findLookAlike('Chloé', members)).toBeUndefined();
    expect(findLookAlike('Ana', [])).toBeUndefined();
  });
});

describe('hasHiddenCharacters', () => {
  it('refuses bidi controls that make a name display as another', () => {
    expect(hasHiddenCharacters('Ana\u202E')).toBe(true); // right-to-left override
    expect(hasHiddenCharacters('\u2066Ana')).toBe(true); // left-to-right isolate
  });

  it('refuses invisible format characters and control characters', () => {
    expect(hasHiddenCharacters('Ana\u200B')).toBe(true); // zero-width space
    expect(hasHiddenCharacters('An\u00ADa')).toBe(true); // soft hyphen
    expect(hasHiddenCharacters('Ana\u0000')).toBe(true);
    expect(hasHiddenCharacters('Ana\n')).toBe(true);
  });

  it('accepts plain names, accents and spaces included', () => {
    expect(hasHiddenCharacters('Ana')).toBe(false);
    expect(hasHiddenCharacters('Ána López')).toBe(false);
    expect(hasHiddenCharacters('李小龙')).toBe(false);
  });
});
