// The contract between the runner (bench/run.ts) and a suite (bench/suites/<name>.ts).

import type { Reporter } from './reporter.js';

export interface SuiteOptions {
  /**
   * `--quick`: fewer runs and smaller inputs, to check that the suite works end to
   * end. Its figures are not worth comparing with anything.
   */
  readonly quick: boolean;
}

/**
 * A benchmark suite. Put it in `bench/suites/<name>.ts` as `export const suite: Suite`;
 * the runner finds it there, and `npm run bench -- <name>` runs it alone.
 *
 * Rules every suite follows (see bench/README.md):
 * - report medians over several runs, after a warm-up (bench/lib/measure.ts does both);
 * - give every figure a reference measured in the same run, so the ratio means
 *   something on any machine;
 * - print targets and whether they are met, never fail on a wall time;
 * - set up and tear down what it needs (servers, databases, child processes).
 */
export interface Suite {
  /** Lower-case word used on the command line, equal to the file name. */
  readonly name: string;
  /** One line for `npm run bench -- --list`. */
  readonly description: string;
  run(report: Reporter, options: SuiteOptions): Promise<void>;
}

/** Narrows a dynamically imported module's `suite` export. */
export function isSuite(value: unknown): value is Suite {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['name'] === 'string' && typeof v['description'] === 'string' && typeof v['run'] === 'function'
  );
}
