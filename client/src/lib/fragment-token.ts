/**
 * One-time tokens travel in the address's fragment (`/setup#token`, `/join#token`): browsers
 * never send a fragment to a server, so the token appears in no access log. The page reads
 * it once and then removes it from the address bar and the current history entry; it stays
 * in this page's memory only.
 */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,100}$/;
const taken = new Map<string, string | null>();

export function readFragmentToken(): string | null {
  const { pathname, hash } = window.location;
  if (hash !== '') {
    const token = hash.replace(/^#/, '');
    taken.set(pathname, TOKEN_PATTERN.test(token) ? token : null);
    window.history.replaceState(window.history.state, '', pathname);
  }
  return taken.get(pathname) ?? null;
}
