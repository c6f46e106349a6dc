// The retention form (client/src/features/team/model/retention-words.ts): what it saves, what it
// refuses, and when it asks before saving.
import { describe, expect, it } from 'vitest';
import { Check } from 'typebox/value';

import { RetentionDays } from '../../../contract/settings.js';
import {
  deletesSooner,
  MAX_RETENTION_DAYS,
  parseRetention,
  retentionForm,
  retentionSummary,
  SUGGESTED_RETENTION_DAYS,
} from '../../../client/src/features/team/model/retention-words.js';

describe('the retention form', () => {
  it('starts from the saved policy', () => {
    expect(retentionForm(null)).toEqual({ mode: 'off', days: String(SUGGESTED_RETENTION_DAYS) });
    expect(retentionForm(90)).toEqual({ mode: 'days', days: '90' });
  });

  it('saves off as null, whatever the number field holds', () => {
    expect(parseRetention({ mode: 'off', days: 'nonsense' })).toEqual({ ok: true, days: null });
  });

  it('saves a whole number of days from 1 to the contract’s maximum', () => {
    expect(parseRetention({ mode: 'days', days: '1' })).toEqual({ ok: true, days: 1 });
    expect(parseRetention({ mode: 'days', days: ' 365 ' })).toEqual({ ok: true, days: 365 });
    expect(parseRetention({ mode: 'days', days: String(MAX_RETENTION_DAYS) })).toEqual({
      ok: true,
      days: MAX_RETENTION_DAYS,
    });
  });

  it('refuses anything else, saying what it takes', () => {
    for (const days of ['', '0', '-3', '1.5', '1e3', '30 days', String(MAX_RETENTION_DAYS + 1), '0x10']) {
      const parsed = parseRetention({ mode: 'days', days });
      expect(parsed.ok, days).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatch(/whole number from 1 to 3,650/);
    }
  });

  it('saves only what the contract accepts', () => {
    for (const days of ['1', '90', String(MAX_RETENTION_DAYS)]) {
      const parsed = parseRetention({ mode: 'days', days });
      expect(parsed.ok && Check(RetentionDays, parsed.days)).toBe(true);
    }
    const off = parseRetention({ mode: 'off', days: '' });
    expect(off.ok && Check(RetentionDays, off.days)).toBe(true);
  });
});

describe('asking before deleting sooner', () => {
  it('asks when retention is turned on or shortened', () => {
    expect(deletesSooner(null, 30)).toBe(true);
    expect(deletesSooner(90, 30)).toBe(true);
  });

  it('does not ask when it is turned off, lengthened or left as it was', () => {
    expect(deletesSooner(30, null)).toBe(false);
    expect(deletesSooner(null, null)).toBe(false);
    expect(deletesSooner(30, 90)).toBe(false);
    expect(deletesSooner(30, 30)).toBe(false);
  });
});

describe('the policy in one sentence', () => {
  it('says off plainly, and counts days', () => {
    expect(retentionSummary(null)).toMatch(/^Off:/);
    expect(retentionSummary(1)).toContain('1 day after it is closed or withdrawn');
    expect(retentionSummary(3650)).toContain('3,650 days after it is closed or withdrawn');
  });
});
