/**
 * What every reply must be, whatever was asked (docs/http-api.md, ARCHITECTURE.md "HTTP"):
 *   - never a 5xx for anything a client sends;
 *   - a 4xx is `{"error":{"code": string, "message": string, ...}}` and nothing beside `error`,
 *     as JSON, without a stack trace;
 *   - a 2xx is JSON, or a content type the contract documents for it (the encrypted file's
 *     octet-stream), or a page (HTML) outside the API; a 204 is empty;
 *   - an API reply is never cacheable (`Cache-Control: no-store`);
 *   - a state-changing API request without `X-Requested-With: confide` never succeeds.
 */
import { MUTATING_METHODS, type Operation } from './openapi.js';
import { CSRF_HEADER, CSRF_VALUE, type FuzzRequest } from './requests.js';

export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | number | undefined>>;
  readonly body: Buffer;
}

export interface Verdict {
  /** Empty when the reply is what it must be. */
  readonly problems: readonly string[];
  /** The error code of the reply (`error.code`), when it has one. */
  readonly code: string | undefined;
}

function header(reply: Reply, name: string): string | undefined {
  const value = reply.headers[name];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

const STACK_TRACE = /\.[jt]s:\d+|node_modules|\n\s+at [\w.<>]+ \(/;

/** Why `body` is not the error shape, or undefined when it is; the code when there is one. */
export function errorShapeProblem(reply: Reply): { problem: string | undefined; code: string | undefined } {
  const contentType = header(reply, 'content-type') ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(reply.body.toString('utf8'));
  } catch {
    return { problem: `a body that is not JSON (${contentType || 'no content type'})`, code: undefined };
  }
  const error: unknown =
    typeof parsed === 'object' && parsed !== null ? (parsed as { error?: unknown }).error : undefined;
  const fields =
    typeof error === 'object' && error !== null
      ? (error as { code?: unknown; message?: unknown })
      : undefined;
  const code = typeof fields?.code === 'string' ? fields.code : undefined;
  if (!/^application\/json(;|$)/.test(contentType))
    return { problem: `content type ${contentType || 'missing'}`, code };
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { problem: 'not an object', code };
  const keys = Object.keys(parsed);
  if (keys.length !== 1 || keys[0] !== 'error')
    return { problem: `top-level keys ${JSON.stringify(keys)}, not only "error"`, code };
  if (fields === undefined) return { problem: '"error" is not an object', code };
  if (code === undefined || code === '') return { problem: '"error.code" is not a non-empty string', code };
  if (typeof fields.message !== 'string' || fields.message === '')
    return { problem: '"error.message" is not a non-empty string', code };
  if (STACK_TRACE.test(reply.body.toString('utf8'))) return { problem: 'a stack trace', code };
  return { problem: undefined, code };
}

/**
 * Whether `url` names the API as the server reads it: dot segments resolved the way the
 * request reaches it (app.inject resolves them, as a browser would), then escapes decoded, as
 * the router does (`/%61pi/cases` is `/api/cases`).
 */
function isApiUrl(url: string): boolean {
  let path = url.split(/[?#]/, 1)[0] ?? '';
  try {
    path = new URL(path, 'http://localhost').pathname;
  } catch {
    // keep the raw path
  }
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // keep the raw path: a malformed escape is still aimed at the API if it starts like it
  }
  return decoded === '/api' || decoded.startsWith('/api/') || path.startsWith('/api/');
}

/** Codes that may answer a request before the CSRF check runs (routing refused the address). */
const BEFORE_CSRF: ReadonlySet<string> = new Set(['missing_csrf_header', 'bad_url']);

function lacksCsrf(request: FuzzRequest): boolean {
  return (
    MUTATING_METHODS.has(request.method) &&
    request.headers[CSRF_HEADER] !== CSRF_VALUE &&
    isApiUrl(request.url)
  );
}

/** Everything wrong with `reply` as an answer to `request` (for `op`, when it is a documented one). */
export function judge(request: FuzzRequest, reply: Reply, op: Operation | undefined): Verdict {
  const problems: string[] = [];
  const head = request.method === 'HEAD';
  let code: string | undefined;
  if (reply.status >= 400) {
    if (!head) {
      const shape = errorShapeProblem(reply);
      code = shape.code;
      if (shape.problem !== undefined)
        problems.push(`${reply.status} not in the error shape: ${shape.problem}`);
    }
    if (reply.status >= 500) problems.push(`a ${reply.status} for client input`);
    // Without the header a state-changing request must be stopped before any handler runs: by
    // the CSRF check, or by the router refusing the address itself.
    if (lacksCsrf(request) && !head && code !== undefined && !BEFORE_CSRF.has(code)) {
      problems.push(
        `a ${reply.status} ${code} (a handler ran) for a state-changing request without X-Requested-With: confide`,
      );
    }
  } else if (reply.status >= 200 && reply.status < 300) {
    const contentType = (header(reply, 'content-type') ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
    if (op !== undefined && !op.responses.has(String(reply.status)) && !op.responses.has('default')) {
      problems.push(`a ${reply.status}, which the contract does not document for ${op.key}`);
    }
    if (reply.status === 204) {
      if (reply.body.length > 0) problems.push('a 204 with a body');
    } else if (!head) {
      const documented = op?.responses.get(String(reply.status)) ?? [];
      const allowed =
        contentType === 'application/json' ||
        documented.includes(contentType) ||
        (!isApiUrl(request.url) && contentType === 'text/html');
      if (!allowed) problems.push(`a ${reply.status} as ${contentType || 'no content type'}`);
      if (contentType === 'application/json') {
        try {
          JSON.parse(reply.body.toString('utf8'));
        } catch {
          problems.push(`a ${reply.status} whose JSON does not parse`);
        }
      }
    }
    if (lacksCsrf(request)) {
      problems.push(`a ${reply.status} for a state-changing request without X-Requested-With: confide`);
    }
  } else {
    problems.push(`an unexpected ${reply.status}`);
  }
  if (isApiUrl(request.url) && header(reply, 'cache-control') !== 'no-store') {
    problems.push(
      `Cache-Control ${JSON.stringify(header(reply, 'cache-control') ?? null)} on an API reply, not no-store`,
    );
  }
  return { problems, code };
}
