/**
 * The receipt API's replies as the model reads them (contract ReceiptCase, its envelopes read as
 * the protocol's). Types only, with no import that needs the browser, so the model's pure
 * modules and their unit tests can name them.
 */
import type { Envelope } from '#crypto';
import type { ItemView, ReceiptCase as ReceiptCaseReply } from '#contract/cases';

/** An item as served, its envelope read as the protocol's (version 1). */
export type ReceiptItem = Omit<ItemView, 'payload'> & { readonly payload: Envelope };

/**
 * The case as served. Once the team's retention has deleted its details (`purged_at`), `payload`
 * and `grant` are null and `items` is empty; for a target's receipt (`role` target) `payload`,
 * `summary`, `grant` and `sig` are always null.
 */
export type ReceiptCase = Omit<ReceiptCaseReply, 'payload' | 'items'> & {
  readonly payload: Envelope | null;
  readonly items: readonly ReceiptItem[];
};
