// The investigation checklists (client/src/features/team/model/checklists.ts): keys that fit the
// record contract, one item per report link, and "latest tick wins".
import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';

import { ChecklistRecord, CHECKLISTS, RECORD_SCHEMA } from '../../../contract/records.js';
import {
  BACKGROUND_ITEMS,
  latestTicks,
  linkKey,
  tickKey,
  VERIFY_ITEMS,
  verifyItems,
} from '../../../client/src/features/team/model/checklists.js';

const KEY = /^[a-z_]{1,60}$/;

describe('checklist keys', () => {
  it('are valid record keys, unique within each list', () => {
    const lists = [VERIFY_ITEMS, ...Object.values(BACKGROUND_ITEMS)];
    expect(Object.keys(BACKGROUND_ITEMS).sort()).toEqual(CHECKLISTS.filter((l) => l !== 'verify').sort());
    for (const items of lists) {
      for (const item of items) expect(item.key).toMatch(KEY);
      expect(new Set(items.map((i) => i.key)).size).toBe(items.length);
    }
  });

  it('give each report link its own key, in letters, without digits', () => {
    expect([0, 1, 25, 26, 27, 701, 702].map(linkKey)).toEqual([
      'link_a',
      'link_b',
      'link_z',
      'link_aa',
      'link_ab',
      'link_zz',
      'link_aaa',
    ]);
    const keys = Array.from({ length: 1000 }, (_, i) => linkKey(i));
    expect(new Set(keys).size).toBe(1000);
    for (const k of keys) expect(k).toMatch(KEY);
  });

  it('are accepted by the record schema', () => {
    const record = {
      schema: RECORD_SCHEMA,
      written_at: '2025-01-01T00:00:00.000Z',
      type: 'checklist',
      list: 'verify',
      item: linkKey(3),
      checked: true,
      note: '',
    };
    expect(Value.Check(ChecklistRecord, record)).toBe(true);
  });
});

describe('verifyItems', () => {
  it('lists each link of the report, then the seed’s checks', () => {
    const items = verifyItems([
      { url: 'https://wiki.example/diff/1', note: 'the first attack' },
      { url: 'https://wiki.example/diff/2', note: '' },
    ]);
    expect(items.map((i) => i.key)).toEqual(['link_a', 'link_b', ...VERIFY_ITEMS.map((i) => i.key)]);
    expect(items[0]?.label).toContain('https://wiki.example/diff/1');
    expect(items[0]?.detail).toContain('the first attack');
  });

  it('covers identity, impersonation and account status', () => {
    const text = VERIFY_ITEMS.map((i) => `${i.label} ${i.detail ?? ''}`).join(' ');
    expect(text).toMatch(/impersonation/);
    expect(text).toMatch(/account status/);
    expect(VERIFY_ITEMS.map((i) => i.key)).toEqual([
      'reporter_identity',
      'reporter_account_status',
      'harasser_identity',
      'harasser_account_status',
    ]);
  });
});

describe('latestTicks', () => {
  it('keeps the latest record of each item, with who and when', () => {
    const tick = (item: string, checked: boolean, author: string, at: string) => ({
      author,
      at,
      record: { list: 'verify' as const, item, checked, note: '' },
    });
    const ticks = latestTicks([
      tick('harasser_identity', true, 'ana', '2025-01-01T10:00:00Z'),
      tick('reporter_identity', true, 'ben', '2025-01-01T11:00:00Z'),
      tick('harasser_identity', false, 'ben', '2025-01-02T09:00:00Z'),
    ]);
    expect(ticks.get(tickKey('verify', 'harasser_identity'))).toEqual({
      checked: false,
      note: '',
      author: 'ben',
      at: '2025-01-02T09:00:00Z',
    });
    expect(ticks.get(tickKey('verify', 'reporter_identity'))?.author).toBe('ben');
    expect(ticks.get(tickKey('background_target', 'harasser_identity'))).toBeUndefined();
  });
});
