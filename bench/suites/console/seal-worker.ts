// A worker thread of the bulk seed (bulk-seed.ts): seals its share of the cases with
// sodium-native and hands them back as rows in PostgreSQL's binary COPY format, a batch at a
// time. It keeps at most two batches waiting for the writer, so a slow database holds back the
// sealing instead of filling memory with 1.6 GB of ciphertext.

import { parentPort, workerData } from 'node:worker_threads';
import { nativeBoxKeyPair, nativeSealReportBytes, nativeSignKeyPair } from '../../reference/native.js';
import { native } from '../../reference/sodium-native.js';
import { copyBool, copyInt2, copyInt4, copyText, copyTimestamp, copyTuple, copyUuid } from './copy-binary.js';
import { benchReportOf } from './report-bodies.js';

export interface SealWorkerInput {
  readonly team: string;
  readonly teamFingerprint: string;
  readonly admin: { readonly id: string; readonly publicKey: Uint8Array };
  /** Case numbers [from, to) of this worker, out of `count` for the team. */
  readonly from: number;
  readonly to: number;
  readonly count: number;
  readonly bodyBytes: number;
  /** Also seal K to the reporter, as a real report does (the list never reads it). */
  readonly reporterGrants: boolean;
  /** created_at of the newest case, and the time between two cases. */
  readonly newestAtMs: number;
  readonly spacingMs: number;
  readonly batch: number;
}

export type SealWorkerMessage =
  | { readonly type: 'batch'; readonly cases: Uint8Array; readonly grants: Uint8Array; readonly rows: number }
  | { readonly type: 'done' };

/** Distinct reporters per worker: each case's keys are one of these (nothing reads them in bulk). */
const REPORTERS = 64;

const input = workerData as SealWorkerInput;
const port = parentPort!;
let acknowledged = 0;
let sent = 0;
let wake: (() => void) | undefined;
port.on('message', () => {
  acknowledged++;
  wake?.();
});

const reporters = Array.from({ length: REPORTERS }, () => {
  const box = nativeBoxKeyPair();
  const sign = nativeSignKeyPair();
  return {
    box,
    sign,
    keys: { box_pk: box.publicKey.toString('base64url'), sign_pk: sign.publicKey.toString('base64url') },
  };
});
const teamId = copyUuid(input.team);
const admin = { id: input.admin.id, publicKey: Buffer.from(input.admin.publicKey) };

function caseRows(n: number): { cases: Buffer; grants: Buffer[] } {
  const id = crypto.randomUUID();
  const reporter = reporters[n % REPORTERS]!;
  const report = benchReportOf(n, {
    teamFingerprint: input.teamFingerprint,
    bytes: input.bodyBytes,
    reporterKeys: reporter.keys,
  });
  const sealed = nativeSealReportBytes({
    team: input.team,
    id,
    body: report.body,
    summary: report.summary,
    recipients: input.reporterGrants
      ? [admin, { id: 'reporter', publicKey: reporter.box.publicKey }]
      : [admin],
    signSecretKey: reporter.sign.secretKey,
  });
  const lookupHash = Buffer.alloc(32);
  native.randombytes_buf(lookupHash);
  const createdAt = new Date(input.newestAtMs - (input.count - 1 - n) * input.spacingMs);
  const caseId = copyUuid(id);
  // The column order of CASE_COLUMNS in bulk-seed.ts.
  const cases = copyTuple([
    caseId,
    teamId,
    copyInt4(0),
    copyInt2(1),
    sealed.nonce,
    sealed.ciphertext,
    sealed.sig,
    reporter.box.publicKey,
    reporter.sign.publicKey,
    lookupHash,
    copyBool(n % 50 === 0),
    copyTimestamp(createdAt),
    copyTimestamp(createdAt),
    copyInt4(n + 1),
    sealed.summaryNonce,
    sealed.summaryCiphertext,
  ]);
  const grants = sealed.grants.map((g) => copyTuple([caseId, caseId, copyText(g.to), g.sealed]));
  return { cases, grants };
}

for (let start = input.from; start < input.to; start += input.batch) {
  const cases: Buffer[] = [];
  const grants: Buffer[] = [];
  const end = Math.min(input.to, start + input.batch);
  for (let n = start; n < end; n++) {
    const rows = caseRows(n);
    cases.push(rows.cases);
    grants.push(...rows.grants);
  }
  while (sent - acknowledged >= 2) await new Promise<void>((resolve) => (wake = resolve));
  const message: SealWorkerMessage = {
    type: 'batch',
    cases: Buffer.concat(cases),
    grants: Buffer.concat(grants),
    rows: end - start,
  };
  port.postMessage(message);
  sent++;
}
port.postMessage({ type: 'done' } satisfies SealWorkerMessage);
