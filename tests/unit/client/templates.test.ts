// The built-in message templates (client/src/features/team/model/templates.ts): one per kind of
// the contract, in the seed's spirit, with placeholders the composer refuses to send unfilled.
import { i18n } from '@lingui/core';
import { generateMessageId } from '@lingui/message-utils/generateMessageId';
import { afterEach, describe, expect, it } from 'vitest';

import { TEMPLATE_KINDS } from '../../../contract/enumerations.js';
import {
  BUILT_IN_TEMPLATES,
  fillTemplate,
  hasPlaceholder,
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

  it('fills only the names given, never what an object inherits', () => {
    expect(fillTemplate('{constructor} {toString}', {})).toBe('{constructor} {toString}');
  });
});

describe('in the page’s language', () => {
  afterEach(() => {
    i18n.loadAndActivate({ locale: 'en', messages: {} });
  });

  /** A catalog translating the given English messages. */
  const spanish = (messages: Record<string, string>) =>
    i18n.loadAndActivate({
      locale: 'es',
      messages: Object.fromEntries(Object.entries(messages).map(([en, es]) => [generateMessageId(en), es])),
    });

  it('reads the built-in texts and their labels when used, with their placeholders translated in braces', () => {
    const english = BUILT_IN_TEMPLATES.acknowledgement;
    spanish({
      'check-in date': 'fecha de seguimiento',
      'team name': 'nombre del equipo',
      Acknowledgement: 'Acuse de recibo',
    });
    const text = BUILT_IN_TEMPLATES.acknowledgement;
    expect(text).not.toBe(english);
    expect(templateText('acknowledgement', null)).toBe(text);
    expect(unfilledPlaceholders(text)).toEqual(
      expect.arrayContaining(['fecha de seguimiento', 'nombre del equipo']),
    );
    expect(TEMPLATE_LABELS.acknowledgement.title).toBe('Acuse de recibo');
  });

  it('keeps the team’s own wording as the team wrote it', () => {
    spanish({ 'team name': 'nombre del equipo' });
    expect(templateText('acknowledgement', { acknowledgement: 'Hi from {team name}' })).toBe(
      'Hi from {team name}',
    );
  });

  it('fills a placeholder the console fills under its English name and its name in the page’s language', () => {
    spanish({ 'check-in date': 'fecha de seguimiento', 'team name': 'nombre del equipo' });
    const text = BUILT_IN_TEMPLATES.acknowledgement;
    expect(hasPlaceholder(text, 'check-in date')).toBe(true);
    const filled = fillTemplate(text, { 'team name': 'Stewards', 'check-in date': '3 de marzo' });
    expect(filled).toContain('Stewards');
    expect(filled).toContain('3 de marzo');
    expect(hasPlaceholder(filled, 'check-in date')).toBe(false);
    // A team's own English text is filled the same, whatever the page's language.
    expect(fillTemplate('{team name}, { check-in date }', { 'team name': 'S', 'check-in date': 'D' })).toBe(
      'S, D',
    );
  });
});
