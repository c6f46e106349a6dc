#!/usr/bin/env node
// `npm run dev`: the API server in watch mode (tsx) and the Vite dev server, together.
//
// People open the Vite address; Vite serves the pages with hot reload and forwards
// /api to the API (client/vite.config.ts), so the browser sees one origin as in
// production. Ctrl-C (or SIGTERM) stops both; if either one exits, the other is
// stopped too and this script exits with its status. Plain JavaScript: it runs
// before anything is built.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const apiPort = process.env.PORT ?? '3000';
const webUrl = 'http://127.0.0.1:5173'; // client/vite.config.ts: server.port, strictPort
// The embedded PostgreSQL needs time to stop cleanly; only then do we force it.
const STOP_GRACE_MS = 15_000;

/** The JavaScript file behind a package's command, run with this same Node. */
function binOf(packageName, command = packageName) {
  const dir = path.join(root, 'node_modules', packageName);
  const { bin } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  return path.join(dir, typeof bin === 'string' ? bin : bin[command]);
}

const children = [
  {
    name: 'api',
    args: [binOf('tsx'), 'watch', '--clear-screen=false', 'server/main.ts'],
    // Links the server prints (first-start setup link) must point where people are.
    env: { PORT: apiPort, PUBLIC_URL: process.env.PUBLIC_URL ?? webUrl },
  },
  {
    name: 'web',
    args: [binOf('vite'), '--config', 'client/vite.config.ts'],
    env: { CONFIDE_API_PORT: apiPort },
  },
].map((spec) => {
  const child = spawn(process.execPath, spec.args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...spec.env },
  });
  return { ...spec, child, exited: false };
});

process.stderr.write(`confide dev: API on http://127.0.0.1:${apiPort}, pages on ${webUrl} (open this one)\n`);

let stopping = false;
let exitCode = 0;

function stopAll(signal) {
  for (const { child, exited } of children) {
    if (!exited) child.kill(signal);
  }
  if (stopping) return;
  stopping = true;
  setTimeout(() => {
    for (const { name, child, exited } of children) {
      if (exited) continue;
      process.stderr.write(`confide dev: ${name} did not stop in time, killing it\n`);
      child.kill('SIGKILL');
    }
  }, STOP_GRACE_MS).unref();
}

for (const entry of children) {
  entry.child.on('error', (error) => {
    process.stderr.write(`confide dev: could not start ${entry.name}: ${error.message}\n`);
    entry.exited = true;
    exitCode ||= 1;
    stopAll('SIGTERM');
  });
  entry.child.on('exit', (code, signal) => {
    entry.exited = true;
    if (!stopping) {
      process.stderr.write(
        `confide dev: ${entry.name} exited (${signal ?? `code ${code}`}), stopping the other\n`,
      );
      exitCode = code ?? 1;
      stopAll('SIGTERM');
    }
    if (children.every((c) => c.exited)) process.exit(exitCode);
  });
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    // A terminal's Ctrl-C already reaches the children (same process group); sending it
    // again is harmless, and it is what reaches them when only this process is signalled.
    exitCode ||= 128 + { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 }[signal];
    stopAll(signal);
  });
}
