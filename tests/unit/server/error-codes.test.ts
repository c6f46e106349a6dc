/**
 * The list of error codes in the contract (contract/errors.ts) against the server: the type
 * checker already refuses a code the list lacks, so what is left to check is the other way
 * round, that the list holds no code the server never sends, and no code twice.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '#contract/errors';

const ROOT = path.resolve(import.meta.dirname, '../../..');

describe('error codes', () => {
  it('lists each code once', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  it('lists only codes the server sends', () => {
    const server = readdirSync(path.join(ROOT, 'server'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => readFileSync(path.join(ROOT, 'server', file), 'utf8'))
      .join('\n');
    const unsent = ERROR_CODES.filter((code) => !server.includes(`'${code}'`));
    expect(unsent).toEqual([]);
  });

  it('describes every code in docs/http-api.md', () => {
    const docs = readFileSync(path.join(ROOT, 'docs/http-api.md'), 'utf8');
    expect(ERROR_CODES.filter((code) => !docs.includes(`\`${code}\``))).toEqual([]);
  });
});
