/** Dates and fingerprints as people read them. */

/** 8 groups of 4 hex digits (the first 16 bytes), as crypto's formatFingerprint, without loading it. */
export function formatFingerprintText(hex: string): string {
  const clean = hex
    .replace(/[^0-9a-f]/gi, '')
    .toLowerCase()
    .slice(0, 32);
  return (clean.match(/.{1,4}/g) ?? []).join(' ');
}

/** "Tuesday 24 November 2026 at 14:00" in the reader's own language and time zone. */
export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' });
}
