/**
 * The whole application as one Fastify instance, built the same way by the entry point
 * (server/main.ts) and by the tests. The database is opened by the caller and passed in, so
 * tests can give each file its own database and the entry point owns its lifecycle.
 *
 * Registration order matters:
 *   1. the database and configuration (decorators the rate limits already read), security
 *      headers, compression (it sees routes as they are added; it compresses only those that opt
 *      in, plugins/compression.ts), rate limiting and sessions (plugins every route relies on),
 *   2. OpenAPI, which must see routes as they are added,
 *   3. the routes, each area in its own encapsulated scope (plugins typed with the TypeBox
 *      provider; what a scope requires of a session is declared in it, plugins/auth.ts),
 *   4. the client pages and the not-found handler, last, so they never shadow an API route.
 */
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ErrorCode } from '#contract/errors';
import type { AppConfig, TrustProxy } from './config.js';
import type { Database } from './db/database.js';
import { errorBody, installErrorHandler, RETRY_AFTER_SECONDS } from './errors.js';
import { loggerOptions, requestIdOptions } from './logger.js';
import context from './plugins/context.js';
import { readJsonBodies } from './plugins/json-bodies.js';
import securityHeaders, { ERROR_REPLY_HEADERS } from './plugins/security-headers.js';
import compression from './plugins/compression.js';
import rateLimit from './plugins/rate-limit.js';
import apiDocs from './plugins/api-docs.js';
import clientApp from './plugins/client-app.js';
import healthRoutes from './routes/health.js';
import auth from './plugins/auth.js';
import teamRoutes from './routes/teams.js';
import setupRoutes from './routes/setup.js';
import sessionRoutes from './routes/session.js';
import memberRoutes from './routes/members.js';
import reportRoutes from './routes/reports.js';
import receiptRoutes from './routes/receipt.js';
import appealRoutes from './routes/appeals.js';
import caseRoutes from './routes/cases.js';
import caseDecisionRoutes from './routes/case-decisions.js';
import caseTagRoutes from './routes/case-tags.js';
import caseTargetRoutes from './routes/case-target.js';
import referralRoutes from './routes/referrals.js';
import indexKeyRoutes from './routes/index-keys.js';
import settingsRoutes from './routes/settings.js';
import accountRoutes from './routes/account.js';
import notificationRoutes from './routes/notifications.js';
import { cryptoReady } from './verify.js';

export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface BuildAppOptions {
  config: AppConfig;
  db: Database;
  /** Where log lines go (default stdout); tests capture them to prove nothing leaks. */
  logStream?: NodeJS.WritableStream;
  /** Extra routes registered with the API ones (tests use it to probe framework behaviour). */
  extraRoutes?: (app: App) => void;
}

/** Registers the test's extra routes in an encapsulated scope of their own, as the areas' routes are. */
function extraScope(register: (app: App) => void) {
  return (scope: App, _options: unknown, done: (error?: Error) => void): void => {
    register(scope);
    done();
  };
}

/** JSON bodies are reports and messages: padded ciphertext, well under this. */
const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/**
 * How long a request's headers may take to arrive in all: twice the silence that drops a
 * connection (60 s by default, Node's own default). Headers come in one packet or a few, even
 * over Tor; only a client holding a connection open on purpose dribbles them.
 */
export function headersTimeoutMs(config: Pick<AppConfig, 'bodyIdleSeconds'>): number {
  return config.bodyIdleSeconds * 2 * 1000;
}

/**
 * TRUST_PROXY as Fastify's `trustProxy`, which decides `request.ip` and so whose rate-limit
 * counter a request counts against. Fastify 5.12 treats a bare hop count as "trust nobody" (it
 * cannot check the immediate peer), so hops become a function that trusts the nearest N
 * whoever they are: only safe when nothing but those proxies can reach the server (README).
 */
export function fastifyTrustProxy(
  trustProxy: TrustProxy,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trustProxy === 'number') return (_address, hop) => hop < trustProxy;
  return trustProxy;
}

/** What Node's HTTP parser reports, as the statuses and codes of the one error shape. */
function clientErrorReply(error: NodeJS.ErrnoException): {
  status: number;
  code: ErrorCode;
  message: string;
} {
  if (error.code === 'HPE_HEADER_OVERFLOW')
    return { status: 431, code: 'headers_too_large', message: 'The request headers are too large' };
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return { status: 408, code: 'request_timeout', message: 'The request took too long to arrive' };
  return { status: 400, code: 'bad_http', message: 'The request is not well-formed HTTP' };
}

/**
 * Replaces Fastify's default client-error reply (its own `{statusCode, error, message}` shape)
 * for requests Node's parser refuses: a negative or conflicting Content-Length, Transfer-Encoding
 * with Content-Length, an unknown method, headers or a URL over the limit.
 */
function writeClientError(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const { status, code, message } = clientErrorReply(error);
    const body = JSON.stringify(errorBody(code, message));
    const headers = Object.entries(ERROR_REPLY_HEADERS)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n${headers}Connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * Node answers an `Expect` other than `100-continue` itself, with a bare 417 outside the error
 * shape and without the security headers, and never hands the request to Fastify; heard here, it
 * is answered in the shape instead. The connection is closed: its body, if any, is never read.
 */
function refuseExpectations(app: App): void {
  app.server.on('checkExpectation', (_request: IncomingMessage, response: ServerResponse) => {
    const body = JSON.stringify(
      errorBody('expectation_failed', 'This server only understands "Expect: 100-continue"'),
    );
    response.writeHead(417, {
      ...ERROR_REPLY_HEADERS,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      Connection: 'close',
    });
    response.end(body);
  });
}

/** HTTP/1.1 requires a Host header (RFC 9112, 3.2); a request without one is refused in the shape. */
function requireHost(app: App): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.raw.httpVersionMajor === 1 && request.raw.httpVersionMinor >= 1 && !request.headers.host) {
      return reply
        .status(400)
        .send(errorBody('missing_host', 'An HTTP/1.1 request must carry a Host header'));
    }
  });
}

/**
 * Once closing has begun, a request that still arrives (pipelined, or on a kept-alive
 * connection) is answered 503 in the error shape, so a balancer or a client retries elsewhere.
 */
function refuseWhileClosing(app: App): void {
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  // Replies finished while closing end their connection, so a client on keep-alive does not hold
  // the process open until the keep-alive timeout.
  app.addHook('onSend', async (_request, reply) => {
    if (closing) void reply.header('Connection', 'close');
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    return reply
      .status(503)
      .header('Connection', 'close')
      .header('Retry-After', String(RETRY_AFTER_SECONDS))
      .send(errorBody('shutting_down', 'The server is restarting. Please try again in a moment.'));
  });
}

/** How often the grace timer looks again when the server has not yet stopped listening. */
const CUT_RETRY_MS = 10;

/**
 * Closes the app as a stop should: no new connections; a request that still arrives on an open
 * one gets 503 `shutting_down` (refuseWhileClosing); requests running finish, for up to
 * `graceMs`. Then every connection still open is closed, whatever it is doing: one upload that
 * keeps trickling bytes must not hold the process, and the database it stops, forever. A file
 * cut off this way stays incomplete, so no report can use it (services/attachments.ts).
 *
 * `onCut` is called when the grace period ends with the app not yet closed. Resolves once the
 * app is closed (its onClose hooks have run).
 */
export async function closeWithGrace(app: App, graceMs: number, onCut?: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const cut = (): void => {
    if (closed) return;
    // Only once the server no longer listens (Fastify closes it after the preClose hooks): a
    // connection accepted after the cut would hold the close again.
    if (app.server.listening) {
      timer = setTimeout(cut, CUT_RETRY_MS);
      return;
    }
    onCut?.();
    app.server.closeAllConnections();
  };
  timer = setTimeout(cut, graceMs);
  try {
    await app.close();
  } finally {
    closed = true;
    clearTimeout(timer);
  }
}

/**
 * Ajv's own warnings go to the console as before, except the one that `unicode: false` is
 * deprecated (Ajv 8 still honours it; without it every long string is walked character by
 * character on every request).
 */
const ajvLogger = {
  // Ajv's `log` level is informational only; warnings and errors are what an operator needs.
  log: (): void => undefined,
  warn: (...args: unknown[]): void => {
    if (typeof args[0] === 'string' && args[0].startsWith('DEPRECATED: option unicode')) return;
    console.warn(...args);
  },
  error: (...args: unknown[]): void => console.error(...args),
};

export async function buildApp({ config, db, logStream, extraRoutes }: BuildAppOptions): Promise<App> {
  const app = Fastify({
    logger: loggerOptions(config, logStream),
    ...requestIdOptions,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: fastifyTrustProxy(config.trustProxy),
    // A connection that sends nothing (a body stalled half-way, a body shorter than its
    // Content-Length) is dropped after this much silence. It is not a cap on the whole request:
    // a slow upload that keeps sending is never cut off (requestTimeout stays 0).
    connectionTimeout: config.bodyIdleSeconds * 1000,
    requestTimeout: 0,
    // Finish in-flight requests on close, but do not wait for idle keep-alive sockets.
    forceCloseConnections: 'idle',
    // Requests arriving while the server closes get a 503 in the error shape (onRequest below).
    return503OnClosing: false,
    // Broken HTTP framing never reaches a route; it gets the error shape too.
    clientErrorHandler: writeClientError,
    http: {
      // Node answers an HTTP/1.1 request without Host itself, with an empty 400 outside the error
      // shape; let it through to the hook below, which answers it in the shape.
      requireHostHeader: false,
      // requestTimeout 0 turns Node's own headers timeout off too, and a client sending a header
      // byte every few seconds never fell silent long enough to be dropped: the headers must all
      // arrive within this (a 408 in the error shape), checked this often.
      headersTimeout: headersTimeoutMs(config),
      // Node checks the headers timeout against its own default request timeout (5 minutes) at
      // creation; Fastify sets the real one, 0 above, only afterwards.
      requestTimeout: 0,
      connectionsCheckingInterval: Math.min(5000, headersTimeoutMs(config) / 4),
    },
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: false,
        allErrors: false,
        // minLength/maxLength count UTF-16 code units (`.length`) instead of walking every
        // string to count code points: a report's base64 ciphertext is 20 KB and more, and the
        // walk was a sixth of the intake path's CPU. A limit on a name written in characters
        // outside the BMP (emoji) is reached at half as many of them, which is harmless.
        unicode: false,
        logger: ajvLogger,
      },
    },
    // Errors raised before routing (a malformed or over-long URL) get the same error shape.
    frameworkErrors: (error, _request, reply) => {
      const message =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? 'A part of the address is too long'
          : 'The address is not valid';
      // The hook's reply is typed for a route that does not exist yet; it is a plain reply. It
      // is sent before routing, so the security-headers plugin's hooks never see it.
      void (reply as unknown as FastifyReply)
        .code(400)
        .headers(ERROR_REPLY_HEADERS)
        .send(errorBody('bad_url', message));
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  readJsonBodies(app);
  await app.register(context, { db, config });
  installErrorHandler(app);
  refuseWhileClosing(app);
  requireHost(app);
  refuseExpectations(app);

  await app.register(securityHeaders, { config });
  await app.register(compression);
  await app.register(rateLimit, { enabled: config.rateLimitEnabled, db, secret: config.rateLimitSecret });
  await app.register(apiDocs);

  await cryptoReady();
  await app.register(auth, { config, db });
  await app.register(healthRoutes);
  await app.register(teamRoutes);
  await app.register(setupRoutes);
  await app.register(sessionRoutes);
  await app.register(memberRoutes);
  await app.register(reportRoutes);
  await app.register(receiptRoutes);
  await app.register(appealRoutes);
  await app.register(caseRoutes);
  await app.register(caseDecisionRoutes);
  await app.register(caseTagRoutes);
  await app.register(caseTargetRoutes);
  await app.register(referralRoutes);
  await app.register(indexKeyRoutes);
  await app.register(settingsRoutes);
  await app.register(accountRoutes);
  await app.register(notificationRoutes);
  if (extraRoutes) await app.register(extraScope(extraRoutes));

  await app.register(clientApp, { clientDir: config.clientDir });
  await app.ready();
  return app;
}
