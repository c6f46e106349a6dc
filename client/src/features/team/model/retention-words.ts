/**
 * The team's retention policy as the settings form reads and writes it: off (closed cases are
 * kept), or a number of days after a case is closed or withdrawn before the server deletes its
 * details (contract/settings.ts RetentionDays).
 */
import { i18n } from '@lingui/core';
import { msg, plural } from '@lingui/core/macro';

import { MAX_RETENTION_DAYS } from '#contract/settings';
import { formatCount } from '../../../lib/format.js';

export { MAX_RETENTION_DAYS };

export type RetentionMode = 'off' | 'days';

/** The form's fields: the choice and the number as typed. */
export interface RetentionForm {
  readonly mode: RetentionMode;
  readonly days: string;
}

/** A suggestion when the form is first turned on: a year is long enough to see a pattern. */
export const SUGGESTED_RETENTION_DAYS = 365;

export function retentionForm(days: number | null): RetentionForm {
  return days === null
    ? { mode: 'off', days: String(SUGGESTED_RETENTION_DAYS) }
    : { mode: 'days', days: String(days) };
}

export type RetentionParse =
  { readonly ok: true; readonly days: number | null } | { readonly ok: false; readonly error: string };

/** The policy to save from the form, or what is wrong with it. */
export function parseRetention(form: RetentionForm): RetentionParse {
  if (form.mode === 'off') return { ok: true, days: null };
  const text = form.days.trim();
  const days = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS) {
    const maximum = formatCount(MAX_RETENTION_DAYS);
    return { ok: false, error: i18n._(msg`The number of days is a whole number from 1 to ${maximum}.`) };
  }
  return { ok: true, days };
}

/**
 * Whether `after` deletes sooner than `before`: turning retention on, or shortening it. Such a
 * change may delete cases closed long ago at the next run, so the page asks first.
 */
export function deletesSooner(before: number | null, after: number | null): boolean {
  if (after === null) return false;
  return before === null || after < before;
}

/** The policy in one sentence, as the section states it. */
export function retentionSummary(days: number | null): string {
  if (days === null) return i18n._(msg`Off: closed and withdrawn cases are kept, with all their details.`);
  return i18n._(
    msg`A case’s details are deleted ${plural(days, { one: '# day', other: '# days' })} after it is closed or withdrawn.`,
  );
}
