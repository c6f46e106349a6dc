/**
 * Re-grant events written before re-grants were recorded per case (issue 8, finding 9): each is one
 * team-wide `cases.regranted` row, with no case, whose details name the member and count the
 * objects re-granted (`{ member, objects }`). The count covers cases an admin reading the log may
 * be excluded from, so with the cases they can see it tells them how many they cannot.
 *
 * The rows are scrubbed, not deleted: the audit log is the team's record of who gave whom access
 * to reports, and a re-grant is exactly such an act, so each row keeps who did it (`member_id`),
 * to whom (`details.member`) and when (`at`). Only the count goes; the per-case events written
 * since carry counts under the exclusion filter, and the legacy count cannot be split by case (the
 * grants table keeps no time or author). The bare fact that a re-grant happened could still tell an
 * excluded admin that cases they cannot see exist (say, none they can see was there to re-grant), so
 * GET /api/audit also withholds these rows from anyone the reporter excluded from a case that
 * existed when the row was written (server/repositories/audit-events.ts); the rest of the team
 * sees them.
 *
 * Data only: the schema is unchanged. Running it again changes nothing.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    update audit_events
    set details = case
      when jsonb_typeof(details -> 'member') = 'string' then jsonb_build_object('member', details -> 'member')
      else '{}'::jsonb
    end
    where action = 'cases.regranted' and case_id is null`.execute(db);
}
