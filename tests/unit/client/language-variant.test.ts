/**
 * Picking a team's wording by language (client/src/lib/language-variant.ts, issue 14): a reader's
 * or a report's whole BCP 47 tag finds the variant kept under its primary subtag, and nothing else.
 */
import { describe, expect, it } from 'vitest';

import { primarySubtag, variantFor } from '../../../client/src/lib/language-variant.js';

const VARIANTS: Readonly<Record<string, string>> = { es: 'Ayudamos', pt: 'Ajudamos', fil: 'Tumutulong' };

describe('the primary subtag of a tag', () => {
  it.each([
    ['es', 'es'],
    ['pt-BR', 'pt'],
    ['PT-br', 'pt'],
    ['es-419', 'es'],
    ['zh-Hant-TW', 'zh'],
    ['fil', 'fil'],
    ['en_GB', 'en'],
    [' fr-CA ', 'fr'],
  ])('%j → %j', (tag, subtag) => {
    expect(primarySubtag(tag)).toBe(subtag);
  });

  it.each([[null], [undefined], [''], ['pseudo'], ['x-klingon'], ['e'], ['es-'], ['es--MX'], ['1a']])(
    'is null for %j',
    (tag) => {
      expect(primarySubtag(tag)).toBeNull();
    },
  );
});

describe('the variant for a tag', () => {
  it('is the one of its primary subtag, whatever the region or script', () => {
    expect(variantFor('es', VARIANTS)).toBe('Ayudamos');
    expect(variantFor('es-MX', VARIANTS)).toBe('Ayudamos');
    expect(variantFor('pt-BR', VARIANTS)).toBe('Ajudamos');
    expect(variantFor('fil-PH', VARIANTS)).toBe('Tumutulong');
  });

  it('is null for a language the team did not write in, or no language at all', () => {
    expect(variantFor('fr', VARIANTS)).toBeNull();
    expect(variantFor('en-US', VARIANTS)).toBeNull();
    expect(variantFor(null, VARIANTS)).toBeNull();
    expect(variantFor(undefined, VARIANTS)).toBeNull();
    expect(variantFor('pseudo', VARIANTS)).toBeNull();
  });

  it('is null without variants', () => {
    expect(variantFor('es', {})).toBeNull();
    expect(variantFor('es', null)).toBeNull();
    expect(variantFor('es', undefined)).toBeNull();
  });

  it('never reads what the record inherits', () => {
    // `constructor` and `__proto__` are no language's subtag; a three-letter name that an object
    // has on its prototype would be, were only own keys not read.
    const inherits = Object.create({ fur: 'inherited' }) as Record<string, string>;
    expect(variantFor('fur', inherits)).toBeNull();
    expect(variantFor('constructor', VARIANTS)).toBeNull();
  });

  it('picks any kind of value: a set of templates as well as a description', () => {
    const templates = { es: { acknowledgement: 'Hola' } };
    expect(variantFor('es-ES', templates)).toEqual({ acknowledgement: 'Hola' });
  });
});
