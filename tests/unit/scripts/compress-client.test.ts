/**
 * The build's compression step (scripts/compress-client.ts): copies that decompress to the
 * original, only where they pay, and the same bytes on every run (the client build is
 * reproducible, and this step must not be what breaks that).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

import { afterEach, describe, expect, it } from 'vitest';

import { compressDirectory, MIN_BYTES } from '../../../scripts/compress-client.js';

const made: string[] = [];

function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'confide-compress-'));
  made.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Text that compresses as a real bundle does: repetitive, but not one byte repeated. */
function scriptText(lines: number): string {
  return Array.from(
    { length: lines },
    (_, i) => `export const value${i} = compute(${i}, "item ${i % 17}");\n`,
  ).join('');
}

/** A small built client: a page, a script, a stylesheet, a tiny file, an image, a file that does not shrink. */
function fakeClient(): string {
  const dir = scratch();
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(
    path.join(dir, 'index.html'),
    `<!doctype html>\n<html><body>${'<p>Confide</p>\n'.repeat(80)}</body></html>\n`,
  );
  writeFileSync(path.join(dir, 'assets/index-abc123.js'), scriptText(400));
  writeFileSync(path.join(dir, 'assets/index-abc123.css'), '.a { color: red; }\n'.repeat(200));
  writeFileSync(path.join(dir, 'assets/tiny-def456.js'), 'export const x = 1;\n');
  writeFileSync(path.join(dir, 'assets/photo.png'), Buffer.alloc(4096, 7));
  writeFileSync(path.join(dir, 'assets/random-789.js'), randomBytes(8192));
  writeFileSync(path.join(dir, 'robots.txt'), 'User-agent: *\nDisallow: /team\n');
  return dir;
}

describe('the compression step of the client build', () => {
  it('writes Brotli and gzip copies that decompress to the original', async () => {
    const dir = fakeClient();
    await compressDirectory(dir);
    for (const file of ['index.html', 'assets/index-abc123.js', 'assets/index-abc123.css']) {
      const original = readFileSync(path.join(dir, file));
      const br = readFileSync(path.join(dir, `${file}.br`));
      const gz = readFileSync(path.join(dir, `${file}.gz`));
      expect(brotliDecompressSync(br).equals(original), file).toBe(true);
      expect(gunzipSync(gz).equals(original), file).toBe(true);
      expect(br.length).toBeLessThan(gz.length);
      expect(gz.length).toBeLessThan(original.length);
    }
  });

  it('leaves out tiny files, files of other kinds and files that do not shrink', async () => {
    const dir = fakeClient();
    const results = await compressDirectory(dir);
    for (const file of ['assets/tiny-def456.js', 'robots.txt', 'assets/random-789.js', 'assets/photo.png']) {
      expect(existsSync(path.join(dir, `${file}.br`)), file).toBe(false);
      expect(existsSync(path.join(dir, `${file}.gz`)), file).toBe(false);
    }
    expect(readFileSync(path.join(dir, 'assets/tiny-def456.js')).length).toBeLessThan(MIN_BYTES);
    // Listed when compressible (with no copies), not at all when of another kind.
    expect(results.map((r) => r.file)).toEqual([
      'assets/index-abc123.css',
      'assets/index-abc123.js',
      'assets/random-789.js',
      'assets/tiny-def456.js',
      'index.html',
      'robots.txt',
    ]);
    expect(results.find((r) => r.file === 'assets/random-789.js')?.encoded).toEqual({});
  });

  it('gives the same bytes on every run and on every machine: no time, no operating system in gzip', async () => {
    const first = fakeClient();
    const second = scratch();
    cpSync(first, second, { recursive: true });
    await compressDirectory(first);
    await compressDirectory(second);
    for (const file of ['index.html', 'assets/index-abc123.js', 'assets/index-abc123.css']) {
      for (const suffix of ['.br', '.gz']) {
        const a = readFileSync(path.join(first, file + suffix));
        const b = readFileSync(path.join(second, file + suffix));
        expect(a.equals(b), file + suffix).toBe(true);
      }
      const gz = readFileSync(path.join(first, `${file}.gz`));
      expect(gz.readUInt32LE(4), 'MTIME').toBe(0);
      expect(gz[3], 'FLG: no name, no comment, no extra field').toBe(0);
      expect(gz[9], 'OS').toBe(255);
    }

    // Running again over its own output changes nothing, and does not compress the copies.
    const before = readFileSync(path.join(first, 'assets/index-abc123.js.br'));
    await compressDirectory(first);
    expect(readFileSync(path.join(first, 'assets/index-abc123.js.br')).equals(before)).toBe(true);
    expect(existsSync(path.join(first, 'assets/index-abc123.js.br.br'))).toBe(false);
    expect(existsSync(path.join(first, 'assets/index-abc123.js.gz.gz'))).toBe(false);
  });

  it('removes a copy left from an earlier run beside a file that no longer qualifies', async () => {
    const dir = fakeClient();
    await compressDirectory(dir);
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><p>small now</p>\n');
    await compressDirectory(dir);
    expect(existsSync(path.join(dir, 'index.html.br'))).toBe(false);
    expect(existsSync(path.join(dir, 'index.html.gz'))).toBe(false);
  });
});
