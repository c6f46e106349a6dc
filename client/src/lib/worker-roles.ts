/**
 * The jobs the one crypto Worker script (crypto-host.worker.ts) can be started for. The page names
 * the job in the Worker's `name` (crypto-workers.ts), and the script loads that job's code only.
 *
 * One script for every job, so that the browser fetches and compiles it, and the libsodium chunk it
 * shares with the page, once per page however many Workers run (the keyring, one decrypting Worker
 * a core, a throw-away Worker for each Argon2id run, the reporter's receipt Worker).
 */
export const WORKER_ROLES = [
  /** The keyring: both key pairs and the team index key (keyring/keyring.worker.ts). */
  'confide-keyring',
  /** Bulk decryption with a copy of the X25519 key pair only (keyring/decrypt.worker.ts). */
  'confide-decrypt',
  /** One Argon2id run for a member, then terminated (keyring/kdf.worker.ts). */
  'confide-kdf',
  /** One Argon2id run for a reporter's receipt, then terminated (crypto.worker.ts). */
  'confide-receipt',
] as const;

export type WorkerRole = (typeof WORKER_ROLES)[number];

export function isWorkerRole(name: string): name is WorkerRole {
  return (WORKER_ROLES as readonly string[]).includes(name);
}
