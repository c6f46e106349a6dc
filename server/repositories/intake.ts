/**
 * The SQL of anonymous intake, for many reports at once (services/intake.ts batches them).
 * Written as SQL rather than with the query builder: it runs for every report, and building
 * the same statements through Kysely's immutable nodes cost more CPU than PostgreSQL spent
 * executing them. Every value is a bound parameter.
 */
import { sql } from 'kysely';
import type { Db } from '../db/executor.js';
import { newCaseNotifications } from './outbox.js';
import type { StoredGenesis } from './roster-entries.js';

/** What a report's checks need to know of its team, read in the same statement for every team. */
export interface TeamIntakeState {
  readonly id: string;
  readonly slug: string;
  /** The roster head's seq, or -1 for a team without a roster. */
  readonly head: number;
  readonly active: ReadonlySet<string>;
  /** Roster entry 0 as stored, for a pinned fingerprint (services/team-pins.ts). */
  readonly genesis: StoredGenesis | null;
}

/** The teams with these ids, in one statement; a missing team is absent from the map. */
export async function readTeamStates(db: Db, ids: readonly string[]): Promise<Map<string, TeamIntakeState>> {
  const { rows } = await sql<{
    id: string;
    slug: string;
    head: number | null;
    active: string[] | null;
    genesis_entry: string | null;
    genesis_sig: Buffer | null;
  }>`
    select t.id, t.slug,
      (select max(r.seq) from roster_entries r where r.team_id = t.id) as head,
      (select array_agg(m.id) from members m where m.team_id = t.id and m.status = 'active') as active,
      g.entry as genesis_entry, g.sig as genesis_sig
    from teams t
    left join roster_entries g on g.team_id = t.id and g.seq = 0
    where t.id = any(${[...new Set(ids)]}::uuid[])`.execute(db);
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        slug: row.slug,
        head: row.head ?? -1,
        active: new Set(row.active ?? []),
        genesis:
          row.genesis_entry === null || row.genesis_sig === null
            ? null
            : { entry: row.genesis_entry, sig: row.genesis_sig },
      },
    ]),
  );
}

/** A checked report, decoded, ready to store. */
export interface NewCase {
  readonly id: string;
  readonly team: string;
  readonly rosterSeq: number;
  readonly payloadV: number;
  readonly nonce: Buffer;
  readonly ciphertext: Buffer;
  /** The summary envelope's nonce and ciphertext (docs/protocol.md 9.7); null for a report without one. */
  readonly summaryNonce: Buffer | null;
  readonly summaryCiphertext: Buffer | null;
  readonly sig: Buffer;
  readonly reporterBoxPk: Buffer;
  readonly reporterSignPk: Buffer;
  readonly lookupHash: Buffer;
  readonly urgent: boolean;
  readonly grants: readonly { readonly to: string; readonly sealed: Buffer }[];
  readonly excluded: readonly string[];
}

/** Bind parameters one case takes in insertCases (PostgreSQL allows 65,535 per statement). */
export function parametersOf(c: NewCase): number {
  return 13 + 3 * c.grants.length + 2 * c.excluded.length;
}

/**
 * Inserts the cases with their reporters' receipts, grants, exclusions and notifications
 * (repositories/outbox.ts) in one statement (atomic as a whole).
 * Returns each case's `created_at`, or null for one that was not inserted because a case (or a
 * referral) with its id, or a case with its lookup hash, already exists. Ids must be distinct within the call.
 */
export async function insertCases(executor: Db, cases: readonly NewCase[]): Promise<(Date | null)[]> {
  const caseRows = sql.join(
    cases.map(
      (c) =>
        sql`(${c.id}::uuid, ${c.team}::uuid, ${c.rosterSeq}::integer, ${c.payloadV}::smallint,
             ${c.nonce}::bytea, ${c.ciphertext}::bytea, ${c.sig}::bytea, ${c.reporterBoxPk}::bytea,
             ${c.reporterSignPk}::bytea, ${c.lookupHash}::bytea, ${c.urgent}::boolean,
             ${c.summaryNonce}::bytea, ${c.summaryCiphertext}::bytea)`,
    ),
  );
  const grantRows = sql.join(
    cases.flatMap((c) => c.grants.map((g) => sql`(${c.id}::uuid, ${g.to}::text, ${g.sealed}::bytea)`)),
  );
  const exclusionRows = cases.flatMap((c) => c.excluded.map((m) => sql`(${c.id}::uuid, ${m}::uuid)`));
  // Grants and exclusions join the rows actually inserted, so a duplicate brings none of its own.
  const exclusions =
    exclusionRows.length > 0
      ? sql`, x as (
          insert into case_exclusions (case_id, member_id)
          select v.case_id, v.member_id from (values ${sql.join(exclusionRows)}) as v (case_id, member_id)
          join c on c.id = v.case_id)`
      : sql``;
  const { rows } = await sql<{ id: string; created_at: Date }>`
    with c as (
      insert into cases (id, team_id, roster_seq, payload_v, payload_nonce, payload_ct, sig,
                         reporter_box_pk, reporter_sign_pk, lookup_hash, urgent, summary_nonce, summary_ct)
      select * from (values ${caseRows}) as v (id, team_id, roster_seq, payload_v, payload_nonce, payload_ct,
        sig, reporter_box_pk, reporter_sign_pk, lookup_hash, urgent, summary_nonce, summary_ct)
      -- A referral waiting for its reporter holds its id for the case it will make.
      where not exists (select 1 from referrals rf where rf.id = v.id)
      on conflict do nothing
      returning id, created_at, team_id, urgent, lookup_hash, reporter_box_pk, reporter_sign_pk
    ),
    r as (
      insert into case_receipts (lookup_hash, case_id, role, box_pk, sign_pk, created_at)
      select lookup_hash, id, 'reporter', reporter_box_pk, reporter_sign_pk, created_at from c
    ),
    g as (
      insert into grants (case_id, object_id, recipient, sealed)
      select v.case_id, v.case_id, v.recipient, v.sealed
      from (values ${grantRows}) as v (case_id, recipient, sealed)
      join c on c.id = v.case_id
    )
    ${exclusions}
    ${newCaseNotifications(cases)}
    select id, created_at from c`.execute(executor);
  const inserted = new Map(rows.map((row) => [row.id, row.created_at]));
  return cases.map((c) => inserted.get(c.id) ?? null);
}
