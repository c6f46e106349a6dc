/**
 * How the test client speaks HTTP: a transport (`app.inject` or a real URL with fetch), an
 * Agent (one browser: its own cookie jar and default headers) on top of it, and the check of
 * a reply's status. No cryptography here.
 */

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  /** Path and query, starting with "/". */
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** The client address the server sees (inject only; a real socket has its own). */
  remoteAddress?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Every Set-Cookie header, raw. */
  setCookies: string[];
  body: Buffer;
}

export interface Transport {
  send(request: HttpRequest): Promise<HttpResponse>;
}

/** What `transportFor` needs of a Fastify app: its `inject`. */
export interface Injectable {
  inject(options: {
    method: HttpMethod;
    url: string;
    headers: Record<string, string>;
    payload?: string | Buffer;
    remoteAddress?: string;
  }): Promise<{
    statusCode: number;
    headers: Record<string, string | string[] | number | undefined>;
    rawPayload: Buffer;
  }>;
}

/** Requests through `app.inject` (no socket; `remoteAddress` decides the client address). */
export function injectTransport(app: Injectable): Transport {
  return {
    async send(request) {
      const res = await app.inject({
        method: request.method,
        url: request.path,
        headers: request.headers,
        ...(request.body === undefined
          ? {}
          : { payload: typeof request.body === 'string' ? request.body : Buffer.from(request.body) }),
        ...(request.remoteAddress === undefined ? {} : { remoteAddress: request.remoteAddress }),
      });
      const headers: HttpResponse['headers'] = {};
      for (const [name, value] of Object.entries(res.headers)) {
        headers[name.toLowerCase()] = typeof value === 'number' ? String(value) : value;
      }
      const setCookie = headers['set-cookie'];
      const setCookies = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
      return { status: res.statusCode, headers, setCookies, body: res.rawPayload };
    },
  };
}

/**
 * Requests over real HTTP to `baseUrl` (e.g. from startAppServer). With `timeoutMs`, a request
 * still unanswered after that long is aborted (a TimeoutError) instead of waiting forever.
 */
export function fetchTransport(baseUrl: string, options: { timeoutMs?: number } = {}): Transport {
  const base = baseUrl.replace(/\/$/, '');
  return {
    async send(request) {
      const res = await fetch(`${base}${request.path}`, {
        method: request.method,
        headers: request.headers,
        redirect: 'manual',
        ...(options.timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(options.timeoutMs) }),
        ...(request.body === undefined ? {} : { body: request.body }),
      });
      const headers: HttpResponse['headers'] = {};
      res.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      return {
        status: res.status,
        headers,
        setCookies: res.headers.getSetCookie(),
        body: Buffer.from(await res.arrayBuffer()),
      };
    },
  };
}

// ---------------------------------------------------------------------------
// Agent: one browser (its own cookie jar) on a transport
// ---------------------------------------------------------------------------

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the reply type
  json<T = unknown>(): T;
}

export interface RequestOptions {
  /** A JSON body (sent as application/json). */
  json?: unknown;
  /** A raw body; `contentType` says what it is (none by default). */
  body?: string | Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
  /** Send `X-Requested-With: confide` (default: on for POST/PATCH/PUT/DELETE). */
  csrf?: boolean;
  remoteAddress?: string;
}

export interface AgentOptions {
  /** The address the server sees for this browser (inject transports only). */
  remoteAddress?: string;
  /** Headers sent with every request (e.g. an X-Forwarded-For a proxy would add). */
  headers?: Record<string, string>;
}

const MUTATING = new Set<HttpMethod>(['POST', 'PATCH', 'PUT', 'DELETE']);

/** One browser: a cookie jar and default headers over a transport. */
export class Agent {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly transport: Transport,
    readonly options: AgentOptions = {},
  ) {}

  /** Another browser on the same server: no cookies, the same options unless given. */
  fresh(options: AgentOptions = this.options): Agent {
    return new Agent(this.transport, options);
  }

  async request(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...this.options.headers };
    if (options.csrf ?? MUTATING.has(method)) headers['x-requested-with'] = 'confide';
    let body: string | Uint8Array | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    } else if (options.body !== undefined) {
      body = options.body;
    }
    if (options.contentType !== undefined) headers['content-type'] = options.contentType;
    if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    Object.assign(headers, options.headers);
    const remoteAddress = options.remoteAddress ?? this.options.remoteAddress;
    const res = await this.transport.send({
      method,
      path,
      headers,
      ...(body === undefined ? {} : { body }),
      ...(remoteAddress === undefined ? {} : { remoteAddress }),
    });
    this.#storeCookies(res.setCookies);
    const text = res.body.toString('utf8');
    return {
      status: res.status,
      headers: res.headers,
      body: res.body,
      text,
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- as above
      json<T>() {
        return JSON.parse(text) as T;
      },
    };
  }

  get(path: string, options?: RequestOptions): Promise<ApiResponse> {
    return this.request('GET', path, options);
  }
  post(path: string, json?: unknown, options: RequestOptions = {}): Promise<ApiResponse> {
    return this.request('POST', path, json === undefined ? options : { ...options, json });
  }
  patch(path: string, json?: unknown, options: RequestOptions = {}): Promise<ApiResponse> {
    return this.request('PATCH', path, json === undefined ? options : { ...options, json });
  }
  delete(path: string, options?: RequestOptions): Promise<ApiResponse> {
    return this.request('DELETE', path, options);
  }

  #storeCookies(setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => {
        const [key = '', v = ''] = a.split('=');
        const k = key.trim().toLowerCase();
        return (k === 'expires' && Date.parse(v) <= Date.now()) || (k === 'max-age' && Number(v) <= 0);
      });
      if (value === '' || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** An agent over `app.inject`. */
export function injectAgent(app: Injectable, options: AgentOptions = {}): Agent {
  return new Agent(injectTransport(app), options);
}

/** A reply with an unexpected status: the message carries the body, so a failing test says why. */
export class UnexpectedReply extends Error {
  constructor(
    readonly response: ApiResponse,
    expected: readonly number[],
    what: string,
  ) {
    super(
      `${what}: expected ${expected.join(' or ')}, got ${response.status}: ${response.text.slice(0, 500)}`,
    );
    this.name = 'UnexpectedReply';
  }
}

/** Returns the parsed body when the status is one of `expected`, otherwise throws UnexpectedReply. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the reply type
export function expectReply<T>(res: ApiResponse, expected: number | readonly number[], what: string): T {
  const list = typeof expected === 'number' ? [expected] : expected;
  if (!list.includes(res.status)) throw new UnexpectedReply(res, list, what);
  return (res.text === '' ? undefined : res.json<T>()) as T;
}

/**
 * Checks a refusal: the status is `status` and the error shape names `code`; otherwise throws
 * UnexpectedReply (or an Error naming both codes), so a failing test shows the reply.
 */
export function expectError(res: ApiResponse, status: number, code: string, what = 'the request'): void {
  if (res.status !== status) throw new UnexpectedReply(res, [status], what);
  let actual: unknown;
  try {
    actual = res.json<{ error?: { code?: unknown } }>().error?.code;
  } catch {
    actual = undefined;
  }
  if (actual !== code) {
    throw new Error(`${what}: expected error code ${code}, got ${String(actual)}: ${res.text.slice(0, 500)}`);
  }
}
