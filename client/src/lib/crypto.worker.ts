/**
 * The receipt worker's job (run by crypto-host.worker.ts in a Worker of its own): Argon2id for
 * receipts, off the page's thread (PROTOCOL.md, Receipts: 64 MiB, 2 passes).
 *
 * The derivation grows this worker's WebAssembly memory to 64 MiB and WebAssembly memory never
 * shrinks, so each use gets a new worker that is terminated as soon as it has answered
 * (reporter-crypto.ts does both). Nothing here is kept between calls.
 */
import { deriveReceiptKeys, generateReceipt, ready, type ReceiptKeys } from '#crypto';
import type { RpcHandlers } from './worker-rpc';

export type ReceiptWorkerApi = {
  /** A new receipt (shown once to the reporter, never sent) and everything it unlocks. */
  createReceipt(args: Record<string, never>): { receipt: string; keys: ReceiptKeys };
  /** The keys of a receipt the reporter typed; RECEIPT_MALFORMED for one that does not normalize. */
  deriveReceiptKeys(args: { receipt: string }): ReceiptKeys;
};

export const receiptHandlers: RpcHandlers<ReceiptWorkerApi> = {
  async createReceipt() {
    await ready();
    const receipt = generateReceipt();
    return { receipt, keys: deriveReceiptKeys(receipt) };
  },
  async deriveReceiptKeys({ receipt }) {
    await ready();
    return deriveReceiptKeys(receipt);
  },
};
