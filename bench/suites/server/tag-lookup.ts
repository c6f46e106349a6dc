// Issue 13: "seen before" for one case, its 10 blind-index tags against 100,000 tags of 10,000
// cases, within 20 ms at the server. The real app (buildApp, rate limits off) answers
// GET /api/cases/{id}/seen-before through app.inject (no socket: the server's own time), for a
// team's admin, who holds a grant on every case. Reference in the same run: GET /api/session with
// the same session (the same session check, then the member and team by primary key): what any
// member route costs before its own query. The two alternate in runs of at least 40 ms, each
// lookup the next of 50 cases.
// A second row times the route's query alone (findCasesSharingTags) against the member by primary
// key (findSessionMember), to show how much of the route is the query.
//
// A second team carries the same tags on its own cases; every reply is checked (untimed) against
// the contract's SeenBefore and for cases of the first team only, and the repeat harasser's tag for
// exactly the 50 newest other cases the reply may list.

import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { Check } from 'typebox/value';
import { MAX_CASES_PER_TAG, SeenBefore } from '../../../contract/tags.js';
import { buildApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { createKysely } from '../../../server/db/database.js';
import { migrateToLatest } from '../../../server/db/migrate.js';
import type { DB } from '../../../server/db/schema.js';
import { findCasesSharingTags } from '../../../server/repositories/case-tags.js';
import { findSessionMember } from '../../../server/repositories/members.js';
import { createTestDatabase } from '../../../tests/helpers/databases.js';
import { signInFast } from '../../../tests/helpers/protocol/sessions.js';
import { createTeamWithService } from '../../../tests/helpers/protocol/teams.js';
import { injectAgent } from '../../../tests/helpers/protocol/transport.js';
import { ms } from '../../lib/format.js';
import { compare, currentClock, useClock, type MeasureOptions } from '../../lib/measure.js';
import type { Reporter } from '../../lib/reporter.js';
import { median } from '../../lib/stats.js';
import type { SuiteOptions } from '../../lib/suite.js';
import { drawTagLayout, REPEAT_CASES, seedTaggedCases, TAGS_PER_CASE, type TagLayout } from './tag-seed.js';

/** Issue 13's target for one lookup, in ms. */
const TARGET_MS = 20;

const label = (n: number): string => n.toLocaleString('en');

type App = Awaited<ReturnType<typeof buildApp>>;

/** GET `url` as the signed-in member; throws unless 200. */
async function get(app: App, url: string, cookie: string): Promise<string> {
  const res = await app.inject({ method: 'GET', url, headers: { cookie } });
  if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  return res.body;
}

/** What the lookups of the timed cases answered, checked; for the row's note. */
interface ReplyCheck {
  readonly tagsMatched: number[];
  readonly casesListed: number[];
}

/**
 * Each case's reply, untimed: the contract's shape, no case of another team (the second team
 * carries the same tags), never the case itself, and the repeat harasser's tag capped at 50.
 */
async function checkReplies(
  app: App,
  db: Kysely<DB>,
  cookie: string,
  teamId: string,
  lookups: readonly { id: string }[],
): Promise<ReplyCheck> {
  const tagsMatched: number[] = [];
  const casesListed: number[] = [];
  for (const { id } of lookups) {
    const reply: unknown = JSON.parse(await get(app, `/api/cases/${id}/seen-before`, cookie));
    if (!Check(SeenBefore, reply)) throw new Error(`seen-before of ${id} is not a SeenBefore reply`);
    if (reply.epoch !== 1) throw new Error(`seen-before of ${id} answered epoch ${reply.epoch}`);
    const listed = reply.matches.flatMap((match) => match.cases.map((c) => c.id));
    if (listed.includes(id)) throw new Error(`seen-before of ${id} lists the case itself`);
    const unique = [...new Set(listed)];
    const capped = reply.matches.filter((match) => match.cases.length === MAX_CASES_PER_TAG).length;
    if (capped !== 1)
      throw new Error(`seen-before of ${id}: ${capped} tags at the cap of ${MAX_CASES_PER_TAG}, expected 1`);
    const elsewhere = await db
      .selectFrom('cases')
      .select('id')
      .where('id', 'in', unique)
      .where('team_id', '<>', teamId)
      .execute();
    if (elsewhere.length > 0) throw new Error(`seen-before of ${id} lists a case of another team`);
    tagsMatched.push(reply.matches.length);
    casesListed.push(listed.length);
  }
  return { tagsMatched, casesListed };
}

/** Case ids by number, for the numbers asked for, in that order. */
async function caseIds(
  db: Kysely<DB>,
  teamId: string,
  numbers: readonly number[],
): Promise<{ id: string }[]> {
  const rows = await db
    .selectFrom('cases')
    .select(['id', 'number'])
    .where('team_id', '=', teamId)
    .where('number', 'in', numbers)
    .execute();
  const byNumber = new Map(rows.map((row) => [row.number, row.id]));
  return numbers.map((n) => {
    const id = byNumber.get(n);
    if (id === undefined) throw new Error(`no case number ${n}`);
    return { id };
  });
}

/**
 * Runs `job` timed by the wall clock, even under --cpu: PostgreSQL answers in another process, and
 * this process's CPU time would leave its work out of the figure.
 */
async function onWallClock<T>(job: () => Promise<T>): Promise<T> {
  const clock = currentClock();
  useClock('wall');
  try {
    return await job();
  } finally {
    useClock(clock);
  }
}

export async function tagLookupGroup(report: Reporter, options: SuiteOptions): Promise<void> {
  const casesPerTeam = options.quick ? 1000 : 10_000;
  const lookups = options.quick ? 10 : 50;
  const layout: TagLayout = drawTagLayout(casesPerTeam);
  if (layout.repeatCases.length < lookups + 1) throw new Error('too few repeat cases to look up');

  const database = await createTestDatabase('benchtags');
  const db = createKysely(database.url, 10);
  let app: App | undefined;
  try {
    await migrateToLatest(db as Kysely<unknown>);
    const teams = [];
    let seedMs = 0;
    for (const slug of ['tagged-stewards', 'tagged-moderators']) {
      const team = await createTeamWithService(db, { slug, name: slug });
      report.progress(
        `server: ${slug}: ${label(casesPerTeam)} cases with ${label(casesPerTeam * TAGS_PER_CASE)} tags`,
      );
      seedMs += await seedTaggedCases(database.url, team, layout);
      teams.push(team);
    }
    const [team] = teams;
    if (!team) throw new Error('no team seeded');
    // Statistics and the visibility map, as autovacuum keeps them on a database in use (without
    // the map, every grant found by the index is read again from the table).
    await sql`vacuum analyze`.execute(db);

    const config = loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'warn', CONFIDE_RATE_LIMIT: 'off' });
    const server = await buildApp({ config, db });
    app = server;
    const session = await signInFast(injectAgent(server), team.slug, team.admin);
    const cookie = [...session.agent.cookies].map(([name, value]) => `${name}=${value}`).join('; ');

    // The cases looked up carry the repeat harasser's tag, so one of their tags is at the cap; the
    // other repeat cases and a spread of the rest warm the app and PostgreSQL up.
    const timed = await caseIds(db, team.id, layout.repeatCases.slice(0, lookups));
    const warmNumbers = [
      ...layout.repeatCases.slice(lookups),
      ...Array.from({ length: 50 }, (_, i) => 1 + Math.floor((i * casesPerTeam) / 50)),
    ].filter((n) => !layout.repeatCases.slice(0, lookups).includes(n));
    const warm = await caseIds(db, team.id, warmNumbers);
    report.progress(`server: warm-up, ${warm.length} lookups, then ${lookups} timed`);
    for (let round = 0; round < 3; round++) {
      for (const { id } of warm) {
        await get(server, `/api/cases/${id}/seen-before`, cookie);
        await get(server, '/api/session', cookie);
      }
    }
    const checked = await checkReplies(server, db, cookie, team.id, timed);

    // Batches of at least 40 ms, as for any fast operation (bench/README.md): timed one by one,
    // each lookup after a full GC would pay for waking this process and PostgreSQL's from idle
    // (0.2 ms a round trip in a loop, 0.8 ms after a pause, several ms on a busy machine).
    const measureOptions: MeasureOptions = { runs: options.quick ? 3 : 25, minRunMs: 40, warmupMs: 500 };
    let lookup = 0;
    const timing = await onWallClock(() =>
      compare(
        {
          ours: () => get(server, `/api/cases/${timed[lookup++ % timed.length]!.id}/seen-before`, cookie),
          reference: () => get(server, '/api/session', cookie),
        },
        measureOptions,
      ),
    );

    // The route's own query alone, against the member by primary key, on the app's pool.
    const member = { id: team.admin.id, teamId: team.id };
    let queried = 0;
    const query = await onWallClock(() =>
      compare(
        {
          ours: () => findCasesSharingTags(db, member, timed[queried++ % timed.length]!.id),
          reference: () => findSessionMember(db, member.id),
        },
        measureOptions,
      ),
    );

    const tags = casesPerTeam * TAGS_PER_CASE;
    report.group(
      `tags: GET /api/cases/{id}/seen-before, one case's ${TAGS_PER_CASE} tags against the ${label(tags)} of its team's ${label(casesPerTeam)} cases (a second team carries the same), app.inject`,
    );
    report.row({
      name: `seen-before, one case of ${label(casesPerTeam)}`,
      ours: ms(timing.ours.medianMs),
      references: [{ name: 'GET /api/session, same session', value: ms(timing.reference.medianMs) }],
      targets: [{ text: `≤ ${TARGET_MS} ms`, met: timing.ours.medianMs <= TARGET_MS }],
      raw: { ours: timing.ours.runsMs, reference: timing.reference.runsMs },
      note:
        `${timing.ours.runsMs.length} runs of ${timing.ours.batch} lookups, alternating with the reference, wall clock, each lookup the next of ${timed.length} cases; ` +
        `slowest run ${Math.max(...timing.ours.runsMs).toFixed(1)} ms a lookup. Each case looked up matched ${median(checked.tagsMatched)} of its tags ` +
        `(median) and listed ${median(checked.casesListed)} cases, ${MAX_CASES_PER_TAG} of them for the repeat harasser's tag (on ${REPEAT_CASES} cases); ` +
        `a tag is on about 5 cases. Seeded by SQL in ${(seedMs / 1000).toFixed(1)} s.`,
    });
    report.row({
      name: 'of which the lookup query',
      ours: ms(query.ours.medianMs),
      references: [{ name: 'the member by primary key', value: ms(query.reference.medianMs) }],
      raw: { ours: query.ours.runsMs, reference: query.reference.runsMs },
      note:
        'findCasesSharingTags for the same cases, alternating with findSessionMember (the query of GET /api/session), ' +
        "on the app's pool; the rest of the route is the session check and the case's own visibility check (caseForMember).",
    });
  } finally {
    await app?.close();
    await db.destroy().catch(() => undefined);
    await database.drop().catch(() => undefined);
  }
}
