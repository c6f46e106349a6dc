/**
 * The import graph of the project's own TypeScript, read from the source text: enough to test
 * the directions of its layers and that no two files import each other, without a bundler.
 * Type-only imports count: a type cycle still ties two files together for whoever changes them.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface SourceFile {
  /** Relative to the repository root, with forward slashes. */
  readonly file: string;
  readonly text: string;
  /** Every specifier in an import or export … from, or a dynamic import('…'). */
  readonly specifiers: readonly string[];
  /** The project files those specifiers name (packages left out). */
  readonly imports: readonly string[];
}

const SOURCE = /\.(ts|tsx)$/;

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function specifiersOf(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of text.matchAll(pattern)) found.push(m[1]!);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) found.push(m[1]!);
  return found;
}

/** The file a specifier names, as TypeScript would find it (`.js` written for `.ts`, index files). */
function resolve(fromFile: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith('#contract/'))
    base = path.join(ROOT, 'contract', specifier.slice('#contract/'.length));
  else if (specifier === '#crypto') base = path.join(ROOT, 'crypto/index');
  else if (specifier.startsWith('.')) base = path.resolve(path.dirname(fromFile), specifier);
  else return undefined;
  const stem = base.replace(/\.(js|jsx|ts|tsx|mjs)$/, '');
  const candidates = [
    base,
    `${stem}.ts`,
    `${stem}.tsx`,
    path.join(base, 'index.ts'),
    path.join(base, 'index.tsx'),
  ];
  return candidates.find((c) => SOURCE.test(c) && existsSync(c) && statSync(c).isFile());
}

export function readSources(...dirs: string[]): SourceFile[] {
  return dirs.flatMap((dir) =>
    walk(path.join(ROOT, dir)).map((full) => {
      const text = readFileSync(full, 'utf8');
      const specifiers = specifiersOf(text);
      const imports = specifiers
        .map((s) => resolve(full, s))
        .filter((f): f is string => f !== undefined)
        .map((f) => path.relative(ROOT, f).split(path.sep).join('/'));
      return { file: path.relative(ROOT, full).split(path.sep).join('/'), text, specifiers, imports };
    }),
  );
}

/** Each cycle once, as the list of files around it (the first file repeated at the end). */
export function findCycles(files: readonly SourceFile[]): string[][] {
  const graph = new Map(files.map((f) => [f.file, f.imports.filter((i) => i !== f.file)]));
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      const seen = state.get(next);
      if (seen === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (seen === undefined) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}
