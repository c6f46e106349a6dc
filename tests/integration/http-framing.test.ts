/**
 * HTTP framing over a real socket: requests Node's parser refuses (negative, absurd or
 * conflicting lengths, chunked and Content-Length together, broken chunks, unknown methods,
 * headers or URLs too large), bodies that stop half-way, requests arriving while the server
 * shuts down, and percent-encoded spellings of API paths sent without the CSRF header.
 *
 * Every reply that arrives is parsed (status line, headers, body) and, when it is a 4xx or 5xx,
 * must be the one error shape as JSON: Node's own bare replies ("400 Bad Request" with an empty
 * body, 431) and Fastify's default `{statusCode, error, message}` do not count.
 */
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWithGrace } from '../../server/app.js';
import { startAppServer, type TestApp } from '../helpers/app-server.js';
import { errorShapeProblem } from '../helpers/fuzz/oracle.js';
import { exchange, RawConnection, type Outcome, type RawResponse } from '../helpers/fuzz/raw-http.js';

/** How long a refusal may take to arrive (generous: two shared cores, other suites running). */
const REPLY_DEADLINE_MS = 10_000;
/** The body idle timeout is 2 s here; a stalled request must be over well within this. */
const STALL_DEADLINE_MS = 20_000;

let server: TestApp & { url: string };
let port: number;

beforeAll(async () => {
  server = await startAppServer({
    env: { CONFIDE_RATE_LIMIT: 'off', CONFIDE_BODY_IDLE_SECONDS: '2', MAX_ATTACHMENT_MB: '1' },
  });
  port = Number(new URL(server.url).port);
});
afterAll(async () => {
  await server.close();
});

const CRLF = '\r\n';

/** A request's bytes: request line, headers (Host first unless given), blank line, body. */
function raw(requestLine: string, headers: readonly string[] = [], body: string | Buffer = ''): Buffer {
  const head = [
    requestLine,
    ...(headers.some((h) => /^host:/i.test(h)) ? [] : ['Host: 127.0.0.1']),
    ...headers,
  ];
  return Buffer.concat([Buffer.from(`${head.join(CRLF)}${CRLF}${CRLF}`, 'latin1'), Buffer.from(body)]);
}

function describeOutcome(outcome: Outcome): string {
  if (outcome.kind !== 'reply')
    return outcome.kind === 'closed' ? 'the connection closed without a reply' : 'no reply and no close';
  const { response } = outcome;
  return `${response.statusLine} ${JSON.stringify(response.headers)} ${response.body.toString('utf8').slice(0, 300)}`;
}

/** Why a reply is not the error shape, or undefined; only for 4xx/5xx. */
function shapeProblem(response: RawResponse): string | undefined {
  if (response.status < 400) return undefined;
  return errorShapeProblem(response).problem;
}

/** The outcome must be a reply with one of `statuses`, in the error shape. */
function expectRefusal(outcome: Outcome, statuses: readonly number[], what: string): RawResponse {
  expect(outcome.kind, `${what}: ${describeOutcome(outcome)}`).toBe('reply');
  if (outcome.kind !== 'reply') throw new Error('unreachable');
  const { response } = outcome;
  expect(statuses, `${what}: ${describeOutcome(outcome)}`).toContain(response.status);
  expect(shapeProblem(response), `${what}: ${describeOutcome(outcome)}`).toBeUndefined();
  return response;
}

const json = ['Content-Type: application/json', 'X-Requested-With: confide'];

describe('requests Node’s HTTP parser refuses get the error shape', () => {
  const cases: { name: string; data: () => Buffer; statuses: readonly number[] }[] = [
    {
      name: 'a negative Content-Length',
      data: () => raw('POST /api/session/params HTTP/1.1', [...json, 'Content-Length: -1'], '{}'),
      statuses: [400],
    },
    {
      name: 'an absurd Content-Length (99999999999999999999)',
      data: () =>
        raw('POST /api/session/params HTTP/1.1', [...json, 'Content-Length: 99999999999999999999'], '{}'),
      statuses: [400, 413],
    },
    {
      name: 'a Content-Length that is not a number',
      data: () => raw('POST /api/session/params HTTP/1.1', [...json, 'Content-Length: 1e3'], '{}'),
      statuses: [400],
    },
    {
      name: 'two different Content-Lengths',
      data: () =>
        raw('POST /api/session/params HTTP/1.1', [...json, 'Content-Length: 2', 'Content-Length: 3'], '{}'),
      statuses: [400],
    },
    {
      name: 'Transfer-Encoding: chunked together with Content-Length (the smuggling shape)',
      data: () =>
        raw(
          'POST /api/session/params HTTP/1.1',
          [...json, 'Content-Length: 4', 'Transfer-Encoding: chunked'],
          `2${CRLF}{}${CRLF}0${CRLF}${CRLF}`,
        ),
      statuses: [400],
    },
    {
      name: 'a Transfer-Encoding other than chunked',
      data: () => raw('POST /api/session/params HTTP/1.1', [...json, 'Transfer-Encoding: identity'], '{}'),
      statuses: [400, 501],
    },
    {
      name: 'a space before the colon of Transfer-Encoding',
      data: () =>
        raw(
          'POST /api/session/params HTTP/1.1',
          [...json, 'Transfer-Encoding : chunked'],
          `2${CRLF}{}${CRLF}0${CRLF}${CRLF}`,
        ),
      statuses: [400],
    },
    {
      name: 'a chunk size that is not hex',
      data: () =>
        raw(
          'POST /api/session/params HTTP/1.1',
          [...json, 'Transfer-Encoding: chunked'],
          `zz${CRLF}{}${CRLF}0${CRLF}${CRLF}`,
        ),
      statuses: [400],
    },
    {
      name: 'a chunk size that overflows',
      data: () =>
        raw(
          'POST /api/session/params HTTP/1.1',
          [...json, 'Transfer-Encoding: chunked'],
          `fffffffffffffffffffff${CRLF}{}${CRLF}0${CRLF}${CRLF}`,
        ),
      statuses: [400, 413],
    },
    {
      name: 'a chunk longer than its size',
      data: () =>
        raw(
          'POST /api/session/params HTTP/1.1',
          [...json, 'Transfer-Encoding: chunked'],
          `1${CRLF}{}}}${CRLF}0${CRLF}${CRLF}`,
        ),
      statuses: [400],
    },
    {
      name: 'an unknown method (FOO)',
      data: () => raw('FOO /api/health HTTP/1.1'),
      statuses: [400, 405, 501],
    },
    {
      name: 'an unknown method (BREW)',
      data: () => raw('BREW /api/health HTTP/1.1'),
      statuses: [400, 405, 501],
    },
    { name: 'a lower-case method', data: () => raw('get /api/health HTTP/1.1'), statuses: [400, 405, 501] },
    {
      name: 'a WebDAV method (PROPFIND)',
      data: () => raw('PROPFIND /api/cases HTTP/1.1'),
      statuses: [404, 405, 501],
    },
    {
      name: 'a 100 KB cookie',
      data: () => raw('GET /api/health HTTP/1.1', [`Cookie: confide_member=${'a'.repeat(100 * 1024)}`]),
      statuses: [431],
    },
    {
      name: 'a 100 KB path',
      data: () => raw(`GET /api/teams/${'a'.repeat(100 * 1024)} HTTP/1.1`),
      statuses: [400, 414, 431],
    },
    {
      name: 'a header line folded onto the next (obs-fold)',
      data: () => raw('GET /api/health HTTP/1.1', ['X-Test: a', ' b']),
      statuses: [400],
    },
    {
      name: 'a header name with a space',
      data: () => raw('GET /api/health HTTP/1.1', ['Bad Header: x']),
      statuses: [400],
    },
    {
      name: 'a NUL in a header value',
      data: () => raw('GET /api/health HTTP/1.1', ['X-Test: a\u0000b']),
      statuses: [400],
    },
    {
      name: 'an Expect header other than 100-continue, on a body',
      data: () =>
        raw('POST /api/session/params HTTP/1.1', [...json, 'Content-Length: 2', 'Expect: foo'], '{}'),
      statuses: [417],
    },
    {
      name: 'an Expect header other than 100-continue, on a GET',
      data: () => raw('GET /api/health HTTP/1.1', ['Expect: 200-ok']),
      statuses: [417],
    },
    {
      name: 'HTTP/1.1 without a Host header',
      data: () => Buffer.from(`GET /api/health HTTP/1.1${CRLF}${CRLF}`, 'latin1'),
      statuses: [400],
    },
  ];

  for (const { name, data, statuses } of cases) {
    it(`answers ${name} with ${statuses.join(' or ')} in the error shape`, async () => {
      expectRefusal(await exchange(port, data(), REPLY_DEADLINE_MS), statuses, name);
    });
  }

  // Odd but not refused by Node (it serves them as HTTP/1.1): whatever the reply, it follows the rules.
  const tolerated: { name: string; data: () => Buffer }[] = [
    { name: 'HTTP/2.0 in an HTTP/1 request line', data: () => raw('GET /api/health HTTP/2.0') },
    { name: 'HTTP/1.0', data: () => raw('GET /api/health HTTP/1.0') },
    { name: 'an empty Host header', data: () => raw('GET /api/health HTTP/1.1', ['Host:']) },
    {
      name: 'an absolute-form request target',
      data: () => raw('GET http://evil.example/api/health HTTP/1.1'),
    },
    { name: 'an asterisk request target', data: () => raw('OPTIONS * HTTP/1.1') },
    { name: 'a request target without a slash', data: () => raw('GET api/health HTTP/1.1') },
  ];
  for (const { name, data } of tolerated) {
    it(`answers ${name} by the rules, whatever the status`, async () => {
      const outcome = await exchange(port, data(), REPLY_DEADLINE_MS);
      expect(outcome.kind, `${name}: ${describeOutcome(outcome)}`).not.toBe('timeout');
      if (outcome.kind !== 'reply') return;
      const { response } = outcome;
      expect(response.status, `${name}: ${describeOutcome(outcome)}`).toBeLessThan(500);
      expect(shapeProblem(response), `${name}: ${describeOutcome(outcome)}`).toBeUndefined();
      if (response.status < 300)
        expect(response.headers['content-type'], name).toMatch(/^(application\/json|text\/html)/);
    });
  }

  it('answers a Content-Length above the body limit with a 413 at once, without reading the body', async () => {
    const connection = await RawConnection.open(port);
    try {
      await connection.write(
        raw('POST /api/reports HTTP/1.1', [...json, `Content-Length: ${3 * 1024 * 1024}`], '{"id":'),
      );
      expectRefusal(await connection.next(REPLY_DEADLINE_MS), [413], 'a 3 MiB report');
    } finally {
      connection.destroy();
    }
  });

  it('answers an upload declared larger than an attachment may be with a 413 at once', async () => {
    const connection = await RawConnection.open(port);
    try {
      await connection.write(
        raw(
          'POST /api/attachments HTTP/1.1',
          [
            'Content-Type: application/octet-stream',
            'X-Requested-With: confide',
            `Content-Length: ${3 * 1024 * 1024}`,
          ],
          Buffer.alloc(1024),
        ),
      );
      expectRefusal(await connection.next(REPLY_DEADLINE_MS), [413], 'a 3 MiB file');
    } finally {
      connection.destroy();
    }
  });

  it('does not answer a request smuggled in a body framed both ways', async () => {
    const smuggled = `GET /api/health HTTP/1.1${CRLF}Host: 127.0.0.1${CRLF}${CRLF}`;
    const connection = await RawConnection.open(port);
    try {
      await connection.write(
        raw(
          'POST /api/session/params HTTP/1.1',
          [...json, 'Content-Length: 5', 'Transfer-Encoding: chunked'],
          `0${CRLF}${CRLF}${smuggled}`,
        ),
      );
      expectRefusal(await connection.next(REPLY_DEADLINE_MS), [400], 'the outer request');
      // Whatever follows, it is not the smuggled request's 200.
      const after = await connection.next(REPLY_DEADLINE_MS);
      expect(after.kind, describeOutcome(after)).toBe('closed');
    } finally {
      connection.destroy();
    }
  });
});

describe('requests that stop half-way do not hold a connection forever', () => {
  /** A reply (400 or 408 in the error shape) or the connection closed; never neither. */
  async function expectDropped(data: Buffer, what: string): Promise<void> {
    const connection = await RawConnection.open(port);
    try {
      await connection.write(data);
      const outcome = await connection.next(STALL_DEADLINE_MS);
      expect(outcome.kind, `${what}: ${describeOutcome(outcome)}`).not.toBe('timeout');
      if (outcome.kind === 'reply') expectRefusal(outcome, [400, 408], what);
    } finally {
      connection.destroy();
    }
  }

  it('drops a body shorter than its Content-Length that then goes silent', async () => {
    await expectDropped(
      raw('POST /api/session/params HTTP/1.1', [...json, 'Content-Length: 1000'], '{"team":"'),
      'a body 991 bytes short',
    );
  });

  it('drops an upload that goes silent half-way', async () => {
    await expectDropped(
      raw(
        'POST /api/attachments HTTP/1.1',
        ['Content-Type: application/octet-stream', 'X-Requested-With: confide', 'Content-Length: 100000'],
        Buffer.alloc(5000),
      ),
      'an upload 95000 bytes short',
    );
  });

  it('drops a chunked body that stops mid-chunk', async () => {
    await expectDropped(
      raw('POST /api/session/params HTTP/1.1', [...json, 'Transfer-Encoding: chunked'], `100${CRLF}{"team":`),
      'a chunk cut short',
    );
  });

  it('drops a request whose headers never end', async () => {
    await expectDropped(
      Buffer.from(`GET /api/health HTTP/1.1${CRLF}Host: 127.0.0.1${CRLF}X-Slow: 1${CRLF}`, 'latin1'),
      'unfinished headers',
    );
  });
});

describe('percent-encoded spellings of API paths', () => {
  /** Codes that may refuse a state-changing request without the header: the CSRF check, or no such route. */
  const REFUSED_BEFORE_ANY_HANDLER = ['missing_csrf_header', 'not_found', 'bad_url'];

  const paths = [
    '/%61pi/reports',
    '/%61%70%69/reports',
    '/%41pi/reports',
    '/api/%72eports',
    '/api%2Freports',
    '/%2561pi/reports',
    '/%61pi/session',
    '/%61pi/receipt/withdraw',
    '/%61pi/cases/0b8e2f4a-7c61-4d3e-a5b9-2c8d1e0f6a73/items',
    '/%61pi/teams/some-team/invitations',
    '/%61pi/attachments',
    '/%61pi/regrants',
  ];

  for (const path of paths) {
    it(`refuses POST ${path} without the CSRF header before any handler runs`, async () => {
      const outcome = await exchange(
        port,
        raw(`POST ${path} HTTP/1.1`, ['Content-Type: application/json', 'Content-Length: 2'], '{}'),
        REPLY_DEADLINE_MS,
      );
      const response = expectRefusal(outcome, [400, 403, 404], `POST ${path}`);
      const { code } = errorShapeProblem(response);
      expect(REFUSED_BEFORE_ANY_HANDLER, `POST ${path}: ${describeOutcome(outcome)}`).toContain(code);
      // Routed to the API (the router decodes the escapes once, case-sensitively): never cached.
      if (decodeURIComponent(path).startsWith('/api/')) {
        expect(response.headers['cache-control'], `POST ${path}: ${describeOutcome(outcome)}`).toBe(
          'no-store',
        );
      }
    });
  }

  it('marks a reply to an encoded spelling of an API path no-store', async () => {
    for (const path of ['/%61pi/health', '/%61pi/config', '/api/%74eams']) {
      const outcome = await exchange(port, raw(`GET ${path} HTTP/1.1`), REPLY_DEADLINE_MS);
      expect(outcome.kind, `GET ${path}: ${describeOutcome(outcome)}`).toBe('reply');
      if (outcome.kind !== 'reply') continue;
      expect(outcome.response.status, `GET ${path}: ${describeOutcome(outcome)}`).toBe(200);
      expect(outcome.response.headers['cache-control'], `GET ${path}: ${describeOutcome(outcome)}`).toBe(
        'no-store',
      );
      expect(outcome.response.headers['content-type'], `GET ${path}`).toMatch(/^application\/json/);
    }
  });
});

describe('a request while the server shuts down', () => {
  /** Waits, a few milliseconds at a time, for `condition` to hold; fails after the reply deadline. */
  async function until(what: string, condition: () => boolean): Promise<void> {
    const deadline = Date.now() + REPLY_DEADLINE_MS;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /**
   * The server's end of each connection, by the client's port: how many bytes it has read tells
   * when the parser has seen what the test sent (it runs in the same step as the read).
   */
  function serverSockets(app: TestApp['app']): (client: RawConnection) => Socket {
    const sockets = new Map<number, Socket>();
    app.server.on('connection', (socket: Socket) => sockets.set(socket.remotePort ?? -1, socket));
    return (client) => {
      const socket = sockets.get(client.socket.localPort ?? -2);
      if (socket === undefined) throw new Error('the server has not accepted this connection');
      return socket;
    };
  }

  const uploadHead = (length: number): Buffer =>
    raw('POST /api/attachments HTTP/1.1', [
      'Content-Type: application/octet-stream',
      'X-Requested-With: confide',
      `Content-Length: ${length}`,
    ]);

  it('answers a new request on a kept-alive connection with 503 shutting_down and Retry-After, and finishes the one in flight', async () => {
    // A server of its own: this test closes it.
    const closing = await startAppServer({ env: { CONFIDE_RATE_LIMIT: 'off' } });
    const closingPort = Number(new URL(closing.url).port);
    const serverSide = serverSockets(closing.app);
    const upload = await RawConnection.open(closingPort);
    const keptAlive = await RawConnection.open(closingPort);
    const idle = await RawConnection.open(closingPort);
    let closed: Promise<void> | undefined;
    try {
      // Two kept-alive connections, each with one request answered and the socket left open.
      for (const connection of [keptAlive, idle]) {
        await connection.write(raw('GET /api/health HTTP/1.1'));
        const first = await connection.next(REPLY_DEADLINE_MS);
        expect(first.kind === 'reply' && first.response.status, describeOutcome(first)).toBe(200);
        expect(first.kind === 'reply' && first.response.headers.connection, describeOutcome(first)).not.toBe(
          'close',
        );
      }

      // An upload that has sent half its body: what keeps the server from closing at once.
      const file = Buffer.alloc(100_000, 7);
      const head = uploadHead(file.length);
      await upload.write(Buffer.concat([head, file.subarray(0, 50_000)]));
      await until('the server to read the first half of the upload', () => {
        return serverSide(upload).bytesRead >= head.length + 50_000;
      });

      // The kept-alive connection starts its next request: everything but the blank line that
      // ends the headers, so the server sees a request begun (a connection that is not idle,
      // which closing would drop) but not yet one it can answer.
      const next = raw('GET /api/health HTTP/1.1');
      const sent = keptAlive.socket.bytesWritten;
      await keptAlive.write(next.subarray(0, next.length - 2));
      await until('the server to read the start of the next request', () => {
        return serverSide(keptAlive).bytesRead >= sent + next.length - 2;
      });

      closed = closing.close();
      // Closing has begun once the server no longer listens (after the preClose hooks).
      await until('the server to stop listening', () => !closing.app.server.listening);

      // The request arrives now: refused in the error shape, to be sent again elsewhere or later.
      await keptAlive.write(next.subarray(next.length - 2));
      const refused = expectRefusal(
        await keptAlive.next(REPLY_DEADLINE_MS),
        [503],
        'a request while closing',
      );
      expect(JSON.parse(refused.body.toString('utf8'))).toMatchObject({ error: { code: 'shutting_down' } });
      expect(refused.headers['retry-after'], describeOutcome({ kind: 'reply', response: refused })).toMatch(
        /^\d+$/,
      );
      expect(refused.headers.connection).toBe('close');
      const afterRefusal = await keptAlive.next(REPLY_DEADLINE_MS);
      expect(afterRefusal.kind, describeOutcome(afterRefusal)).toBe('closed');

      // The idle kept-alive connection was closed by the server when closing began.
      const idleOutcome = await idle.next(REPLY_DEADLINE_MS);
      expect(idleOutcome.kind, `the idle connection: ${describeOutcome(idleOutcome)}`).toBe('closed');

      // The upload in flight is not cut off: the rest of its body arrives, it is stored, and its
      // reply ends the connection so that nothing idles on it while the server stops.
      await upload.write(file.subarray(50_000));
      const finished = await upload.next(REPLY_DEADLINE_MS);
      expect(finished.kind === 'reply' && finished.response.status, describeOutcome(finished)).toBe(201);
      expect(
        finished.kind === 'reply' && finished.response.headers.connection,
        describeOutcome(finished),
      ).toBe('close');
      await closed;
    } finally {
      upload.destroy();
      keptAlive.destroy();
      idle.destroy();
      await (closed ?? closing.close());
    }
  });

  it('closes a request that keeps trickling once the grace period is over', async () => {
    const closing = await startAppServer({ env: { CONFIDE_RATE_LIMIT: 'off' } });
    const closingPort = Number(new URL(closing.url).port);
    const serverSide = serverSockets(closing.app);
    const upload = await RawConnection.open(closingPort);
    let trickle: NodeJS.Timeout | undefined;
    let closed: Promise<void> | undefined;
    try {
      const file = Buffer.alloc(100_000, 7);
      const head = uploadHead(file.length);
      let sent = 50_000;
      await upload.write(Buffer.concat([head, file.subarray(0, sent)]));
      await until('the server to read the first half of the upload', () => {
        return serverSide(upload).bytesRead >= head.length + sent;
      });
      // A byte every 50 ms, never the last one: a client that would hold the close forever.
      trickle = setInterval(() => {
        if (sent < file.length - 1) void upload.write(file.subarray(sent, ++sent));
      }, 50);

      let cut = false;
      closed = closeWithGrace(closing.app, 300, () => (cut = true));
      const outcome = await upload.next(REPLY_DEADLINE_MS);
      expect(outcome.kind, describeOutcome(outcome)).toBe('closed');
      await closed;
      expect(cut).toBe(true);
      expect(sent, 'bytes were still arriving when the connection was closed').toBeGreaterThan(50_000);
      expect(sent).toBeLessThan(file.length);
    } finally {
      clearInterval(trickle);
      upload.destroy();
      await closed?.catch(() => undefined);
      // Closing a closed app again does nothing; then the database goes.
      await closing.close();
    }
  });
});
