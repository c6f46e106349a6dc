/**
 * What the workers keep of each case of a page of GET /api/cases until they open it (case-pages.ts
 * fetches the pages): its summary envelope; for a report written before summaries its whole body;
 * for a purged case its retained record; or, for a case that can be opened with no key at all, the
 * code the list shows for it. Pure: no fetching, no Workers (unit-tested under Node).
 */
import type { BoxKeyPair, Envelope, SealedBoxOpener } from '#crypto';
import type { CaseSummary } from '#contract/cases';
import { openSummaries } from './case-crypto.js';
import type { OpenedSummary, SealedSummaryInput } from './types.js';

/** A case that cannot be opened whatever the key, and the code the list shows for it. */
export interface UnopenableCase {
  readonly id: string;
  readonly code: string;
}

export type PageEntry = SealedSummaryInput | UnopenableCase;

/** The envelope as the protocol's version 1, or null for another version. */
function v1(envelope: { readonly v: number; readonly n: string; readonly c: string }): Envelope | null {
  return envelope.v === 1 ? { v: 1, n: envelope.n, c: envelope.c } : null;
}

/**
 * What the workers need of one case of a page (checked already against the contract). A wrong
 * envelope version costs that one case (UNKNOWN_VERSION), never the whole page, as a wrong shape
 * would.
 */
export function pageEntryOf(c: CaseSummary): PageEntry {
  if (c.purged_at === null) {
    if (c.grant !== null && c.summary !== null) {
      const summary = v1(c.summary);
      return summary ? { id: c.id, summary, grant: c.grant } : { id: c.id, code: 'UNKNOWN_VERSION' };
    }
    if (c.grant !== null && c.payload !== null) {
      // Written before summaries: listed from its whole body (the server sends it for these only).
      const payload = v1(c.payload);
      return payload ? { id: c.id, payload, grant: c.grant } : { id: c.id, code: 'UNKNOWN_VERSION' };
    }
    // No summary, no body or no key to them, yet not purged: said so, never an empty row.
    return { id: c.id, code: 'NO_REPORT' };
  }
  // Purged (docs/protocol.md 10.8): the report is gone; the retained record is what is left.
  const r = c.retained_item;
  const payload = r && v1(r.payload);
  return {
    id: c.id,
    purged: true,
    number: c.number,
    retained: r && payload ? { ...r, payload } : null,
  };
}

/** Opens `entries` for the list, in their order; the unopenable ones with their codes. */
export async function openPageEntries(
  team: string,
  entries: readonly PageEntry[],
  recipient: BoxKeyPair,
  opener: SealedBoxOpener,
): Promise<OpenedSummary[]> {
  const openable = entries.filter((c): c is SealedSummaryInput => !('code' in c));
  const opened = await openSummaries(team, openable, recipient, opener);
  let next = 0;
  return entries.map((c): OpenedSummary => {
    if ('code' in c) return { id: c.id, ok: false, code: c.code };
    // openSummaries answers each case it is given, in order.
    return opened[next++] ?? { id: c.id, ok: false, code: 'UNREADABLE' };
  });
}
