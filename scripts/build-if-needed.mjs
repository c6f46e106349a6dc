#!/usr/bin/env node
// `npm start` runs this first: it builds the client and the server when their output is
// missing or older than any source it comes from, so a fresh clone starts with one command
// and an edited checkout never serves stale code. Plain JavaScript: it runs before any build.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'vectors') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function isStale(output, sources) {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return sources.some((source) => newestMtime(path.join(root, source)) > built);
}

export const targets = {
  client: {
    output: path.join(root, 'dist/client/index.html'),
    sources: ['client', 'crypto'],
    script: 'build:client',
  },
  server: {
    output: path.join(root, 'dist/node/server/main.js'),
    sources: ['server', 'crypto', 'migrations'],
    script: 'build:server',
  },
};

export function buildIfNeeded(names = Object.keys(targets)) {
  for (const name of names) {
    const target = targets[name];
    if (!isStale(target.output, target.sources)) continue;
    process.stderr.write(`confide: building the ${name} (first start, or sources changed)\n`);
    execFileSync('npm', ['run', '--silent', target.script], { cwd: root, stdio: 'inherit' });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildIfNeeded(process.argv.slice(2).length > 0 ? process.argv.slice(2) : undefined);
}
