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
import type { CatalogFiles } from './catalog-preloads.js';
import { PAGE_WORDS } from './page-words.js';
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
const HEAD_END = /<\/head>/i;
const DESCRIPTION = /(<meta\s+name="description"\s+content=")[^"]*(")/i;
const NOSCRIPT = /<noscript>[\s\S]*?<\/noscript>/i;

/** Text for HTML, where it is written between tags or inside a double-quoted attribute. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The page's words before its script runs, in `language` (index.html has the English ones). */
function withPageWords(html: string, language: PageLanguage): string {
  if (language === 'en' || language === PSEUDO_LANGUAGE) return html;
  const words = PAGE_WORDS[language];
  return html
    .replace(
      DESCRIPTION,
      (_whole, before: string, after: string) => `${before}${escapeHtml(words.description)}${after}`,
    )
    .replace(NOSCRIPT, () => `<noscript><p>${escapeHtml(words.noscript)}</p></noscript>`);
}

function variantOf(html: string, language: PageLanguage, catalog: string | undefined): Variant {
  if (!HTML_TAG.test(html)) throw new Error('index.html has no <html> tag to set the language on');
  let text = withPageWords(html, language).replace(
    HTML_TAG,
    `<html lang="${language}" dir="${textDirection(language)}">`,
  );
  // The reader's catalog, fetched beside the main script rather than after it (catalog-preloads.ts).
  // `crossorigin` as Vite gives its own module preloads, so the fetch is the one the import reuses.
  if (catalog !== undefined && HEAD_END.test(text)) {
    text = text.replace(HEAD_END, `  <link rel="modulepreload" crossorigin href="${catalog}">\n  </head>`);
  }
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

export function localizedPage(
  html: string,
  cacheControl: string,
  catalogs: CatalogFiles = {},
): LocalizedPage {
  const languages: readonly PageLanguage[] = [...LANGUAGES, PSEUDO_LANGUAGE];
  const variants = new Map(
    languages.map((language) => [language, variantOf(html, language, catalogs[language])] as const),
  );

  function languageOf(request: FastifyRequest, negotiator: Negotiator): PageLanguage {
    const query = request.query as Record<string, unknown> | undefined;
    const asked = typeof query?.lang === 'string' ? pageLanguage(query.lang) : undefined;
    if (asked) return asked;
    return pageLanguage(negotiator.language([...LANGUAGES])) ?? 'en';
  }

  return {
    send(request, reply) {
      const negotiator = new Negotiator(request);
      const language = languageOf(request, negotiator);
      const variant = variants.get(language) ?? variants.get('en');
      if (!variant) throw new Error('the English page is missing');
      const encoding = ((negotiator as unknown as EncodingNegotiator).encoding(ENCODINGS, {
        preferred: ENCODINGS,
      }) ?? 'identity') as Encoding;
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
