/** 8 groups of 4 hex digits (the first 16 bytes), as crypto's formatFingerprint, without loading it. */
export function formatFingerprintText(hex: string): string {
  const clean = hex
    .replace(/[^0-9a-f]/gi, '')
    .toLowerCase()
    .slice(0, 32);
  return (clean.match(/.{1,4}/g) ?? []).join(' ');
}
