// Summary envelopes (docs/protocol.md 9.7): the writer's fitting, the reader's agreement check, the
// fixed 512-byte padding, the envelope's associated data, the signature over body and summary, and
// the `report_summary` vectors recomputed through the public API.
import { readFileSync } from 'node:fs';

import fc from 'fast-check';
import sodium from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';

import * as C from '../../../crypto/index.js';
import type {
  Envelope,
  InvolvedAccount,
  ReceiptKeys,
  ReportBody,
  ReportKey,
  ReportKind,
  SummaryBody,
  SymmetricKey,
} from '../../../crypto/index.js';
import { associatedData } from '../../../crypto/encoding.js';
import { padToFixedSize, unpadFixedSize } from '../../../crypto/padding.js';
import { lib } from '../../../crypto/sodium.js';
import { encryptSummary, fitReportSummaryTraced } from '../../../crypto/summaries.js';
import { VECTORS_PATH, type VectorsV1 } from '../../../scripts/generate-vectors.js';
import { expectBytes, expectCode, flippedB64, makeTeam, type TeamFixture } from './helpers.js';

const V = JSON.parse(readFileSync(VECTORS_PATH, 'utf8')) as VectorsV1;
const MAX = C.SUMMARY_MAX_PLAINTEXT_BYTES;
const d = (s: string): Uint8Array => C.fromBase64Url(s);
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

let fixture: TeamFixture;
let reporter: ReceiptKeys;

beforeAll(async () => {
  await C.ready();
  await sodium.ready;
  fixture = makeTeam(2);
  reporter = C.deriveReceiptKeys(C.generateReceipt());
});

// ---------------------------------------------------------------------------
// Arbitrary bodies
// ---------------------------------------------------------------------------

const KINDS: readonly ReportKind[] = [
  'personal_attack',
  'threat',
  'offensive_comment',
  'sexual_content',
  'unwanted_contact',
  'doxing',
  'private_communication',
  'disruption',
  'discrimination',
  'reporting_misuse',
  'impersonation',
  'brigading',
  'intimate_images',
  'contact_offwiki',
  'family_or_employer',
  'account_compromise',
  'image_based',
  'other',
];
const ROLES: readonly InvolvedAccount['role'][] = ['alleged_harasser', 'target', 'witness', 'other'];

/**
 * One code point of any kind, weighted towards what breaks writers: the mark itself, JSON escapes,
 * white space that trim() does and does not remove, 2-, 3- and 4-byte UTF-8, and lone surrogates.
 */
const awkwardUnit = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  fc.constantFrom(
    C.SHORTENED_MARK,
    '"',
    '\\',
    '\u0001',
    '\u001c',
    '\u007f',
    ' ',
    '\n',
    '\r',
    '\t',
    '\ufeff',
    '\u3000',
    '\u2028',
    'é',
    'ễ',
    'Ж',
    '例',
    '😀',
    '\ud800',
    '\udfff',
  ),
);
const shortText = fc.string({ unit: awkwardUnit, maxLength: 60 });
const anyText = fc.oneof(
  shortText,
  fc.string({ unit: awkwardUnit, maxLength: 400 }),
  fc.string({ unit: awkwardUnit, minLength: 300, maxLength: 3000 }),
  fc.string({ unit: 'grapheme', maxLength: 500 }),
);
const kinds = fc.array(fc.oneof(fc.constantFrom(...KINDS), shortText), { maxLength: 40 });
const involved = fc.array(
  fc.record({ name: fc.oneof(shortText, anyText), role: fc.constantFrom(...ROLES) }),
  { maxLength: 30 },
);

/** A body as an honest writer makes it: every field of the right type, any content (kinds: any codes). */
const reportBody: fc.Arbitrary<ReportBody> = fc
  .record(
    {
      schema: fc.constant('confide/report/v1' as const),
      what_happened: anyText,
      reporter_role: fc.constantFrom('target' as const, 'third_party' as const),
      kinds,
      summary: anyText,
      where: anyText,
      involved,
      private_info_exposed: fc.boolean(),
      danger: fc.constantFrom('none' as const, 'life' as const, 'minor' as const),
    },
    { requiredKeys: ['schema', 'what_happened'] },
  )
  .map((b) => b as ReportBody);

/** A body as a hostile or buggy writer may make it: any field may hold anything. */
const hostileBody: fc.Arbitrary<ReportBody> = fc
  .record(
    {
      schema: fc.constant('confide/report/v1'),
      what_happened: fc.oneof(anyText, fc.anything()),
      reporter_role: fc.oneof(fc.constantFrom('target', 'third_party', 'reporter'), fc.anything()),
      kinds: fc.oneof(kinds, fc.array(fc.anything(), { maxLength: 10 }), fc.anything()),
      summary: fc.oneof(anyText, fc.anything()),
      where: fc.oneof(anyText, fc.anything()),
      involved: fc.oneof(
        involved,
        fc.array(fc.oneof(fc.record({ name: fc.anything(), role: fc.anything() }), fc.anything()), {
          maxLength: 10,
        }),
        fc.anything(),
      ),
      private_info_exposed: fc.anything(),
      danger: fc.oneof(fc.constantFrom('none', 'life', 'minor', 'high'), fc.anything()),
    },
    { requiredKeys: ['schema'] },
  )
  .map((b) => b as unknown as ReportBody);

// ---------------------------------------------------------------------------
// The writer
// ---------------------------------------------------------------------------

describe('fitReportSummary', () => {
  it('always fits 511 bytes and always agrees with its body, for any honest body', () => {
    fc.assert(
      fc.property(reportBody, (body) => {
        const summary = C.fitReportSummary(body);
        const bytes = C.encodeSummary(summary);
        expect(bytes.length).toBeLessThanOrEqual(MAX);
        expect(C.summaryDisagreements(summary, body)).toEqual([]);
        // What the writer returns is what a reader parses from its bytes.
        expect(JSON.parse(text(bytes))).toEqual(summary);
        expect(JSON.stringify(summary)).toBe(text(bytes));
      }),
      { numRuns: 400 },
    );
  });

  it('always fits and agrees for bodies whose fields hold anything', () => {
    fc.assert(
      fc.property(hostileBody, (body) => {
        const summary = C.fitReportSummary(body);
        expect(C.encodeSummary(summary).length).toBeLessThanOrEqual(MAX);
        expect(C.summaryDisagreements(summary, body)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves a body that fits unchanged, and shortens nothing then', () => {
    const body: ReportBody = {
      schema: 'confide/report/v1',
      what_happened: 'Long text that is not part of the summary.',
      summary: '  Insults on my talk page … again  ',
      kinds: ['personal_attack', 'threat'],
      where: ' en.wikipedia.org ',
      involved: [{ name: ' Spaced_Name ', role: 'alleged_harasser' }],
      danger: 'none',
      private_info_exposed: false,
    };
    const fit = fitReportSummaryTraced(body);
    expect(fit).toMatchObject({ step: 0, kindsDropped: 0, involvedDropped: 0, halvings: 0 });
    expect(text(C.encodeSummary(fit.summary))).toBe(
      '{"schema":"confide/summary/v1","kinds":["personal_attack","threat"],"danger":"none",' +
        '"private_info_exposed":false,"summary":"Insults on my talk page … again",' +
        '"where":"en.wikipedia.org","involved":[{"name":" Spaced_Name ","role":"alleged_harasser"}]}',
    );
  });

  it('takes the first line of what_happened that is not blank when the body has no summary', () => {
    const line = (what_happened: string, summary?: string) =>
      C.summaryLineOf({ what_happened, ...(summary === undefined ? {} : { summary }) });
    expect(line('\n  \n\tFirst line \nsecond')).toBe('First line');
    // U+FEFF and U+3000 are white space to trim(); U+001C is not (Python's strip() differs on both).
    expect(line('\ufeff\n\u3000x')).toBe('x');
    expect(line('\u001cx ')).toBe('\u001cx');
    expect(line('from the body', '   ')).toBe('from the body');
    expect(line('from the body', ' own ')).toBe('own');
    expect(line('')).toBe('');
  });

  it('shortens by code points, never splitting a surrogate pair, and marks what it cut', () => {
    expect(C.shortenText('abcdef', 6)).toBe('abcdef');
    expect(C.shortenText('abcdefg', 6)).toBe('abcde…');
    expect(C.shortenText('😀😀😀', 2)).toBe('😀…');
    expect(Array.from(C.shortenText('😀'.repeat(50), 20))).toHaveLength(20);
    expect(C.shortenText('ab', 1)).toBe('…');
  });

  it('goes down the steps table, then drops kinds, then involved accounts, and never needs halving', () => {
    const many: ReportBody = {
      schema: 'confide/report/v1',
      what_happened: 'x',
      summary: 'S'.repeat(500),
      where: 'W'.repeat(500),
      involved: Array.from({ length: 20 }, (_, i) => ({
        name: `name-${i}-${'n'.repeat(60)}`,
        role: 'witness',
      })),
    };
    const step1 = fitReportSummaryTraced({ ...many, involved: many.involved!.slice(0, 1) });
    expect(step1.step).toBe(1);
    expect(step1.summary.summary).toBe('S'.repeat(159) + '…');
    const step3 = fitReportSummaryTraced({ ...many, involved: many.involved!.slice(0, 6) });
    expect(step3.step).toBe(3);
    expect(step3.summary.involved).toHaveLength(3);
    // Every kind, and control characters that JSON escapes to 6 bytes each.
    const worst: ReportBody = {
      schema: 'confide/report/v1',
      what_happened: 'x',
      reporter_role: 'third_party',
      danger: 'minor',
      private_info_exposed: false,
      kinds: [...KINDS, ...KINDS],
      summary: '\u0001'.repeat(1000),
      where: '\u0002'.repeat(1000),
      involved: Array.from({ length: 10 }, () => ({ name: '\u0003'.repeat(100), role: 'alleged_harasser' })),
    };
    const fit = fitReportSummaryTraced(worst);
    expect(fit).toMatchObject({ step: 4, kindsDropped: 36, involvedDropped: 2, halvings: 0 });
    expect(C.encodeSummary(fit.summary).length).toBeLessThanOrEqual(MAX);
    expect(C.summaryDisagreements(fit.summary, worst)).toEqual([]);
  });

  it('writes the protocol field order whatever the order of the object it is given', () => {
    const summary = {
      involved: [{ role: 'target', name: 'N' }],
      where: 'w',
      summary: 's',
      private_info_exposed: true,
      danger: 'life',
      kinds: ['threat'],
      reporter_role: 'target',
      unknown_field: 'dropped',
      schema: 'confide/summary/v1',
    } as unknown as SummaryBody;
    expect(text(C.encodeSummary(summary))).toBe(
      '{"schema":"confide/summary/v1","reporter_role":"target","kinds":["threat"],"danger":"life",' +
        '"private_info_exposed":true,"summary":"s","where":"w","involved":[{"name":"N","role":"target"}]}',
    );
  });

  it('refuses to encode a summary past 511 bytes or of another schema', () => {
    expectCode(
      () => C.encodeSummary({ schema: 'confide/summary/v1', summary: 'x'.repeat(600) }),
      'INVALID_ARGUMENT',
    );
    const longest = { schema: 'confide/summary/v1' as const, summary: 'x'.repeat(MAX - 44) };
    expect(C.encodeSummary(longest).length).toBe(MAX);
    expectCode(() => C.encodeSummary({ ...longest, summary: 'x'.repeat(MAX - 43) }), 'INVALID_ARGUMENT');
    expectCode(
      () => C.encodeSummary({ schema: 'confide/summary/v2' } as unknown as SummaryBody),
      'INVALID_ARGUMENT',
    );
  });
});

// ---------------------------------------------------------------------------
// The reader's agreement check
// ---------------------------------------------------------------------------

const agreeing: ReportBody = {
  schema: 'confide/report/v1',
  what_happened: 'What happened, at length.',
  reporter_role: 'target',
  kinds: ['threat', 'doxing', 'other'],
  summary: 'Threats on my talk page',
  where: 'en.wikipedia.org',
  involved: [
    { name: 'First_Account', role: 'alleged_harasser' },
    { name: 'Second_Account', role: 'witness' },
  ],
  private_info_exposed: true,
  danger: 'life',
};

/** Each way a summary can say something the body does not, and the field that must be named. */
const LIES: readonly [string, (s: SummaryBody) => SummaryBody][] = [
  ['reporter_role', (s) => ({ ...s, reporter_role: 'third_party' })],
  ['reporter_role', ({ reporter_role: _, ...s }) => s],
  ['kinds', (s) => ({ ...s, kinds: ['threat', 'other'] })],
  ['kinds', (s) => ({ ...s, kinds: ['doxing', 'threat', 'other'] })],
  ['kinds', (s) => ({ ...s, kinds: ['threat', 'doxing', 'other', 'brigading'] })],
  ['danger', (s) => ({ ...s, danger: 'none' })],
  ['danger', ({ danger: _, ...s }) => s],
  ['private_info_exposed', (s) => ({ ...s, private_info_exposed: false })],
  ['private_info_exposed', ({ private_info_exposed: _, ...s }) => s],
  ['summary', (s) => ({ ...s, summary: 'Nothing serious' })],
  ['summary', (s) => ({ ...s, summary: 'Threats on my' })],
  ['summary', (s) => ({ ...s, summary: 'Threats on your…' })],
  ['summary', (s) => ({ ...s, summary: 'Threats on my talk page…' })],
  ['summary', ({ summary: _, ...s }) => s],
  ['where', (s) => ({ ...s, where: 'de.wikipedia.org' })],
  ['where', (s) => ({ ...s, where: 'en.wiki' })],
  ['involved', (s) => ({ ...s, involved: [{ name: 'First_Account', role: 'witness' }] })],
  ['involved', (s) => ({ ...s, involved: [{ name: 'Someone_Else', role: 'alleged_harasser' }] })],
  ['involved', (s) => ({ ...s, involved: [...agreeing.involved!].reverse() })],
  ['involved', (s) => ({ ...s, involved: [...agreeing.involved!, { name: 'Third', role: 'other' }] })],
];

describe('summaryDisagreements', () => {
  it('finds no disagreement in an honest summary, shortened or not', () => {
    const full = C.fitReportSummary(agreeing);
    expect(C.summaryDisagreements(full, agreeing)).toEqual([]);
    const shortened: SummaryBody = {
      ...full,
      kinds: ['threat'],
      summary: 'Threats on…',
      where: '…',
      involved: [{ name: 'First…', role: 'alleged_harasser' }],
    };
    expect(C.summaryDisagreements(shortened, agreeing)).toEqual([]);
    expect(C.summaryDisagreements({ ...full, kinds: [], involved: [] }, agreeing)).toEqual([]);
  });

  it.each(LIES.map(([field, lie], n) => [n, field, lie] as const))(
    'names the one field that disagrees (case %i: %s)',
    (_, field, lie) => {
      expect(C.summaryDisagreements(lie(C.fitReportSummary(agreeing)), agreeing)).toEqual([field]);
    },
  );

  it('names every field that disagrees, for any body and any lie', () => {
    fc.assert(
      fc.property(reportBody, fc.subarray([...LIES.keys()], { minLength: 1 }), (body, picks) => {
        // Each lie is judged against a body that matches `agreeing` in that field.
        const base = { ...body, ...agreeing, what_happened: body.what_happened };
        let summary = C.fitReportSummary(base);
        const expected = new Set<string>();
        for (const n of picks) {
          const [field, lie] = LIES[n]!;
          if (expected.has(field)) continue;
          summary = lie(summary);
          expected.add(field);
        }
        const order = [
          'reporter_role',
          'kinds',
          'danger',
          'private_info_exposed',
          'summary',
          'where',
          'involved',
        ];
        expect(C.summaryDisagreements(summary, base)).toEqual(order.filter((f) => expected.has(f)));
      }),
      { numRuns: 200 },
    );
  });

  it('reads a summary of wrong types as absent fields, and never throws on one', () => {
    const junk = {
      schema: 'confide/summary/v1',
      kinds: 'threat',
      involved: [null, 3, { name: 1, role: 'target' }],
      summary: 42,
      danger: 'high',
    } as unknown as SummaryBody;
    const bare: ReportBody = { schema: 'confide/report/v1', what_happened: '' };
    expect(C.summaryDisagreements(junk, bare)).toEqual([]);
    expect(C.summaryDisagreements(junk, agreeing)).toEqual([
      'reporter_role',
      'danger',
      'private_info_exposed',
      'summary',
      'where',
    ]);
  });
});

// ---------------------------------------------------------------------------
// Fixed padding
// ---------------------------------------------------------------------------

describe('fixed padding to 512 bytes', () => {
  it("is libsodium's sodium_pad(p, 512) / sodium_unpad(x, 512) for every length 0 to 511", () => {
    for (let n = 0; n <= MAX; n++) {
      const p = new Uint8Array(n).map((_, i) => (i * 37 + n) & 255);
      const padded = padToFixedSize(p, 512);
      expect(padded.length).toBe(512);
      expectBytes(padded, sodium.pad(p, 512));
      expectBytes(unpadFixedSize(padded, 512), p);
      expectBytes(sodium.unpad(padded, 512), p);
    }
  });

  it('round-trips plaintexts ending in 0x80 and 0x00 bytes, as libsodium does', () => {
    const tail = fc.array(fc.constantFrom(0x00, 0x80, 0xff), { maxLength: 8 });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 503 }), tail, (head, end) => {
        const p = new Uint8Array([...head, ...end]);
        const padded = padToFixedSize(p, 512);
        expectBytes(padded, sodium.pad(p, 512));
        expectBytes(unpadFixedSize(padded, 512), sodium.unpad(padded, 512));
      }),
      { numRuns: 300 },
    );
  });

  it('never spills into a second block, and refuses any other padded length or a missing marker', () => {
    expectCode(() => padToFixedSize(new Uint8Array(512), 512), 'BAD_PADDING');
    expectCode(() => unpadFixedSize(new Uint8Array(256).fill(0x80), 512), 'BAD_PADDING');
    expectCode(() => unpadFixedSize(new Uint8Array(1024), 512), 'BAD_PADDING');
    expectCode(() => unpadFixedSize(new Uint8Array(512), 512), 'BAD_PADDING');
    const stray = padToFixedSize(new Uint8Array(10), 512);
    stray[400] = 1;
    expectCode(() => unpadFixedSize(stray, 512), 'BAD_PADDING');
  });
});

// ---------------------------------------------------------------------------
// The envelope
// ---------------------------------------------------------------------------

const TEAM = '6f1c2a9e-3b7d-4c58-9e21-0a4b8d7f3c65';
const ID = '5e2d8c4a-7b1f-4a96-b3e8-1c6f9d2a7e54';

/** XChaCha20-Poly1305 of `padded` under `ad`, with a fresh nonce: envelopes a writer should not make. */
function rawEnvelope(padded: Uint8Array, ad: Uint8Array, key: Uint8Array): Envelope {
  const nonce = C.randomBytes(24);
  const c = lib().crypto_aead_xchacha20poly1305_ietf_encrypt(padded, ad, null, nonce, key);
  return { v: 1, n: C.toBase64Url(nonce), c: C.toBase64Url(c) };
}

describe('openReportSummary', () => {
  const key = C.generateReportKey();
  const summary = C.fitReportSummary(agreeing);
  const plaintext = (): Uint8Array => C.encodeSummary(summary);
  const sealed = (): Envelope => encryptSummary(plaintext(), key, TEAM, ID, C.randomBytes(24)).envelope;

  it('opens what was sealed; its ciphertext is always 528 bytes (704 characters)', () => {
    for (const s of [{ schema: 'confide/summary/v1' as const }, summary]) {
      const envelope = encryptSummary(C.encodeSummary(s), key, TEAM, ID, C.randomBytes(24)).envelope;
      expect(envelope.c).toHaveLength(704);
      expect(C.openReportSummary({ team: TEAM, id: ID, summary: envelope }, key)).toEqual(s);
    }
  });

  it('rejects it under another id or team, and with the wrong key', () => {
    const envelope = sealed();
    expectCode(
      () => C.openReportSummary({ team: TEAM, id: C.generateId(), summary: envelope }, key),
      'TAMPERED',
    );
    expectCode(
      () => C.openReportSummary({ team: C.generateId(), id: ID, summary: envelope }, key),
      'TAMPERED',
    );
    expectCode(
      () => C.openReportSummary({ team: TEAM, id: ID, summary: envelope }, C.generateReportKey()),
      'TAMPERED',
    );
  });

  it('rejects 512 bytes sealed with the "report" kind (a payload cannot pass for a summary)', () => {
    const padded = padToFixedSize(plaintext(), 512);
    const asReport = rawEnvelope(padded, associatedData('report', TEAM, ID), key);
    expectCode(() => C.openReportSummary({ team: TEAM, id: ID, summary: asReport }, key), 'TAMPERED');
    // The right kind opens the same bytes: the kind alone made the difference.
    const asSummary = rawEnvelope(padded, associatedData('summary', TEAM, ID), key);
    expect(C.openReportSummary({ team: TEAM, id: ID, summary: asSummary }, key)).toEqual(summary);
  });

  it('rejects a flipped byte anywhere in the ciphertext, the tag or the nonce', () => {
    const envelope = sealed();
    for (const index of [0, 1, 200, 511, 512, 527]) {
      const tampered = { ...envelope, c: flippedB64(envelope.c, index) };
      expectCode(() => C.openReportSummary({ team: TEAM, id: ID, summary: tampered }, key), 'TAMPERED');
    }
    const renonced = { ...envelope, n: flippedB64(envelope.n, 5) };
    expectCode(() => C.openReportSummary({ team: TEAM, id: ID, summary: renonced }, key), 'TAMPERED');
  });

  it('rejects any ciphertext length but 528 bytes, before decrypting', () => {
    const envelope = sealed();
    const bytes = d(envelope.c);
    for (const c of [bytes.subarray(0, 527), new Uint8Array([...bytes, 0]), new Uint8Array(0)]) {
      expectCode(
        () => C.openReportSummary({ team: TEAM, id: ID, summary: { ...envelope, c: C.toBase64Url(c) } }, key),
        'BAD_PADDING',
      );
    }
    // A well-formed envelope of the smallest bucket (4.2), under the summary kind: 272 bytes.
    const bucketed = C.sealEnvelope(plaintext().subarray(0, 200), key, {
      kind: 'summary',
      team: TEAM,
      id: ID,
    });
    expectCode(() => C.openReportSummary({ team: TEAM, id: ID, summary: bucketed }, key), 'BAD_PADDING');
  });

  it('rejects an envelope of another version, and a bad nonce', () => {
    const envelope = sealed();
    const v2 = { ...envelope, v: 2 } as unknown as Envelope;
    expectCode(() => C.openReportSummary({ team: TEAM, id: ID, summary: v2 }, key), 'UNKNOWN_VERSION');
    const shortNonce = { ...envelope, n: C.toBase64Url(new Uint8Array(23)) };
    expectCode(() => C.openReportSummary({ team: TEAM, id: ID, summary: shortNonce }, key), 'BAD_NONCE');
  });

  it('rejects authentic plaintext that is not a padded summary object of schema v1', () => {
    const open = (padded: Uint8Array) => () =>
      C.openReportSummary(
        { team: TEAM, id: ID, summary: rawEnvelope(padded, associatedData('summary', TEAM, ID), key) },
        key,
      );
    const utf8 = (s: string) => new TextEncoder().encode(s);
    expectCode(open(new Uint8Array(512)), 'BAD_PADDING');
    expectCode(open(padToFixedSize(utf8('not json'), 512)), 'BAD_ENCODING');
    expectCode(open(padToFixedSize(utf8('[1]'), 512)), 'BAD_ENCODING');
    expectCode(open(padToFixedSize(new Uint8Array([0x7b, 0xff, 0x7d]), 512)), 'BAD_ENCODING');
    expectCode(open(padToFixedSize(utf8('{"schema":"confide/summary/v2"}'), 512)), 'UNKNOWN_VERSION');
    expectCode(open(padToFixedSize(utf8('{"kinds":[]}'), 512)), 'BAD_ENCODING');
  });
});

// ---------------------------------------------------------------------------
// Sealing and signing a report with its summary
// ---------------------------------------------------------------------------

function seal(withSummary: boolean, body: ReportBody = agreeing) {
  return C.sealReport({
    team: fixture.team,
    id: C.generateId(),
    body,
    recipients: C.recipientsFromRoster(fixture.roster, []),
    reporter,
    ...(withSummary ? { summary: C.fitReportSummary(body) } : {}),
  });
}

describe('sealReport with a summary', () => {
  it('seals the summary under the report key, which every grant opens', () => {
    const { report, reportKey } = seal(true);
    expect(report.summary?.c).toHaveLength(704);
    const summary = C.openReportSummary(
      { team: report.team, id: report.id, summary: report.summary! },
      reportKey,
    );
    expect(summary).toEqual(C.fitReportSummary(agreeing));
    for (const member of [fixture.admin, ...fixture.members]) {
      const grant = report.grants.find((g) => g.to === member.id)!.k;
      const key = C.unwrapReportKey(grant, member.keys.enc);
      expect(C.openReportSummary({ ...report, summary: report.summary! }, key)).toEqual(summary);
    }
  });

  it('verifies with the summary, and only with it', () => {
    const { report } = seal(true);
    const pk = reporter.sign.publicKey;
    C.verifyReportSignature(report, pk);
    const { summary: _stripped, ...stripped } = report;
    expectCode(() => C.verifyReportSignature(stripped, pk), 'SIGNATURE_INVALID');
    expectCode(() => C.verifyReportSignature({ ...report, summary: null }, pk), 'SIGNATURE_INVALID');
    // Another report's summary (same reporter, same body) in its place.
    const other = seal(true).report;
    expectCode(
      () => C.verifyReportSignature({ ...report, summary: other.summary! }, pk),
      'SIGNATURE_INVALID',
    );
    const flipped = { ...report.summary!, c: flippedB64(report.summary!.c, 100) };
    expectCode(() => C.verifyReportSignature({ ...report, summary: flipped }, pk), 'SIGNATURE_INVALID');
    // The same checks over decoded bytes (the server's path) and in verifyAndOpenReport.
    const c = d(report.payload.c);
    const sig = d(report.sig);
    C.verifyReportCiphertextSignature(report.id, c, sig, pk, d(report.summary!.c));
    expectCode(() => C.verifyReportCiphertextSignature(report.id, c, sig, pk), 'SIGNATURE_INVALID');
    const grant = report.grants.find((g) => g.to === fixture.admin.id)!.k;
    expect(C.verifyAndOpenReport({ ...report, grant }, fixture.admin.keys.enc, pk).body).toEqual(agreeing);
    expectCode(
      () => C.verifyAndOpenReport({ ...report, summary: null, grant }, fixture.admin.keys.enc, pk),
      'SIGNATURE_INVALID',
    );
  });

  it('keeps the legacy signature for a report without a summary, which fails once one is added', () => {
    const { report } = seal(false);
    const pk = reporter.sign.publicKey;
    expect(report.summary).toBeUndefined();
    C.verifyReportSignature(report, pk);
    C.verifyReportSignature({ ...report, summary: null }, pk);
    const added = seal(true).report.summary;
    expectCode(() => C.verifyReportSignature({ ...report, summary: added! }, pk), 'SIGNATURE_INVALID');
    const grant = report.grants.find((g) => g.to === fixture.admin.id)!.k;
    expect(C.verifyAndOpenReport({ ...report, grant }, fixture.admin.keys.enc, pk).body).toEqual(agreeing);
  });

  it('signs the two messages under different contexts', () => {
    const { report } = seal(true);
    const c = d(report.payload.c);
    const withSummary = text(C.reportSignedMessage(report.id, c, d(report.summary!.c)));
    const legacy = text(C.reportSignedMessage(report.id, c));
    expect(withSummary.startsWith(`confide/v1/report+summary\n${report.id}\n`)).toBe(true);
    expect(legacy.startsWith(`confide/v1/report\n${report.id}\n`)).toBe(true);
    expect(withSummary).toHaveLength(150);
    expect(legacy).toHaveLength(98);
  });

  it('refuses a summary it cannot encode, before sealing anything', () => {
    const oversized = { schema: 'confide/summary/v1' as const, summary: 'x'.repeat(600) };
    expectCode(
      () =>
        C.sealReport({
          team: fixture.team,
          id: C.generateId(),
          body: agreeing,
          recipients: C.recipientsFromRoster(fixture.roster, []),
          reporter,
          summary: oversized,
        }),
      'INVALID_ARGUMENT',
    );
  });
});

// ---------------------------------------------------------------------------
// The vectors' `report_summary`, recomputed through the public API
// ---------------------------------------------------------------------------

describe('report_summary vectors', () => {
  it('cover an unchanged body, several rows of the steps table with non-ASCII text, and both drops', () => {
    const fits = V.report_summary.map((v) => v.fit);
    expect(fits[0]).toEqual({ step: 0, kinds_dropped: 0, involved_dropped: 0, halvings: 0 });
    expect(fits.some((f) => f.step >= 2 && f.kinds_dropped === 0)).toBe(true);
    expect(fits.some((f) => f.kinds_dropped > 0)).toBe(true);
    expect(fits.some((f) => f.involved_dropped > 0)).toBe(true);
    const nonAscii = (s: string) => Array.from(s).some((ch) => (ch.codePointAt(0) ?? 0) > 0x7f);
    expect(V.report_summary.some((v) => nonAscii(v.summary_json))).toBe(true);
    // The first is the `report` vector itself, with a summary added.
    const [first] = V.report_summary;
    expect([first!.id, first!.key, first!.body, first!.payload]).toEqual([
      V.report.id,
      V.report.key,
      V.report.body,
      V.report.payload,
    ]);
    expect(first!.legacy_sig).toBe(V.report.sig);
  });

  it.each(V.report_summary.map((v) => [v.name, v] as const))('recomputes the %s case', (_, v) => {
    const key = d(v.key) as ReportKey;
    const body = C.openReport({ team: v.team, id: v.id, payload: v.payload }, key);
    expect(JSON.stringify(body)).toBe(v.body);
    // The writer: fit, encode, pad.
    const fitted = fitReportSummaryTraced(body);
    expect({
      step: fitted.step,
      kinds_dropped: fitted.kindsDropped,
      involved_dropped: fitted.involvedDropped,
      halvings: fitted.halvings,
    }).toEqual(v.fit);
    const plaintext = C.encodeSummary(C.fitReportSummary(body));
    expect(text(plaintext)).toBe(v.summary_json);
    expect(plaintext.length).toBe(v.summary_json_len);
    expectBytes(sodium.pad(plaintext, 512), d(v.padded));
    // The envelope: libsodium's AEAD opens it to the padded bytes; sealing again gives it back.
    const c = d(v.summary.c);
    expect(c.length).toBe(528);
    const ad = new TextEncoder().encode(`confide/v1/summary/${v.team}/${v.id}`);
    expectBytes(
      sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, c, ad, d(v.summary.n), key),
      d(v.padded),
    );
    expect(encryptSummary(plaintext, key as SymmetricKey, v.team, v.id, d(v.summary.n)).envelope).toEqual(
      v.summary,
    );
    const opened = C.openReportSummary({ team: v.team, id: v.id, summary: v.summary }, key);
    expect(opened).toEqual(JSON.parse(v.summary_json));
    expect(C.summaryDisagreements(opened, body)).toEqual([]);
    // The signatures: messages, verification, and Ed25519's determinism.
    const payloadC = d(v.payload.c);
    expect(text(C.reportSignedMessage(v.id, payloadC, c))).toBe(v.message);
    expect(text(C.reportSignedMessage(v.id, payloadC))).toBe(v.legacy_message);
    const pk = C.signPublicKeyFromBase64(v.sign_pk);
    expectBytes(sodium.crypto_sign_ed25519_sk_to_pk(d(v.sign_sk)), pk);
    C.verifyReportSignature({ id: v.id, payload: v.payload, sig: v.sig, summary: v.summary }, pk);
    C.verifyReportSignature({ id: v.id, payload: v.payload, sig: v.legacy_sig }, pk);
    expectCode(
      () => C.verifyReportSignature({ id: v.id, payload: v.payload, sig: v.sig }, pk),
      'SIGNATURE_INVALID',
    );
    expectCode(
      () =>
        C.verifyReportSignature({ id: v.id, payload: v.payload, sig: v.legacy_sig, summary: v.summary }, pk),
      'SIGNATURE_INVALID',
    );
    const utf8 = (s: string) => new TextEncoder().encode(s);
    expect(C.toBase64Url(sodium.crypto_sign_detached(utf8(v.message), d(v.sign_sk)))).toBe(v.sig);
    expect(C.toBase64Url(sodium.crypto_sign_detached(utf8(v.legacy_message), d(v.sign_sk)))).toBe(
      v.legacy_sig,
    );
  });
});
