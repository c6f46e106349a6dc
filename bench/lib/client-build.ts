// The built client a browser suite serves: dist/client, built first if it is missing or older
// than its sources (`npm run build:client`), or the build named by CONFIDE_BENCH_CLIENT_DIR (to
// measure a given build, or one made elsewhere, as it is). Either way the suite serves a copy,
// so a rebuild during the run cannot pull files from under it.

import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error plain JavaScript module without type declarations
import { buildIfNeeded } from '../../scripts/build-if-needed.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A temporary copy of the built client; the caller removes it. */
export function copyOfBuiltClient(progress: (text: string) => void): string {
  const given = process.env.CONFIDE_BENCH_CLIENT_DIR;
  let source: string;
  if (given) {
    source = path.resolve(given);
    if (!existsSync(path.join(source, 'index.html')))
      throw new Error(`CONFIDE_BENCH_CLIENT_DIR=${given} holds no index.html`);
    progress(`serving the client built in ${source}`);
  } else {
    progress('building the client if needed');
    (buildIfNeeded as (names: string[]) => void)(['client']);
    source = path.join(root, 'dist/client');
  }
  const copy = mkdtempSync(path.join(tmpdir(), 'confide-bench-client-'));
  cpSync(source, copy, { recursive: true });
  return copy;
}
