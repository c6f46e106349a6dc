/**
 * Cases: the encrypted report, its metadata (number, status, dates, assignee, when each side last
 * wrote) and its reporter's keys.
 */
import { sql, type RawBuilder, type Selectable, type Updateable } from 'kysely';
import { FINISHED_CASE_STATUSES, isFinishedStatus, type CaseStatus } from '#contract/enumerations';
import type { Db } from '../db/executor.js';
import type { Cases } from '../db/schema.js';
import { excludedIds, notExcluded } from './case-exclusions.js';
import { notRecused } from './recusals.js';

export type CaseRow = Selectable<Cases>;

/**
 * The object whose grant lets a member see the case: the report itself, or, once the case was
 * purged (services/retention.ts), its retained record, the only object of it left with grants.
 * For queries on the `cases` table under its own name, through the two conditions below.
 */
function accessObject(): RawBuilder<string> {
  return sql<string>`case when cases.purged_at is null then cases.id else cases.retained_item_id end`;
}

/**
 * The join condition of `grants` with `cases`: the grant is `memberId`'s, on the case's access
 * object. What every query that lists cases a member may see joins on.
 */
export function grantOnCaseOf(memberId: string): RawBuilder<boolean> {
  return sql<boolean>`grants.object_id = ${accessObject()} and grants.recipient = ${memberId}`;
}

/** The same as a condition on `cases` alone: `memberId` holds a grant on the case's access object. */
export function holdsGrantOnCase(memberId: string): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from grants as held where held.object_id = ${accessObject()} and held.recipient = ${memberId})`;
}

/** A position in the case list: the last case of a page. */
export interface CaseCursor {
  /** created_at to the microsecond, as PostgreSQL stores it (services/cases.ts). */
  at: string;
  id: string;
}

/** The bytes of a case the list sends: its summary's ciphertext, else its report's (0 once purged). */
const listedBytes = sql<number>`coalesce(octet_length(cases.summary_ct), octet_length(cases.payload_ct), 0)`;

/**
 * True while the cases before this one in list order sent fewer than `maxBytes`: the first case of
 * a page is always in it. Windows with the same ORDER BY are evaluated in one pass over the rows.
 */
function withinPageCap(maxBytes: number): RawBuilder<boolean> {
  return sql<boolean>`sum(${listedBytes}) over (order by cases.created_at desc, cases.id desc) - ${listedBytes} < ${maxBytes}`;
}

/**
 * Up to `limit` cases of the member's team granted to them, newest first, after `cursor`, each
 * with the member's grant (of the report; of the retained record once purged), the ids of the
 * members the reporter excluded and when the member last opened it (case_reads, looked up by its
 * primary key).
 */
export async function listCasesGrantedTo(
  db: Db,
  member: { id: string; teamId: string },
  page: {
    limit: number;
    cursor: CaseCursor | undefined;
    /** The last case of the range asked for (CaseListQuery's `until`): none after it. */
    until?: CaseCursor | undefined;
    maxPayloadBytes: number;
  },
) {
  let query = db
    .selectFrom('cases')
    // One equality on the grant's key either way, so each case is still one index probe.
    .innerJoin('grants', (join) => join.on(grantOnCaseOf(member.id)))
    .leftJoin('case_reads', (join) =>
      join.onRef('case_reads.case_id', '=', 'cases.id').on('case_reads.member_id', '=', member.id),
    )
    .select([
      'cases.id',
      'cases.number',
      'cases.status',
      'cases.urgent',
      'cases.created_at',
      'cases.updated_at',
      'cases.check_in_by',
      'cases.follow_up_by',
      'cases.assignee',
      'cases.reporter_replied_at',
      'cases.team_replied_at',
      'cases.finished_at',
      'cases.retained_item_id',
      'cases.purged_at',
      'case_reads.read_at',
      // An appeal's original, by its primary key: a probe only for the few cases that are appeals.
      'cases.appeal_of',
      sql<
        number | null
      >`(select original.number from cases as original where original.id = cases.appeal_of)`.as(
        'appeal_of_number',
      ),
      'cases.payload_v',
      'cases.payload_nonce',
      'cases.summary_nonce',
      'grants.sealed',
      // A case is listed by its summary envelope, or by its whole report when it has none (written
      // before summaries): only what is listed is read, and a page takes it only while the running
      // total of those bytes (in list order) is under the cap. octet_length reads no stored value
      // to size it, so a report's body past the cap, or behind a summary, is never read.
      sql<Buffer | null>`case when ${withinPageCap(page.maxPayloadBytes)} then cases.summary_ct end`.as(
        'summary_ct',
      ),
      sql<Buffer | null>`case when cases.summary_ct is null and ${withinPageCap(page.maxPayloadBytes)} then cases.payload_ct end`.as(
        'payload_ct',
      ),
      sql<boolean>`not ${withinPageCap(page.maxPayloadBytes)}`.as('past_page_cap'),
      sql<string>`to_char(cases.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(
        'cursor_at',
      ),
    ])
    .select(excludedIds('cases.id').as('excluded'))
    .where('cases.team_id', '=', member.teamId)
    .where(notExcluded('cases.id', member.id))
    .orderBy('cases.created_at', 'desc')
    .orderBy('cases.id', 'desc')
    .limit(page.limit);
  const { cursor, until } = page;
  if (cursor) {
    query = query.where(
      sql<boolean>`(cases.created_at, cases.id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`,
    );
  }
  if (until) {
    query = query.where(
      sql<boolean>`(cases.created_at, cases.id) >= (${until.at}::timestamptz, ${until.id}::uuid)`,
    );
  }
  return query.execute();
}

/**
 * The position of every `every`-th case listCasesGrantedTo would list (the same team, grant and
 * exclusion rules and order) before the last one, and how many there are: one pass over the
 * team's cases and grants, reading no ciphertext.
 */
export async function caseListBoundaries(
  db: Db,
  member: { id: string; teamId: string },
  every: number,
): Promise<{ total: number; boundaries: { at: string; id: string }[] }> {
  const numbered = db
    .selectFrom('cases')
    .innerJoin('grants', (join) => join.on(grantOnCaseOf(member.id)))
    .select([
      'cases.id',
      sql<string>`to_char(cases.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('at'),
      sql<number>`row_number() over (order by cases.created_at desc, cases.id desc)`.as('n'),
      sql<number>`count(*) over ()`.as('total'),
    ])
    .where('cases.team_id', '=', member.teamId)
    .where(notExcluded('cases.id', member.id));
  const rows = await db
    .selectFrom(numbered.as('numbered'))
    .select(['numbered.id', 'numbered.at', 'numbered.total'])
    // The last case too, for `total` when there are fewer than `every` after the last boundary.
    .where((eb) =>
      eb.or([eb(sql`numbered.n % ${every}`, '=', 0), eb('numbered.n', '=', eb.ref('numbered.total'))]),
    )
    .orderBy('numbered.n')
    .execute();
  const total = rows[0]?.total ?? 0;
  // Cases every, 2·every, ... before the last: a boundary on the last case would leave an empty range.
  const count = total === 0 ? 0 : Math.floor((total - 1) / every);
  return { total, boundaries: rows.slice(0, count).map((r) => ({ at: r.at, id: r.id })) };
}

/**
 * How many cases listCasesGrantedTo would list in all: the same team, grant and exclusion rules,
 * counted with one index probe per case (no case's ciphertext is read).
 */
export async function countCasesGrantedTo(db: Db, member: { id: string; teamId: string }): Promise<number> {
  const row = await db
    .selectFrom('cases')
    .innerJoin('grants', (join) => join.on(grantOnCaseOf(member.id)))
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('cases.team_id', '=', member.teamId)
    .where(notExcluded('cases.id', member.id))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * The case, if it is of the member's team, granted to them (the report, or the retained record
 * once purged), and they are not excluded from it.
 */
export function findCaseForMember(
  db: Db,
  caseId: string,
  member: { id: string; teamId: string },
): Promise<CaseRow | undefined> {
  return db
    .selectFrom('cases')
    .selectAll('cases')
    .where('cases.id', '=', caseId)
    .where('cases.team_id', '=', member.teamId)
    .where(holdsGrantOnCase(member.id))
    .where(notExcluded('cases.id', member.id))
    .executeTakeFirst();
}

/**
 * The report bodies of the cases of `caseIds` the member may see by GET /api/cases/{id}'s rule
 * (services/case-access.ts caseForMember: the member's team, a grant, no exclusion, no recusal)
 * that still have one (not purged), each with the member's grant on the report and the members the
 * reporter excluded; in no particular order. One statement: the cases by their primary key, each
 * joined to the member's grant on the report by the grant's.
 */
export function listCaseBodiesFor(
  db: Db,
  caseIds: readonly string[],
  member: { id: string; teamId: string },
) {
  return (
    db
      .selectFrom('cases')
      // Not accessObject(): a purged case, whose grants are on its retained record, is left out.
      .innerJoin('grants', (join) =>
        join.onRef('grants.object_id', '=', 'cases.id').on('grants.recipient', '=', member.id),
      )
      .select(['cases.id', 'cases.payload_v', 'cases.payload_nonce', 'cases.payload_ct', 'grants.sealed'])
      .select(excludedIds('cases.id').as('excluded'))
      .where('cases.id', 'in', caseIds)
      .where('cases.team_id', '=', member.teamId)
      .where('cases.purged_at', 'is', null)
      .where(notExcluded('cases.id', member.id))
      .where(notRecused('cases.id', member.id))
      .execute()
  );
}

export function findCase(db: Db, caseId: string): Promise<CaseRow | undefined> {
  return db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
}

export async function findCaseIdByLookupHash(db: Db, lookupHash: Buffer): Promise<string | undefined> {
  const found = await db
    .selectFrom('cases')
    .select('id')
    .where('lookup_hash', '=', lookupHash)
    .executeTakeFirst();
  return found?.id;
}

/**
 * The case's status, its row locked for the rest of the transaction. Not FOR SHARE: the
 * transaction updates the case row later (updated_at), and two transactions each holding a
 * share lock and then wanting to write it would deadlock.
 */
export async function lockCaseStatus(tx: Db, caseId: string): Promise<string | undefined> {
  return (await lockCase(tx, caseId))?.status;
}

/** The whole case row, locked like lockCaseStatus: what a change reads before it writes. */
export function lockCase(tx: Db, caseId: string): Promise<CaseRow | undefined> {
  return tx.selectFrom('cases').selectAll().where('id', '=', caseId).forNoKeyUpdate().executeTakeFirst();
}

/**
 * The cases of `caseIds` the member may see by services/case-access.ts caseForMember's rule (the
 * member's team, a grant on the report or, once purged, on its retained record, no exclusion, no
 * recusal), their rows locked like lockCase. The rows are locked in the order of their ids, the
 * order the reply gives them in: two such transactions over the same cases, or one and the
 * single-case locks of other changes, wait for each other instead of deadlocking.
 */
export function lockCasesForMember(
  tx: Db,
  caseIds: readonly string[],
  member: { id: string; teamId: string },
): Promise<CaseRow[]> {
  return (
    tx
      .selectFrom('cases')
      .selectAll('cases')
      .where('cases.id', 'in', caseIds)
      .where('cases.team_id', '=', member.teamId)
      .where(holdsGrantOnCase(member.id))
      .where(notExcluded('cases.id', member.id))
      .where(notRecused('cases.id', member.id))
      // PostgreSQL locks the rows as the sort hands them on, so in this order.
      .orderBy('cases.id')
      .forNoKeyUpdate()
      .execute()
  );
}

/** What a member may change on a case, and what items change on it (status, who last wrote). */
export type CaseChanges = Pick<
  Updateable<Cases>,
  'status' | 'check_in_by' | 'follow_up_by' | 'assignee' | 'reporter_replied_at' | 'team_replied_at'
>;

/**
 * Changes the case's metadata unless it is withdrawn (conditional, so a withdrawal that lands
 * after the caller's read wins); undefined when it was. updated_at moves with every change.
 *
 * A new status sets when the case finished: now for a close, null for anything else (a
 * reopening), which also drops the retained record, written for the case as it was when it
 * closed (the console writes a new one at the next close).
 */
export function updateCaseUnlessWithdrawn(db: Db, caseId: string, changes: CaseChanges) {
  const now = new Date();
  const finished =
    changes.status === undefined
      ? {}
      : isFinishedStatus(changes.status as CaseStatus)
        ? { finished_at: now }
        : { finished_at: null, retained_item_id: null };
  return db
    .updateTable('cases')
    .set({ ...changes, ...finished, updated_at: now })
    .where('id', '=', caseId)
    .where('status', '<>', 'withdrawn')
    .returning(['id', 'number', 'status', 'check_in_by', 'follow_up_by', 'assignee', 'updated_at'])
    .executeTakeFirst();
}

/**
 * Withdraws the case unless it is finished already (conditional, so a withdrawal racing a close,
 * or another withdrawal, cannot undo it), marking when it finished; false when it was. The move
 * goes into the case's timeline in the same statement, so the status and its history cannot
 * disagree. (`previous` is not locked FOR UPDATE: a row locked earlier in the same statement is
 * skipped by the update.)
 */
export async function withdrawCase(db: Db, caseId: string): Promise<boolean> {
  const finished = sql.join(FINISHED_CASE_STATUSES.map((status) => sql.lit(status)));
  const result = await sql<{ id: string }>`
    with previous as (select status from cases where id = ${caseId}),
    withdrawn as (
      update cases set status = 'withdrawn', updated_at = now(), finished_at = now()
      where id = ${caseId} and status not in (${finished})
      returning id
    )
    insert into case_events (case_id, kind, actor, from_value, to_value)
    select withdrawn.id, 'status', 'reporter', previous.status, 'withdrawn' from withdrawn, previous
    returning case_id as id`.execute(db);
  return result.rows.length !== 0;
}

/**
 * Makes the item the case's retained record (docs/protocol.md 10.8), replacing any earlier one,
 * which stays an ordinary item until the purge. updated_at stays: consoles write these records
 * on their own, for old cases too, and the case did not change for anyone working it.
 */
export async function setRetainedItem(db: Db, caseId: string, itemId: string): Promise<void> {
  await db.updateTable('cases').set({ retained_item_id: itemId }).where('id', '=', caseId).execute();
}

/**
 * Records the index-key epoch of the cases' current tag sets (repositories/case-tags.ts), so that
 * browsers can find the cases still to tag with the team's current key. updated_at stays: consoles
 * tag cases on their own, and the case did not change for anyone working it.
 */
export async function setCaseTagEpoch(db: Db, caseIds: readonly string[], epoch: number): Promise<void> {
  if (caseIds.length === 0) return;
  await db.updateTable('cases').set({ tag_epoch: epoch }).where('id', 'in', caseIds).execute();
}

/** Every case assigned to the member loses its assignee. */
export async function unassignMember(db: Db, memberId: string): Promise<void> {
  await db.updateTable('cases').set({ assignee: null }).where('assignee', '=', memberId).execute();
}
