/**
 * A case card's height before it is drawn, in pixels, from what it will show: the virtual list
 * reserves this much for it, then measures the card once drawn. The closer the guess, the less
 * the scroll bar moves while a member scrolls. The figures are the cards' sizes with
 * case-card.css and the kit's type, on a wide screen and on a phone (`narrow`: a 360 px screen,
 * where the title takes two lines and the facts three rows), with the English words: a language
 * whose words run longer is off by a line here and there, which the measure once drawn corrects.
 * It reads no words, so that no case's height costs a translation. Called for every case of the list
 * whenever it grows: kept to a few field reads. Pure: no DOM.
 */
import type { TriagedCase } from '../../model/case-list.js';

interface Sizes {
  /** A card with its title and its facts, nothing else. */
  readonly base: number;
  readonly flags: number;
  readonly line: number;
  /** The two sentences of a case whose summary did not open. */
  readonly problem: number;
}

const WIDE: Sizes = { base: 108, flags: 33, line: 30, problem: 53 };
const NARROW: Sizes = { base: 226, flags: 58, line: 30, problem: 98 };

/** Below this width of the list (px), cards take the phone's sizes. */
export const NARROW_BELOW = 600;

/** The height of a card with its title and facts only: the guess when nothing else is known. */
export function plainCardHeight(narrow: boolean): number {
  return (narrow ? NARROW : WIDE).base;
}

export function estimateCardHeight(row: TriagedCase, narrow: boolean): number {
  const size = narrow ? NARROW : WIDE;
  const { row: c, opened } = row.listed;
  let height = size.base;
  if (c.purgedAt !== null) return opened.ok ? height : height + size.line;
  if (
    row.urgent ||
    row.privateInfo ||
    row.pastTarget ||
    row.overdue ||
    row.followUpDue ||
    row.reporterAnswered ||
    c.appealOf !== null
  ) {
    height += size.flags;
  }
  if (!opened.ok) height += size.problem;
  else if (opened.view.kinds.length > 0) height += size.line;
  if (
    c.excluded.length > 0 ||
    (opened.ok && opened.view.excluded !== null && opened.view.excluded.length > 0)
  ) {
    height += size.line;
  }
  return height;
}
