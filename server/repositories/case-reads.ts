/**
 * When each member last opened each case (the case list's unread marker). The server learns
 * read state this way; docs/protocol.md 13 says so.
 */
import { sql } from 'kysely';
import type { Db } from '../db/executor.js';

/**
 * Records that the member opens the case now, and returns when they had opened it before (null if
 * never) and whether that was within `recentSeconds`, by the database's clock, in one statement.
 */
export async function markCaseRead(
  db: Db,
  memberId: string,
  caseId: string,
  recentSeconds: number,
): Promise<{ previous: Date | null; recent: boolean }> {
  const result = await sql<{ previous: Date | null; recent: boolean }>`
    with previous as (
      select read_at from case_reads where member_id = ${memberId} and case_id = ${caseId}
    )
    insert into case_reads (case_id, member_id, read_at) values (${caseId}, ${memberId}, now())
    on conflict (member_id, case_id) do update set read_at = excluded.read_at
    returning
      (select read_at from previous) as previous,
      coalesce((select read_at > now() - make_interval(secs => ${recentSeconds}) from previous), false) as recent`.execute(
    db,
  );
  const row = result.rows[0];
  return { previous: row?.previous ?? null, recent: row?.recent ?? false };
}

/** When the member last opened the case (null if never), without recording an opening. */
export async function findCaseRead(db: Db, memberId: string, caseId: string): Promise<Date | null> {
  const row = await db
    .selectFrom('case_reads')
    .select('read_at')
    .where('member_id', '=', memberId)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  return row?.read_at ?? null;
}
