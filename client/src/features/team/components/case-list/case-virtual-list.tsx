import { useLingui } from '@lingui/react/macro';
import { defaultRangeExtractor, useWindowVirtualizer, type Range } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type RefObject,
} from 'react';

import type { TriagedCase } from '../../model/case-list';
import { CaseCard } from './case-card';
import { estimateCardHeight, NARROW_BELOW, plainCardHeight } from './card-height';
import './case-virtual-list.css';

/** Space between two cards (card.css's list gap), in pixels. */
const GAP = 12;
/** Cards drawn beyond each edge of the window: Tab reaches the next one before it scrolls in. */
const OVERSCAN = 4;

/**
 * The cases as a list that draws only the cards in and near the window, so that 100,000 of them
 * scroll as smoothly as 20: an `<ol>` as tall as the whole list, each drawn `<li>` placed at its
 * offset. Screen readers are told the list's real length (aria-setsize) and each card's place in
 * it (aria-posinset). Cards are measured once drawn; until then their height is estimated from
 * what they show (card-height.ts), so that the scroll bar and the cards around do not jump.
 *
 * The card holding the focus stays drawn while it scrolls out of the window, so that the focus
 * is never lost to the page's start; and Tab (Shift+Tab) from the last (first) card drawn goes on
 * to the next (previous) case, drawn for it, rather than leaving the list halfway.
 */
export function CaseVirtualList({
  rows,
  names,
  firstResponseHours,
  onDrawn,
}: {
  rows: readonly TriagedCase[];
  names: ReadonlyMap<string, string>;
  firstResponseHours: number;
  /** After each commit that drew cards: how many cards are drawn now. */
  onDrawn?: ((drawn: number) => void) | undefined;
}) {
  const { t } = useLingui();
  const listRef = useRef<HTMLOListElement>(null);
  const scrollMargin = useListOffset(listRef);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  // The focused card's place in the current rows: looked up once per change of either.
  const focusedIndex = useMemo(
    () => (focusedId === null ? -1 : rows.findIndex((r) => r.id === focusedId)),
    [rows, focusedId],
  );
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (focusedIndex < 0 || indexes.includes(focusedIndex)) return indexes;
      return [...indexes, focusedIndex].sort((a, b) => a - b);
    },
    [focusedIndex],
  );

  const narrow = useNarrow(listRef);
  // Both new only when the rows are: the virtualizer lays out the whole list again when they change.
  const estimateSize = useCallback(
    (index: number) => {
      const row = rows[index];
      return row === undefined ? plainCardHeight(narrow) : estimateCardHeight(row, narrow);
    },
    [rows, narrow],
  );
  const getItemKey = useCallback((index: number) => rows[index]?.id ?? index, [rows]);
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize,
    getItemKey,
    overscan: OVERSCAN,
    gap: GAP,
    scrollMargin,
    rangeExtractor,
  });
  const items = virtualizer.getVirtualItems();
  // On a width across the phone's threshold, every guess changes: forget them and the sizes.
  useEffect(() => virtualizer.measure(), [virtualizer, narrow]);

  useEffect(() => {
    if (items.length > 0) onDrawn?.(items.length);
  });

  const onFocus = useCallback((event: FocusEvent<HTMLOListElement>) => {
    const item = (event.target as Element).closest('li[data-case]');
    setFocusedId(item?.getAttribute('data-case') ?? null);
  }, []);
  const onBlur = useCallback((event: FocusEvent<HTMLOListElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget)) setFocusedId(null);
  }, []);

  // The case whose card takes the focus as soon as it is drawn (Tab past the cards drawn).
  const [focusWhenDrawn, setFocusWhenDrawn] = useState<string | null>(null);
  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLOListElement>) => {
      if (event.key !== 'Tab' || event.altKey || event.ctrlKey || event.metaKey) return;
      const item = (event.target as Element).closest('li[data-index]');
      if (!item) return;
      const focusable = item.querySelectorAll(FOCUSABLE);
      if (event.target !== (event.shiftKey ? focusable[0] : focusable[focusable.length - 1])) return;
      const next = Number(item.getAttribute('data-index')) + (event.shiftKey ? -1 : 1);
      const row = rows[next];
      // The list's own ends, and a card already drawn: the browser's Tab goes there by itself.
      if (row === undefined || cardOf(event.currentTarget, row.id) !== null) return;
      event.preventDefault();
      setFocusWhenDrawn(row.id);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    },
    [rows, virtualizer],
  );
  useEffect(() => {
    if (focusWhenDrawn === null || !listRef.current) return;
    const card = cardOf(listRef.current, focusWhenDrawn);
    const target = card?.querySelector<HTMLElement>(FOCUSABLE);
    if (!target) return;
    target.focus();
    setFocusWhenDrawn(null);
  });

  return (
    <ol
      ref={listRef}
      className="plain-list case-list"
      aria-label={t`Cases`}
      style={{ height: virtualizer.getTotalSize() }}
      onFocus={onFocus}
      onBlur={onBlur}
      onKeyDown={onKeyDown}
    >
      {items.map((item) => {
        const row = rows[item.index];
        if (row === undefined) return null;
        return (
          <li
            key={item.key}
            ref={virtualizer.measureElement}
            data-index={item.index}
            data-case={row.id}
            className="case-list__item"
            aria-setsize={rows.length}
            aria-posinset={item.index + 1}
            style={{ transform: `translateY(${item.start - scrollMargin}px)` }}
          >
            <MemoCaseCard row={row} names={names} firstResponseHours={firstResponseHours} />
          </li>
        );
      })}
    </ol>
  );
}

/** What Tab stops at inside a card (its link, for now). */
const FOCUSABLE = 'a[href], button:not([disabled]), input, select, textarea, [tabindex]:not([tabindex="-1"])';

/** The drawn list item of case `caseId`, or null while it is not drawn. */
function cardOf(list: Element, caseId: string): Element | null {
  return list.querySelector(`li[data-case="${CSS.escape(caseId)}"]`);
}

/** A card is drawn again only when its case or the names change, not on every scroll. */
const MemoCaseCard = memo(CaseCard);

/** The list is as narrow as a phone's screen (card-height.ts), following the window's width. */
function useNarrow(ref: RefObject<HTMLElement | null>): boolean {
  const [narrow, setNarrow] = useState(() => window.innerWidth < NARROW_BELOW);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setNarrow(entry.contentRect.width < NARROW_BELOW);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return narrow;
}

/**
 * Where the list starts in the page (the virtualizer's scroll margin). Read once when drawn, then
 * whenever the block holding the list changes size (a notice, the search's progress, the list
 * itself): in a ResizeObserver's callback, which runs after layout, so reading it costs nothing,
 * where reading it after every render would force a layout each time.
 */
function useListOffset(ref: RefObject<HTMLElement | null>): number {
  const [offset, setOffset] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    const block = element?.parentElement;
    if (!element || !block) return;
    const read = () => setOffset(Math.round(element.getBoundingClientRect().top + window.scrollY));
    read();
    const observer = new ResizeObserver(read);
    observer.observe(block);
    return () => observer.disconnect();
  }, [ref]);
  return offset;
}
