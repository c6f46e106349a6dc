/**
 * The only bodies the API reads besides encrypted files: JSON, collected into one growing buffer
 * as it arrives (byte-accumulator.ts says why) and then parsed by Fastify's own JSON parser, with
 * its guards against `__proto__` and `constructor` keys.
 *
 * Fastify's built-in parsers keep every piece of a body until its end, so a body trickled a byte
 * per packet cost hundreds of bytes of memory per byte, on every route, to anyone. Its text/plain
 * parser is dropped too: no route takes text, and it read bodies the same way. A body of another
 * type is refused with 415 before any of it is read (routes/reports.ts adds the raw stream for
 * files in its own scope).
 */
import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify';
import { ByteAccumulator } from '../byte-accumulator.js';

/** Smaller bodies get a buffer of their declared size; larger ones start here and double. */
const FIRST_BUFFER_BYTES = 16 * 1024;

type Done = (error: Error | null, body?: unknown) => void;

export function readJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', (request, payload, done: Done) => {
    // The route's own limit, or the app's bodyLimit (2 MiB) when it sets none.
    collect(request, payload, request.routeOptions.bodyLimit, (error, body) => {
      if (error !== null || body === undefined) done(error);
      // Decoded once, whole: a character split across packets stays whole.
      else void parseJson(request, body.toString('utf8'), done);
    });
  });
}

function collect(
  request: FastifyRequest,
  payload: NodeJS.ReadableStream,
  limit: number,
  finish: (error: Error | null, body?: Buffer) => void,
): void {
  const declared = Number(request.headers['content-length']);
  if (declared > limit) {
    finish(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
    return;
  }
  const body = new ByteAccumulator(
    Number.isInteger(declared) && declared >= 0 ? Math.min(declared, FIRST_BUFFER_BYTES) : FIRST_BUFFER_BYTES,
  );
  const stop = (): void => {
    payload.removeListener('data', onData);
    payload.removeListener('end', onEnd);
    payload.removeListener('error', onError);
  };
  function onData(piece: Buffer | string): void {
    const bytes = typeof piece === 'string' ? Buffer.from(piece) : piece;
    if (body.length + bytes.length > limit) {
      stop();
      finish(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
      return;
    }
    body.append(bytes);
  }
  function onEnd(): void {
    stop();
    if (!Number.isNaN(declared) && body.length !== declared) {
      finish(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
      return;
    }
    finish(null, body.view());
  }
  function onError(error: Error & { statusCode?: number }): void {
    stop();
    // A stream error here is the client's doing (aborted, malformed chunking): a 4xx.
    if (!(typeof error.statusCode === 'number' && error.statusCode >= 400)) error.statusCode = 400;
    finish(error);
  }
  payload.on('data', onData);
  payload.on('end', onEnd);
  payload.on('error', onError);
  payload.resume();
}
