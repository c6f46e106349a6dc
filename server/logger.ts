/**
 * Logging with pino that cannot leak who someone is: no IP address, no user agent, no headers,
 * no bodies, no query strings (they might carry tokens). Requests are logged by method, path
 * and a random request id; replies by status and time.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyServerOptions, FastifyRequest, FastifyReply } from 'fastify';
import type { AppConfig } from './config.js';

export function loggerOptions(
  config: Pick<AppConfig, 'logLevel'>,
  destination?: NodeJS.WritableStream,
): Exclude<FastifyServerOptions['logger'], undefined | boolean> {
  return {
    level: config.logLevel,
    base: { pid: process.pid },
    ...(destination ? { stream: destination } : {}),
    // Deliberately small serializers: anything not listed here is never written.
    serializers: {
      req: (req: FastifyRequest) => ({ method: req.method, path: req.url.split('?')[0] }),
      res: (res: Pick<FastifyReply, 'statusCode'>) => ({ statusCode: res.statusCode }),
    },
    redact: { paths: ['req.headers', 'req.remoteAddress', 'req.ip', 'headers'], remove: true },
  };
}

/** Request ids are random, never taken from a client header (which could carry anything). */
export const requestIdOptions = {
  requestIdHeader: false as const,
  genReqId: (): string => randomUUID(),
};
