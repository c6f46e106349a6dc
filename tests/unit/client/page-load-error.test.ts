// Pages loaded on first use (client/src/app/page-load-error.ts): a chunk that cannot be downloaded
// (a dropped connection, or a deploy that replaced it) is told apart from a fault in a page, so
// the error page says "reload" rather than "a fault in Confide".
import { describe, expect, it } from 'vitest';

import { isPageLoadError, PageLoadError } from '../../../client/src/app/page-load-error.js';

describe('isPageLoadError', () => {
  it('recognises the error lazyPage throws, whatever its cause', () => {
    expect(isPageLoadError(new PageLoadError())).toBe(true);
    expect(isPageLoadError(new PageLoadError({ cause: new TypeError('Failed to fetch') }))).toBe(true);
  });

  it('recognises a failed import() in Chromium, Firefox and Safari, and a stylesheet Vite could not preload', () => {
    for (const message of [
      'Failed to fetch dynamically imported module: https://confide.example/assets/receipt-page-D9rc6duw.js',
      'error loading dynamically imported module: https://confide.example/assets/team-root-B-89qaC7.js',
      'Importing a module script failed.',
      'Unable to preload CSS for /assets/style-CwpbzYcc.css',
    ]) {
      expect(isPageLoadError(new TypeError(message)), message).toBe(true);
    }
  });

  it('leaves every other error to the page-fault message', () => {
    expect(isPageLoadError(new TypeError("Cannot read properties of undefined (reading 'name')"))).toBe(
      false,
    );
    expect(isPageLoadError(new Error('The team’s keys could not be loaded.'))).toBe(false);
    expect(isPageLoadError('Failed to fetch dynamically imported module')).toBe(false);
    expect(isPageLoadError(undefined)).toBe(false);
  });
});
