// Timing: warm-up, batch calibration, interleaved runs, medians.
//
// Every subject of a comparison (ours, sodium-native, OpenPGP.js) is timed in the
// same process, in alternating runs (A B C A B C ...), so that CPU frequency
// changes or a busy neighbour hit every subject alike and the ratio between them
// stays meaningful even when the absolute numbers drift. A full GC (untimed)
// precedes every run, so that no subject pays for the garbage another left.

import { fullGc } from './memory.js';
import { median, spread } from './stats.js';

/** One operation under test. It may be synchronous or return a promise. */
export type Operation = () => unknown;

export interface MeasureOptions {
  /** Timed runs per subject; the reported figure is their median. */
  readonly runs: number;
  /** Minimum wall time of one run, in ms: fast operations are repeated in a batch to reach it. */
  readonly minRunMs: number;
  /** Warm-up (JIT, WebAssembly tier-up, caches) before anything is timed, in ms, per subject. */
  readonly warmupMs: number;
  /** Upper bound on operations per batch (bounds memory when an operation allocates). */
  readonly maxBatch?: number;
}

export interface Timing {
  /** Median time of one operation, in ms. */
  readonly medianMs: number;
  /** Per-operation time of each run, in ms, in run order. */
  readonly runsMs: readonly number[];
  /** Operations per run. */
  readonly batch: number;
  /** (max - min) / median over the runs. */
  readonly spread: number;
}

/**
 * What a run's duration means. `wall`: elapsed time, the default and what the
 * targets speak of. `cpu`: user + system CPU time of the whole process (all
 * threads, GC helpers included), in µs steps; on a machine shared with other
 * jobs it leaves out the time the process waited for a core, so it stays close
 * to what an idle machine's wall clock would show. Chosen once, by the runner.
 */
export type Clock = 'wall' | 'cpu';

let clock: Clock = 'wall';

export function useClock(which: Clock): void {
  clock = which;
}

export function currentClock(): Clock {
  return clock;
}

function now(): number {
  if (clock === 'wall') return Number(process.hrtime.bigint()) / 1e6;
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && 'then' in value && typeof value.then === 'function';
}

/** Runs `op` `count` times back to back and returns the elapsed ms. Awaits only when `op` is async. */
async function runBatch(op: Operation, count: number): Promise<number> {
  const start = now();
  for (let i = 0; i < count; i++) {
    const result = op();
    if (isThenable(result)) await result;
  }
  return now() - start;
}

/** Warms `op` up for at least `warmupMs` and returns a batch size that makes one run last `minRunMs`. */
async function calibrate(op: Operation, options: MeasureOptions): Promise<number> {
  let calls = 0;
  let elapsed = 0;
  // At least three calls even when one call outlasts the warm-up budget (Argon2).
  while (calls < 3 || elapsed < options.warmupMs) {
    elapsed += await runBatch(op, 1);
    calls++;
  }
  const perOp = elapsed / calls;
  const batch = Math.max(1, Math.ceil(options.minRunMs / Math.max(perOp, 1e-6)));
  return Math.min(batch, options.maxBatch ?? Number.POSITIVE_INFINITY);
}

/**
 * Times several subjects against each other: warm-up and calibration for each,
 * then `runs` rounds in which every subject runs one batch, in alternating order.
 */
export async function compare<K extends string>(
  subjects: Readonly<Record<K, Operation>>,
  options: MeasureOptions,
): Promise<Record<K, Timing>> {
  const names = Object.keys(subjects) as K[];
  const batches = new Map<K, number>();
  for (const name of names) batches.set(name, await calibrate(subjects[name], options));

  const samples = new Map<K, number[]>(names.map((name) => [name, []]));
  for (let round = 0; round < options.runs; round++) {
    // Rotate the starting subject so no one always runs right after a given other.
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length]!;
      const batch = batches.get(name)!;
      // Untimed: collect the garbage of whoever ran before, so nobody pays for another's GC.
      fullGc();
      samples.get(name)!.push((await runBatch(subjects[name], batch)) / batch);
    }
  }

  const result = {} as Record<K, Timing>;
  for (const name of names) {
    const runsMs = samples.get(name)!;
    result[name] = { medianMs: median(runsMs), runsMs, batch: batches.get(name)!, spread: spread(runsMs) };
  }
  return result;
}

/**
 * Times a whole job (not a repeated small operation): one untimed warm-up call,
 * then `runs` timed calls per subject in alternating order. For jobs that already
 * take hundreds of ms (10,000 opens, 25 MB of file encryption, Argon2id).
 */
export async function compareJobs<K extends string>(
  subjects: Readonly<Record<K, Operation>>,
  options: { readonly runs: number; readonly warmup?: boolean },
): Promise<Record<K, Timing>> {
  const names = Object.keys(subjects) as K[];
  if (options.warmup ?? true) for (const name of names) await runBatch(subjects[name], 1);
  const samples = new Map<K, number[]>(names.map((name) => [name, []]));
  for (let round = 0; round < options.runs; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length]!;
      fullGc();
      samples.get(name)!.push(await runBatch(subjects[name], 1));
    }
  }
  const result = {} as Record<K, Timing>;
  for (const name of names) {
    const runsMs = samples.get(name)!;
    result[name] = { medianMs: median(runsMs), runsMs, batch: 1, spread: spread(runsMs) };
  }
  return result;
}
