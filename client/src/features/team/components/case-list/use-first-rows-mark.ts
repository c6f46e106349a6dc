import { useCallback, useRef } from 'react';

/**
 * Leaves `confide:cases:first-rows` for benchmarks (a mark, and a measure from `startedAt`, when
 * this visit's list started loading): the first time the list drew cards once it holds its first
 * screen of cases (`enough`: at least 50 cases, or all of them when there are fewer). Once per
 * visit; names only, never content. Returns the virtual list's `onDrawn`.
 */
export function useFirstRowsMark(startedAt: number, enough: boolean): (drawn: number) => void {
  const marked = useRef(false);
  return useCallback(
    (drawn: number) => {
      if (marked.current || !enough || drawn === 0) return;
      marked.current = true;
      const end = performance.now();
      performance.mark('confide:cases:first-rows');
      performance.measure('confide:cases:first-rows', { start: startedAt, end });
    },
    [startedAt, enough],
  );
}
