/** The case's records, as the panels read them: who wrote each, when, in the order written. */
import type { RecordBody } from '#contract/records';
import type { OpenedItem } from '../../../../../lib/keyring/keyring';

export interface RecordEntry<R extends RecordBody = RecordBody> {
  readonly id: string;
  /** The member id whose signature verified. */
  readonly author: string;
  /** The time the author signed (written_at), or the server's if missing. */
  readonly at: string;
  readonly record: R;
}

/** Verified records only: an item whose signature failed is shown by the thread, never counted here. */
export function recordEntries(items: readonly OpenedItem[]): RecordEntry[] {
  const entries: RecordEntry[] = [];
  for (const item of items) {
    if (!item.verified || item.record === null) continue;
    entries.push({
      id: item.id,
      author: item.author,
      at: item.writtenAt ?? item.createdAt,
      record: item.record,
    });
  }
  return entries;
}

/** The entries of one record type, narrowed. */
export function entriesOf<T extends RecordBody['type']>(
  entries: readonly RecordEntry[],
  type: T,
): RecordEntry<Extract<RecordBody, { type: T }>>[] {
  return entries.filter((e): e is RecordEntry<Extract<RecordBody, { type: T }>> => e.record.type === type);
}

/** The latest entry of a type, or null. */
export function latestOf<T extends RecordBody['type']>(
  entries: readonly RecordEntry[],
  type: T,
): RecordEntry<Extract<RecordBody, { type: T }>> | null {
  return entriesOf(entries, type).at(-1) ?? null;
}
