/** Dates as the handling forms take them (`<input type="date">`) and as the server stores them. */

/** The date part of an ISO time, as `<input type="date">` takes it. */
export function toDateInput(iso: string | null): string {
  return iso === null ? '' : iso.slice(0, 10);
}

/** A chosen day, stored at noon UTC: the same calendar day in almost every time zone. */
export function dayAtNoon(day: string): string {
  return `${day}T12:00:00Z`;
}

/** The day `days` from now, for a form's first suggestion. */
export function daysFromNow(days: number, now = Date.now()): string {
  return new Date(now + days * 86_400_000).toISOString().slice(0, 10);
}
