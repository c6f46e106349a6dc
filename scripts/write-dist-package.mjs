#!/usr/bin/env node
// After `tsc -p tsconfig.build.json`: gives dist/node a package.json of its own, so that
// `node dist/node/server/main.js` resolves `#contract/…` and `#crypto` to the compiled
// JavaScript beside it. The root package.json maps them to the TypeScript sources, which
// TypeScript, tsx, Vite and Vitest read; Node looks for `imports` in the nearest
// package.json, and for compiled files that is this one.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

const imports = Object.fromEntries(
  Object.entries(source.imports).map(([specifier, target]) => [specifier, target.replace(/\.ts$/, '.js')]),
);
const distPackage = { name: `${source.name}-dist`, private: true, type: 'module', imports };
writeFileSync(path.join(root, 'dist/node/package.json'), `${JSON.stringify(distPackage, null, 2)}\n`);
