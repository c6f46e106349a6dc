// Cases and blind-index tags for the tag lookup benchmark, written by SQL in the database: the
// lookup (GET /api/cases/{id}/seen-before) decrypts nothing, so the cases need rows of the right
// shape, not real encryption. Every byte string is derived from the case's id with sha256, at the
// length a real one has (nonces 24 bytes, keys and the lookup hash 32, signatures 64, a 10 KB
// report's envelope 16,400, a summary envelope 528, a sealed report key 80), so a case costs as
// much to read as a real one.
//
// Tags are drawn in this process from a seeded generator, so every run seeds the same sharing:
// each case gets `TAGS_PER_CASE` distinct names from a pool of cases × TAGS_PER_CASE / 5 (a name is
// carried by about 5 cases), and `REPEAT_CASES` of them carry the repeat harasser's name in place of
// one of theirs, so that one tag goes past the reply's 50 cases per tag. A tag is the first 16
// bytes of sha256("bench/tag/<name>"), the same bytes in every team.

import { withBulkCaseWriter } from '../../lib/bulk-case-writer.js';
import type { CreatedTeam } from '../../../tests/helpers/protocol/teams.js';

export const TAGS_PER_CASE = 10;
/** Cases carrying the repeat harasser's tag: more than the 50 a reply lists per tag. */
export const REPEAT_CASES = 60;
/**
 * A 10 KB report's envelope (padded to 16 KiB, plus the 16-byte AEAD tag), as the console suite's:
 * the route's visibility check (caseForMember) reads the case's whole row, this too.
 */
const PAYLOAD_BYTES = 16_400;
/** Cases carrying one tag name, on average. */
const CASES_PER_NAME = 5;

export interface TagLayout {
  readonly cases: number;
  /** Pool names 0..poolSize-1; the repeat harasser is name `poolSize`. */
  readonly poolSize: number;
  /** The tag names of case number n (1-based) at index n - 1. */
  readonly namesByCase: readonly (readonly number[])[];
  /** Numbers of the cases carrying the repeat harasser's tag. */
  readonly repeatCases: readonly number[];
}

/** mulberry32: a small seeded generator, so that every run draws the same tags. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Which tag names each of `cases` cases carries. */
export function drawTagLayout(cases: number): TagLayout {
  const random = seededRandom(13);
  const poolSize = Math.round((cases * TAGS_PER_CASE) / CASES_PER_NAME);
  const namesByCase: number[][] = [];
  for (let n = 1; n <= cases; n++) {
    const names = new Set<number>();
    while (names.size < TAGS_PER_CASE) names.add(Math.floor(random() * poolSize));
    namesByCase.push([...names]);
  }
  // Spread over the team's history, as one person reported again and again would be.
  const repeatCases = new Set<number>();
  while (repeatCases.size < Math.min(REPEAT_CASES, cases)) repeatCases.add(1 + Math.floor(random() * cases));
  for (const n of repeatCases) namesByCase[n - 1]![0] = poolSize;
  return { cases, poolSize, namesByCase, repeatCases: [...repeatCases].sort((a, b) => a - b) };
}

/** `length` bytes derived from the row's `id` and `label` (sha256, repeated as needed). */
function derivedBytes(label: string, length: number): string {
  const hex = `encode(sha256(uuid_send(id) || convert_to('${label}', 'UTF8')), 'hex')`;
  return `substring(decode(repeat(${hex}, ${Math.ceil(length / 32)}), 'hex') for ${length})`;
}

/**
 * Writes `layout.cases` cases of `team`, numbered 1..N from the oldest (one every 90 s up to a
 * minute ago), a grant for the team's admin on each, and their tags (kind 'involved', epoch 1).
 * On bench/lib/bulk-case-writer.ts's session (no triggers or foreign-key checks); the seed numbers
 * the cases itself and sets the counter once. Resolves with the time taken (ms).
 */
export async function seedTaggedCases(
  databaseUrl: string,
  team: CreatedTeam,
  layout: TagLayout,
): Promise<number> {
  const started = performance.now();
  await withBulkCaseWriter(databaseUrl, async (client) => {
    try {
      await client.query('begin');
      await client.query(
        `insert into cases (id, team_id, roster_seq, payload_v, payload_nonce, payload_ct, sig,
           reporter_box_pk, reporter_sign_pk, lookup_hash, number, created_at, updated_at,
           summary_nonce, summary_ct)
         select id, $1, 0, 1, ${derivedBytes('nonce', 24)}, ${derivedBytes('payload', PAYLOAD_BYTES)},
           ${derivedBytes('sig', 64)}, ${derivedBytes('box', 32)}, ${derivedBytes('sign', 32)},
           ${derivedBytes('lookup', 32)}, n, at, at,
           ${derivedBytes('summary nonce', 24)}, ${derivedBytes('summary', 528)}
         from (select gen_random_uuid() as id, n,
                 now() - interval '1 minute' - ($2::int - n) * interval '90 seconds' as at
               from generate_series(1, $2::int) as n) as generated`,
        [team.id, layout.cases],
      );
      await client.query(
        `insert into grants (case_id, object_id, recipient, sealed)
         select id, id, $2, ${derivedBytes('grant', 80)} from cases where team_id = $1`,
        [team.id, team.admin.id],
      );
      const numbers: number[] = [];
      const names: number[] = [];
      layout.namesByCase.forEach((caseNames, index) => {
        for (const name of caseNames) {
          numbers.push(index + 1);
          names.push(name);
        }
      });
      await client.query(
        `insert into case_tags (case_id, team_id, epoch, kind, tag)
         select cases.id, cases.team_id, 1, 'involved',
           substring(sha256(convert_to('bench/tag/' || drawn.name, 'UTF8')) for 16)
         from unnest($2::int[], $3::int[]) as drawn(number, name)
         join cases on cases.team_id = $1 and cases.number = drawn.number`,
        [team.id, numbers, names],
      );
      // New reports continue the numbering.
      await client.query('update teams set case_counter = greatest(case_counter, $2) where id = $1', [
        team.id,
        layout.cases,
      ]);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    }
  });
  return performance.now() - started;
}
