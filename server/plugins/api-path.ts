/**
 * Whether a request is for the API, judged by the route it was matched to rather than by the
 * raw URL: the router decodes percent-escapes, so `/%61pi/cases` reaches `/api/cases` while its
 * raw URL does not start with `/api/`. Checks keyed on the raw URL (the CSRF header, no-store)
 * would let such a request skip them.
 */
import type { FastifyRequest } from 'fastify';

export function isApiRequest(request: FastifyRequest): boolean {
  const path = request.routeOptions.url ?? decodedPath(request.url);
  return path === '/api' || path.startsWith('/api/');
}

/** The path of an unrouted request with its escapes decoded, as the router would read it. */
function decodedPath(url: string): string {
  const path = url.split('?', 1)[0] ?? '';
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
