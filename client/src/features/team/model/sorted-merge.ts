/**
 * Merging a sorted batch into a sorted list: how the case list grows while its cases arrive, a
 * few hundred at a time, without sorting 100,000 cases again for every batch (a full sort of
 * 100,000 rows takes about 100 ms on a slow machine; a merge takes about one).
 *
 * Both inputs must be sorted by `compare`, and `compare` must be total (never 0 for two
 * different items), so that the result does not depend on the order batches arrived in.
 */

/** The first index from `from` on of `sorted` whose item comes after `item` (binary search). */
export function insertionPoint<T>(
  sorted: readonly T[],
  item: T,
  compare: (a: T, b: T) => number,
  from = 0,
): number {
  let low = from;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(sorted[middle] as T, item) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * A new array: `sorted` with `additions` merged in. Each addition's place is found by binary
 * search, and the runs of the list between two places are copied without comparing: a batch of
 * 250 cases costs some 4,000 comparisons at 100,000 cases, where a plain merge would make 100,000
 * (the triage order's ranks spread a batch over the whole list). The copy itself is the cost left
 * (a few milliseconds at 100,000), which is why the list merges at most every 100 ms.
 */
export function mergeSorted<T>(
  sorted: readonly T[],
  additions: readonly T[],
  compare: (a: T, b: T) => number,
): T[] {
  const merged = new Array<T>(sorted.length + additions.length);
  let out = 0;
  let copied = 0;
  for (const item of additions) {
    const place = insertionPoint(sorted, item, compare, copied);
    while (copied < place) merged[out++] = sorted[copied++] as T;
    merged[out++] = item;
  }
  while (copied < sorted.length) merged[out++] = sorted[copied++] as T;
  return merged;
}
