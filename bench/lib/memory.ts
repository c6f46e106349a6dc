// Memory: RSS and V8 heap before, at peak and after a piece of work.
//
// A timer cannot sample while synchronous crypto runs, so the work calls
// `sample()` itself (cheap: it reads RSS only; the heap figure is read every
// few samples). `after` is read once a full GC has run, so it shows what stays.

import v8 from 'node:v8';
import vm from 'node:vm';

import { MIB } from './format.js';

let cachedGc: (() => void) | undefined;

/**
 * A handle to V8's full GC without needing `node --expose-gc` on the command line
 * (`npm run bench` starts plain `tsx`): the flag can be set at run time, and a
 * fresh context then exposes `gc`.
 */
export function fullGc(): void {
  if (cachedGc === undefined) {
    v8.setFlagsFromString('--expose-gc');
    cachedGc = vm.runInNewContext('gc') as () => void;
  }
  cachedGc();
  cachedGc();
}

export interface MemoryFigures {
  /** Resident set size, MiB. Includes WebAssembly memory and native buffers. */
  readonly rss: { readonly before: number; readonly peak: number; readonly after: number };
  /** V8 heap used, MiB. */
  readonly heap: { readonly before: number; readonly peak: number; readonly after: number };
  /** ArrayBuffers and external memory (Buffers, typed arrays), MiB. */
  readonly external: { readonly before: number; readonly peak: number; readonly after: number };
  /** Peak RSS of each phase (see MemoryTracker.nextPhase), MiB: flat memory shows no upward trend. */
  readonly rssPhasePeaks: readonly number[];
}

export class MemoryTracker {
  private readonly rssBefore: number;
  private readonly heapBefore: number;
  private readonly externalBefore: number;
  private rssPeak: number;
  private heapPeak: number;
  private externalPeak: number;
  private samples = 0;
  private readonly phasePeaks: number[] = [];
  private phasePeak = 0;

  /** Runs a full GC, then records the baseline. */
  constructor() {
    fullGc();
    const m = process.memoryUsage();
    this.rssBefore = this.rssPeak = m.rss;
    this.heapBefore = this.heapPeak = m.heapUsed;
    this.externalBefore = this.externalPeak = m.external + m.arrayBuffers;
  }

  /** Records the current figures; call it from inside the loop being watched. */
  sample(): void {
    this.samples++;
    if (this.samples % 8 === 0) {
      const m = process.memoryUsage();
      this.rssPeak = Math.max(this.rssPeak, m.rss);
      this.phasePeak = Math.max(this.phasePeak, m.rss);
      this.heapPeak = Math.max(this.heapPeak, m.heapUsed);
      this.externalPeak = Math.max(this.externalPeak, m.external + m.arrayBuffers);
    } else {
      const rss = process.memoryUsage.rss();
      this.rssPeak = Math.max(this.rssPeak, rss);
      this.phasePeak = Math.max(this.phasePeak, rss);
    }
  }

  /** Closes the current phase (its peak is kept) and starts a new one. */
  nextPhase(): void {
    this.phasePeaks.push(this.phasePeak);
    this.phasePeak = 0;
  }

  /** Takes a last sample, runs a full GC and returns before / peak / after in MiB. */
  finish(): MemoryFigures {
    this.samples = 7;
    this.sample();
    this.nextPhase();
    fullGc();
    const m = process.memoryUsage();
    const mib = (x: number): number => x / MIB;
    return {
      rss: { before: mib(this.rssBefore), peak: mib(this.rssPeak), after: mib(m.rss) },
      heap: { before: mib(this.heapBefore), peak: mib(this.heapPeak), after: mib(m.heapUsed) },
      external: {
        before: mib(this.externalBefore),
        peak: mib(this.externalPeak),
        after: mib(m.external + m.arrayBuffers),
      },
      rssPhasePeaks: this.phasePeaks.map(mib),
    };
  }
}
