/**
 * Referrals (docs/protocol.md 10.10): the packet held until the reporter answers, and the case
 * release makes of it on the receiving team.
 */
import { sql } from 'kysely';
import type { ReferralState } from '#contract/enumerations';
import type { Db } from '../db/executor.js';
import { newCaseNotifications } from './outbox.js';

export interface NewReferral {
  readonly id: string;
  readonly fromCase: string;
  readonly fromTeam: string;
  readonly toTeam: string;
  readonly needsConsent: boolean;
  readonly excluded: readonly string[];
  readonly createdBy: string;
  readonly rosterSeq: number;
  readonly payloadV: number;
  readonly payloadNonce: Buffer;
  readonly payloadCiphertext: Buffer;
  readonly summaryNonce: Buffer;
  readonly summaryCiphertext: Buffer;
  readonly sig: Buffer;
  readonly grants: readonly { readonly to: string; readonly sealed: Buffer }[];
}

/** Stores a referral waiting for consent, with its packet and grants; false when its id is taken. */
export async function insertReferral(db: Db, referral: NewReferral): Promise<boolean> {
  const inserted = await db
    .insertInto('referrals')
    .values({
      id: referral.id,
      from_case: referral.fromCase,
      from_team: referral.fromTeam,
      to_team: referral.toTeam,
      state: 'awaiting_consent',
      needs_consent: referral.needsConsent,
      excluded: sql<string[]>`${[...referral.excluded]}::uuid[]`,
      created_by: referral.createdBy,
      roster_seq: referral.rosterSeq,
      payload_v: referral.payloadV,
      payload_nonce: referral.payloadNonce,
      payload_ct: referral.payloadCiphertext,
      summary_nonce: referral.summaryNonce,
      summary_ct: referral.summaryCiphertext,
      sig: referral.sig,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return false;
  await db
    .insertInto('referral_grants')
    .values(referral.grants.map((g) => ({ referral_id: referral.id, recipient: g.to, sealed: g.sealed })))
    .execute();
  return true;
}

/** Whether any case, item or referral already has this id (ids are one namespace). */
export async function idInUse(db: Db, id: string): Promise<boolean> {
  const { rows } = await sql<{ taken: boolean }>`
    select exists (select 1 from cases where id = ${id})
        or exists (select 1 from items where id = ${id})
        or exists (select 1 from referrals where id = ${id}) as taken`.execute(db);
  return rows[0]?.taken ?? false;
}

/** Holds these complete, unbound files for the referral; returns the size of each it held. */
export async function holdAttachmentsForReferral(
  db: Db,
  ids: readonly string[],
  referralId: string,
): Promise<number[]> {
  if (ids.length === 0) return [];
  const held = await db
    .updateTable('attachments')
    .set({ referral_id: referralId })
    .where('id', 'in', ids)
    .where('case_id', 'is', null)
    .where('referral_id', 'is', null)
    .where('completed_at', 'is not', null)
    .returning('size')
    .execute();
  return held.map((row) => row.size);
}

export type ReferralRow = Awaited<ReturnType<typeof findReferral>>;

export function findReferral(db: Db, id: string) {
  return db.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The referral, its row locked until the transaction ends: one answer per referral. */
export function lockReferral(tx: Db, id: string) {
  return tx.selectFrom('referrals').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Whether a referral of this case to this team is waiting for the reporter already. */
export async function referralWaiting(db: Db, fromCase: string, toTeam: string): Promise<boolean> {
  const row = await db
    .selectFrom('referrals')
    .select('id')
    .where('from_case', '=', fromCase)
    .where('to_team', '=', toTeam)
    .where('state', '=', 'awaiting_consent')
    .executeTakeFirst();
  return row !== undefined;
}

/** The referrals made from a case, oldest first, with the receiving team. */
export function listReferralsFrom(db: Db, fromCase: string) {
  return db
    .selectFrom('referrals')
    .innerJoin('teams', 'teams.id', 'referrals.to_team')
    .select([
      'referrals.id',
      'referrals.state',
      'referrals.needs_consent',
      'referrals.excluded',
      'referrals.created_by',
      'referrals.created_at',
      'referrals.decided_at',
      'referrals.payload_v',
      'referrals.payload_nonce',
      'referrals.payload_ct',
      'referrals.summary_nonce',
      'referrals.summary_ct',
      'referrals.sig',
      'teams.id as team_id',
      'teams.slug as team_slug',
      'teams.name as team_name',
      'teams.community as team_community',
    ])
    .where('referrals.from_case', '=', fromCase)
    .orderBy('referrals.created_at')
    .orderBy('referrals.id')
    .execute();
}

/** Where a case a referral made came from; undefined for any other case. */
export function findReferralInto(db: Db, caseId: string) {
  return db
    .selectFrom('referrals')
    .innerJoin('teams', 'teams.id', 'referrals.from_team')
    .innerJoin('cases', 'cases.id', 'referrals.from_case')
    .select([
      'referrals.from_case',
      'referrals.needs_consent',
      'referrals.created_by',
      'referrals.created_at',
      'referrals.decided_at',
      'cases.number as from_case_number',
      'teams.id as team_id',
      'teams.slug as team_slug',
      'teams.name as team_name',
      'teams.community as team_community',
    ])
    .where('referrals.id', '=', caseId)
    .where('referrals.state', '=', 'released')
    .executeTakeFirst();
}

/** The reporter's sealed key to a waiting packet. */
export async function findReferralGrant(
  db: Db,
  referralId: string,
  recipient: string,
): Promise<Buffer | undefined> {
  const row = await db
    .selectFrom('referral_grants')
    .select('sealed')
    .where('referral_id', '=', referralId)
    .where('recipient', '=', recipient)
    .executeTakeFirst();
  return row?.sealed;
}

/**
 * Makes the receiving case from the held packet, in one statement: the case (the original's
 * reporter keys and urgency, no lookup hash of its own), the grants of every recipient not
 * `excluded`, the exclusions, the reporter's receipt on it (the original's), its files, and the
 * receiving team's new-case notifications. Then the packet's columns are emptied and the
 * referral marked released. Returns when the case was made; undefined, with nothing written, when
 * a case already has its id (the caller locked the referral and saw it waiting).
 */
export async function releaseReferral(
  tx: Db,
  referralId: string,
  excluded: readonly string[],
): Promise<Date | undefined> {
  const { rows } = await sql<{ id: string; created_at: Date }>`
    with r as (
      select * from referrals where id = ${referralId} and state = 'awaiting_consent'
    ),
    c as (
      insert into cases (id, team_id, roster_seq, payload_v, payload_nonce, payload_ct, sig,
                         reporter_box_pk, reporter_sign_pk, lookup_hash, urgent, summary_nonce, summary_ct)
      select r.id, r.to_team, r.roster_seq, r.payload_v, r.payload_nonce, r.payload_ct, r.sig,
             o.reporter_box_pk, o.reporter_sign_pk, null, o.urgent, r.summary_nonce, r.summary_ct
      from r join cases o on o.id = r.from_case
      on conflict do nothing
      returning id, created_at, team_id, urgent
    ),
    g as (
      insert into grants (case_id, object_id, recipient, sealed)
      select c.id, c.id, rg.recipient, rg.sealed
      from c join referral_grants rg on rg.referral_id = c.id
      where rg.recipient <> all(${[...excluded]}::text[])
        -- A member removed from the receiving team since the packet was sealed gets nothing.
        and (rg.recipient = 'reporter' or rg.recipient in (
          select m.id::text from members m where m.team_id = c.team_id and m.status = 'active'))
    ),
    x as (
      insert into case_exclusions (case_id, member_id)
      select c.id, e.member_id from c, unnest(${[...excluded]}::uuid[]) as e (member_id)
    ),
    rr as (
      insert into case_receipts (lookup_hash, case_id, role, box_pk, sign_pk)
      select cr.lookup_hash, c.id, 'reporter', cr.box_pk, cr.sign_pk
      from c join r on r.id = c.id
      join case_receipts cr on cr.case_id = r.from_case and cr.role = 'reporter'
    ),
    f as (
      update attachments set case_id = c.id, bound_at = now() from c where attachments.referral_id = c.id
    ),
    done as (
      update referrals set state = 'released', decided_at = now(), excluded = ${[...excluded]}::uuid[],
        payload_v = null, payload_nonce = null, payload_ct = null, summary_nonce = null, summary_ct = null, sig = null
      from c where referrals.id = c.id
    )
    ${newCaseNotifications([{ id: referralId, excluded }])}
    select id, created_at from c`.execute(tx);
  const made = rows[0];
  // The caller locked a waiting referral: only an id some case took meanwhile stops the insert.
  if (!made) return undefined;
  await tx.deleteFrom('referral_grants').where('referral_id', '=', referralId).execute();
  return made.created_at;
}

/** The referrals of a case still waiting for the reporter's answer, locked. */
export async function lockWaitingReferralsOf(tx: Db, caseId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('referrals')
    .select('id')
    .where('from_case', '=', caseId)
    .where('state', '=', 'awaiting_consent')
    .forUpdate()
    .execute();
  return rows.map((row) => row.id);
}

/** The reporter refused: the packet, its grants and its files are deleted; the row stays. */
export async function refuseReferral(tx: Db, referralId: string): Promise<void> {
  await tx
    .deleteFrom('attachments')
    .where('referral_id', '=', referralId)
    .where('case_id', 'is', null)
    .execute();
  await tx.deleteFrom('referral_grants').where('referral_id', '=', referralId).execute();
  await tx
    .updateTable('referrals')
    .set({
      state: 'refused' satisfies ReferralState,
      decided_at: new Date(),
      payload_v: null,
      payload_nonce: null,
      payload_ct: null,
      summary_nonce: null,
      summary_ct: null,
      sig: null,
    })
    .where('id', '=', referralId)
    .execute();
}

/** Other cases this receipt opens, besides `caseId`: cases referred with its reporter's consent. */
export function listOtherCasesOfReceipt(db: Db, lookupHash: Buffer, caseId: string) {
  return db
    .selectFrom('case_receipts')
    .innerJoin('cases', 'cases.id', 'case_receipts.case_id')
    .innerJoin('teams', 'teams.id', 'cases.team_id')
    .leftJoin('referrals', (join) =>
      join.onRef('referrals.id', '=', 'cases.id').on('referrals.state', '=', 'released'),
    )
    .select(['cases.id', 'teams.name as team_name', 'teams.slug as team_slug', 'referrals.from_case'])
    .where('case_receipts.lookup_hash', '=', lookupHash)
    .where('case_receipts.case_id', '<>', caseId)
    .orderBy('case_receipts.created_at')
    .orderBy('cases.id')
    .execute();
}
