/**
 * The open receipt session, in this page's memory only (never storage, never the address):
 * the receipt's keys and what the reporter is writing. `forget` wipes the keys.
 */
import type { ReceiptKeys } from '#crypto';
import { wipeReceiptKeys } from '../../../lib/reporter-crypto';

export interface ReceiptMemory {
  keys: ReceiptKeys | undefined;
  /** The answer being written, kept if the session has to be opened again. */
  replyText: string;
}

export const receiptMemory: ReceiptMemory = { keys: undefined, replyText: '' };

export function forgetReceipt(): void {
  wipeReceiptKeys(receiptMemory.keys);
  receiptMemory.keys = undefined;
  receiptMemory.replyText = '';
}
