/**
 * Starts a crypto Worker for one job (worker-roles.ts). Every job runs the same script,
 * crypto-host.worker.ts: the browser fetches it and its libsodium chunk once and takes them from
 * its cache for every further Worker of the page, instead of a 550 KiB bundle per kind of Worker.
 * Each job still gets a Worker, and so a memory, of its own: only the code is shared.
 */
import type { WorkerRole } from './worker-roles';

export function startCryptoWorker(role: WorkerRole): Worker {
  // Written out here, once: Vite bundles a Worker script where it finds this exact expression.
  return new Worker(new URL('./crypto-host.worker.ts', import.meta.url), { type: 'module', name: role });
}
