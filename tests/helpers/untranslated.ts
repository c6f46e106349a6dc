/**
 * Finding the words on a page that never went through the catalogs (issue 14). Under
 * `?lang=pseudo` every message of the catalogs is shown with its letters changed (Lingui's
 * pseudo-localisation: `a` → `à`, `b` → `ƀ`…; only `v` and `x` stay as they are), so any plain
 * Latin letter left on a page is text written straight into a component, or a date formatted
 * outside lib/format.ts (the pseudo-locale writes dates in Russian, without Latin letters).
 */
import type { Page } from 'playwright-core';

/**
 * Visible text and labels not in the catalogs: each text node and each `aria-label`, `title`,
 * `placeholder` and `alt` with a Latin letter other than v and x, once the `data` (names people
 * gave) is taken out, outside `translate="no"`, text areas and any element with a `lang` of its
 * own. A function's source, run in the page.
 */
export const UNTRANSLATED_ON_PAGE = `(data) => {
  const latinLetter = /[A-UWYZa-uwyz]/;
  // What people or the server wrote, shown inside a translated sentence ("… to Stewards").
  const latin = {
    test: (text) => latinLetter.test(data.reduce((rest, value) => rest.split(value).join(''), text)),
  };
  const root = document.documentElement;
  const skipped = (element) => {
    if (!element) return true;
    // A text area's text is its value: what someone typed, or the server kept for them.
    if (element.closest('[translate="no"], script, style, noscript, template, textarea')) return true;
    const withLang = element.closest('[lang]');
    return withLang !== null && withLang !== root;
  };
  const visible = (element) => {
    if (element.closest('[hidden], [aria-hidden="true"]')) return false;
    const style = getComputedStyle(element);
    // Visually hidden text (screen readers only) is read out, so it counts.
    return style.display !== 'none' && style.visibility !== 'hidden';
  };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent?.trim() ?? '';
    const parent = node.parentElement;
    if (text === '' || skipped(parent) || !parent || !visible(parent)) continue;
    if (latin.test(text)) found.push(text);
  }
  for (const element of document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
    if (skipped(element) || !visible(element)) continue;
    for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
      const value = element.getAttribute(name)?.trim() ?? '';
      if (value !== '' && latin.test(value)) found.push(\`\${name}="\${value}"\`);
    }
  }
  if (latin.test(document.title.replace(/^Confide$/, ''))) found.push(\`<title>\${document.title}\`);
  return found;
}`;

/**
 * What `page` shows now that is not from the catalogs (UNTRANSLATED_ON_PAGE), with `data`, the
 * names people gave and what they wrote, taken out. Wait for the page to settle first.
 */
export function untranslatedOnPage(page: Page, data: readonly string[]): Promise<string[]> {
  return page.evaluate<string[]>(`(${UNTRANSLATED_ON_PAGE})(${JSON.stringify(data)})`);
}
