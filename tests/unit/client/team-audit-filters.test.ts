// The audit log's filters in the address and in the request, and its words for the new actions
// (client/src/features/team/model/audit-filters.ts, model/audit-words.ts).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import {
  auditFiltersFromParams,
  auditQueryString,
  hasAuditFilters,
  NO_AUDIT_FILTERS,
  paramsFromAuditFilters,
  parseCaseNumber,
  type AuditFilters,
} from '../../../client/src/features/team/model/audit-filters.js';
import {
  actionWords,
  AUDIT_CATEGORIES,
  caseLabel,
  describeAuditEvent,
  KNOWN_ACTIONS,
} from '../../../client/src/features/team/model/audit-words.js';

const ANA = '0b6f1c1e-3c1a-4d55-9a51-7a0c2b8f4e10';
const CASE = '5d1e7a4c-2b3f-4c6d-8e9f-0a1b2c3d4e5f';

describe('audit filters', () => {
  it('reads a case number typed with or without "#", and nothing else', () => {
    expect(parseCaseNumber('42')).toBe('42');
    expect(parseCaseNumber(' #42 ')).toBe('42');
    for (const bad of ['', '0', '042', '-1', '4.2', '#', 'abc', '1234567890']) {
      expect(parseCaseNumber(bad)).toBeNull();
    }
  });

  it('writes the filters in the address and reads them back unchanged', () => {
    const samples: AuditFilters[] = [
      NO_AUDIT_FILTERS,
      { action: 'case', member: '', caseNumber: '' },
      { action: 'case.status', member: ANA, caseNumber: '42' },
      { action: '', member: '', caseNumber: '7' },
    ];
    for (const filters of samples) {
      expect(auditFiltersFromParams(paramsFromAuditFilters(filters))).toEqual(filters);
    }
    expect(paramsFromAuditFilters(NO_AUDIT_FILTERS).toString()).toBe('');
    expect(paramsFromAuditFilters({ action: 'item', member: '', caseNumber: '42' }).toString()).toBe(
      'action=item&case=42',
    );
  });

  it('drops malformed values from an address, each alone', () => {
    expect(
      auditFiltersFromParams(new URLSearchParams(`action=DROP TABLE&member=${ANA.toUpperCase()}&case=x`)),
    ).toEqual({ action: '', member: ANA, caseNumber: '' });
    expect(
      auditFiltersFromParams(new URLSearchParams('action=case.status.extra&member=ana&case=%2342')),
    ).toEqual({ action: '', member: '', caseNumber: '42' });
  });

  it('sends the contract’s names to the server, and only values it accepts', () => {
    expect(auditQueryString(NO_AUDIT_FILTERS)).toBe('');
    expect(auditQueryString({ action: 'case', member: ANA, caseNumber: '#42' })).toBe(
      `action=case&member=${ANA}&case_number=42`,
    );
    expect(auditQueryString({ action: 'Case!', member: 'someone', caseNumber: '0' })).toBe('');
  });

  it('knows when the log is filtered', () => {
    expect(hasAuditFilters(NO_AUDIT_FILTERS)).toBe(false);
    expect(hasAuditFilters({ ...NO_AUDIT_FILTERS, caseNumber: '3' })).toBe(true);
  });
});

describe('audit words', () => {
  it('has words for the case-handling actions', () => {
    for (const action of [
      'case.status',
      'case.recused',
      'case.round_opened',
      'case.voted',
      'case.printed',
      'case.exported',
      'team.settings_changed',
      'index_key.issued',
    ]) {
      expect(KNOWN_ACTIONS).toContain(action);
      expect(actionWords(action)).not.toBe(action);
    }
  });

  it('has words for every action the server writes by name', () => {
    const server = path.resolve(import.meta.dirname, '../../../server');
    const written = new Set<string>();
    for (const file of readdirSync(server, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts')) continue;
      const text = readFileSync(path.join(server, file), 'utf8');
      for (const match of text.matchAll(/action: '([a-z_]+\.[a-z_]+)'/g)) written.add(match[1] ?? '');
    }
    expect(written.size).toBeGreaterThan(20);
    expect([...written].filter((action) => !KNOWN_ACTIONS.includes(action))).toEqual([]);
  });

  it('offers only categories and actions the server’s filter accepts', () => {
    const pattern = /^[a-z_]{1,40}(\.[a-z_]{1,40})?$/;
    for (const value of [...AUDIT_CATEGORIES.map((c) => c.value), ...KNOWN_ACTIONS]) {
      expect(value).toMatch(pattern);
    }
  });

  it('names a case by its number, or by the start of its id when it has none', () => {
    expect(caseLabel({ case: CASE, case_number: 42 })).toBe('#42');
    expect(caseLabel({ case: CASE, case_number: null })).toBe('5d1e7a4c');
    expect(caseLabel({ case: null, case_number: null })).toBe('');
  });

  it('describes a status move, a vote round and changed settings', () => {
    const names = new Map([[ANA, 'Ana']]);
    expect(
      describeAuditEvent({ action: 'case.status', details: { from: 'received', to: 'acknowledged' } }, names),
    ).toBe('from New to Acknowledged');
    expect(describeAuditEvent({ action: 'case.voted', details: { round: 2 } }, names)).toBe('round 2');
    expect(
      describeAuditEvent({ action: 'index_key.issued', details: { epoch: 3, new_key: true } }, names),
    ).toBe('a new key (key 3)');
    expect(
      describeAuditEvent({ action: 'index_key.issued', details: { epoch: 3, new_key: false } }, names),
    ).toBe('the same key, signed again (key 3)');
    expect(
      describeAuditEvent(
        { action: 'team.settings_changed', details: { changed: ['quorum', 'templates', 'later_thing', 3] } },
        names,
      ),
    ).toBe('quorum, message templates, later_thing');
    expect(describeAuditEvent({ action: 'case.printed', details: {} }, names)).toBe('');
  });

  it('describes a re-grant per case with its count, and one logged team-wide before without one', () => {
    const names = new Map([[ANA, 'Ana']]);
    const regrant = (action: string, details: Record<string, unknown>) =>
      describeAuditEvent({ action, details }, names);
    expect(regrant('case.regranted', { member: ANA, objects: 4 })).toBe('Ana, 4 keys');
    expect(regrant('case.regranted', { member: ANA, objects: 1 })).toBe('Ana, 1 key');
    // As migration 0007 leaves the team-wide events: the member, no count.
    expect(regrant('cases.regranted', { member: ANA })).toBe('Ana');
    expect(regrant('cases.regranted', {})).toBe('a member');
    expect(regrant('cases.regranted', { member: CASE, objects: 'many' })).toBe('a member');
  });
});
