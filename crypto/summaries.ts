/**
 * Summary envelopes (docs/protocol.md 9.7): the few fields the case list shows, sealed under the
 * report key K beside the body, so that a console lists 100,000 cases by fetching and opening
 * 512 bytes each instead of whole reports.
 *
 *   summary = envelope(JSON of SummaryBody in the protocol's field order, K, ad("summary", team, id)),
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

/** The place the list shows: the body's `where`, trimmed. */
function whereOf(body: Pick<ReportBody, 'where'>): string {
  return typeof body.where === 'string' ? body.where.trim() : '';
}

/** A field a hostile or older writer may have set to anything: a list, or nothing. */
function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

/**
 * The kinds of a body or summary: its string entries, in order. The writer and the agreement check
 * read a body's kinds through this one function, so an entry of another type (a hostile or buggy
 * writer's) cannot shift the two lists against each other.
 */
function kindsOf(value: unknown): ReportKind[] {
  return listOf(value).filter((k): k is ReportKind => typeof k === 'string');
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

/** The flags of a body or summary that hold one of their allowed values; any other value is left out. */
function flagsOf(value: {
  readonly reporter_role?: unknown;
  readonly danger?: unknown;
  readonly private_info_exposed?: unknown;
}): Pick<SummaryBody, 'reporter_role' | 'danger' | 'private_info_exposed'> {
  const { reporter_role: role, danger, private_info_exposed: exposed } = value;
  return {
    ...(role === 'target' || role === 'third_party' ? { reporter_role: role } : {}),
    ...(danger === 'none' || danger === 'life' || danger === 'minor' ? { danger } : {}),
    ...(typeof exposed === 'boolean' ? { private_info_exposed: exposed } : {}),
  };
}

/** A summary's fields as the writer works on them: absent strings and lists are empty. */
interface Fields {
  readonly reporter_role?: SummaryBody['reporter_role'];
  readonly kinds: readonly ReportKind[];
  readonly danger?: SummaryBody['danger'];
  readonly private_info_exposed?: boolean;
  readonly summary: string;
  readonly where: string;
  readonly involved: readonly InvolvedAccount[];
}

/**
 * The JSON text of `fields` in the protocol's field order (docs/protocol.md 9.7): schema,
 * reporter_role, kinds, danger, private_info_exposed, summary, where, involved (each entry name, then
 * role); absent flags and empty strings and lists are left out. JSON.stringify's escaping, no spaces.
 */
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

/** How fitReportSummary reached its result: what the vectors record so that a mismatch can be placed. */
export interface SummaryFit {
  readonly summary: SummaryBody;
  /** The row of the steps table applied: 0 (no limits) to 4 (the tightest). */
  readonly step: number;
  /** Kinds dropped from the end, then involved accounts dropped from the end, past the last row. */
  readonly kindsDropped: number;
  readonly involvedDropped: number;
  /** Times the summary line or the place was halved, in turn, after that (never so far: see below). */
  readonly halvings: number;
}

/**
 * The summary of `body`, shortened until its JSON fits 511 bytes: the first row of the steps table
 * whose limits make it fit; past the last row, kinds dropped from the end one at a time, then
 * involved accounts from the end, then the summary line and the place halved in turn (in code
 * points, keeping at least one). Deterministic (code points, not graphemes), so the vectors pin its
 * output, and its result always agrees with the body (summaryDisagreements is empty).
 *
 * The halving cannot be reached with these limits: once the lists are empty, the longest JSON left
 * (each of the 40 + 20 code points escaped as \u00xx, 6 bytes, and the longest flags) is 491 bytes.
 * It stays so that the writer is total whatever the limits.
 */
export function fitReportSummary(body: ReportBody): SummaryBody {
  return fitReportSummaryTraced(body).summary;
}

/** @internal fitReportSummary with the stages it went through; for the vector generator and tests. */
export function fitReportSummaryTraced(body: ReportBody): SummaryFit {
  const base: Fields = {
    ...flagsOf(body),
    kinds: kindsOf(body.kinds),
    summary: summaryLineOf(body),
    where: whereOf(body),
    involved: involvedOf(body.involved),
  };
  const done = (fields: Fields, step: number, kindsDropped = 0, involvedDropped = 0, halvings = 0) => ({
    summary: parseSummary(encode(fields)),
    step,
    kindsDropped,
    involvedDropped,
    halvings,
  });
  // After the loop `fields` holds the last row's limits, where the dropping starts.
  let fields = base;
  for (const [index, step] of STEPS.entries()) {
    fields = withLimits(base, step);
    if (fits(fields)) return done(fields, index);
  }
  const kinds = fields.kinds.length;
  while (!fits(fields) && fields.kinds.length > 0) fields = { ...fields, kinds: fields.kinds.slice(0, -1) };
  const involved = fields.involved.length;
  while (!fits(fields) && fields.involved.length > 0)
    fields = { ...fields, involved: fields.involved.slice(0, -1) };
  let halvings = 0;
  for (let stuck = 0; !fits(fields); halvings++) {
    const key = halvings % 2 === 0 ? 'summary' : 'where';
    const length = Array.from(fields[key]).length;
    // Never below one code point: an empty string would be left out and disagree with the body.
    const halved = shortenText(fields[key], Math.max(1, Math.floor(length / 2)));
    stuck = halved === fields[key] ? stuck + 1 : 0;
    if (stuck > 1) throw new ConfideCryptoError('INVALID_ARGUMENT', 'summary cannot be shortened to fit');
    fields = { ...fields, [key]: halved };
  }
  return done(
    fields,
    STEPS.length - 1,
    kinds - fields.kinds.length,
    involved - fields.involved.length,
    halvings,
  );
}

/** A summary's fields read back from a SummaryBody (of any origin): wrong types left out. */
function fieldsOf(summary: SummaryBody): Fields {
  return {
    ...flagsOf(summary),
    kinds: kindsOf(summary.kinds),
    summary: typeof summary.summary === 'string' ? summary.summary : '',
    where: typeof summary.where === 'string' ? summary.where : '',
    involved: involvedOf(summary.involved),
  };
}

/**
 * The summary's plaintext bytes (what is padded and sealed): its JSON in the protocol's field order,
 * whatever the order of `summary`'s own keys, without fields the protocol does not name.
 * INVALID_ARGUMENT for another schema, or past 511 bytes (shorten with fitReportSummary first).
 */
export function encodeSummary(summary: SummaryBody): Uint8Array {
  if ((summary.schema as string) !== SUMMARY_SCHEMA) {
    throw new ConfideCryptoError('INVALID_ARGUMENT', `summary schema must be "${SUMMARY_SCHEMA as string}"`);
  }
  const bytes = utf8(encode(fieldsOf(summary)));
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
 * are dropped rather than refused (readers show what they have, as for report bodies), and so are
 * fields the protocol does not name.
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
  const { reporter_role, danger, private_info_exposed } = flagsOf(s);
  // In the protocol's field order, so that the object serializes as the writer's JSON does.
  return {
    schema: SUMMARY_SCHEMA,
    ...(reporter_role === undefined ? {} : { reporter_role }),
    ...(Array.isArray(s.kinds) ? { kinds: kindsOf(s.kinds) } : {}),
    ...(danger === undefined ? {} : { danger }),
    ...(private_info_exposed === undefined ? {} : { private_info_exposed }),
    ...(typeof s.summary === 'string' ? { summary: s.summary } : {}),
    ...(typeof s.where === 'string' ? { where: s.where } : {}),
    ...(Array.isArray(s.involved) ? { involved: involvedOf(s.involved) } : {}),
  };
}

/**
 * `shown` says what `full` says: equal, or `shown` is a strict prefix of `full` followed by the
 * mark (a text that was not shortened must not claim to be).
 */
function textAgrees(shown: string, full: string): boolean {
  if (shown === full) return true;
  if (!shown.endsWith(SHORTENED_MARK)) return false;
  const kept = shown.slice(0, -SHORTENED_MARK.length);
  return full.length > kept.length && full.startsWith(kept);
}

/** `shown` is the first entries of `full`, in order, each agreeing by `agrees`. */
function prefixAgrees<T>(shown: readonly T[], full: readonly T[], agrees: (a: T, b: T) => boolean): boolean {
  return shown.length <= full.length && shown.every((entry, n) => agrees(entry, full[n] as T));
}

/**
 * The fields in which `summary` does not say what `body` says (empty when it agrees), in the
 * protocol's field order: flags must be equal; the summary line, the place and each involved name
 * equal or shortened (a prefix then "…"); kinds and involved accounts the first entries of the body's,
 * in order. A console shows a warning naming these fields when a case is opened (docs/protocol.md 9.7).
 */
export function summaryDisagreements(summary: SummaryBody, body: ReportBody): string[] {
  const shown = fieldsOf(summary);
  const flags = flagsOf(body);
  const problems: string[] = [];
  if (shown.reporter_role !== flags.reporter_role) problems.push('reporter_role');
  if (!prefixAgrees(shown.kinds, kindsOf(body.kinds), (a, b) => a === b)) problems.push('kinds');
  if (shown.danger !== flags.danger) problems.push('danger');
  if (shown.private_info_exposed !== flags.private_info_exposed) problems.push('private_info_exposed');
  if (!textAgrees(shown.summary, summaryLineOf(body))) problems.push('summary');
  if (!textAgrees(shown.where, whereOf(body))) problems.push('where');
  const sameAccount = (a: InvolvedAccount, b: InvolvedAccount) =>
    a.role === b.role && textAgrees(a.name, b.name);
  if (!prefixAgrees(shown.involved, involvedOf(body.involved), sameAccount)) problems.push('involved');
  return problems;
}
