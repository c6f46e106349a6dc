/**
 * Dates, counts, sizes and error text as people read them: the one place that knows the
 * page's locale. Every page formats through here, so the languages work has one place to plug
 * a reader's language into.
 */
/** The language the page's words are written in; dates and numbers follow it. */
export const PAGE_LOCALE = 'en';

/**
 * Each formatter is made the first time it is used: building all of them as the module loads costs
 * tens of milliseconds of the first page's main thread on a slow phone, and most pages use one or two.
 */
function once<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

const relative = once(() => new Intl.RelativeTimeFormat(PAGE_LOCALE, { numeric: 'auto' }));
const mediumDate = once(() => new Intl.DateTimeFormat(PAGE_LOCALE, { dateStyle: 'medium' }));
const mediumDateTime = once(
  () => new Intl.DateTimeFormat(PAGE_LOCALE, { dateStyle: 'medium', timeStyle: 'short' }),
);
const longDate = once(
  () => new Intl.DateTimeFormat(PAGE_LOCALE, { day: 'numeric', month: 'long', year: 'numeric' }),
);
const longDateTime = once(
  () =>
    new Intl.DateTimeFormat(PAGE_LOCALE, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
    }),
);
const count = once(() => new Intl.NumberFormat(PAGE_LOCALE));

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
  if (Number.isNaN(diff)) return 'at an unknown time';
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return relative().format(Math.round(diff / ms), unit);
  }
  return 'just now';
}

/** "10,000". */
export function formatCount(n: number): string {
  return count().format(n);
}

/** "2.4 MB", "830 KB": sizes as people read them (decimal units, as file managers show). */
export function formatFileSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`;
  const mb = bytes / 1_000_000;
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

/** "12 KB": whole kilobytes, rounded up, for limits a text must stay under. */
export function formatKilobytes(bytes: number): string {
  return `${formatCount(Math.ceil(bytes / 1000))} KB`;
}

/**
 * The words to show for a failure. Errors that carry a stable `code` (ApiError from the server,
 * keyring and roster-trust errors) have messages written for people; anything else (a bug, a
 * browser error) gets the caller's `fallback`, never its raw message.
 */
export function errorText(error: unknown, fallback: string): string {
  if (error instanceof Error && typeof (error as { code?: unknown }).code === 'string') return error.message;
  return fallback;
}
