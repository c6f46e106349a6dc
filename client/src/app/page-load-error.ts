/**
 * A page's code that could not be downloaded: a dropped connection, or a deploy that replaced
 * the build while the tab was open (file names carry a hash of their content, and the old ones
 * are gone). The route error page recognises it and says "reload" instead of "a fault in
 * Confide" (route-error-page.tsx).
 */

/** A page's code could not be downloaded; reloading the page fetches the current build. */
export class PageLoadError extends Error {
  override readonly name = 'PageLoadError';

  constructor(options?: { cause?: unknown }) {
    super('A part of this page could not be downloaded.', options);
  }
}

/**
 * The messages browsers give a failed `import()`, and Vite's own when a chunk's stylesheet or
 * dependency fails to preload. Matched so that a chunk loaded outside lazyPage (a feature's own
 * `import()`, say) that fails inside a page still says "reload".
 */
const CHUNK_FAILURE_MESSAGES = [
  /Failed to fetch dynamically imported module/i, // Chromium
  /error loading dynamically imported module/i, // Firefox
  /Importing a module script failed/i, // Safari
  /Unable to preload CSS/i, // Vite
];

/** Whether `error` says that code could not be downloaded (see the file comment). */
export function isPageLoadError(error: unknown): boolean {
  if (error instanceof PageLoadError) return true;
  return error instanceof Error && CHUNK_FAILURE_MESSAGES.some((pattern) => pattern.test(error.message));
}
