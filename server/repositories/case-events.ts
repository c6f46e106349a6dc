/**
 * A case's timeline of changes (docs/protocol.md 10.6): one row per change the server makes,
 * with who made it and from what to what. Values are statuses, member ids or times; never content.
 */
import type { CaseEvent } from '#contract/cases';
import type { CaseEventKind } from '#contract/enumerations';
import type { Db } from '../db/executor.js';
import { toTime } from '../db/wire.js';

export interface NewCaseEvent {
  caseId: string;
  kind: CaseEventKind;
  /** A member id, "reporter", or null for the server itself. */
  actor: string | null;
  from?: string | null;
  to?: string | null;
  itemId?: string | null;
}

export async function insertCaseEvents(db: Db, events: readonly NewCaseEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('case_events')
    .values(
      events.map((e) => ({
        case_id: e.caseId,
        kind: e.kind,
        actor: e.actor,
        from_value: e.from ?? null,
        to_value: e.to ?? null,
        item_id: e.itemId ?? null,
      })),
    )
    .execute();
}

/** The case's events in the order they happened. */
export async function listCaseEvents(db: Db, caseId: string): Promise<CaseEvent[]> {
  const rows = await db
    .selectFrom('case_events')
    .select(['id', 'kind', 'actor', 'from_value', 'to_value', 'item_id', 'at'])
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as CaseEventKind,
    actor: r.actor,
    from: r.from_value,
    to: r.to_value,
    item: r.item_id,
    at: toTime(r.at),
  }));
}
