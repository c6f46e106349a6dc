/**
 * Summary envelopes (docs/protocol.md 9.7): the few fields the case list shows, sealed under the
 * report key K beside the body, so that a console lists 100,000 cases by fetching and opening
 * 512 bytes each instead of whole reports.
 *
 *   summary = envelope(canonical-order JSON of SummaryBody, K, ad("summary", team, id)),
 *             its plaintext padded to exactly 512 bytes: sodium_pad(p, 512), len(p) <= 511
 *
 * The reporter's signature covers it with the body (reports.ts, REPORT_SUMMARY_SIGNATURE_CONTEXT).
 * A summary may still say something other than the body (a buggy or hostile writer: the reporter
 * holds K), so a console that opens the case compares the two with summaryDisagreements.
 */
import {
  AD_KIND_SUMMARY,
  KEY_BYTES,
  NONCE_BYTES,
  PROTOCOL_VERSION,
  SUMMARY_PADDED_BYTES,
  SUMMARY_SCHEMA,
  TAG_BYTES,
} from './constants.js';
import { associatedData, fromUtf8, parseJson, toBase64Url, utf8 } from './encoding.js';
import { decodeEnvelope } from './envelope.js';
import { ConfideCryptoError } from './errors.js';
import { padToFixedSize, unpadFixedSize } from './padding.js';
import { lib } from './sodium.js';
import type {
  Envelope,
  InvolvedAccount,
  ReportBody,
  ReportKind,
  SummaryBody,
  SymmetricKey,
} from './types.js';

/** The most plaintext a summary holds: one byte of the 512 goes to the padding marker. */
export const SUMMARY_MAX_PLAINTEXT_BYTES = SUMMARY_PADDED_BYTES - 1;

/** Marks a string the writer shortened; readers compare what comes before it with the body. */
export const SHORTENED_MARK = '…';

/**
 * The writer's limits, loosest first: each step caps the summary line, the place, each involved
 * name (in code points, the mark included) and the number of involved accounts. The first step
 * whose result fits is taken; past the last, kinds and involved accounts are dropped from the end
 * and the strings halved (fitReportSummary).
 */
const STEPS: readonly { summary: number; where: number; name: number; involved: number }[] = [
  { summary: Infinity, where: Infinity, name: Infinity, involved: Infinity },
  { summary: 160, where: 80, name: 40, involved: 10 },
  { summary: 100, where: 50, name: 30, involved: 5 },
  { summary: 60, where: 30, name: 20, involved: 3 },
  { summary: 40, where: 20, name: 16, involved: 2 },
];

/** `text` cut to `max` code points, the last one being SHORTENED_MARK; unchanged if it fits. */
export function shortenText(text: string, max: number): string {
  const points = Array.from(text);
  if (points.length <= max) return text;
  if (max <= 1) return max === 1 ? SHORTENED_MARK : '';
  return points.slice(0, max - 1).join('') + SHORTENED_MARK;
}

/** The line the list shows: the body's `summary`, or else the first non-empty line of `what_happened`. */
export function summaryLineOf(body: Pick<ReportBody, 'summary' | 'what_happened'>): string {
  const own = typeof body.summary === 'string' ? body.summary.trim() : '';
  if (own !== '') return own;
  const text = typeof body.what_happened === 'string' ? body.what_happened : '';
  return (
    text
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? ''
  );
}

/** A field a hostile or older writer may have set to anything: a list, or nothing. */
function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

function isRole(role: unknown): role is InvolvedAccount['role'] {
  return role === 'alleged_harasser' || role === 'target' || role === 'witness' || role === 'other';
}

/** The well-formed involved accounts of a body or summary, in order. */
function involvedOf(value: unknown): InvolvedAccount[] {
  return listOf(value).flatMap((i) => {
    const entry = i as { name?: unknown; role?: unknown } | null;
    return typeof entry?.name === 'string' && isRole(entry.role)
      ? [{ name: entry.name, role: entry.role }]
      : [];
  });
}

interface Fields {
  reporter_role?: SummaryBody['reporter_role'];
  kinds: ReportKind[];
  danger?: SummaryBody['danger'];
  private_info_exposed?: boolean;
  summary: string;
  where: string;
  involved: InvolvedAccount[];
}

/** The JSON of `fields` in the protocol's field order; empty strings and lists left out. */
function encode(fields: Fields): string {
  const out: Record<string, unknown> = { schema: SUMMARY_SCHEMA };
  if (fields.reporter_role !== undefined) out.reporter_role = fields.reporter_role;
  if (fields.kinds.length > 0) out.kinds = fields.kinds;
  if (fields.danger !== undefined) out.danger = fields.danger;
  if (fields.private_info_exposed !== undefined) out.private_info_exposed = fields.private_info_exposed;
  if (fields.summary !== '') out.summary = fields.summary;
  if (fields.where !== '') out.where = fields.where;
  if (fields.involved.length > 0) out.involved = fields.involved.map((i) => ({ name: i.name, role: i.role }));
  return JSON.stringify(out);
}

function fits(fields: Fields): boolean {
  return utf8(encode(fields)).length <= SUMMARY_MAX_PLAINTEXT_BYTES;
}

function withLimits(base: Fields, step: (typeof STEPS)[number]): Fields {
  return {
    ...base,
    summary: shortenText(base.summary, step.summary),
    where: shortenText(base.where, step.where),
    involved: base.involved
      .slice(0, step.involved)
      .map((i) => ({ name: shortenText(i.name, step.name), role: i.role })),
  };
}

/**
 * The summary of `body`, shortened until its JSON fits 511 bytes: the steps' limits first, then
 * kinds and involved accounts dropped from the end, then the summary line and the place halved in
 * turn. Deterministic (code points, not graphemes), so the vectors pin its output.
 */
export function fitReportSummary(body: ReportBody): SummaryBody {
  const base: Fields = {
    ...(body.reporter_role === 'target' || body.reporter_role === 'third_party'
      ? { reporter_role: body.reporter_role }
      : {}),
    kinds: listOf(body.kinds).filter((k): k is ReportKind => typeof k === 'string'),
    ...(body.danger === 'none' || body.danger === 'life' || body.danger === 'minor'
      ? { danger: body.danger }
      : {}),
    ...(typeof body.private_info_exposed === 'boolean'
      ? { private_info_exposed: body.private_info_exposed }
      : {}),
    summary: summaryLineOf(body),
    where: typeof body.where === 'string' ? body.where.trim() : '',
    involved: involvedOf(body.involved),
  };
  let fields = base;
  for (const step of STEPS) {
    fields = withLimits(base, step);
    if (fits(fields)) return parseSummary(encode(fields));
  }
  while (!fits(fields) && fields.kinds.length > 0) fields = { ...fields, kinds: fields.kinds.slice(0, -1) };
  while (!fits(fields) && fields.involved.length > 0)
    fields = { ...fields, involved: fields.involved.slice(0, -1) };
  let turn = 0;
  while (!fits(fields)) {
    const key = turn++ % 2 === 0 ? 'summary' : 'where';
    const length = Array.from(fields[key]).length;
    fields = { ...fields, [key]: shortenText(fields[key], Math.floor(length / 2)) };
  }
  return parseSummary(encode(fields));
}

/** The summary's plaintext bytes (what is padded and sealed). INVALID_ARGUMENT past 511 bytes. */
export function encodeSummary(summary: SummaryBody): Uint8Array {
  if ((summary.schema as string) !== SUMMARY_SCHEMA) {
    throw new ConfideCryptoError('INVALID_ARGUMENT', `summary schema must be "${SUMMARY_SCHEMA as string}"`);
  }
  const bytes = utf8(JSON.stringify(summary));
  if (bytes.length > SUMMARY_MAX_PLAINTEXT_BYTES) {
    throw new ConfideCryptoError(
      'INVALID_ARGUMENT',
      `summary is ${bytes.length} bytes; shorten it to ${SUMMARY_MAX_PLAINTEXT_BYTES} (fitReportSummary)`,
    );
  }
  return bytes;
}

/**
 * @internal Seals summary bytes under the report key with a given nonce; sealReport draws the nonce,
 * the vector generator fixes it. Returns the envelope and its ciphertext (which the signature hashes).
 */
export function encryptSummary(
  plaintext: Uint8Array,
  key: SymmetricKey,
  team: string,
  id: string,
  nonce: Uint8Array,
): { envelope: Envelope; ciphertext: Uint8Array } {
  if (key.length !== KEY_BYTES)
    throw new ConfideCryptoError('BAD_KEY', `summary key must be ${KEY_BYTES} bytes`);
  if (nonce.length !== NONCE_BYTES)
    throw new ConfideCryptoError('BAD_NONCE', `nonce must be ${NONCE_BYTES} bytes`);
  const padded = padToFixedSize(plaintext, SUMMARY_PADDED_BYTES);
  const ciphertext = lib().crypto_aead_xchacha20poly1305_ietf_encrypt(
    padded,
    associatedData(AD_KIND_SUMMARY, team, id),
    null,
    nonce,
    key,
  );
  padded.fill(0);
  return { envelope: { v: PROTOCOL_VERSION, n: toBase64Url(nonce), c: toBase64Url(ciphertext) }, ciphertext };
}

/**
 * Opens a report's summary envelope with the report key and parses it. Errors: the envelope codes
 * (UNKNOWN_VERSION, BAD_NONCE, TAMPERED), BAD_PADDING when the padded plaintext is not exactly 512
 * bytes, BAD_ENCODING for anything but a JSON object, UNKNOWN_VERSION for another schema.
 */
export function openReportSummary(
  report: { readonly team: string; readonly id: string; readonly summary: Envelope },
  key: SymmetricKey,
): SummaryBody {
  if (key.length !== KEY_BYTES)
    throw new ConfideCryptoError('BAD_KEY', `summary key must be ${KEY_BYTES} bytes`);
  const { nonce, ciphertext } = decodeEnvelope(report.summary);
  if (ciphertext.length !== SUMMARY_PADDED_BYTES + TAG_BYTES) {
    throw new ConfideCryptoError(
      'BAD_PADDING',
      `a summary's ciphertext is ${SUMMARY_PADDED_BYTES + TAG_BYTES} bytes, not ${ciphertext.length}`,
    );
  }
  let padded: Uint8Array;
  try {
    padded = lib().crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      ciphertext,
      associatedData(AD_KIND_SUMMARY, report.team, report.id),
      nonce,
      key,
    );
  } catch {
    throw new ConfideCryptoError(
      'TAMPERED',
      `summary envelope of report ${report.id} was altered, or the key is wrong`,
    );
  }
  return parseSummary(fromUtf8(unpadFixedSize(padded, SUMMARY_PADDED_BYTES), 'summary'));
}

/**
 * A summary's JSON text, checked: an object of schema confide/summary/v1. Fields of the wrong type
 * are dropped rather than refused (readers show what they have, as for report bodies).
 */
function parseSummary(text: string): SummaryBody {
  const parsed = parseJson(text, 'summary');
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfideCryptoError('BAD_ENCODING', 'summary is not a JSON object');
  }
  const s = parsed as Record<string, unknown>;
  if (s.schema !== SUMMARY_SCHEMA) {
    throw new ConfideCryptoError(
      typeof s.schema === 'string' ? 'UNKNOWN_VERSION' : 'BAD_ENCODING',
      `summary schema must be "${SUMMARY_SCHEMA}"`,
    );
  }
  const out: { -readonly [K in keyof SummaryBody]: SummaryBody[K] } = { schema: SUMMARY_SCHEMA };
  if (s.reporter_role === 'target' || s.reporter_role === 'third_party') out.reporter_role = s.reporter_role;
  if (Array.isArray(s.kinds)) out.kinds = s.kinds.filter((k): k is ReportKind => typeof k === 'string');
  if (s.danger === 'none' || s.danger === 'life' || s.danger === 'minor') out.danger = s.danger;
  if (typeof s.private_info_exposed === 'boolean') out.private_info_exposed = s.private_info_exposed;
  if (typeof s.summary === 'string') out.summary = s.summary;
  if (typeof s.where === 'string') out.where = s.where;
  if (Array.isArray(s.involved)) out.involved = involvedOf(s.involved);
  return out;
}

/** `shown` says what `full` says: equal, or `shown` is `full` cut short and marked. */
function textAgrees(shown: string | undefined, full: string): boolean {
  const s = shown ?? '';
  if (s === full) return true;
  return s.endsWith(SHORTENED_MARK) && full.startsWith(s.slice(0, -SHORTENED_MARK.length));
}

/**
 * The fields in which `summary` does not say what `body` says (empty when it agrees): a summary
 * may shorten strings (marked with "…") and keep only the first kinds and involved accounts, in
 * order; flags must be equal. A console shows a warning naming these fields when a case is opened.
 */
export function summaryDisagreements(summary: SummaryBody, body: ReportBody): string[] {
  const problems: string[] = [];
  const role =
    body.reporter_role === 'target' || body.reporter_role === 'third_party' ? body.reporter_role : undefined;
  if (summary.reporter_role !== role) problems.push('reporter_role');
  const kinds = listOf(body.kinds);
  const shownKinds = summary.kinds ?? [];
  if (shownKinds.length > kinds.length || shownKinds.some((k, i) => k !== kinds[i])) problems.push('kinds');
  const danger =
    body.danger === 'none' || body.danger === 'life' || body.danger === 'minor' ? body.danger : undefined;
  if (summary.danger !== danger) problems.push('danger');
  const exposed = typeof body.private_info_exposed === 'boolean' ? body.private_info_exposed : undefined;
  if (summary.private_info_exposed !== exposed) problems.push('private_info_exposed');
  if (!textAgrees(summary.summary, summaryLineOf(body))) problems.push('summary');
  if (!textAgrees(summary.where, typeof body.where === 'string' ? body.where.trim() : ''))
    problems.push('where');
  const involved = involvedOf(body.involved);
  const shownInvolved = summary.involved ?? [];
  if (
    shownInvolved.length > involved.length ||
    // The length check above makes involved[n] exist for every n of shownInvolved.
    shownInvolved.some((i, n) => i.role !== involved[n].role || !textAgrees(i.name, involved[n].name))
  ) {
    problems.push('involved');
  }
  return problems;
}
