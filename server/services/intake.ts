/**
 * Accepting an anonymous report. This is the hottest write path (every report, from anyone),
 * so each report costs two statements, and under load not even that:
 *   1. a read of its team (roster head, active members, genesis hash) for the checks;
 *   2. one statement inserting the case, its grants and its exclusions (atomic by itself, so no
 *      explicit transaction is needed).
 * Both go through a Batcher (group commit): reports that arrive while earlier ones are being
 * read or written share the next statement, so 32 clients cost a few round trips, not 64.
 * Reports with attachments take a transaction of their own instead, to bind the files in the
 * same commit, and so do appeals (services/appeals.ts), to check the team's limits on appeals
 * under a lock on the appealed case and link the two cases in the same commit. When the
 * deployment pins team fingerprints, a report to a pinned team whose genesis hash is not the
 * pinned one is refused (services/team-pins.ts).
 * A report may carry a summary envelope (docs/protocol.md 9.7), which its signature then covers; it
 * is stored in the case's row by the same insert. Reports without one (older clients) are stored
 * as before.
 * Duplicates are caught by the unique constraints, not by a read before the write. The members'
 * and the webhook's notifications of a new case are written by the same insert
 * (repositories/outbox.ts, newCaseNotifications), so they cost no round trip of their own.
 */
import type { ReportSubmission } from '#contract/cases';
import type { Database } from '../db/database.js';
import { isForeignKeyViolation, isUniqueViolation } from '../db/database-errors.js';
import { fromB64 } from '../db/wire.js';
import { badRequest, conflict, notFound } from '../errors.js';
import {
  insertCases,
  parametersOf,
  readTeamStates,
  type NewCase,
  type TeamIntakeState,
} from '../repositories/intake.js';
import { wakeNotificationWorkers } from '../notifications/outbox.js';
import { setAppealOf } from '../repositories/appeals.js';
import { recordAudit } from '../repositories/audit-events.js';
import { verifyReportSignature } from '../verify.js';
import { acceptAppeal } from './appeals.js';
import { bindAttachments } from './attachments.js';
import { Batcher } from './batcher.js';
import { grantsDoNotMatchRoster } from './recipients.js';
import { assertPinnedFingerprint, type PinnedFingerprints } from './team-pins.js';

/** Batches in flight per kind: PostgreSQL works on one while the server checks the next. */
const CONCURRENCY = 2;
const MAX_BATCH = 64;
/** Well under PostgreSQL's 65,535 bind parameters per statement. */
const MAX_PARAMETERS = 30_000;

export interface Intake {
  accept(report: ReportSubmission): Promise<Date>;
}

export interface IntakeOptions {
  /** Largest total of encrypted files on one report (MAX_REPORT_ATTACHMENTS_MB). */
  readonly maxAttachmentBytes: number;
  /** CONFIDE_TEAM_FINGERPRINTS. */
  readonly pinnedFingerprints: PinnedFingerprints;
}

const duplicate = () => conflict('duplicate_report', 'A report with this id or receipt already exists');

export function createIntake(
  db: Database,
  { maxAttachmentBytes, pinnedFingerprints }: IntakeOptions,
): Intake {
  const teams = new Batcher<string, TeamIntakeState | null>(
    async (ids) => {
      const found = await readTeamStates(db, ids);
      return ids.map((id) => found.get(id) ?? null);
    },
    { concurrency: CONCURRENCY, maxBatch: MAX_BATCH },
  );
  const writes = new Batcher<NewCase, Date>((cases) => writeCases(db, cases), {
    concurrency: CONCURRENCY,
    maxBatch: MAX_BATCH,
    maxWeight: MAX_PARAMETERS,
    weight: parametersOf,
  });

  return {
    async accept(report) {
      if (report.payload.v !== 1)
        throw badRequest('unknown_version', 'This server accepts envelope version 1');
      if (report.summary !== undefined && report.summary.v !== 1)
        throw badRequest('unknown_version', 'This server accepts summary envelope version 1');
      // Decoded once, for the signature check and for the insert (the schema checked the alphabet,
      // and that a summary's `c` is exactly 528 bytes, as the table's constraint wants).
      const ciphertext = fromB64(report.payload.c);
      const summaryCiphertext = report.summary ? fromB64(report.summary.c) : null;
      const sig = fromB64(report.sig);
      const signPk = fromB64(report.reporter.sign_pk);
      // With a summary the signature covers it too: one stripped or added on the way fails here.
      if (!verifyReportSignature(report.id, ciphertext, sig, signPk, summaryCiphertext)) {
        throw badRequest('bad_signature', "The report's signature does not verify");
      }

      const team = await teams.submit(report.team);
      if (!team) throw notFound('There is no such team');
      assertPinnedFingerprint(pinnedFingerprints, team.slug, team.genesis);
      checkRecipients(report, team);

      const newCase: NewCase = {
        id: report.id,
        team: report.team,
        rosterSeq: report.roster_seq,
        payloadV: report.payload.v,
        nonce: fromB64(report.payload.n),
        ciphertext,
        summaryNonce: report.summary ? fromB64(report.summary.n) : null,
        summaryCiphertext,
        sig,
        reporterBoxPk: fromB64(report.reporter.box_pk),
        reporterSignPk: signPk,
        lookupHash: fromB64(report.reporter.lookup_hash),
        urgent: report.urgent,
        grants: report.grants.map((g) => ({ to: g.to, sealed: fromB64(g.k) })),
        excluded: report.excluded,
      };
      const attachments = report.attachments ?? [];
      const appealReference = report.appeal_reference;
      if (attachments.length === 0 && appealReference === undefined) return writes.submit(newCase);
      try {
        const receivedAt = await db.transaction().execute(async (tx) => {
          // An appeal's original case is locked and its limits checked before anything is stored,
          // and stays locked until the commit: a refused appeal leaves nothing behind.
          const original =
            appealReference === undefined ? undefined : await acceptAppeal(tx, appealReference, report.team);
          // Exclusions and grants reference the case, so the case row must exist before binding.
          const [insertedAt] = await insertCases(tx, [newCase]);
          if (!insertedAt) throw duplicate();
          await bindAttachments(tx, attachments, { caseId: report.id, itemId: null }, maxAttachmentBytes);
          if (original) {
            await setAppealOf(tx, report.id, original.caseId);
            await recordAudit(tx, {
              teamId: original.teamId,
              memberId: null,
              caseId: report.id,
              action: 'appeal.received',
              details: { appeal_of: original.caseId },
            });
          }
          return insertedAt;
        });
        wakeNotificationWorkers();
        return receivedAt;
      } catch (error) {
        if (isUniqueViolation(error)) throw duplicate();
        if (isForeignKeyViolation(error)) throw notFound('There is no such team');
        throw error;
      }
    },
  };
}

/**
 * One statement for the batch. A case whose id repeats an earlier one in the batch, or that
 * meets an existing id or lookup hash, is a duplicate (409). If the statement fails as a whole
 * (a team deleted meanwhile, a constraint), each case is tried alone so that only the one at
 * fault hears of it.
 */
async function writeCases(db: Database, cases: readonly NewCase[]): Promise<(Date | Error)[]> {
  const seen = new Set<string>();
  const distinct = cases.filter((c) => !seen.has(c.id) && seen.add(c.id));
  let written: (Date | null)[];
  try {
    written = await insertCases(db, distinct);
    wakeNotificationWorkers();
  } catch (error) {
    if (cases.length === 1) {
      // A grant whose object id is taken by another case's item: still a duplicate id.
      if (isUniqueViolation(error)) return [duplicate()];
      // Its team (or an excluded member) was deleted between the read and the write.
      if (isForeignKeyViolation(error)) return [notFound('There is no such team')];
      throw error;
    }
    return Promise.all(
      cases.map((c) =>
        writeCases(db, [c]).then(
          ([result]) => result ?? new Error('no result'),
          (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
        ),
      ),
    );
  }
  const byCase = new Map(distinct.map((c, i) => [c, written[i] ?? null]));
  return cases.map((c) => byCase.get(c) ?? duplicate());
}

/** The grants must cover exactly the active members minus the exclusions, plus the reporter. */
function checkRecipients(report: ReportSubmission, team: TeamIntakeState): void {
  const { head, active } = team;
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
    throw grantsDoNotMatchRoster(head);
  }
}
