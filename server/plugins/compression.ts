/**
 * Compression of the API's large replies that hold no secret, and of nothing else.
 *
 * A team's case list is mostly base64 of ciphertext: compressing it takes back the quarter that
 * base64 adds, and the JSON around it, which is most of what a member on a slow line waits for.
 * But compressing a reply that holds a secret next to anything an attacker can put in it lets the
 * attacker learn the secret from the compressed length (BREACH). So the plugin is registered with
 * `global: false`, which compresses nothing and decompresses no request, and a route opts in with
 * `...compressedReply` only when nothing in its reply is a secret a third party could guess: the
 * case list, one case, the reporter's case (ciphertext, sealed keys, and metadata the server
 * keeps in plain). Replies with tokens, set-up links, invitation links or recovery data never
 * opt in. Static files are not served through this either (plugins/client-app.ts sends them
 * precompressed).
 */
import { constants } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import compress from '@fastify/compress';
import fp from 'fastify-plugin';

/** Brotli first, then gzip; deflate is left out (clients disagree on what it means). */
const ENCODINGS: ('br' | 'gzip')[] = ['br', 'gzip'];

/**
 * The fastest levels. What these replies hold is mostly base64 of ciphertext: all that compresses
 * is base64's two wasted bits a character and the JSON around it, which Huffman coding alone takes
 * back. Measured on a page of 1,000 cases (1.29 MB): brotli at quality 1 gives 690 KB in 3.7 ms,
 * at @fastify/compress's default of 4 it gives 685 KB in 11.8 ms, and gzip at level 1 696 KB in
 * 13 ms against 688 KB in 15 ms at 6. The page after waits for this one, so the time counts.
 */
const BROTLI_OPTIONS = {
  params: { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
};
const GZIP_OPTIONS = { level: 1 };

/** Below this many bytes a reply is sent as it is: compressing it would save less than it costs. */
const THRESHOLD_BYTES = 1024;

/**
 * Every reply of an opted-in route says it varies with Accept-Encoding, compressed or not (an
 * empty list is under the threshold), so no cache between ever serves one encoding for another.
 * Lower case, as @fastify/compress writes it, so it is not added twice.
 */
function varyOnAcceptEncoding(
  _request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (error: Error | null, payload: unknown) => void,
): void {
  const vary = reply.getHeader('vary');
  const values = (Array.isArray(vary) ? vary : vary === undefined ? [] : [String(vary)])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
  if (!values.some((value) => value.toLowerCase() === 'accept-encoding')) {
    void reply.header('vary', [...values, 'accept-encoding'].join(', '));
  }
  done(null, payload);
}

/** Route options of a route whose reply may be compressed: spread them into its options. */
export const compressedReply = {
  compress: {
    encodings: ENCODINGS,
    threshold: THRESHOLD_BYTES,
    brotliOptions: BROTLI_OPTIONS,
    zlibOptions: GZIP_OPTIONS,
  },
  onSend: varyOnAcceptEncoding,
} as const;

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * "METHOD /path" of every route whose replies may be compressed, as registered: a test holds
     * it to the list above, so a route cannot opt in without someone asking whether it holds a
     * secret.
     */
    readonly compressedRoutes: ReadonlySet<string>;
  }
}

export default fp(
  async (app) => {
    const compressed = new Set<string>();
    app.decorate('compressedRoutes', compressed);
    app.addHook('onRoute', (route) => {
      if (route.compress === undefined || route.compress === false) return;
      for (const method of [route.method].flat()) compressed.add(`${method} ${route.url}`);
    });
    await app.register(compress, { global: false, encodings: ENCODINGS, threshold: THRESHOLD_BYTES });
  },
  { name: 'compression' },
);
