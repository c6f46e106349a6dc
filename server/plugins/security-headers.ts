/**
 * Security headers for every reply, pages and API alike.
 *
 * The CSP allows only our own origin: no inline script, no inline style, no third party.
 * 'wasm-unsafe-eval' is needed because libsodium runs as WebAssembly in the browser; it allows
 * compiling WebAssembly, not JavaScript eval. blob: images are decrypted attachments.
 */
import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';
import type { AppConfig } from '../config.js';
import { isApiRequest } from './api-path.js';

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'blob:', 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  workerSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * For the few error replies written before routing (a malformed URL, broken HTTP framing), which
 * the plugin's hooks never see: JSON that no cache keeps and no browser runs or frames.
 */
export const ERROR_REPLY_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

export default fp(
  async (app, options: { config: Pick<AppConfig, 'publicUrl'> }) => {
    const https = options.config.publicUrl.protocol === 'https:';
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: { ...CONTENT_SECURITY_POLICY, ...(https ? { upgradeInsecureRequests: [] } : {}) },
      },
      referrerPolicy: { policy: 'no-referrer' },
      // HSTS only means something over TLS; over plain http it would be ignored or wrong.
      strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      crossOriginEmbedderPolicy: false,
      crossOriginOpenerPolicy: { policy: 'same-origin' },
      crossOriginResourcePolicy: { policy: 'same-origin' },
    });
    app.addHook('onSend', async (request, reply) => {
      reply.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
      // Nothing the API returns may sit in a shared or browser cache.
      if (isApiRequest(request)) reply.header('Cache-Control', 'no-store');
    });
  },
  { name: 'security-headers' },
);
