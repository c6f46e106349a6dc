#!/usr/bin/env node
// `npm start`: builds what is stale, then runs the server in this same process.
//
// One process from build to shutdown, because that is the process a process manager, `docker
// stop` or a terminal signals. npm forwards SIGTERM and SIGINT to its script's process and
// waits for it to exit; the "exec" in package.json makes that process this one rather than a
// shell, which would die of the signal without passing it on and leave the server and its
// embedded PostgreSQL running. Plain JavaScript: it runs before anything is built.
import { pathToFileURL } from 'node:url';
import { stoppableBuildIfNeeded, targets } from './build-if-needed.mjs';

const SIGNALS = ['SIGTERM', 'SIGINT'];
/** A terminal's Ctrl-C reaches both npm and us, and npm passes its copy on: one stop, two signals. */
const SAME_STOP_MS = 2000;

let phase = 'building';
let stopSignal;
let stopAt = 0;

// Until the server's module is loaded it has no handlers of its own, and a signal would kill
// this process outright: a build would carry on without it. So a stop while building ends the
// build; a stop while the server's module loads is held and passed on once it has loaded (from
// its first line, the server stops whatever it has started by itself).
// A later, deliberate signal exits at once (exiting, unlike dying of a signal, still stops
// PostgreSQL).
function onSignal(signal) {
  // Once the server's module runs, it has handlers of its own and stops what it has started;
  // only a stop that came before them is held here and passed on.
  if (phase === 'starting' && process.listenerCount(signal) > 1) return;
  if (stopSignal !== undefined) {
    if (Date.now() - stopAt < SAME_STOP_MS) return;
    process.stderr.write(`confide: ${signal} again: exiting now\n`);
    process.exit(1);
  }
  stopSignal = signal;
  stopAt = Date.now();
  if (phase === 'building') build.stop(signal);
  else process.stderr.write(`confide: ${signal} received while starting: stopping once started\n`);
}

/** Ends this process by the signal it was sent, so npm and whoever runs npm see that signal. */
function dieOf(signal) {
  for (const name of SIGNALS) process.off(name, onSignal);
  process.kill(process.pid, signal);
}

const build = stoppableBuildIfNeeded();
for (const signal of SIGNALS) process.on(signal, onSignal);
try {
  await build.done;
} catch (error) {
  if (stopSignal === undefined) {
    process.stderr.write(`confide: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
if (stopSignal !== undefined) {
  dieOf(stopSignal);
} else {
  phase = 'starting';
  await import(pathToFileURL(targets.server.output).href);
  // The server's own handlers are installed now: they take any held stop from here.
  for (const signal of SIGNALS) process.off(signal, onSignal);
  if (stopSignal !== undefined) process.kill(process.pid, stopSignal);
}
