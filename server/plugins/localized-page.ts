/**
 * The app's one HTML page in each language (contract/languages.ts), so that the first paint
 * already has the reader's language and direction: `<html lang="ar" dir="rtl">`. The client
 * reads them from there (client/src/i18n) and loads that language's catalog; no round trip
 * asks the server which language to use.
 *
 * The language is, in order: `?lang=` in the address (the reader's choice, kept in the address so
 * that it leaves nothing on the device), the browser's `Accept-Language`, English. An unknown or
 * malformed value falls through to the next.
 *
 * Each variant is compressed once, at start-up, as the build compresses the assets
 * (scripts/compress-client.ts): the page is small, and the slowest settings cost nothing per
 * request.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Negotiator from 'negotiator';
import {
  LANGUAGES,
  PSEUDO_LANGUAGE,
  pageLanguage,
  textDirection,
  type PageLanguage,
} from '#contract/languages';

interface Variant {
  readonly identity: Buffer;
  readonly br: Buffer;
  readonly gzip: Buffer;
}

const ENCODINGS = ['br', 'gzip', 'identity'] as const;
type Encoding = (typeof ENCODINGS)[number];

/**
 * negotiator 1.0 takes a `preferred` order, which its types (@types/negotiator 0.6) predate: on a
 * tie of quality, Brotli then gzip, whatever order the browser listed them in.
 */
interface EncodingNegotiator {
  encoding(available: readonly string[], options: { preferred: readonly string[] }): string | undefined;
}

/** The first `<html …>` tag, whatever attributes the build gave it. */
const HTML_TAG = /<html\b[^>]*>/i;

function variantOf(html: string, language: PageLanguage): Variant {
  if (!HTML_TAG.test(html)) throw new Error('index.html has no <html> tag to set the language on');
  const text = html.replace(HTML_TAG, `<html lang="${language}" dir="${textDirection(language)}">`);
  const identity = Buffer.from(text, 'utf8');
  return {
    identity,
    br: brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    gzip: gzipSync(identity, { level: 9 }),
  };
}

export interface LocalizedPage {
  /** Sends the page in the request's language, compressed as the browser accepts, never cached. */
  send(request: FastifyRequest, reply: FastifyReply): FastifyReply;
}

export function localizedPage(html: string, cacheControl: string): LocalizedPage {
  const languages: readonly PageLanguage[] = [...LANGUAGES, PSEUDO_LANGUAGE];
  const variants = new Map(languages.map((language) => [language, variantOf(html, language)] as const));

  function languageOf(request: FastifyRequest): PageLanguage {
    const query = request.query as Record<string, unknown> | undefined;
    const asked = typeof query?.lang === 'string' ? pageLanguage(query.lang) : undefined;
    if (asked) return asked;
    const accepted = new Negotiator(request).language([...LANGUAGES]);
    return pageLanguage(accepted) ?? 'en';
  }

  return {
    send(request, reply) {
      const language = languageOf(request);
      const variant = variants.get(language) ?? variants.get('en');
      if (!variant) throw new Error('the English page is missing');
      const negotiator = new Negotiator(request) as unknown as EncodingNegotiator;
      const encoding = (negotiator.encoding(ENCODINGS, { preferred: ENCODINGS }) ?? 'identity') as Encoding;
      reply
        .header('Content-Type', 'text/html; charset=utf-8')
        .header('Cache-Control', cacheControl)
        .header('Content-Language', language === PSEUDO_LANGUAGE ? 'en' : language)
        .header('Vary', 'Accept-Encoding, Accept-Language');
      if (encoding !== 'identity') reply.header('Content-Encoding', encoding);
      return reply.send(variant[encoding]);
    },
  };
}
