/**
 * The one way the browser talks to the Confide API.
 *
 * Transport only: it speaks JSON to the same origin, adds the header the server
 * requires on every request that changes state, and turns every failure into an
 * `ApiError`. It never navigates, shows, or logs anything: the page that made the
 * call decides what a person sees.
 *
 * Never put report text, receipts or key material in a path or query string:
 * addresses end up in browser history and server logs. They belong in the body,
 * encrypted.
 */

const API_BASE = '/api';

/** With SameSite=Strict cookies, this header is what stops cross-site requests (PROTOCOL.md, HTTP API). */
const MUTATION_HEADER = { 'X-Requested-With': 'confide' } as const;

/** HTTP status used for failures that never reached the server (offline, DNS, connection reset). */
export const NETWORK_ERROR_STATUS = 0;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** The HTTP status, or `NETWORK_ERROR_STATUS` when no reply arrived. */
  readonly status: number;
  /** The server's stable machine code (`error.code`), or one of the client codes below. */
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * Checks the shape of a reply and returns it typed; throws (anything) when the
 * shape is wrong. Replies are never cast: a server that changes its contract must
 * fail loudly here rather than deep inside a component.
 */
export type Decoder<T> = (data: unknown) => T;

/** For replies without a body (204) or whose body the caller does not need. */
export const ignoreBody: Decoder<undefined> = () => undefined;

export interface RequestOptions {
  /** Aborting rejects the call with the browser's `AbortError`, not an `ApiError`. */
  signal?: AbortSignal;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** True for the rejection of a call whose signal was aborted: usually not worth showing. */
export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the server's one error shape, `{ "error": { "code", "message" } }`. */
function errorFromBody(status: number, body: unknown): ApiError | undefined {
  if (!isRecord(body) || !isRecord(body.error)) return undefined;
  const { code, message } = body.error;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  return new ApiError(status, code, message);
}

function fallbackError(status: number): ApiError {
  if (status === 429) {
    return new ApiError(
      status,
      'too_many_requests',
      'There have been too many attempts. Please wait a minute and try again.',
    );
  }
  if (status >= 500) {
    return new ApiError(
      status,
      'server_error',
      'Something went wrong on our side. Please try again in a moment.',
    );
  }
  return new ApiError(status, 'http_error', `The request could not be completed (error ${status}).`);
}

async function readJson(response: Response): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const text = await response.text();
  if (text === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

async function request<T>(
  method: Method,
  path: string,
  decode: Decoder<T>,
  body: unknown,
  options: RequestOptions,
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') Object.assign(headers, MUTATION_HEADER);
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  const init: RequestInit = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) init.body = JSON.stringify(body);
  if (options.signal) init.signal = options.signal;

  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, init);
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new ApiError(
      NETWORK_ERROR_STATUS,
      'network_error',
      'We could not reach Confide. Please check your connection and try again.',
    );
  }

  let parsed: Awaited<ReturnType<typeof readJson>>;
  try {
    parsed = await readJson(response);
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new ApiError(
      NETWORK_ERROR_STATUS,
      'network_error',
      'The connection was interrupted. Please try again.',
    );
  }

  if (!response.ok) {
    throw (
      (parsed.ok ? errorFromBody(response.status, parsed.value) : undefined) ?? fallbackError(response.status)
    );
  }
  if (!parsed.ok) {
    throw new ApiError(response.status, 'invalid_response', 'Confide sent a reply this page could not read.');
  }
  try {
    return decode(parsed.value);
  } catch {
    throw new ApiError(response.status, 'invalid_response', 'Confide sent a reply this page could not read.');
  }
}

/** Paths are relative to `/api`, e.g. `api.get('/teams', decodeTeams)`. */
export const api = {
  get: <T>(path: string, decode: Decoder<T>, options: RequestOptions = {}): Promise<T> =>
    request('GET', path, decode, undefined, options),
  post: <T>(path: string, body: unknown, decode: Decoder<T>, options: RequestOptions = {}): Promise<T> =>
    request('POST', path, decode, body, options),
  put: <T>(path: string, body: unknown, decode: Decoder<T>, options: RequestOptions = {}): Promise<T> =>
    request('PUT', path, decode, body, options),
  patch: <T>(path: string, body: unknown, decode: Decoder<T>, options: RequestOptions = {}): Promise<T> =>
    request('PATCH', path, decode, body, options),
  delete: <T>(path: string, decode: Decoder<T>, options: RequestOptions = {}): Promise<T> =>
    request('DELETE', path, decode, undefined, options),
};
