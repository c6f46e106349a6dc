/** The group-commit queue behind intake (server/services/batcher.ts). */
import { describe, expect, it } from 'vitest';
import { Batcher } from '../../../server/services/batcher.js';

/** A run function whose calls stay pending until released, recording every batch. */
function controlled<O>(answer: (input: number) => O | Error) {
  const batches: number[][] = [];
  const pending: ((fail: boolean) => void)[] = [];
  const run = (inputs: readonly number[]) => {
    batches.push([...inputs]);
    return new Promise<(O | Error)[]>((resolve, reject) => {
      pending.push((fail) => (fail ? reject(new Error('statement failed')) : resolve(inputs.map(answer))));
    });
  };
  return {
    run,
    batches,
    /** Settles the oldest batch in flight; `fail`: its statement fails as a whole. */
    release: (fail = false) => pending.shift()?.(fail),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Batcher', () => {
  it('runs a lone call at once, and groups the calls that arrive while batches are in flight', async () => {
    const c = controlled((n) => n * 10);
    const batcher = new Batcher(c.run, { concurrency: 2, maxBatch: 100 });
    const first = batcher.submit(1);
    const second = batcher.submit(2);
    const rest = [3, 4, 5, 6].map((n) => batcher.submit(n));
    expect(c.batches).toEqual([[1], [2]]);
    c.release();
    await expect(first).resolves.toBe(10);
    expect(c.batches).toEqual([[1], [2], [3, 4, 5, 6]]);
    c.release();
    c.release();
    await expect(second).resolves.toBe(20);
    await expect(Promise.all(rest)).resolves.toEqual([30, 40, 50, 60]);
  });

  it('never has more than `concurrency` batches in flight, nor more than maxBatch in one', async () => {
    const c = controlled((n) => n);
    const batcher = new Batcher(c.run, { concurrency: 1, maxBatch: 3 });
    const all = Array.from({ length: 8 }, (_, n) => batcher.submit(n));
    for (let i = 0; i < 4; i++) {
      expect(c.batches.length).toBe(i + 1);
      c.release();
      await tick();
    }
    await expect(Promise.all(all)).resolves.toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(c.batches).toEqual([[0], [1, 2, 3], [4, 5, 6], [7]]);
  });

  it('closes a batch before its weight passes the limit, but always takes one', async () => {
    const c = controlled((n) => n);
    const batcher = new Batcher(c.run, { concurrency: 1, maxBatch: 100, maxWeight: 10, weight: (n) => n });
    const all = [1, 4, 4, 4, 30, 2].map((n) => batcher.submit(n));
    for (let i = 0; i < 5; i++) {
      c.release();
      await tick();
    }
    await expect(Promise.all(all)).resolves.toEqual([1, 4, 4, 4, 30, 2]);
    expect(c.batches).toEqual([[1], [4, 4], [4], [30], [2]]);
  });

  it('gives each caller its own error, and a failed batch fails only its own callers', async () => {
    const c = controlled((n) => (n === 3 ? new Error('three is a duplicate') : n));
    const batcher = new Batcher(c.run, { concurrency: 1, maxBatch: 10 });
    const lone = batcher.submit(0);
    const grouped = [1, 2, 3].map((n) => batcher.submit(n));
    c.release(true);
    await expect(lone).rejects.toThrow('statement failed');
    await tick();
    c.release();
    const settled = await Promise.allSettled(grouped);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((settled[2] as PromiseRejectedResult).reason).toEqual(new Error('three is a duplicate'));
    // The queue keeps working after a failure.
    await tick();
    const after = batcher.submit(9);
    c.release();
    await expect(after).resolves.toBe(9);
  });

  it('rejects everyone in a batch whose results do not line up with its inputs', async () => {
    const batcher = new Batcher<number, number>(() => Promise.resolve([1]), { concurrency: 1, maxBatch: 10 });
    const first = batcher.submit(1);
    const pair = [batcher.submit(2), batcher.submit(3)];
    await expect(first).resolves.toBe(1);
    for (const p of pair) await expect(p).rejects.toThrow('a batch of 2 returned 1 results');
  });

  it('fails the callers of a batch whose run throws before returning a promise, and carries on', async () => {
    let calls = 0;
    const batcher = new Batcher<number, number>(
      (inputs) => {
        calls++;
        if (calls === 1) throw new Error('could not even start');
        return Promise.resolve(inputs.map((n) => n * 2));
      },
      { concurrency: 1, maxBatch: 10 },
    );
    await expect(batcher.submit(1)).rejects.toThrow('could not even start');
    // Its slot was given back: later calls run.
    expect(await batcher.submit(2)).toBe(4);
    expect(await Promise.all([batcher.submit(3), batcher.submit(4)])).toEqual([6, 8]);
  });
});
