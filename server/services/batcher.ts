/**
 * Group commit for hot, independent database calls: the first call runs at once; calls that
 * arrive while `concurrency` batches are already in flight wait and then run together as one
 * batch, one statement and one round trip for all of them.
 *
 * Under load this turns N round trips (N socket writes, N statements, N commits) into one,
 * which is most of what a database call costs; with no load nothing waits, so a lone request
 * is not slowed. Each caller still gets its own result or its own error: `run` returns one
 * entry per input, an Error for a failed one.
 */
export interface BatcherOptions<I> {
  /** Batches in flight at once (a few: PostgreSQL works on several while the server parses). */
  readonly concurrency: number;
  /** Most inputs in one batch. */
  readonly maxBatch: number;
  /** A batch closes before the sum of its inputs' weights passes this (e.g. bind parameters). */
  readonly maxWeight?: number;
  readonly weight?: (input: I) => number;
}

interface Waiting<I, O> {
  readonly input: I;
  readonly resolve: (output: O) => void;
  readonly reject: (error: unknown) => void;
}

export class Batcher<I, O> {
  readonly #queue: Waiting<I, O>[] = [];
  #running = 0;

  constructor(
    private readonly run: (inputs: readonly I[]) => Promise<readonly (O | Error)[]>,
    private readonly options: BatcherOptions<I>,
  ) {}

  submit(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#queue.push({ input, resolve, reject });
      this.#drain();
    });
  }

  #drain(): void {
    while (this.#running < this.options.concurrency && this.#queue.length > 0) {
      const batch = this.#take();
      this.#running++;
      this.#start(batch.map((w) => w.input))
        .then((outputs) => {
          if (outputs.length !== batch.length) {
            throw new Error(`a batch of ${batch.length} returned ${outputs.length} results`);
          }
          batch.forEach((waiting, i) => {
            const output = outputs[i] as O | Error;
            if (output instanceof Error) waiting.reject(output);
            else waiting.resolve(output);
          });
        })
        // The whole batch failed (or its results did not line up): everyone in it hears so.
        .catch((error: unknown) => {
          for (const waiting of batch) waiting.reject(error);
        })
        .finally(() => {
          this.#running--;
          this.#drain();
        });
    }
  }

  /**
   * `run` as a promise, also when it throws before returning one: otherwise its slot would
   * never be given back, and the callers of that batch would wait for ever.
   */
  #start(inputs: readonly I[]): Promise<readonly (O | Error)[]> {
    try {
      return this.run(inputs);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  #take(): Waiting<I, O>[] {
    const { maxBatch, maxWeight = Infinity, weight = () => 1 } = this.options;
    const batch: Waiting<I, O>[] = [];
    let total = 0;
    while (batch.length < maxBatch && this.#queue.length > 0) {
      const next = this.#queue[0] as Waiting<I, O>;
      const w = weight(next.input);
      // The first input always goes, even when it alone is over the limit.
      if (batch.length > 0 && total + w > maxWeight) break;
      batch.push(next);
      this.#queue.shift();
      total += w;
    }
    return batch;
  }
}
