/**
 * Blind-index tags of cases (docs/protocol.md 12): each case's set, replaced whole, the other
 * cases of its team that carry the same tags, as a member may see them, and the cases still to tag
 * with the team's current index key.
 */
import { sql } from 'kysely';
import { MAX_CASES_PER_TAG } from '#contract/tags';
import type { CaseStatus, CaseTagKind } from '#contract/enumerations';
import type { Db } from '../db/executor.js';
import { notExcluded } from './case-exclusions.js';
import { grantOnCaseOf, setCaseTagEpoch, type CaseRow } from './cases.js';

/** A case's whole set of tags: 16 bytes each, all made with the index key of `epoch`. */
export interface CaseTagSet {
  epoch: number;
  involved: readonly Uint8Array[];
  reporter: readonly Uint8Array[];
}

/** A case and the whole set of tags to give it. */
export interface CaseTagReplacement {
  caseRow: Pick<CaseRow, 'id' | 'team_id'>;
  tags: CaseTagSet;
}

/**
 * Replaces each case's tags with its set (empty lists leave it none) and records their epoch on the
 * case (cases.tag_epoch). The cases must be distinct. Several statements, whatever the number of
 * cases (one delete, one insert, one update an epoch): run them in a transaction that locked the
 * case rows (services/case-tags.ts), or two replacements of one case at once would both delete and
 * then both insert the same rows.
 */
export async function replaceCaseTags(db: Db, replacements: readonly CaseTagReplacement[]): Promise<void> {
  if (replacements.length === 0) return;
  const caseIds = replacements.map((r) => r.caseRow.id);
  await db.deleteFrom('case_tags').where('case_id', 'in', caseIds).execute();
  // One column array each, unnested into rows: a batch of 200 cases of 101 tags is 20,200 rows,
  // past PostgreSQL's 65,535 parameters as a VALUES list of five columns.
  const rows = {
    caseId: [] as string[],
    // The case's team, copied so the lookup is one range of case_tags_lookup_idx per tag.
    teamId: [] as string[],
    epoch: [] as number[],
    kind: [] as CaseTagKind[],
    tag: [] as Buffer[],
  };
  for (const { caseRow, tags } of replacements) {
    for (const [kind, list] of [
      ['involved', tags.involved],
      ['reporter', tags.reporter],
    ] as const) {
      for (const tag of list) {
        rows.caseId.push(caseRow.id);
        rows.teamId.push(caseRow.team_id);
        rows.epoch.push(tags.epoch);
        rows.kind.push(kind);
        rows.tag.push(Buffer.from(tag));
      }
    }
  }
  if (rows.tag.length > 0) {
    await db
      .insertInto('case_tags')
      .columns(['case_id', 'team_id', 'epoch', 'kind', 'tag'])
      .expression(
        sql`select * from unnest(${rows.caseId}::uuid[], ${rows.teamId}::uuid[], ${rows.epoch}::integer[], ${rows.kind}::text[], ${rows.tag}::bytea[])`,
      )
      .execute();
  }
  // One epoch in practice: a batch's tags are all made with one key.
  const byEpoch = new Map<number, string[]>();
  for (const { caseRow, tags } of replacements) {
    const sameEpoch = byEpoch.get(tags.epoch);
    if (sameEpoch) sameEpoch.push(caseRow.id);
    else byEpoch.set(tags.epoch, [caseRow.id]);
  }
  for (const [epoch, ofEpoch] of byEpoch) await setCaseTagEpoch(db, ofEpoch, epoch);
}

/**
 * Up to `limit` cases, newest first, that the member's case list shows (listCasesGrantedTo's rule:
 * the member's team, a grant on the case's access object, no exclusion) and whose tags were not
 * made with the key of `epoch` (never tagged, or tagged with an older key), and whether more remain.
 * A purged case is left out: the report body a console reads the names from is gone (its earlier
 * tags stay).
 *
 * One pass over cases_team_order_idx in list order, one grant probe per case, until `limit` + 1
 * are found.
 */
export async function listUntaggedCases(
  db: Db,
  member: { id: string; teamId: string },
  epoch: number,
  limit: number,
): Promise<{ ids: string[]; more: boolean }> {
  const rows = await db
    .selectFrom('cases')
    .innerJoin('grants', (join) => join.on(grantOnCaseOf(member.id)))
    .select('cases.id')
    .where('cases.team_id', '=', member.teamId)
    .where(notExcluded('cases.id', member.id))
    .where('cases.payload_ct', 'is not', null)
    .where((eb) => eb.or([eb('cases.tag_epoch', 'is', null), eb('cases.tag_epoch', '<>', epoch)]))
    .orderBy('cases.created_at', 'desc')
    .orderBy('cases.id', 'desc')
    // One more than asked for: whether more remain, without counting them.
    .limit(limit + 1)
    .execute();
  return { ids: rows.slice(0, limit).map((row) => row.id), more: rows.length > limit };
}

/**
 * The newest `limit` cases the member's case list shows (list's visibility rule) that carry `tag`
 * of either kind under `epoch`, and whether more do.
 */
export async function listCasesWithTag(
  db: Db,
  member: { id: string; teamId: string },
  epoch: number,
  tag: Buffer,
  limit: number,
): Promise<{ ids: string[]; more: boolean }> {
  const rows = await db
    .selectFrom('case_tags')
    .innerJoin('cases', 'cases.id', 'case_tags.case_id')
    .innerJoin('grants', (join) => join.on(grantOnCaseOf(member.id)))
    .select('cases.id')
    .distinct()
    .select('cases.created_at')
    .where('case_tags.team_id', '=', member.teamId)
    .where('case_tags.epoch', '=', epoch)
    .where('case_tags.tag', '=', tag)
    .where(notExcluded('cases.id', member.id))
    .orderBy('cases.created_at', 'desc')
    .orderBy('cases.id', 'desc')
    .limit(limit + 1)
    .execute();
  return { ids: rows.slice(0, limit).map((row) => row.id), more: rows.length > limit };
}

/** Another case that carries a tag. */
export interface CaseSharingTag {
  id: string;
  number: number;
  status: CaseStatus;
  createdAt: Date;
  /** The tag's kind on that case. */
  kind: CaseTagKind;
}

/** A tag of the case and the other cases that carry it, newest first. */
export interface SharedTag {
  tag: Buffer;
  /** The tag's kind on the case asked about. */
  kind: CaseTagKind;
  cases: CaseSharingTag[];
}

export interface CasesSharingTags {
  /** The epoch of the case's tags; null when it has none. */
  epoch: number | null;
  /** Only the case's tags that another case carries: involved tags first, then by tag. */
  matches: SharedTag[];
}

/**
 * For each tag of the case, up to MAX_CASES_PER_TAG other cases of the same team carrying it with
 * the same epoch (as either kind), newest first, that the member may see by the case list's rule
 * (listCasesGrantedTo): a grant on the case's access object for the member, and no exclusion.
 * A case carrying the tag as both kinds is listed once for each.
 *
 * One statement: each tag of the case (its primary key) is joined laterally to the others' rows
 * of the same (team_id, epoch, tag), a range of case_tags_lookup_idx, then to each case and the
 * member's grant on it by their primary keys. The caller checks that the member may see the case
 * itself (services/case-access.ts); the query only keeps it to the member's team.
 */
export async function findCasesSharingTags(
  db: Db,
  member: { id: string; teamId: string },
  caseId: string,
): Promise<CasesSharingTags> {
  const rows = await db
    .selectFrom('case_tags as own')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('case_tags as other')
          .innerJoin('cases', 'cases.id', 'other.case_id')
          // One equality on the grant's key either way, as in the case list.
          .innerJoin('grants', (join) => join.on(grantOnCaseOf(member.id)))
          .select([
            'cases.id',
            'cases.number',
            'cases.status',
            'cases.created_at',
            'other.kind as other_kind',
          ])
          .whereRef('other.team_id', '=', 'own.team_id')
          .whereRef('other.epoch', '=', 'own.epoch')
          .whereRef('other.tag', '=', 'own.tag')
          .whereRef('other.case_id', '<>', 'own.case_id')
          .where('cases.team_id', '=', member.teamId)
          .where(notExcluded('cases.id', member.id))
          .orderBy('cases.created_at', 'desc')
          .orderBy('cases.id', 'desc')
          .orderBy('other.kind')
          .limit(MAX_CASES_PER_TAG)
          .as('seen'),
      (join) => join.onTrue(),
    )
    .select([
      'own.epoch',
      'own.kind',
      'own.tag',
      'seen.id',
      'seen.number',
      'seen.status',
      'seen.created_at',
      'seen.other_kind',
    ])
    .where('own.case_id', '=', caseId)
    .where('own.team_id', '=', member.teamId)
    .orderBy('own.kind')
    .orderBy('own.tag')
    .orderBy('seen.created_at', 'desc')
    .orderBy('seen.id', 'desc')
    .orderBy('seen.other_kind')
    .execute();

  const matches: SharedTag[] = [];
  for (const row of rows) {
    const { id, number, status, created_at, other_kind } = row;
    // A tag no other visible case carries comes back once, with nothing joined: it is left out.
    if (id === null || number === null || status === null || created_at === null || other_kind === null) {
      continue;
    }
    const kind = row.kind as CaseTagKind;
    let match = matches.at(-1);
    if (match?.kind !== kind || !match.tag.equals(row.tag)) {
      match = { tag: row.tag, kind, cases: [] };
      matches.push(match);
    }
    match.cases.push({
      id,
      number,
      status: status as CaseStatus,
      createdAt: created_at,
      kind: other_kind as CaseTagKind,
    });
  }
  return { epoch: rows[0]?.epoch ?? null, matches };
}
