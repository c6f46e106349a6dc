// The built-in message templates (client/src/features/team/model/templates.ts): one per kind of
// the contract, in the seed's spirit, with placeholders the composer refuses to send unfilled.
import { describe, expect, it } from 'vitest';

import { TEMPLATE_KINDS } from '../../../contract/enumerations.js';
import {
  BUILT_IN_TEMPLATES,
  fillTemplate,
  TEMPLATE_LABELS,
  templateText,
  unfilledPlaceholders,
} from '../../../client/src/features/team/model/templates.js';
import { checkWording } from '../../../client/src/features/team/model/wording-check.js';

describe('built-in templates', () => {
  it('has a text and words for every template kind of the contract', () => {
    for (const kind of TEMPLATE_KINDS) {
      expect(BUILT_IN_TEMPLATES[kind]).toMatch(/\S/);
      expect(TEMPLATE_LABELS[kind].title).toMatch(/\S/);
      expect(BUILT_IN_TEMPLATES[kind].length).toBeLessThanOrEqual(4000);
    }
    expect(Object.keys(BUILT_IN_TEMPLATES).sort()).toEqual([...TEMPLATE_KINDS].sort());
  });

  it('leaves something to fill in each, and the acknowledgement asks for a check-in date and next steps', () => {
    for (const kind of TEMPLATE_KINDS)
      expect(unfilledPlaceholders(BUILT_IN_TEMPLATES[kind]).length).toBeGreaterThan(0);
    expect(unfilledPlaceholders(BUILT_IN_TEMPLATES.acknowledgement)).toEqual(
      expect.arrayContaining(['check-in date', 'next steps']),
    );
    expect(unfilledPlaceholders(BUILT_IN_TEMPLATES.closure_non_actionable).join(' ')).toMatch(/next steps/);
  });

  it('passes its own wording check once filled: no promises, doubt or dismissal', () => {
    for (const kind of TEMPLATE_KINDS) {
      const text = BUILT_IN_TEMPLATES[kind];
      const filled = fillTemplate(
        text,
        Object.fromEntries(
          unfilledPlaceholders(text).map((p) => [p, p === 'check-in date' ? '3 March' : 'x']),
        ),
      );
      expect(unfilledPlaceholders(filled)).toEqual([]);
      expect(checkWording(filled), `${kind}: ${JSON.stringify(checkWording(filled))}`).toEqual([]);
    }
  });
});

describe('templateText', () => {
  it('prefers the team’s own wording and falls back to the built-in one', () => {
    expect(templateText('acknowledgement', { acknowledgement: 'Hi {name}' })).toBe('Hi {name}');
    expect(templateText('acknowledgement', { closure_actionable: 'x' })).toBe(
      BUILT_IN_TEMPLATES.acknowledgement,
    );
    expect(templateText('acknowledgement', null)).toBe(BUILT_IN_TEMPLATES.acknowledgement);
    expect(templateText('acknowledgement', undefined)).toBe(BUILT_IN_TEMPLATES.acknowledgement);
    // A blank saved text would send an empty message: the built-in one is used instead.
    expect(templateText('acknowledgement', { acknowledgement: '  \n ' })).toBe(
      BUILT_IN_TEMPLATES.acknowledgement,
    );
  });
});

describe('placeholders', () => {
  it('lists each unfilled placeholder once, in order, trimmed', () => {
    expect(unfilledPlaceholders('Hi {name}, by { check-in date } — {name} again')).toEqual([
      'name',
      'check-in date',
    ]);
    expect(unfilledPlaceholders('no braces here')).toEqual([]);
    expect(unfilledPlaceholders('empty {} and {  } are not placeholders')).toEqual([]);
  });

  it('does not take text across lines or nested braces for a placeholder', () => {
    expect(unfilledPlaceholders('a { b\n c } d')).toEqual([]);
    expect(unfilledPlaceholders('{{x}}')).toEqual(['x']);
  });

  it('fills named placeholders and leaves the others', () => {
    expect(fillTemplate('Hi {name}, see you {when}.', { name: 'Ada' })).toBe('Hi Ada, see you {when}.');
    expect(fillTemplate('{ name }', { name: 'Ada' })).toBe('Ada');
  });

  it('inserts values literally, never as replacement patterns', () => {
    expect(fillTemplate('{x}', { x: '$& $1 $$' })).toBe('$& $1 $$');
    expect(fillTemplate('{x}', { x: '{y}' })).toBe('{y}');
  });
});
