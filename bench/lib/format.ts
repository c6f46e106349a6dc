// Quantities with units, their formatting, and the wording of a ratio.

/** Units the tables know. The unit decides which direction is better. */
export type Unit = 'ms' | 'MiB/s' | 'B' | 'MiB' | 'req/s' | 'count' | 'score' | 'shift';

export interface Quantity {
  readonly value: number;
  readonly unit: Unit;
}

export const ms = (value: number): Quantity => ({ value, unit: 'ms' });
export const mibPerSecond = (value: number): Quantity => ({ value, unit: 'MiB/s' });
export const bytes = (value: number): Quantity => ({ value, unit: 'B' });
export const mebibytes = (value: number): Quantity => ({ value, unit: 'MiB' });
export const requestsPerSecond = (value: number): Quantity => ({ value, unit: 'req/s' });
/** How many of something (errors, replies): fewer is better. */
export const count = (value: number): Quantity => ({ value, unit: 'count' });
/** A score out of 100 (Lighthouse's category scores): higher is better. */
export const score = (value: number): Quantity => ({ value, unit: 'score' });
/** A layout shift score (CLS): unitless, lower is better. */
export const layoutShift = (value: number): Quantity => ({ value, unit: 'shift' });

export const MIB = 1024 * 1024;

/** True when a larger value is better (throughput), false when smaller is (time, size). */
export function higherIsBetter(unit: Unit): boolean {
  return unit === 'MiB/s' || unit === 'req/s' || unit === 'score';
}

function fixed(value: number, significant: number): string {
  if (value === 0) return '0';
  const digits = Math.max(0, significant - 1 - Math.floor(Math.log10(Math.abs(value))));
  return value.toFixed(Math.min(digits, 4));
}

/** Human formatting with three significant digits; times over a second are shown in seconds. */
export function formatQuantity(q: Quantity): string {
  switch (q.unit) {
    case 'ms':
      return q.value >= 1000 ? `${fixed(q.value / 1000, 3)} s` : `${fixed(q.value, 3)} ms`;
    case 'B':
      return `${Math.round(q.value).toLocaleString('en-US')} B`;
    case 'MiB':
      return `${q.value.toFixed(1)} MiB`;
    case 'MiB/s':
      return `${fixed(q.value, 3)} MiB/s`;
    case 'req/s':
      return `${Math.round(q.value).toLocaleString('en-US')} req/s`;
    case 'count':
      return Math.round(q.value).toLocaleString('en-US');
    case 'score':
      return `${Math.round(q.value)} / 100`;
    case 'shift':
      return q.value.toFixed(3);
  }
}

export interface Ratio {
  /** ours ÷ reference, in the same unit (for MiB the text shows the difference instead). */
  readonly value: number;
  /** The ratio in words from ours' point of view: "3.2× slower", "5.6× faster", "1.4× larger". */
  readonly text: string;
}

function times(x: number): string {
  return `${x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`;
}

export function ratio(ours: Quantity, reference: Quantity): Ratio {
  if (ours.unit !== reference.unit) throw new Error(`cannot compare ${ours.unit} with ${reference.unit}`);
  const value = ours.value / reference.value;
  if (ours.unit === 'MiB') {
    // Memory figures here are growths, often near zero or negative: a difference says more than a ratio.
    const diff = ours.value - reference.value;
    return {
      value,
      text: Math.abs(diff) < 0.05 ? 'same' : `${diff > 0 ? '+' : '−'}${Math.abs(diff).toFixed(1)} MiB`,
    };
  }
  if (ours.unit === 'score' || ours.unit === 'shift') {
    // Scores on a fixed scale: the difference is what reads (a ratio of two CLS near zero says nothing).
    const diff = ours.value - reference.value;
    const shown = ours.unit === 'score' ? `${Math.abs(Math.round(diff))} points` : Math.abs(diff).toFixed(3);
    return {
      value,
      text:
        Math.abs(diff) < (ours.unit === 'score' ? 0.5 : 0.0005) ? 'same' : `${diff > 0 ? '+' : '−'}${shown}`,
    };
  }
  if (!(ours.value > 0 && reference.value > 0)) return { value, text: '—' };
  const speed = ours.unit === 'ms' || higherIsBetter(ours.unit);
  const [up, down] = speed ? ['slower', 'faster'] : ['larger', 'smaller'];
  // For time, a larger value is slower; for throughput, a larger value is faster.
  const worse = higherIsBetter(ours.unit) ? value < 1 : value > 1;
  if (Math.abs(value - 1) < 0.005) return { value, text: 'same' };
  const factor = value >= 1 ? value : 1 / value;
  return { value, text: `${times(factor)} ${worse ? up : down}` };
}
