/**
 * The reporter's receipt keys, made in a Web Worker (the receipt job, crypto.worker.ts) that
 * lives for one derivation only: Argon2id needs 64 MiB, which would otherwise stay allocated in the page,
 * and the page never freezes while it runs.
 *
 * The keys come back as plain bytes and live in this page's memory for as long as the
 * reporter's visit lasts. Never put them (or the receipt) in storage, an address, a log or a
 * request: only `lookup`, `lookup_hash` and the public keys leave the browser. Call
 * `wipeReceiptKeys` when the reporter leaves.
 */
import type { ReceiptKeys } from '#crypto';
import type { ReceiptWorkerApi } from './crypto.worker';
import { startCryptoWorker } from './crypto-workers';
import { connectRpc, type RpcClient } from './worker-rpc';

async function withReceiptWorker<T>(use: (rpc: RpcClient<ReceiptWorkerApi>) => Promise<T>): Promise<T> {
  const rpc = connectRpc<ReceiptWorkerApi>(startCryptoWorker('confide-receipt'));
  try {
    return await use(rpc);
  } finally {
    rpc.terminate();
  }
}

/** A new receipt (XXXX-XXXX-XXXX-XXXX-XXXX) and its keys. Show the receipt once; never send it. */
export function createReceipt(): Promise<{ receipt: string; keys: ReceiptKeys }> {
  return withReceiptWorker((rpc) => rpc.call('createReceipt', {}));
}

/**
 * The keys of a receipt as the reporter typed it. Rejects with a WorkerError whose `code` is
 * RECEIPT_MALFORMED when it does not normalize (check with normalizeReceipt first to say which
 * character is wrong).
 */
export function deriveReceiptKeys(receipt: string): Promise<ReceiptKeys> {
  return withReceiptWorker((rpc) => rpc.call('deriveReceiptKeys', { receipt }));
}

/** Overwrites the secret parts of receipt keys (best effort: copies made by the engine may remain). */
export function wipeReceiptKeys(keys: ReceiptKeys | undefined): void {
  if (!keys) return;
  keys.lookup.fill(0);
  keys.box.secretKey.fill(0);
  keys.sign.secretKey.fill(0);
}
