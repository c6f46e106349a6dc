/**
 * Dates, counts, sizes and lists as people read them, in the page's language
 * (i18n/languages.ts): the one place that builds Intl formatters. Every page formats through here.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { pageLocale } from '../i18n/locale.js';

/**
 * Each formatter is made the first time it is used in a language: building all of them as the
 * module loads costs tens of milliseconds of the first page's main thread on a slow phone, and
 * most pages use one or two. A switch of language makes new ones.
 */
function perLocale<T>(make: (locale: string) => T): () => T {
  let madeFor: string | undefined;
  let made: T | undefined;
  return () => {
    const locale = pageLocale();
    if (made === undefined || madeFor !== locale) {
      made = make(locale);
      madeFor = locale;
    }
    return made;
  };
}

const relative = perLocale((locale) => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
const mediumDate = perLocale((locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }));
const mediumDateTime = perLocale(
  (locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
);
const longDate = perLocale(
  (locale) => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric' }),
);
const longDateTime = perLocale(
  (locale) =>
    new Intl.DateTimeFormat(locale, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
    }),
);
const count = perLocale((locale) => new Intl.NumberFormat(locale));

/** `short` for lists and timelines ("Nov 24, 2026"); `long` where a date is a promise to a person. */
export type DateStyle = 'short' | 'long';

function formatWith(format: Intl.DateTimeFormat, iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : format.format(t);
}

/** "Nov 24, 2026", or with `long` "November 24, 2026". An unparseable value is shown as it came. */
export function formatDate(iso: string, style: DateStyle = 'short'): string {
  return formatWith(style === 'long' ? longDate() : mediumDate(), iso);
}

/** "Nov 24, 2026, 2:00 PM", or with `long` "Tuesday, November 24, 2026 at 2:00 PM". */
export function formatDateTime(iso: string, style: DateStyle = 'short'): string {
  return formatWith(style === 'long' ? longDateTime() : mediumDateTime(), iso);
}

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

/** "3 days ago", "in 2 hours", "just now". */
export function timeAgo(iso: string, now = Date.now()): string {
  const diff = Date.parse(iso) - now;
  if (Number.isNaN(diff)) return i18n._(msg`at an unknown time`);
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return relative().format(Math.round(diff / ms), unit);
  }
  return relative().format(0, 'second');
}

/** "10,000". */
export function formatCount(n: number): string {
  return count().format(n);
}

/** Sizes in one unit and its number of decimals, as the reader's language writes them. */
const sizes = {
  byte: perLocale(
    (locale) => new Intl.NumberFormat(locale, { style: 'unit', unit: 'byte', unitDisplay: 'long' }),
  ),
  kilobyte: perLocale(
    (locale) => new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 }),
  ),
  megabyte: perLocale(
    (locale) =>
      new Intl.NumberFormat(locale, {
        style: 'unit',
        unit: 'megabyte',
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
      }),
  ),
  wholeMegabyte: perLocale(
    (locale) => new Intl.NumberFormat(locale, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 0 }),
  ),
};

/** "2.4 MB", "830 KB": sizes as people read them (decimal units, as file managers show). */
export function formatFileSize(bytes: number): string {
  if (bytes < 1000) return sizes.byte().format(bytes);
  if (bytes < 1_000_000) return sizes.kilobyte().format(Math.round(bytes / 1000));
  const mb = bytes / 1_000_000;
  return mb < 10
    ? sizes.megabyte().format(Math.round(mb * 10) / 10)
    : sizes.wholeMegabyte().format(Math.round(mb));
}

/** "12 KB": whole kilobytes, rounded up, for limits a text must stay under. */
export function formatKilobytes(bytes: number): string {
  return sizes.kilobyte().format(Math.ceil(bytes / 1000));
}

const lists = perLocale((locale) => new Intl.ListFormat(locale, { type: 'unit', style: 'short' }));

/**
 * "Ana, Ben, Cai": names or short items side by side, written as the page's language writes a
 * short list (an Arabic comma in Arabic; English adds no "and").
 */
export function formatList(items: readonly string[]): string {
  return lists().format(items);
}

const languageNames = perLocale((locale) => new Intl.DisplayNames([locale], { type: 'language' }));

/**
 * A language's name in the page's language ("German" on an English page, "alemán" on a Spanish
 * one), from its BCP 47 tag; the tag itself when the browser knows no name for it.
 */
export function languageName(tag: string): string {
  try {
    return languageNames().of(tag) ?? tag;
  } catch {
    return tag;
  }
}
