/**
 * One error shape for every failure: `{ "error": { "code", "message" } }` with the right 4xx
 * (contract/errors.ts: the schema, and every code the server may send).
 * Codes are stable and machine-readable; messages say what a person can do about it.
 * A 5xx never carries details: the cause is logged (without request bodies), not sent.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { ErrorCode, ErrorReply } from '#contract/errors';
import { isPoolExhausted, isStatementTimeout, isTransientDatabaseError } from './db/database-errors.js';
import { describeSchemaProblems } from './validation-message.js';

/** Throw from a route to answer with a specific status, code and message. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    /** Extra fields merged into `error` (e.g. the current roster_seq on a 409). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (message = 'Not found'): AppError => new AppError(404, 'not_found', message);
export const forbidden = (message = 'You may not do that'): AppError =>
  new AppError(403, 'forbidden', message);
export const unauthorized = (message = 'Please sign in again'): AppError =>
  new AppError(401, 'unauthorized', message);
export const badRequest = (code: ErrorCode, message: string): AppError => new AppError(400, code, message);

/**
 * For actions that take no body. A client may still send `{}` (or nothing); anything else is
 * refused, so a client that thinks it is sending something learns that it is not read.
 */
export function expectNoBody(body: unknown): void {
  if (body === undefined || body === null) return;
  if (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0) return;
  throw badRequest('invalid_request', 'This request takes no body (or an empty object)');
}
export const conflict = (code: ErrorCode, message: string, extra: Record<string, unknown> = {}): AppError =>
  new AppError(409, code, message, extra);

export function errorBody(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): ErrorReply {
  return { error: { ...extra, code, message } };
}

/** Fastify's own error codes for bad input, mapped to ours. */
const FRAMEWORK_ERRORS: Record<string, { status: number; code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    message: 'This endpoint does not accept that Content-Type',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'bad_content_length',
    message: 'The Content-Length header does not match the body',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'empty_body',
    message: 'The request said it carries JSON but the body is empty',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'body_too_large',
    message: 'The request body is too large',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'malformed_json',
    message: 'The body is not valid JSON',
  },
};

/** How long a client is asked to wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 5;

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    // Refused before its body was read to the end (a file too large, the database gone
    // mid-upload): the rest of the body is never read, so the connection cannot carry another
    // request. Close it with the reply instead of leaving the client waiting on a dead socket.
    if (!request.raw.complete) void reply.header('Connection', 'close');
    if (error instanceof AppError) {
      // Every 503 says when to come back (a full upload quota, too many uploads at once).
      if (error.statusCode === 503) void reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
      return reply.status(error.statusCode).send(errorBody(error.code, error.message, error.extra));
    }
    if (error.validation) {
      const where = error.validationContext ?? 'request';
      return reply
        .status(400)
        .send(
          errorBody(
            'invalid_request',
            `The ${where} is not valid: ${describeSchemaProblems(error.validation)}`,
          ),
        );
    }
    const known = FRAMEWORK_ERRORS[error.code];
    if (known) return reply.status(known.status).send(errorBody(known.code, known.message));
    if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return reply.status(400).send(errorBody('malformed_json', 'The body is not valid JSON'));
    }
    if (error.statusCode === 429) {
      return reply.status(429).send(errorBody('rate_limited', error.message));
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send(errorBody('bad_request', error.message));
    }
    if (isTransientDatabaseError(error)) {
      // The database is restarting, failing over, frozen or saturated: nothing was wrong with
      // the request, and the same request is worth sending again in a moment. Busy: every
      // connection was taken, or a statement ran past statement_timeout on a database that is up.
      request.log.warn({ err: { type: error.name, message: error.message } }, 'database unavailable');
      const busy = isPoolExhausted(error) || isStatementTimeout(error);
      return reply
        .status(503)
        .header('Retry-After', String(RETRY_AFTER_SECONDS))
        .send(
          errorBody(
            busy ? 'server_busy' : 'database_unavailable',
            busy
              ? 'The server is very busy right now. Nothing was saved; please try again in a moment.'
              : 'The server cannot reach its database right now. Nothing was saved; please try again in a moment.',
          ),
        );
    }
    request.log.error(
      { err: { type: error.name, message: error.message, stack: error.stack } },
      'request failed',
    );
    return reply
      .status(500)
      .send(errorBody('internal_error', 'Something went wrong on our side. Please try again.'));
  });
}
