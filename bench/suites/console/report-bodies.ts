// The report bodies and summaries the console benchmark seeds: a protocol report body of about
// N bytes of JSON, different for every case number n, and the summary a reporter's browser seals
// beside it (crypto's fitReportSummary, so the list shows what it would show for a real report).
// Plain functions with no database or WebAssembly, so the sealing workers can import them.

import { encodeSummary, fitReportSummary } from '../../../crypto/summaries.js';
import type { ReportBody, ReportKind } from '../../../crypto/types.js';

const KINDS: readonly ReportKind[] = [
  'personal_attack',
  'doxing',
  'unwanted_contact',
  'threat',
  'offensive_comment',
];
const PLACES = ['User talk', 'Talk', 'Wikipedia:Administrators’ noticeboard', 'IRC #wikipedia', 'Commons'];
const FILLER =
  'They keep leaving insulting comments on every page I edit, and now they write to me by e-mail. ';
/** Enough filler for a 64 KB body: ASCII with nothing JSON escapes, one character one byte. */
const FILLER_TEXT = FILLER.repeat(Math.ceil(65_536 / FILLER.length));

/**
 * A word found in case n's summary line and nowhere else: "xq", n in base 26 as five letters,
 * "x". Letters only, one fixed length, so no token is part of another and a search for it
 * matches exactly one case of up to 26^5 (11.8 million).
 */
export function searchTokenOf(n: number): string {
  let letters = '';
  let rest = n;
  for (let i = 0; i < 5; i++) {
    letters = String.fromCharCode(97 + (rest % 26)) + letters;
    rest = Math.floor(rest / 26);
  }
  return `xq${letters}x`;
}

/** The summary line of case n (the body's `summary`), which the list shows. */
export function summaryLineOf(n: number): string {
  return `Report ${n} (${searchTokenOf(n)}): repeated comments on a talk page`;
}

export interface BenchReport {
  /** The body's UTF-8 JSON, about the size asked for. */
  readonly body: Uint8Array;
  /** The summary's JSON (at most 511 bytes), as sealReport would seal it. */
  readonly summary: Uint8Array;
}

/**
 * Case n's report: a body of about `bytes` bytes of JSON (the rest of `what_happened` fills it),
 * bound to the team and to the reporter's keys as a browser binds them, and its summary.
 */
export function benchReportOf(
  n: number,
  options: {
    readonly teamFingerprint: string;
    readonly bytes: number;
    readonly reporterKeys: { readonly box_pk: string; readonly sign_pk: string };
  },
): BenchReport {
  const body = {
    schema: 'confide/report/v1' as const,
    reporter_role: n % 3 === 0 ? ('third_party' as const) : ('target' as const),
    kinds:
      n % 4 === 0 ? [KINDS[n % KINDS.length]!, KINDS[(n + 1) % KINDS.length]!] : [KINDS[n % KINDS.length]!],
    summary: summaryLineOf(n),
    what_happened: '',
    where: `en.wikipedia.org, ${PLACES[n % PLACES.length]!}`,
    links: [{ url: `https://en.wikipedia.org/w/index.php?diff=${1_000_000 + n}`, note: 'the first one' }],
    involved: [
      { name: `Account${n % 97}`, role: 'alleged_harasser' as const },
      ...(n % 5 === 0 ? [{ name: `Witness${n % 13}`, role: 'witness' as const }] : []),
    ],
    private_info_exposed: n % 11 === 0,
    danger: n % 50 === 0 ? ('minor' as const) : ('none' as const),
    contact: { by: 'receipt' as const },
    language: 'en',
    attachments: [],
    submitted_at: new Date(Date.UTC(2026, 10, 1) + n * 60_000).toISOString(),
    reporter_keys: options.reporterKeys,
    excluded: [],
    team_fingerprint: options.teamFingerprint,
  };
  // The summary depends on the short fields only (the body has its own `summary` line).
  const summary = encodeSummary(fitReportSummary(body satisfies ReportBody));
  // The filler is plain ASCII that JSON does not escape: it goes between the quotes as it is,
  // which spares serialising 10 KB per case (100,000 times in the large seed).
  const short = JSON.stringify(body);
  const room = Math.max(0, options.bytes - Buffer.byteLength(short));
  const json = short.replace('"what_happened":""', `"what_happened":"${FILLER_TEXT.slice(0, room)}"`);
  return { body: Buffer.from(json), summary };
}
