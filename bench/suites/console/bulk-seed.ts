// Seeds a team's cases fast enough for 100,000 real-sized reports: every case is sealed for
// itself (its own K, body envelope, summary envelope, grants and reporter's signature: the
// associated data and the signature bind the case id, so nothing can be copied from one case to
// another), with sodium-native in worker threads, and written with binary COPY.
//
// It writes on bench/lib/bulk-case-writer.ts's session (no triggers or foreign-key checks, no
// compression attempts) and numbers the cases itself (1..N, oldest first), setting the team's
// counter once at the end.

import { availableParallelism } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Worker } from 'node:worker_threads';
import { from as copyFrom } from 'pg-copy-streams';
import { withBulkCaseWriter } from '../../lib/bulk-case-writer.js';
import type { CreatedTeam } from '../../../tests/helpers/protocol/teams.js';
import { COPY_HEADER, COPY_TRAILER } from './copy-binary.js';
import type { SealWorkerInput, SealWorkerMessage } from './seal-worker.js';

/** The columns of each case row, in the order seal-worker.ts writes them. */
const CASE_COLUMNS = [
  'id',
  'team_id',
  'roster_seq',
  'payload_v',
  'payload_nonce',
  'payload_ct',
  'sig',
  'reporter_box_pk',
  'reporter_sign_pk',
  'lookup_hash',
  'urgent',
  'created_at',
  'updated_at',
  'number',
  'summary_nonce',
  'summary_ct',
] as const;
const GRANT_COLUMNS = ['case_id', 'object_id', 'recipient', 'sealed'] as const;

/** Cases per message from a worker: about 4 MiB of 10 KB reports. */
const BATCH = 250;

export interface BulkSeedOptions {
  readonly databaseUrl: string;
  readonly team: CreatedTeam;
  readonly count: number;
  /** Bytes of JSON per report body (10,240 pads to the 16 KiB bucket; 1,000 to 1 KiB). */
  readonly bodyBytes: number;
  /** Seal K to the reporter too, as intake does. The case list never reads these. */
  readonly reporterGrants: boolean;
  /** Time between two cases' arrival (the newest arrived a minute ago). */
  readonly spacingMs: number;
  readonly progress?: ((text: string) => void) | undefined;
}

/**
 * A worker thread running seal-worker.ts. Node's workers do not inherit tsx's loader, so the
 * worker starts from a line of JavaScript that registers it and then imports the TypeScript.
 */
function startSealWorker(input: SealWorkerInput): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./seal-worker.ts', import.meta.url).href;
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true, workerData: input },
  );
}

/** Messages from all workers, in arrival order, as an async iterator; rejects on a worker's error. */
function batchesFrom(
  workers: readonly Worker[],
): AsyncIterable<{ worker: Worker; message: SealWorkerMessage }> {
  const queue: { worker: Worker; message: SealWorkerMessage }[] = [];
  let failure: Error | undefined;
  let notify: (() => void) | undefined;
  let running = workers.length;
  for (const worker of workers) {
    worker.on('message', (message: SealWorkerMessage) => {
      queue.push({ worker, message });
      notify?.();
    });
    worker.on('error', (error) => {
      failure = error;
      notify?.();
    });
    worker.on('exit', (code) => {
      if (code !== 0) failure ??= new Error(`a sealing worker exited with ${code}`);
      notify?.();
    });
  }
  return {
    async *[Symbol.asyncIterator]() {
      while (running > 0) {
        if (failure) throw failure;
        const next = queue.shift();
        if (next === undefined) {
          await new Promise<void>((resolve) => (notify = resolve));
          continue;
        }
        if (next.message.type === 'done') running--;
        else yield next;
      }
    },
  };
}

const copyStatement = (table: string, columns: readonly string[]): string =>
  `copy ${table} (${columns.join(', ')}) from stdin (format binary)`;

/** Seeds `count` cases of `team`, numbered 1..count from the oldest; resolves with the time taken. */
export async function seedCasesInBulk(options: BulkSeedOptions): Promise<number> {
  const started = performance.now();
  await withBulkCaseWriter(options.databaseUrl, async (client) => {
    const workers: Worker[] = [];
    try {
      const threads = Math.max(1, Math.min(availableParallelism(), 4));
      const share = Math.ceil(options.count / threads);
      for (let t = 0; t < threads; t++) {
        const from = t * share;
        const to = Math.min(options.count, from + share);
        if (from >= to) break;
        workers.push(
          startSealWorker({
            team: options.team.id,
            teamFingerprint: options.team.fingerprint,
            admin: { id: options.team.admin.id, publicKey: options.team.admin.keys.enc.publicKey },
            from,
            to,
            count: options.count,
            bodyBytes: options.bodyBytes,
            reporterGrants: options.reporterGrants,
            newestAtMs: Date.now() - 60_000,
            spacingMs: options.spacingMs,
            batch: BATCH,
          }),
        );
      }

      const grants: Buffer[] = [];
      let written = 0;
      let lastReport = performance.now();
      async function* caseRows(): AsyncGenerator<Buffer> {
        yield COPY_HEADER;
        for await (const { worker, message } of batchesFrom(workers)) {
          if (message.type !== 'batch') continue;
          grants.push(
            Buffer.from(message.grants.buffer, message.grants.byteOffset, message.grants.byteLength),
          );
          yield Buffer.from(message.cases.buffer, message.cases.byteOffset, message.cases.byteLength);
          // Pulled by the COPY stream: the worker may seal one more batch.
          worker.postMessage('go');
          written += message.rows;
          if (performance.now() - lastReport > 5000) {
            lastReport = performance.now();
            options.progress?.(
              `${written.toLocaleString('en')} of ${options.count.toLocaleString('en')} cases`,
            );
          }
        }
        yield COPY_TRAILER;
      }
      await pipeline(Readable.from(caseRows()), client.query(copyFrom(copyStatement('cases', CASE_COLUMNS))));
      if (written !== options.count) throw new Error(`sealed ${written} of ${options.count} cases`);
      await pipeline(
        Readable.from([COPY_HEADER, ...grants, COPY_TRAILER]),
        client.query(copyFrom(copyStatement('grants', GRANT_COLUMNS))),
      );
      // New reports continue the numbering.
      await client.query('update teams set case_counter = greatest(case_counter, $2) where id = $1', [
        options.team.id,
        options.count,
      ]);
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
  });
  return performance.now() - started;
}
