// The crypto suite: the project's crypto API ("ours", crypto/index.ts on
// libsodium-wrappers-sumo, i.e. WebAssembly) against sodium-native (native
// libsodium doing the same composition) and OpenPGP.js v6 (what Hush Line does).
// Each group states its targets from the issue; see bench/README.md for the rows.

import { native } from '../reference/sodium-native.js';
import { nativeDeriveMember, nativeDeriveReceipt, paddedLength } from '../reference/native.js';
import { pgpVersion } from '../reference/openpgp.js';
import { bytes, MIB, mebibytes, mibPerSecond, ms } from '../lib/format.js';
import { compare, compareJobs, type MeasureOptions, type Timing } from '../lib/measure.js';
import type { Reporter } from '../lib/reporter.js';
import type { Suite, SuiteOptions } from '../lib/suite.js';
import { decryptChunks, encryptChunks } from './crypto/files.js';
import { FILE_CHUNK_BYTES, reportBody, sliceChunks, type FileChunk } from './crypto/fixtures.js';
import { loadOurs } from './crypto/ours.js';
import { runBreakdown } from './crypto/breakdown.js';
import { runPrimitives } from './crypto/primitives.js';
import { nativeFiles, nativeReportScenario, pgpReportScenario } from './crypto/references.js';
import { measureStreamMemory } from './crypto/stream-memory.js';
import type { MemoryFigures } from '../lib/memory.js';
import type { ReportBodyObject, ReportWire, Subject } from './crypto/subject.js';

const KB = 1024;

/**
 * The issue states absolute targets measured on its author's machine, where sodium-native did
 * the same work in these times. Each absolute target is also printed as the ratio to
 * sodium-native that it meant there: this run measures sodium-native too, so that ratio carries
 * over to a faster or slower machine, where the absolute figure does not.
 */
const ISSUE_MACHINE_NATIVE = { seal50Ms: 2.76, bulk10kMs: 400, secretstreamMiBs: 1160 } as const;

interface Plan {
  readonly small: MeasureOptions;
  readonly diagnostics: MeasureOptions;
  readonly bulkReports: number;
  readonly bulkRuns: number;
  readonly fileBytes: number;
  readonly fileRuns: number;
  readonly streamBytes: number;
  readonly passphraseRuns: number;
  readonly receiptRuns: number;
}

const FULL: Plan = {
  small: { runs: 15, minRunMs: 40, warmupMs: 300 },
  diagnostics: { runs: 9, minRunMs: 20, warmupMs: 150 },
  bulkReports: 10_000,
  bulkRuns: 3,
  fileBytes: 25 * 1000 * 1000,
  fileRuns: 7,
  streamBytes: 100 * 1000 * 1000,
  passphraseRuns: 3,
  receiptRuns: 5,
};

const QUICK: Plan = {
  small: { runs: 3, minRunMs: 5, warmupMs: 20 },
  diagnostics: { runs: 3, minRunMs: 5, warmupMs: 10 },
  bulkReports: 500,
  bulkRuns: 1,
  fileBytes: 2 * 1000 * 1000,
  fileRuns: 1,
  streamBytes: 8 * 1000 * 1000,
  passphraseRuns: 1,
  receiptRuns: 1,
};

/** Each subject's per-run times in ms, for the JSON results. */
function runs(timings: Readonly<Record<string, Timing>>): Record<string, readonly number[]> {
  return Object.fromEntries(Object.entries(timings).map(([name, t]) => [name, t.runsMs]));
}

/** JSON bytes of what a report adds to the wire: the envelope, the grants and the signature. */
function wireBytes(report: ReportWire): number {
  return Buffer.byteLength(
    JSON.stringify({ payload: report.payload, grants: report.grants, sig: report.sig }),
  );
}

/** Round-trip check: the opened body serializes to the text that was sealed. */
function assertSameBody(opened: ReportBodyObject, text: string, who: string): void {
  if (JSON.stringify(opened) !== text) throw new Error(`${who} does not round-trip the report body`);
}

async function reports(report: Reporter, ours: Subject, plan: Plan): Promise<void> {
  report.group('reports: a 10 KB report body (JSON), a team of N members (N + 1 grants with the reporter)');
  const { object: body, text, bytes: bodyBytes } = reportBody(10 * KB);

  for (const [n, limitMs, nativeFactor] of [
    // 3.5× is the issue's own; 3.6× is 10 ms over its 2.76 ms for sodium-native.
    [5, 1.0, 3.5],
    [50, 10, Math.round((10 / ISSUE_MACHINE_NATIVE.seal50Ms) * 10) / 10],
  ] as const) {
    report.progress(`encrypt for ${n} recipients`);
    const oursScenario = await ours.reportScenario(n);
    const nativeScenario = nativeReportScenario(n);
    const pgpScenario = await pgpReportScenario(n);
    // Correctness before speed: each must open what it sealed.
    const check = await oursScenario.seal(body);
    assertSameBody(await oursScenario.open(check), text, 'ours');
    if (check.grants.length !== n + 1)
      throw new Error(`ours made ${check.grants.length} grants, wanted ${n + 1}`);

    const t = await compare(
      {
        ours: () => oursScenario.seal(body),
        native: () => nativeScenario.seal(body),
        pgp: () => pgpScenario.seal(body),
      },
      plan.small,
    );
    const factor = t.ours.medianMs / t.native.medianMs;
    const targets = [
      { text: `≤ ${limitMs.toFixed(1)} ms`, met: t.ours.medianMs <= limitMs },
      { text: `≤ ${nativeFactor}× sodium-native`, met: factor <= nativeFactor },
    ];
    report.row({
      name: `encrypt, ${n} members`,
      ours: ms(t.ours.medianMs),
      raw: runs(t),
      references: [
        { name: 'sodium-native', value: ms(t.native.medianMs) },
        { name: 'OpenPGP.js', value: ms(t.pgp.medianMs) },
      ],
      targets,
    });
  }

  report.progress('open one report');
  {
    const n = 5;
    const oursScenario = await ours.reportScenario(n);
    const nativeScenario = nativeReportScenario(n);
    const pgpScenario = await pgpReportScenario(n);
    const oursReport = await oursScenario.seal(body);
    const nativeReport = nativeScenario.seal(body);
    const armored = await pgpScenario.seal(body);
    assertSameBody(await oursScenario.open(oursReport), text, 'ours');
    assertSameBody(nativeScenario.open(nativeReport), text, 'sodium-native');
    assertSameBody(await pgpScenario.open(armored), text, 'OpenPGP.js');

    // Two rows: the job OpenPGP.js does (unwrap the key, decrypt and authenticate the body), which
    // is what the issue's target compares, and the protocol's whole open, which also checks the
    // reporter's Ed25519 signature (OpenPGP.js checks none: Hush Line sends none).
    for (const path of ['decrypt', 'verify'] as const) {
      const verify = path === 'verify';
      const t = await compare(
        {
          ours: () => (verify ? oursScenario.open(oursReport) : oursScenario.openForList(oursReport)),
          native: () =>
            verify ? nativeScenario.open(nativeReport) : nativeScenario.openForList(nativeReport),
          pgp: () => pgpScenario.open(armored),
        },
        plan.small,
      );
      const faster = t.pgp.medianMs / t.ours.medianMs;
      report.row({
        name:
          path === 'decrypt'
            ? 'open one report (grant, envelope)'
            : 'open and verify one report (+ signature)',
        ours: ms(t.ours.medianMs),
        raw: runs(t),
        references: [
          { name: 'OpenPGP.js', value: ms(t.pgp.medianMs) },
          { name: 'sodium-native', value: ms(t.native.medianMs) },
        ],
        ...(path === 'decrypt'
          ? { targets: [{ text: '≥ 5× faster than OpenPGP.js', met: faster >= 5 }] }
          : {}),
        note:
          path === 'decrypt'
            ? 'The same job on both sides: OpenPGP.js parses the armor, unwraps and decrypts; ours unwraps the grant, decrypts, unpads and parses.'
            : `Adds what OpenPGP.js does not do: the reporter's signature (BLAKE2b of the ciphertext, Ed25519); ${faster.toFixed(1)}× faster than OpenPGP.js all the same.`,
      });
    }

    const oursBytes = wireBytes(oursReport);
    const nativeBytes = wireBytes(nativeReport);
    const padded = paddedLength(bodyBytes.length);
    const paddingB64 = Math.ceil(((padded - bodyBytes.length) * 4) / 3);
    report.row({
      name: `bytes on the wire, ${n} members`,
      ours: bytes(oursBytes),
      references: [
        { name: 'OpenPGP.js (armored)', value: bytes(armored.length) },
        { name: 'sodium-native (same JSON)', value: bytes(nativeBytes) },
      ],
      note:
        `JSON of payload + grants + sig. Padding: ${bodyBytes.length.toLocaleString('en-US')} B body → ` +
        `${padded.toLocaleString('en-US')} B padded (+${(padded - bodyBytes.length).toLocaleString('en-US')} B, ` +
        `+${(((padded - bodyBytes.length) / bodyBytes.length) * 100).toFixed(0)}%), ` +
        `${paddingB64.toLocaleString('en-US')} B of the JSON after base64; ` +
        `without it ours would be ${(oursBytes - paddingB64).toLocaleString('en-US')} B.`,
    });
    report.row({
      name: 'of which padding (base64)',
      ours: bytes(paddingB64),
      note: 'The size buckets (256 B … 64 KiB) hide the exact length of a report; OpenPGP.js does not pad.',
    });
  }
}

async function bulkOpen(report: Reporter, ours: Subject, plan: Plan): Promise<void> {
  report.group(`bulk: open ${plan.bulkReports.toLocaleString('en-US')} small (1 KB) reports, one core`);
  const { object: body, text } = reportBody(KB);
  // One member and the reporter: opening touches only the member's grant.
  report.progress(`preparing ${plan.bulkReports} reports`);
  const oursScenario = await ours.reportScenario(1);
  const nativeScenario = nativeReportScenario(1);
  const oursReports: ReportWire[] = [];
  const nativeReports: ReportWire[] = [];
  for (let i = 0; i < plan.bulkReports; i++) {
    oursReports.push(await oursScenario.seal(body));
    nativeReports.push(nativeScenario.seal(body));
  }
  assertSameBody(await oursScenario.open(oursReports[0]!), text, 'ours');
  report.progress('opening');
  const limit = (1000 * plan.bulkReports) / 10_000;
  // The case list decrypts every summary but checks no signature (it names no author); the
  // signature is checked when a case is opened. Both paths are measured.
  for (const path of ['list', 'verify'] as const) {
    const t = await compareJobs(
      {
        ours: async () => {
          for (const r of oursReports)
            await (path === 'list' ? oursScenario.openForList(r) : oursScenario.open(r));
        },
        native: () => {
          for (const r of nativeReports) {
            if (path === 'list') nativeScenario.openForList(r);
            else nativeScenario.open(r);
          }
        },
      },
      { runs: plan.bulkRuns },
    );
    report.row({
      name:
        path === 'list'
          ? `open ${plan.bulkReports.toLocaleString('en-US')} reports for the case list`
          : `open and verify ${plan.bulkReports.toLocaleString('en-US')} reports`,
      ours: ms(t.ours.medianMs),
      raw: runs(t),
      references: [{ name: 'sodium-native', value: ms(t.native.medianMs) }],
      ...(path === 'list'
        ? {
            targets: [
              { text: `≤ ${(limit / 1000).toFixed(1)} s`, met: t.ours.medianMs <= limit },
              {
                // 1.0 s over the issue machine's 0.40 s for sodium-native.
                text: `≤ ${(1000 / ISSUE_MACHINE_NATIVE.bulk10kMs).toFixed(1)}× sodium-native`,
                met: t.ours.medianMs / t.native.medianMs <= 1000 / ISSUE_MACHINE_NATIVE.bulk10kMs,
              },
            ],
          }
        : {}),
      note:
        path === 'list'
          ? `Grant + envelope + JSON, sequential on one core; ${((t.ours.medianMs * 1000) / plan.bulkReports).toFixed(0)} µs per report.`
          : `Adds the reporter's Ed25519 signature (checked when a case is opened); ${((t.ours.medianMs * 1000) / plan.bulkReports).toFixed(0)} µs per report.`,
    });
  }
}

async function fileThroughput(report: Reporter, ours: Subject, plan: Plan): Promise<void> {
  const mb = plan.fileBytes / 1e6;
  report.group(`files: secretstream, 64 KiB chunks, a ${mb} MB attachment already in memory`);
  const data = new Uint8Array(plan.fileBytes);
  for (let offset = 0; offset < data.length; offset += 65536) {
    native.randombytes_buf(data.subarray(offset, Math.min(data.length, offset + 65536)));
  }
  const oursKey = ours.files.newKey();
  const nativeKey = nativeFiles.newKey();
  const mibs = (elapsedMs: number): number => data.length / MIB / (elapsedMs / 1000);
  const row = (name: string, t: Record<'ours' | 'native', Timing>, note?: string): void =>
    report.row({
      name,
      ours: mibPerSecond(mibs(t.ours.medianMs)),
      raw: runs(t),
      references: [{ name: 'sodium-native', value: mibPerSecond(mibs(t.native.medianMs)) }],
      targets: [
        { text: '≥ 250 MiB/s', met: mibs(t.ours.medianMs) >= 250 },
        {
          // 250 MiB/s over the issue machine's 1,160 MiB/s for sodium-native.
          text: `≥ ${(250 / ISSUE_MACHINE_NATIVE.secretstreamMiBs).toFixed(2)} of sodium-native`,
          met: t.native.medianMs / t.ours.medianMs >= 250 / ISSUE_MACHINE_NATIVE.secretstreamMiBs,
        },
      ],
      ...(note === undefined ? {} : { note }),
    });

  // Whole file in, whole file out: encryptFile / decryptFile.
  const oursStored = ours.files.encryptWhole(oursKey, data);
  const nativeStored = nativeFiles.encryptWhole(nativeKey, data);
  if (!Buffer.from(ours.files.decryptWhole(oursKey, oursStored)).equals(data))
    throw new Error('ours lost bytes');
  if (oursStored.length !== nativeStored.length)
    throw new Error('ours and sodium-native differ in stored size');
  row(
    `encrypt ${mb} MB, whole file`,
    await compareJobs(
      {
        ours: () => ours.files.encryptWhole(oursKey, data),
        native: () => nativeFiles.encryptWhole(nativeKey, data),
      },
      { runs: plan.fileRuns },
    ),
    'ours: encryptFile(); sodium-native: the same chunk loop into one preallocated buffer.',
  );
  row(
    `decrypt ${mb} MB, whole file`,
    await compareJobs(
      {
        ours: () => ours.files.decryptWhole(oursKey, oursStored),
        native: () => nativeFiles.decryptWhole(nativeKey, nativeStored),
      },
      { runs: plan.fileRuns },
    ),
    'ours: decryptFile().',
  );

  // Chunk by chunk, each encrypted chunk its own buffer: what an upload stream does.
  const chunks = (): Iterable<FileChunk> => sliceChunks(data, FILE_CHUNK_BYTES);
  const oursFile = encryptChunks(ours.files, oursKey, chunks());
  const nativeFile = encryptChunks(nativeFiles, nativeKey, chunks());
  if (decryptChunks(ours.files, oursKey, oursFile) !== data.length) throw new Error('ours lost bytes');
  row(
    `encrypt ${mb} MB, chunk by chunk`,
    await compareJobs(
      {
        ours: () => encryptChunks(ours.files, oursKey, chunks()),
        native: () => encryptChunks(nativeFiles, nativeKey, chunks()),
      },
      { runs: plan.fileRuns },
    ),
    'ours: FileEncryptor.encryptChunk(); sodium-native: a new buffer per chunk too.',
  );
  row(
    `decrypt ${mb} MB, chunk by chunk`,
    await compareJobs(
      {
        ours: () => decryptChunks(ours.files, oursKey, oursFile),
        native: () => decryptChunks(nativeFiles, nativeKey, nativeFile),
      },
      { runs: plan.fileRuns },
    ),
    'ours: FileDecryptor.decryptChunk(), then final().',
  );
}

/** Peak RSS growth allowed while streaming 100 MB: holding the stream would need ≥ 95 MiB. */
const FLAT_PEAK_MIB = 32;
/** Allowed rise of peak RSS from the first quarter of the stream to the last: "flat". */
const FLAT_TREND_MIB = 4;
/** JavaScript memory (V8 heap + ArrayBuffers) that may stay after the stream and a full GC. */
const FLAT_RETAINED_MIB = 2;

async function streamMemory(report: Reporter, plan: Plan): Promise<void> {
  const mb = plan.streamBytes / 1e6;
  report.group(
    `files: memory while streaming ${mb} MB (made 64 KiB at a time, encryptFileStream → decryptFileStream, dropped)`,
  );
  report.progress('streaming in child processes');
  const ours = await measureStreamMemory('ours', plan.streamBytes);
  const nat = await measureStreamMemory('native', plan.streamBytes);
  const fmt = (f: { before: number; peak: number; after: number }): string =>
    `${f.before.toFixed(1)} / ${f.peak.toFixed(1)} / ${f.after.toFixed(1)}`;
  const growth = (m: MemoryFigures): number => m.rss.peak - m.rss.before;
  const trend = (m: MemoryFigures): number => (m.rssPhasePeaks.at(-1) ?? 0) - (m.rssPhasePeaks[0] ?? 0);
  const retained = (m: MemoryFigures): number =>
    m.heap.after - m.heap.before + (m.external.after - m.external.before);
  const quarters = (m: MemoryFigures): string => m.rssPhasePeaks.map((p) => p.toFixed(1)).join(' / ');
  const o = ours.memory;
  const n = nat.memory;

  report.row({
    name: 'peak RSS growth',
    ours: mebibytes(growth(o)),
    references: [{ name: 'sodium-native', value: mebibytes(growth(n)) }],
    targets: [{ text: `≤ ${FLAT_PEAK_MIB} MiB`, met: growth(o) <= FLAT_PEAK_MIB }],
    note:
      `RSS before / peak / after, MiB: ours ${fmt(o.rss)}, sodium-native ${fmt(n.rss)}; ` +
      'a full GC runs every 8 MiB of stream, so the peak is what is held, not garbage V8 has not collected yet',
  });
  report.row({
    name: 'peak RSS, last quarter − first',
    ours: mebibytes(trend(o)),
    references: [{ name: 'sodium-native', value: mebibytes(trend(n)) }],
    targets: [{ text: `≤ ${FLAT_TREND_MIB} MiB (flat)`, met: trend(o) <= FLAT_TREND_MIB }],
    note: `peak RSS per quarter of the stream, MiB: ours ${quarters(o)}, sodium-native ${quarters(n)}`,
  });
  report.row({
    name: 'heap + ArrayBuffers retained after GC',
    ours: mebibytes(retained(o)),
    references: [{ name: 'sodium-native', value: mebibytes(retained(n)) }],
    targets: [{ text: `≤ ${FLAT_RETAINED_MIB} MiB`, met: retained(o) <= FLAT_RETAINED_MIB }],
    note:
      `V8 heap before / peak / after, MiB: ours ${fmt(o.heap)}, sodium-native ${fmt(n.heap)}; ` +
      `ArrayBuffers: ours ${fmt(o.external)}, sodium-native ${fmt(n.external)}`,
  });
}

async function keyDerivation(report: Reporter, ours: Subject, plan: Plan): Promise<void> {
  report.group('key derivation: Argon2id (crypto_pwhash), single-threaded');
  const salt = new Uint8Array(16).fill(1);
  const passphrase = 'correct horse battery staple, but longer';
  const member = await compareJobs(
    {
      ours: () => ours.deriveMember(passphrase, salt, 3, 256 * MIB),
      native: () => nativeDeriveMember(passphrase, salt, 3, 256 * MIB),
    },
    { runs: plan.passphraseRuns },
  );
  report.row({
    name: 'passphrase (ops 3, 256 MiB) → kek, auth',
    ours: ms(member.ours.medianMs),
    raw: runs(member),
    references: [{ name: 'sodium-native', value: ms(member.native.medianMs) }],
  });
  const receiptCode = ours.newReceipt();
  const receipt = await compareJobs(
    {
      ours: () => ours.deriveReceipt(receiptCode),
      native: () => nativeDeriveReceipt(receiptCode),
    },
    { runs: plan.receiptRuns },
  );
  report.row({
    name: 'receipt (ops 2, 64 MiB) → lookup, keys',
    ours: ms(receipt.ours.medianMs),
    raw: runs(receipt),
    references: [{ name: 'sodium-native', value: ms(receipt.native.medianMs) }],
  });
}

export const suite: Suite = {
  name: 'crypto',
  description: 'reports, bulk opening, files and key derivation: ours vs sodium-native and OpenPGP.js',
  async run(report: Reporter, options: SuiteOptions): Promise<void> {
    const plan = options.quick ? QUICK : FULL;
    const ours = await loadOurs();
    report.note(`ours: ${ours.label}`);
    report.note(`references: sodium-native (native libsodium), ${pgpVersion()} with Curve25519 (ECC) keys`);
    report.note('every figure is a median over several runs after a warm-up; ratios are ours ÷ reference');

    await reports(report, ours, plan);
    await bulkOpen(report, ours, plan);
    await fileThroughput(report, ours, plan);
    // In child processes: unaffected by the WebAssembly memory the rest of the suite grows.
    await streamMemory(report, plan);
    // Argon2id grows libsodium.js's WebAssembly memory to 256 MiB for good: after the timings
    // that allocate, and it does not slow the diagnostics below.
    await keyDerivation(report, ours, plan);
    await runBreakdown(report, 5, plan.diagnostics);
    await runPrimitives(report, plan.diagnostics);
  },
};
