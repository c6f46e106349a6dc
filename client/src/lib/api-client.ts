/**
 * The one way the browser talks to the Confide API.
 *
 * Transport only: it speaks JSON to the same origin, adds the header the server
 * requires on every request that changes state, and turns every failure into an
 * `ApiError`. It never navigates, shows, or logs anything: the page that made the
 * call decides what a person sees.
 *
 * When the server asks for a proof of work (a 429 with a challenge: the address is
 * over its limit on a route a reporter needs), the client solves it in a Worker and
 * sends the request again, by itself; `onProofOfWork` lets the page say so meanwhile.
 *
 * Never put report text, receipts or key material in a path or query string:
 * addresses end up in browser history and server logs. They belong in the body,
 * encrypted.
 *
 * The messages of its errors are English, and stay so: this file also runs in the crypto
 * Workers (the keyring fetches pages of cases through it), which have no translations. What a
 * person reads is chosen by `code`, in the page's language, by lib/error-words.ts (`errorText`).
 */

import type { ErrorCode } from '#contract/errors';
import {
  challengeFrom,
  MAX_PROOFS_PER_REQUEST,
  PROOF_OF_WORK_HEADER,
  ProofOfWorkError,
  solveChallenge,
  type ProofOfWorkListener,
} from './proof-of-work/solve';
import type { Decoder } from './decode';
import type { ClientErrorCode } from './error-codes';

const API_BASE = '/api';

/** With SameSite=Strict cookies, this header is what stops cross-site requests (docs/http-api.md §4). */
const MUTATION_HEADER = { 'X-Requested-With': 'confide' } as const;

/** HTTP status used for failures that never reached the server (offline, DNS, connection reset). */
export const NETWORK_ERROR_STATUS = 0;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** The HTTP status, or `NETWORK_ERROR_STATUS` when no reply arrived. */
  readonly status: number;
  /** The server's stable machine code (`error.code`), or one of the client's (error-codes.ts). */
  readonly code: string;
  /**
   * The reply's other fields beside code and message, for the errors that carry some
   * (`appeal_after` of `appeal_too_early`, `index_epoch` of `index_epoch_changed`), and
   * `retry_after`, the seconds of the reply's Retry-After header (a 429's wait); empty otherwise.
   */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    status: number,
    code: string,
    message: string,
    details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** For replies without a body (204) or whose body the caller does not need. */
export const ignoreBody: Decoder<undefined> = () => undefined;

export interface RequestOptions {
  /** Aborting rejects the call with the browser's `AbortError`, not an `ApiError`. */
  signal?: AbortSignal;
  /** Told when the browser starts, progresses and ends a proof of work for this call. */
  onProofOfWork?: ProofOfWorkListener;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** True for the rejection of a call whose signal was aborted: usually not worth showing. */
export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the server's one error shape, `{ "error": { "code", "message", ...details } }`;
 * `retryAfter` is the reply's Retry-After header, if the caller has it.
 */
export function errorFromBody(
  status: number,
  body: unknown,
  retryAfter: string | null = null,
): ApiError | undefined {
  if (!isRecord(body) || !isRecord(body.error)) return undefined;
  const { code, message, ...details } = body.error;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  const wait = retryAfterSeconds(retryAfter);
  return new ApiError(
    status,
    code,
    message,
    wait === undefined ? details : { retry_after: wait, ...details },
  );
}

/** Retry-After in seconds; its other form, an HTTP date, the server never sends. */
function retryAfterSeconds(header: string | null): number | undefined {
  return header !== null && /^\d{1,9}$/.test(header.trim()) ? Number(header.trim()) : undefined;
}

/**
 * What to say about a refusal that came without the server's error shape: its code, and the
 * message the error carries. Only codes that have words (lib/error-words.ts).
 */
export interface FallbackWords {
  /** Code and message for particular statuses. */
  readonly byStatus: Readonly<Record<number, readonly [code: ClientErrorCode | ErrorCode, message: string]>>;
  /** For any other 5xx (`server_error`). */
  readonly serverError: string;
  /** For any other status (`http_error`). */
  readonly otherError: (status: number) => string;
}

const REQUEST_WORDS: FallbackWords = {
  byStatus: {
    429: ['too_many_requests', 'There have been too many attempts. Please wait a minute and try again.'],
  },
  serverError: 'Something went wrong on our side. Please try again in a moment.',
  otherError: (status) => `The request could not be completed (error ${status}).`,
};

/** The error of a refusal whose body is not the server's error shape, in `words`. */
export function fallbackError(status: number, words: FallbackWords = REQUEST_WORDS): ApiError {
  const [code, message] =
    words.byStatus[status] ??
    (status >= 500 ? ['server_error', words.serverError] : ['http_error', words.otherError(status)]);
  return new ApiError(status, code, message);
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

/**
 * A person who cannot get through the check is told so plainly; the code lets pages tell it
 * apart from the server's own refusals.
 */
function proofOfWorkFailed(): ApiError {
  return new ApiError(
    429,
    'proof_of_work_failed',
    'This browser could not finish a check that Confide asks for when many requests come from one network. Please try again in a few minutes.',
  );
}

/**
 * Solves the challenge in a refusal, for a call that may still send again: the header value
 * to send with it, or undefined when the refusal carries no challenge (or enough were solved).
 */
export async function proofForRetry(
  status: number,
  body: unknown,
  proofsSoFar: number,
  options: RequestOptions,
): Promise<string | undefined> {
  const challenge = challengeFrom(status, body);
  if (!challenge || proofsSoFar >= MAX_PROOFS_PER_REQUEST) return undefined;
  try {
    return await solveChallenge(challenge, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProofOfWork ? { onProgress: options.onProofOfWork } : {}),
    });
  } catch (error) {
    if (error instanceof ProofOfWorkError) throw proofOfWorkFailed();
    throw error;
  }
}

async function request<T>(
  method: Method,
  path: string,
  decode: Decoder<T>,
  body: unknown,
  options: RequestOptions,
): Promise<T> {
  let proof: string | undefined;
  for (let proofs = 0; ; proofs++) {
    const result = await send(method, path, decode, body, options, proof);
    if (result.ok) return result.value;
    proof = await proofForRetry(result.error.status, result.body, proofs, options);
    if (proof === undefined) throw result.error;
  }
}

/** One request: the decoded reply, or the error with the body it came with (for a challenge). */
async function send<T>(
  method: Method,
  path: string,
  decode: Decoder<T>,
  body: unknown,
  options: RequestOptions,
  proof: string | undefined,
): Promise<{ ok: true; value: T } | { ok: false; error: ApiError; body: unknown }> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') Object.assign(headers, MUTATION_HEADER);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (proof !== undefined) headers[PROOF_OF_WORK_HEADER] = proof;

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
    const error =
      (parsed.ok
        ? errorFromBody(response.status, parsed.value, response.headers.get('Retry-After'))
        : undefined) ?? fallbackError(response.status);
    return { ok: false, error, body: parsed.ok ? parsed.value : undefined };
  }
  if (!parsed.ok) throw unreadableReply(response.status);
  return { ok: true, value: decodeReply(response.status, parsed.value, decode) };
}

function unreadableReply(status: number): ApiError {
  return new ApiError(status, 'invalid_response', 'Confide sent a reply this page could not read.');
}

/** The decoded reply; a reply of the wrong shape is ApiError `invalid_response`, whatever the decoder threw. */
export function decodeReply<T>(status: number, body: unknown, decode: Decoder<T>): T {
  try {
    return decode(body);
  } catch {
    throw unreadableReply(status);
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
