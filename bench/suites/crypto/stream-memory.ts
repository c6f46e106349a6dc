// Memory while streaming a large attachment through encryption and straight
// back through decryption: ours with encryptFileStream piped into
// decryptFileStream (the streaming interface crypto/README.md recommends),
// sodium-native with its chunk loop. Runs in a child process of its own,
// so the baseline is not inflated by what the suite did before (WebAssembly
// memory only ever grows, and Argon2id grows it to 256 MiB and more).
//
// The child prints nothing: it sends one message with the figures and exits.

import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { fullGc, MemoryTracker, type MemoryFigures } from '../../lib/memory.js';
import { FILE_CHUNK_BYTES, generatedChunks } from './fixtures.js';
import type { FileCrypto } from './subject.js';

export type StreamSubject = 'ours' | 'native';

export interface StreamMemoryResult {
  readonly subject: StreamSubject;
  readonly totalBytes: number;
  readonly elapsedMs: number;
  readonly memory: MemoryFigures;
}

async function loadFiles(subject: StreamSubject): Promise<FileCrypto> {
  if (subject === 'native') return (await import('./references.js')).nativeFiles;
  return (await (await import('./ours.js')).loadOurs()).files;
}

const PHASES = 4;

/** The file's bytes, 64 KiB at a time, made as they are asked for. */
function* plaintext(total: number): Generator<Uint8Array> {
  for (const chunk of generatedChunks(total, FILE_CHUNK_BYTES)) yield chunk.bytes;
}

/**
 * A full GC every 8 MiB of stream. V8 lets up to 64 MiB of dead ArrayBuffers
 * pile up before it collects them, whoever allocated them; without this the
 * peak would measure V8's patience, not what the code holds on to.
 */
const GC_EVERY_CHUNKS = (8 * 1024 * 1024) / FILE_CHUNK_BYTES;

async function child(subject: StreamSubject, total: number): Promise<StreamMemoryResult> {
  const files = await loadFiles(subject);
  // Warm up on a small stream, so the baseline includes the library's steady-state memory.
  await files.streamThrough(files.newKey(), plaintext(4 * FILE_CHUNK_BYTES), () => {});
  const tracker = new MemoryTracker();
  const start = performance.now();
  // Four phases of a quarter of the stream each: flat memory has no upward trend between them.
  const chunks = Math.ceil(total / FILE_CHUNK_BYTES);
  let seen = 0;
  const got = await files.streamThrough(files.newKey(), plaintext(total), () => {
    tracker.sample();
    seen++;
    if (seen % GC_EVERY_CHUNKS === 0) fullGc();
    if (seen % Math.ceil(chunks / PHASES) === 0 && seen < chunks) tracker.nextPhase();
  });
  const elapsedMs = performance.now() - start;
  if (got !== total) throw new Error(`streamed ${total} bytes but got ${got} back`);
  return { subject, totalBytes: total, elapsedMs, memory: tracker.finish() };
}

/** Forks a child that streams `total` bytes through `subject` and reports its memory. */
export function measureStreamMemory(subject: StreamSubject, total: number): Promise<StreamMemoryResult> {
  return new Promise((resolve, reject) => {
    const proc = fork(fileURLToPath(import.meta.url), [subject, String(total)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: StreamMemoryResult | undefined;
    proc.on('message', (message) => {
      result = message as StreamMemoryResult;
    });
    proc.on('error', reject);
    proc.on('exit', (code) => {
      if (code === 0 && result) resolve(result);
      else reject(new Error(`stream-memory child (${subject}) exited with ${code ?? 'a signal'}`));
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const subject = process.argv[2] === 'native' ? 'native' : 'ours';
  const total = Number(process.argv[3]);
  const result = await child(subject, total);
  process.send?.(result, () => process.exit(0));
}
