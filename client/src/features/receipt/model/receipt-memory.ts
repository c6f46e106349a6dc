/**
 * The open receipt session, in this page's memory only (never storage, never the address):
 * the receipt's keys, what it opens the case as, and what its holder is writing. `forget` wipes
 * the keys; "Leave now" calls it too (lib/leave-now.ts).
 */
import type { ReceiptKeys } from '#crypto';
import type { ReceiptRole } from '#contract/enumerations';
import { onLeave } from '../../../lib/leave-now';
import { wipeReceiptKeys } from '../../../lib/reporter-crypto';

export interface ReceiptMemory {
  keys: ReceiptKeys | undefined;
  /** What the server said the receipt opens the case as, for the words shown while it reopens. */
  role: ReceiptRole | undefined;
  /** The answer being written, kept if the session has to be opened again. */
  replyText: string;
}

export const receiptMemory: ReceiptMemory = { keys: undefined, role: undefined, replyText: '' };

export function forgetReceipt(): void {
  wipeReceiptKeys(receiptMemory.keys);
  receiptMemory.keys = undefined;
  receiptMemory.role = undefined;
  receiptMemory.replyText = '';
}

onLeave(forgetReceipt);
