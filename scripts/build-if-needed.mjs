#!/usr/bin/env node
// Builds the client and the server when their output is missing or older than any source it
// comes from, so a fresh clone starts with one command and an edited checkout never serves
// stale code. `npm start` (scripts/start.mjs) and the tests use it. Plain JavaScript: it runs
// before any build.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  if (!statSync(dir).isDirectory()) return statSync(dir).mtimeMs;
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
    sources: ['client', 'contract', 'crypto', 'package.json'],
    script: 'build:client',
  },
  server: {
    output: path.join(root, 'dist/node/server/main.js'),
    sources: ['server', 'contract', 'crypto', 'migrations', 'package.json'],
    script: 'build:server',
  },
};

function staleTargets(names) {
  return names.filter((name) => isStale(targets[name].output, targets[name].sources));
}

function announce(name) {
  process.stderr.write(`confide: building the ${name} (first start, or sources changed)\n`);
}

// tsc writes its files even when it reports errors, and a stopped build leaves some files new
// and others old: either way the output would look fresh to the next start. Removing the file
// whose age marks a build makes the next start build again instead of serving that.
function forgetBuild(name) {
  rmSync(targets[name].output, { force: true });
}

export function buildIfNeeded(names = Object.keys(targets)) {
  for (const name of staleTargets(names)) {
    announce(name);
    try {
      execFileSync('npm', ['run', '--silent', targets[name].script], { cwd: root, stdio: 'inherit' });
    } catch (error) {
      forgetBuild(name);
      throw error;
    }
  }
}

/**
 * The same, for a process that must still obey SIGTERM and SIGINT while it builds: each build
 * runs in a process group of its own, and `stop(signal)` sends the signal to that whole group
 * (npm, its shell, tsc or vite). Signalling npm alone would leave the shell's child building.
 * `done` rejects when a build fails or is stopped.
 */
export function stoppableBuildIfNeeded(names = Object.keys(targets)) {
  let current;
  let stoppedBy;
  const buildOne = (name) =>
    new Promise((resolve, reject) => {
      announce(name);
      current = spawn('npm', ['run', '--silent', targets[name].script], {
        cwd: root,
        stdio: 'inherit',
        detached: true,
      });
      current.once('error', reject);
      current.once('exit', (code, signal) => {
        current = undefined;
        if (code === 0 && stoppedBy === undefined) return resolve();
        forgetBuild(name);
        reject(
          new Error(
            `building the ${name} ${stoppedBy ? `was stopped (${stoppedBy})` : `failed (${code ?? signal})`}`,
          ),
        );
      });
    });
  const done = (async () => {
    for (const name of staleTargets(names)) {
      if (stoppedBy !== undefined) throw new Error(`stopped (${stoppedBy}) before building the ${name}`);
      await buildOne(name);
    }
  })();
  return {
    done,
    stop(signal) {
      stoppedBy ??= signal;
      if (current?.pid !== undefined && current.exitCode === null && current.signalCode === null) {
        try {
          process.kill(-current.pid, signal);
        } catch {
          // The group has already gone.
        }
      }
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildIfNeeded(process.argv.slice(2).length > 0 ? process.argv.slice(2) : undefined);
}
