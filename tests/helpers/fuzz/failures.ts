/**
 * Sending a fuzzed request with a deadline, and collecting what went wrong: one entry per route,
 * status, error code and problem, keeping the smallest request that showed it, so that one run
 * reports every distinct bug once, each with a reproduction that can be pasted into a test.
 */
import type { FuzzRequest } from './requests.js';
import type { Reply } from './oracle.js';

/** What `transport` needs: Fastify's `inject`, or anything shaped like it. */
export interface Injector {
  inject(options: {
    method: string;
    url: string;
    headers: Record<string, string>;
    payload?: string | Buffer;
  }): PromiseLike<{
    statusCode: number;
    headers: Record<string, string | string[] | number | undefined>;
    rawPayload: Buffer;
  }>;
}

export class Deadline extends Error {
  constructor(readonly ms: number) {
    super(`no reply within ${ms} ms`);
    this.name = 'Deadline';
  }
}

/** `request` through `app.inject`, or a Deadline error after `ms` (the request is not cancelled). */
export async function sendWithDeadline(app: Injector, request: FuzzRequest, ms: number): Promise<Reply> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Deadline(ms)), ms);
  });
  try {
    const res = await Promise.race([
      app.inject({
        method: request.method,
        url: request.url,
        headers: { ...request.headers },
        ...(request.payload === undefined ? {} : { payload: request.payload }),
      }),
      deadline,
    ]);
    return { status: res.statusCode, headers: res.headers, body: res.rawPayload };
  } finally {
    clearTimeout(timer);
  }
}

function shorten(text: string, max = 300): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** The request as a reproduction: method, URL, headers and body, long values cut. */
export function describeRequest(request: FuzzRequest): string {
  const headers = Object.entries(request.headers)
    .map(([name, value]) => `  ${name}: ${shorten(JSON.stringify(value), 200)}`)
    .join('\n');
  let body = '  (no body)';
  if (typeof request.payload === 'string') body = `  ${shorten(JSON.stringify(request.payload), 600)}`;
  else if (request.payload !== undefined)
    body = `  ${request.payload.length} bytes: ${shorten(request.payload.toString('hex'), 120)}`;
  return `${request.method} ${shorten(request.url, 300)}\n${headers}\n body:\n${body}`;
}

function size(request: FuzzRequest): number {
  return request.url.length + JSON.stringify(request.headers).length + (request.payload?.length ?? 0);
}

export interface Failure {
  /** Route, status, error code and problem: what makes two failures the same bug. */
  readonly key: string;
  readonly route: string;
  readonly request: FuzzRequest;
  readonly problems: readonly string[];
  readonly status: number | 'no reply';
  readonly replyExcerpt: string;
  /** Where fast-check produced it: seed and run index, to replay. */
  readonly origin: string;
}

export class FailureLog {
  readonly #byKey = new Map<string, { failure: Failure; count: number }>();

  /** Records a failure; of two with the same key, the smaller request is kept. */
  record(failure: Failure): void {
    const known = this.#byKey.get(failure.key);
    if (known === undefined) {
      this.#byKey.set(failure.key, { failure, count: 1 });
      return;
    }
    known.count += 1;
    if (size(failure.request) < size(known.failure.request)) known.failure = failure;
  }

  /** Replaces the kept request of `key` (with a shrunk one). */
  replace(key: string, failure: Failure): void {
    const known = this.#byKey.get(key);
    if (known !== undefined) known.failure = failure;
  }

  has(key: string): boolean {
    return this.#byKey.has(key);
  }

  get size(): number {
    return this.#byKey.size;
  }

  forRoute(route: string): Failure[] {
    return [...this.#byKey.values()]
      .filter((entry) => entry.failure.route === route)
      .map((entry) => entry.failure);
  }

  /** Every failure, each with its reproduction, for a test's message. */
  format(route?: string): string {
    const entries = [...this.#byKey.values()].filter(
      (entry) => route === undefined || entry.failure.route === route,
    );
    if (entries.length === 0) return 'no failures';
    return entries
      .map(({ failure, count }, i) =>
        [
          `#${i + 1} ${failure.key}  (${count} request${count === 1 ? '' : 's'}; ${failure.origin})`,
          `  problems: ${failure.problems.join('; ')}`,
          `  tried: ${failure.request.label}`,
          `  reply: ${failure.status} ${shorten(failure.replyExcerpt, 300)}`,
          `  reproduction:`,
          describeRequest(failure.request)
            .split('\n')
            .map((line) => `    ${line}`)
            .join('\n'),
        ].join('\n'),
      )
      .join('\n\n');
  }
}
