/**
 * The last step of `npm run build:client`: writes a Brotli (`.br`, quality 11) and a gzip
 * (`.gz`, level 9) copy beside every compressible file of the built client, which the server
 * sends as they are (server/plugins/client-app.ts, `preCompressed`) to browsers that accept
 * them. Compressing once at build time lets the slowest settings be used (a reporter on a slow
 * phone or over Tor waits for every byte) and costs the server nothing per request.
 *
 * The client build is byte-for-byte reproducible, and so is this step: files are taken in a
 * fixed order, the gzip header carries no time and no operating system, and nothing else in
 * the output depends on the machine or the clock. Running it twice gives the same bytes.
 *
 *   tsx scripts/compress-client.ts [dir]      (default: dist/client)
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress as brotliCallback, constants, gzip as gzipCallback } from 'node:zlib';

const brotliCompress = promisify(brotliCallback);
const gzipCompress = promisify(gzipCallback);

/** What compresses well. Images and fonts in formats of their own are already compressed. */
export const COMPRESSIBLE_EXTENSIONS: ReadonlySet<string> = new Set([
  '.js',
  '.mjs',
  '.css',
  '.html',
  '.svg',
  '.json',
  '.wasm',
  '.txt',
]);

/** Below this a file fits in a packet or two either way; a copy of it saves nothing anyone notices. */
export const MIN_BYTES = 512;

/** A copy is kept only if it is at most this fraction of the original (saves at least 5%). */
export const MAX_RATIO = 0.95;

/**
 * Byte 9 of a gzip member is the operating system that wrote it (RFC 1952, 2.3.1), which zlib
 * fills in from the platform it was built for. 255 is "unknown": the same file on every machine.
 */
const GZIP_OS_OFFSET = 9;
const GZIP_OS_UNKNOWN = 255;

export type Encoding = 'br' | 'gzip';

export const ENCODING_SUFFIX: Readonly<Record<Encoding, string>> = { br: '.br', gzip: '.gz' };

/** The Brotli copy: quality 11 (the smallest), text mode for text, generic for WebAssembly. */
export function brotli(content: Buffer, text: boolean): Promise<Buffer> {
  return brotliCompress(content, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: text ? constants.BROTLI_MODE_TEXT : constants.BROTLI_MODE_GENERIC,
      [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
    },
  });
}

/** The gzip copy: level 9, no file name, modification time 0 (zlib's default), no operating system. */
export async function gzip(content: Buffer): Promise<Buffer> {
  const compressed = await gzipCompress(content, { level: constants.Z_BEST_COMPRESSION });
  compressed[GZIP_OS_OFFSET] = GZIP_OS_UNKNOWN;
  return compressed;
}

export interface CompressedFile {
  /** Relative to the directory, with `/` separators. */
  readonly file: string;
  readonly bytes: number;
  /** The size of each copy written; an encoding is missing when its copy would not have paid. */
  readonly encoded: Partial<Record<Encoding, number>>;
}

/** Every file below `dir`, relative, in code-point order (not the file system's order). */
function listFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (relative: string) => {
    const entries = readdirSync(path.join(dir, relative), { withFileTypes: true });
    for (const entry of entries) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) files.push(child);
    }
  };
  walk('');
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function isCompressible(file: string): boolean {
  return COMPRESSIBLE_EXTENSIONS.has(path.extname(file).toLowerCase());
}

/**
 * Writes `<file>.br` and `<file>.gz` beside each compressible file of `dir` that is at least
 * MIN_BYTES and shrinks by at least 5%, and removes copies left from an earlier run beside
 * files that no longer qualify (so a copy never disagrees with its original). Returns what it
 * did, one entry per compressible file.
 */
export async function compressDirectory(dir: string): Promise<CompressedFile[]> {
  // zlib's asynchronous calls run on libuv's thread pool: the files compress on every core.
  // Each result depends only on its file's bytes, so the order they finish in changes nothing.
  return Promise.all(
    listFiles(dir)
      .filter(isCompressible)
      .map((file) => compressFile(dir, file)),
  );
}

async function compressFile(dir: string, file: string): Promise<CompressedFile> {
  const full = path.join(dir, file);
  const content = readFileSync(full);
  const text = path.extname(file).toLowerCase() !== '.wasm';
  const large = content.length >= MIN_BYTES;
  const [br, gz] = large ? await Promise.all([brotli(content, text), gzip(content)]) : [];
  const encoded: Partial<Record<Encoding, number>> = {};
  for (const [encoding, copy] of [
    ['br', br],
    ['gzip', gz],
  ] as const) {
    const target = full + ENCODING_SUFFIX[encoding];
    if (copy !== undefined && copy.length <= content.length * MAX_RATIO) {
      writeFileSync(target, copy);
      encoded[encoding] = copy.length;
    } else {
      rmSync(target, { force: true });
    }
  }
  return { file, bytes: content.length, encoded };
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const dir = path.resolve(root, process.argv[2] ?? 'dist/client');
  const results = await compressDirectory(dir);
  const written = results.filter((r) => r.encoded.br !== undefined || r.encoded.gzip !== undefined);
  const sum = (pick: (r: CompressedFile) => number) => written.reduce((total, r) => total + pick(r), 0);
  console.log(
    `compress-client: ${written.length} of ${results.length} files in ${path.relative(root, dir) || '.'}: ` +
      `${kib(sum((r) => r.bytes))} → brotli ${kib(sum((r) => r.encoded.br ?? r.bytes))}, ` +
      `gzip ${kib(sum((r) => r.encoded.gzip ?? r.bytes))}`,
  );
}
