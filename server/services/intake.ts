/**
 * Accepting an anonymous report. This is the hottest write path (every report, from anyone),
 * so it is two round trips to PostgreSQL in the common case:
 *   1. one read: the team, its roster head, its active members and its genesis hash;
 *   2. one statement that inserts the case, its exclusions and its grants together (a single
 *      statement is atomic, so no explicit transaction is needed).
 * Reports with attachments take a transaction instead, to bind the files in the same commit.
 * When the deployment pins team fingerprints, a report to a pinned team whose genesis hash is not
 * the pinned one is refused (services/team-pins.ts).
 * Duplicates are caught by the unique constraints, not by a read before the write.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { badRequest, conflict, notFound } from '../errors.js';
import type { ReportSubmission } from '../schemas/cases.js';
import { verifyReportSignature } from '../verify.js';
import { fromB64 } from '../wire.js';
import { bindAttachments } from './attachments.js';
import { isUniqueViolation } from './items.js';
import { assertPinnedFingerprint, type PinnedFingerprints } from './team-pins.js';

export async function acceptReport(
  db: Kysely<DB>,
  report: ReportSubmission,
  maxAttachmentBytes: number,
  pinnedFingerprints: PinnedFingerprints = new Map(),
): Promise<Date> {
  if (report.payload.v !== 1) throw badRequest('unknown_version', 'This server accepts envelope version 1');
  // Decoded once, for the signature check and for the insert (the schema checked the alphabet).
  const ciphertext = fromB64(report.payload.c);
  const sig = fromB64(report.sig);
  const signPk = fromB64(report.reporter.sign_pk);
  if (!verifyReportSignature(report.id, ciphertext, sig, signPk)) {
    throw badRequest('bad_signature', "The report's signature does not verify");
  }

  // Raw SQL for the same reason as the write below: this read runs for every report.
  const { rows } = await sql<{
    slug: string;
    head: number | null;
    active: string[] | null;
    genesis_hash: Buffer | null;
  }>`
    select t.slug,
      (select max(r.seq) from roster_entries r where r.team_id = t.id) as head,
      (select array_agg(m.id) from members m where m.team_id = t.id and m.status = 'active') as active,
      (select r.hash from roster_entries r where r.team_id = t.id and r.seq = 0) as genesis_hash
    from teams t
    where t.id = ${report.team}`.execute(db);
  const team = rows[0];
  if (!team) throw notFound('There is no such team');
  if (pinnedFingerprints.size > 0) assertPinnedFingerprint(pinnedFingerprints, team.slug, team.genesis_hash);
  const head = team.head ?? -1;
  const active = new Set(team.active ?? []);

  if (report.roster_seq > head) {
    throw conflict('roster_changed', 'The report names a roster this server does not have', {
      roster_seq: head,
    });
  }
  if (report.excluded.some((id) => !active.has(id))) {
    throw conflict(
      'excluded_not_member',
      'Someone you chose to exclude is no longer on the team. Reload and choose again.',
      {
        roster_seq: head,
      },
    );
  }
  const expected = new Set([...active].filter((id) => !report.excluded.includes(id)));
  if (expected.size === 0)
    throw badRequest('no_recipient_left', 'At least one team member must be able to read the report');
  expected.add('reporter');
  const recipients = new Set(report.grants.map((g) => g.to));
  if (
    recipients.size !== report.grants.length ||
    recipients.size !== expected.size ||
    [...recipients].some((to) => !expected.has(to))
  ) {
    throw conflict(
      'grants_do_not_match_roster',
      'The team has changed since this page loaded: the report must be encrypted to exactly the current team members. Reload the roster and try again.',
      { roster_seq: head },
    );
  }

  // One statement, written as SQL rather than with the query builder: this runs for every
  // report, and building the same CTE through Kysely's immutable nodes cost more CPU than
  // PostgreSQL spends executing it. Values are still bound parameters.
  const grantRows = sql.join(
    report.grants.map((g) => sql`(${report.id}, ${report.id}, ${g.to}, ${fromB64(g.k)})`),
  );
  const exclusions =
    report.excluded.length > 0
      ? sql`, x as (insert into case_exclusions (case_id, member_id) values ${sql.join(
          report.excluded.map((memberId) => sql`(${report.id}, ${memberId})`),
        )})`
      : sql``;
  const write = async (executor: Kysely<DB>): Promise<Date> => {
    const { rows } = await sql<{ created_at: Date }>`
      with c as (
        insert into cases (id, team_id, roster_seq, payload_v, payload_nonce, payload_ct, sig,
                           reporter_box_pk, reporter_sign_pk, lookup_hash, urgent)
        values (${report.id}, ${report.team}, ${report.roster_seq}, ${report.payload.v},
                ${fromB64(report.payload.n)}, ${ciphertext}, ${sig}, ${fromB64(report.reporter.box_pk)},
                ${signPk}, ${fromB64(report.reporter.lookup_hash)}, ${report.urgent})
        returning created_at
      ),
      g as (insert into grants (case_id, object_id, recipient, sealed) values ${grantRows})
      ${exclusions}
      select created_at from c`.execute(executor);
    const row = rows[0];
    if (!row) throw new Error('the case insert returned no row');
    return row.created_at;
  };

  try {
    const attachments = report.attachments ?? [];
    if (attachments.length === 0) return await write(db);
    return await db.transaction().execute(async (tx) => {
      // Exclusions and grants reference the case, so the case row must exist before binding.
      const receivedAt = await write(tx);
      await bindAttachments(tx, attachments, { caseId: report.id, itemId: null }, maxAttachmentBytes);
      return receivedAt;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict('duplicate_report', 'A report with this id or receipt already exists');
    }
    throw error;
  }
}
