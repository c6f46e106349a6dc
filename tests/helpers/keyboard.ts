/**
 * Moving through a page with the keyboard alone, as the keyboard suites do (issue 14: every flow
 * works by keyboard): Tab until a control has the focus, and whether the focus can be seen.
 */
import { expect } from 'vitest';
import type { JSHandle, Page } from 'playwright-core';

/**
 * What shows where the keyboard is: the focused element, and whether it has a ring (an outline or
 * a box shadow). Empty when the ring is there; otherwise the element, for the failure message.
 */
const MISSING_FOCUS_RING = `(() => {
  const element = document.activeElement;
  if (element === null || element === document.body) return 'nothing is focused';
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== 'none';
  return outline || shadow ? '' : element.outerHTML.slice(0, 160);
})()`;

/** The focused element, for a failure message: its tag, id, name and classes. */
const FOCUSED = `(() => {
  const e = document.activeElement;
  if (e === null) return 'null';
  return [e.tagName.toLowerCase(), e.id && '#' + e.id, e.getAttribute('name') && '[name=' + e.getAttribute('name') + ']',
    typeof e.className === 'string' && e.className && '.' + e.className.trim().split(/\\s+/).join('.')]
    .filter(Boolean).join('');
})()`;

/** The focused element, described for a failure message. */
export function describeFocused(page: Page): Promise<string> {
  return page.evaluate<string>(FOCUSED);
}

/** Whether the focused element matches `selector`. */
export function focusedMatches(page: Page, selector: string): Promise<boolean> {
  return page.evaluate<boolean>(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`);
}

/**
 * Presses Tab until the element matching `selector` has the focus, as someone moving through the
 * page does; fails if it is not reached within `most` presses. Returns the element the focus was
 * on just before, to check that Shift+Tab goes back to it (released with the page otherwise).
 */
export async function tabTo(page: Page, selector: string, { most = 80 } = {}): Promise<JSHandle> {
  let before = await page.evaluateHandle('document.activeElement');
  for (let presses = 0; presses <= most; presses++) {
    if (await focusedMatches(page, selector)) return before;
    await before.dispose();
    before = await page.evaluateHandle('document.activeElement');
    await page.keyboard.press('Tab');
  }
  throw new Error(
    `${selector} was not reached in ${most} presses of Tab (the focus is on ${await describeFocused(page)})`,
  );
}

/** Fails unless the focused element shows that it has the focus (an outline or a box shadow). */
export async function expectFocusRing(page: Page, what: string): Promise<void> {
  expect(await page.evaluate<string>(MISSING_FOCUS_RING), `no visible focus on ${what}`).toBe('');
}
