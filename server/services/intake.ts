/**
 * Accepting an anonymous report. This is the hottest write path (every report, from anyone),
 * so it is two round trips to PostgreSQL in the common case:
 *   1. one read: the team, its roster head and its active members;
 *   2. one statement that inserts the case, its exclusions and its grants together (a single
 *      statement is atomic, so no explicit transaction is needed).
 * Reports with attachments take a transaction instead, to bind the files in the same commit.
 * When the deployment pins team fingerprints, the read also fetches the team's slug and genesis
 * hash, and a report to a pinned team with another genesis is refused (services/team-pins.ts).
 * Duplicates are caught by the unique constraints, not by a read before the write.
 */
import type { Kysely } from 'kysely';
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
  if (!verifyReportSignature(report.id, report.payload.c, report.sig, report.reporter.sign_pk)) {
    throw badRequest('bad_signature', "The report's signature does not verify");
  }

  const team = await db
    .selectFrom('teams')
    .select('teams.id')
    .select((eb) => [
      eb
        .selectFrom('roster_entries')
        .select((r) => r.fn.max('seq').as('m'))
        .whereRef('roster_entries.team_id', '=', 'teams.id')
        .as('head'),
      eb
        .selectFrom('members')
        .select((m) => m.fn.agg<string[]>('array_agg', ['members.id']).as('ids'))
        .whereRef('members.team_id', '=', 'teams.id')
        .where('members.status', '=', 'active')
        .as('active'),
    ])
    .$if(pinnedFingerprints.size > 0, (query) =>
      query.select((eb) => [
        'teams.slug',
        eb
          .selectFrom('roster_entries')
          .select('roster_entries.hash')
          .whereRef('roster_entries.team_id', '=', 'teams.id')
          .where('roster_entries.seq', '=', 0)
          .as('genesis_hash'),
      ]),
    )
    .where('teams.id', '=', report.team)
    .executeTakeFirst();
  if (!team) throw notFound('There is no such team');
  if (team.slug !== undefined)
    assertPinnedFingerprint(pinnedFingerprints, team.slug, team.genesis_hash ?? null);
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

  const write = async (executor: Kysely<DB>): Promise<Date> => {
    let query = executor.with('c', (w) =>
      w
        .insertInto('cases')
        .values({
          id: report.id,
          team_id: report.team,
          roster_seq: report.roster_seq,
          payload_v: report.payload.v,
          payload_nonce: fromB64(report.payload.n),
          payload_ct: fromB64(report.payload.c),
          sig: fromB64(report.sig),
          reporter_box_pk: fromB64(report.reporter.box_pk),
          reporter_sign_pk: fromB64(report.reporter.sign_pk),
          lookup_hash: fromB64(report.reporter.lookup_hash),
          urgent: report.urgent,
        })
        .returning('created_at'),
    );
    query = query.with('g', (w) =>
      w.insertInto('grants').values(
        report.grants.map((g) => ({
          case_id: report.id,
          object_id: report.id,
          recipient: g.to,
          sealed: fromB64(g.k),
        })),
      ),
    ) as unknown as typeof query;
    if (report.excluded.length > 0) {
      query = query.with('x', (w) =>
        w
          .insertInto('case_exclusions')
          .values(report.excluded.map((member_id) => ({ case_id: report.id, member_id }))),
      ) as unknown as typeof query;
    }
    const row = await query.selectFrom('c').select('c.created_at').executeTakeFirstOrThrow();
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
