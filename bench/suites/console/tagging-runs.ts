// One run of the console's background tagging pass (issue 13; client/src/features/team/hooks/
// use-background-tagging.ts) in a fresh browser context, and its reference in a bare page of the
// origin: the same report bodies fetched and parsed, with no decryption, no tags and no PUT.
//
// The pass starts once the case list has loaded and loops: GET /api/teams/{slug}/untagged-cases,
// the cases' bodies (GET /api/cases/bodies, many a request) fetched and opened in the decrypting
// workers, the involved names' tags made in the keyring worker, one PUT /api/teams/{slug}/case-tags
// for the page's cases. It leaves no mark in the page, and what counts is what the server holds, so
// the end of a run is read from the database: every case of the team with tags of the team's epoch.

import { sql, type Kysely } from 'kysely';
import type { Browser, Cookie, Request } from 'playwright-core';
import { MAX_CASE_BODIES } from '../../../contract/cases.js';
import type { DB } from '../../../server/db/schema.js';
import { ms } from '../../lib/format.js';
import type { Reporter } from '../../lib/reporter.js';
import { median } from '../../lib/stats.js';
import type { ConsoleFixture } from './fixtures.js';
import { signIn } from './list-runs.js';
import { PROBE_SCRIPT } from './page-probe.js';

const VIEWPORT = { width: 1280, height: 900 };

/** How often the database is asked how many cases are left (ms): small against a 10 s target. */
export const POLL_MS = 25;
/** A run that has not tagged every case by then did not finish. */
const GIVE_UP_MS = 60_000;
/** A run in which the page made none of the pass's requests for this long has stopped. */
const QUIET_MS = 15_000;

/** The team's epoch (teams.index_epoch): 0 when it has no signed index key, so nothing to tag with. */
export async function teamIndexEpoch(db: Kysely<DB>, teamId: string): Promise<number> {
  const row = await db
    .selectFrom('teams')
    .select('index_epoch')
    .where('id', '=', teamId)
    .executeTakeFirstOrThrow();
  return row.index_epoch;
}

/** Every case of the team untagged again, as before the team's first key or after a rotation. */
export async function resetTags(db: Kysely<DB>, teamId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('case_tags').where('team_id', '=', teamId).execute();
    await tx.updateTable('cases').set({ tag_epoch: null }).where('team_id', '=', teamId).execute();
  });
}

/**
 * Every case of these teams marked as tagged at its team's epoch, with no tags: a team in use,
 * whose cases earlier visits tagged, so that the pass in the other rows' pages lists nothing and
 * ends after one request instead of tagging 10,000 or 100,000 cases beside what those rows time.
 */
export async function markTagged(db: Kysely<DB>, teamIds: readonly string[]): Promise<void> {
  await sql`
    update cases set tag_epoch = teams.index_epoch
    from teams
    where teams.id = cases.team_id and teams.index_epoch > 0 and cases.team_id in (${sql.join(teamIds)})
  `.execute(db);
}

async function casesLeft(db: Kysely<DB>, teamId: string, epoch: number): Promise<number> {
  const row = await sql<{ left: string }>`
    select count(*) as left from cases where team_id = ${teamId} and tag_epoch is distinct from ${epoch}
  `.execute(db);
  return Number(row.rows[0]!.left);
}

/** The team's case ids, newest first (the order GET /api/teams/{slug}/untagged-cases lists them). */
export async function teamCaseIds(db: Kysely<DB>, teamId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('cases')
    .select('id')
    .where('team_id', '=', teamId)
    .orderBy('number', 'desc')
    .execute();
  return rows.map((r) => r.id);
}

const TAGS_PATH = /^\/api\/teams\/[^/]+\/case-tags$/;
const BODIES_PATH = '/api/cases/bodies';
const UNTAGGED_PATH = /^\/api\/teams\/[^/]+\/untagged-cases$/;

type PassRequest = 'put' | 'body' | 'untagged';

function passRequest(request: Request): PassRequest | null {
  const url = new URL(request.url());
  const method = request.method();
  if (method === 'PUT' && TAGS_PATH.test(url.pathname)) return 'put';
  if (method === 'GET' && url.pathname === BODIES_PATH) return 'body';
  if (method === 'GET' && UNTAGGED_PATH.test(url.pathname)) return 'untagged';
  return null;
}

/** The cases a request of the pass names: a batch PUT's entries, a body read's ids (0 for the others). */
function casesIn(request: Request, kind: PassRequest): number {
  if (kind === 'body') return new URL(request.url()).searchParams.get('ids')?.split(',').length ?? 0;
  if (kind !== 'put') return 0;
  const body = request.postDataJSON() as { cases?: unknown } | null;
  return Array.isArray(body?.cases) ? body.cases.length : 0;
}

interface PageMarks {
  /** performance.now() and Date.now(), read together. */
  readonly now: number;
  readonly wall: number;
  /** Page clock: the sign-in form left the page (page-probe.ts); confide:cases:load began and ended. */
  readonly signedInAt: number | null;
  readonly loadStart: number | null;
  readonly loadEnd: number | null;
}

const READ_MARKS = `
(() => {
  const load = performance.getEntriesByName('confide:cases:load').at(-1);
  return {
    now: performance.now(),
    wall: Date.now(),
    signedInAt: window.__confideBench?.signedInAt ?? null,
    loadStart: load ? load.startTime : null,
    loadEnd: load ? load.startTime + load.duration : null,
  };
})()
`;

/** How much time the union of `spans` covers. */
function covered(spans: readonly [number, number][]): number {
  let total = 0;
  let end = -Infinity;
  for (const [from, to] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total;
}

export interface TaggingRun {
  /**
   * 'done': every case tagged, and the batch PUTs named each case once (as many entries as cases);
   * 'did not finish': cases left when the run gave up (GIVE_UP_MS, or the page went quiet for
   * QUIET_MS); 'wrong count': every case tagged, but the PUTs named more or fewer cases than that.
   */
  readonly outcome: 'done' | 'did not finish' | 'wrong count';
  /** From sign-in completed to the last case's tags in the database (ms); the time given up at otherwise. */
  readonly ms: number;
  /** From sign-in completed to the end of confide:cases:load, when the pass starts (ms); null if it never ended. */
  readonly listMs: number | null;
  /** Cases without tags of the epoch when the run ended. */
  readonly left: number;
  /** The pass's requests in this run, Workers' included; PUTs answered with an error or failed. */
  readonly puts: number;
  readonly putsRefused: number;
  readonly bodies: number;
  readonly untaggedPages: number;
  /** The cases the PUTs named, and the bodies the body reads asked for, in all. */
  readonly putCases: number;
  readonly bodyCases: number;
  /** Wall time with at least one body fetch, or one PUT, under way (ms). */
  readonly bodiesBusyMs: number;
  readonly putsBusyMs: number;
  /** The session's cookies, for the reference. */
  readonly cookies: readonly Cookie[];
}

/**
 * Sign in at /team/cases, let the list load and the pass run until the database holds tags of
 * `epoch` for every case of the team (read every POLL_MS). The team's tags must have been reset.
 */
export async function runTagging(
  browser: Browser,
  url: string,
  db: Kysely<DB>,
  team: { readonly id: string; readonly slug: string; readonly cases: number; readonly epoch: number },
): Promise<TaggingRun> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await context.addInitScript(PROBE_SCRIPT);
    const counts = { put: 0, body: 0, untagged: 0 };
    const cases = { put: 0, body: 0, untagged: 0 };
    const spans: Record<PassRequest, [number, number][]> = { put: [], body: [], untagged: [] };
    let putsAnswered = 0;
    let putsRefused = 0;
    let lastPassRequest = Date.now();
    // On the context: Playwright reports a page's dedicated Workers' requests there too.
    context.on('request', (request) => {
      const kind = passRequest(request);
      if (kind === null) return;
      counts[kind]++;
      cases[kind] += casesIn(request, kind);
      lastPassRequest = Date.now();
    });
    context.on('requestfinished', (request) => {
      const kind = passRequest(request);
      if (kind === null) return;
      // Wall clock: when the request started, and its response's end counted from there.
      const timing = request.timing();
      if (timing.responseEnd >= 0)
        spans[kind].push([timing.startTime, timing.startTime + timing.responseEnd]);
      if (kind !== 'put') return;
      void request.response().then((response) => {
        putsAnswered++;
        if (response === null || response.status() >= 400) putsRefused++;
      });
    });
    context.on('requestfailed', (request) => {
      if (passRequest(request) !== 'put') return;
      putsAnswered++;
      putsRefused++;
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await signIn(page, url, team.slug, '/team/cases');
    const clicked = Date.now();
    lastPassRequest = clicked;
    let left = await casesLeft(db, team.id, team.epoch);
    let doneAt: number | null = null;
    for (;;) {
      if (left === 0) {
        doneAt = Date.now();
        break;
      }
      const now = Date.now();
      if (now - clicked > GIVE_UP_MS || now - lastPassRequest > QUIET_MS) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      left = await casesLeft(db, team.id, team.epoch);
    }
    const endedAt = doneAt ?? Date.now();
    if (errors.length > 0) throw new Error(`the console failed: ${errors.join('; ')}`);

    // The page's clock read together with the wall clock both processes share.
    const marks = await page.evaluate<PageMarks>(READ_MARKS);
    // Sign-in completed as the other rows take it: the form leaving the page, else the list's start.
    const signedIn = marks.signedInAt ?? marks.loadStart;
    const signedInWall = signedIn === null ? clicked : marks.wall - (marks.now - signedIn);
    // The last answers to PUTs whose tags the server has already stored.
    const settle = Date.now() + 5000;
    while (putsAnswered < counts.put && Date.now() < settle) await page.waitForTimeout(50);

    const outcome = doneAt === null ? 'did not finish' : cases.put === team.cases ? 'done' : 'wrong count';
    return {
      outcome,
      ms: endedAt - signedInWall,
      listMs: marks.loadEnd === null || signedIn === null ? null : marks.loadEnd - signedIn,
      left,
      puts: counts.put,
      putsRefused,
      bodies: counts.body,
      untaggedPages: counts.untagged,
      putCases: cases.put,
      bodyCases: cases.body,
      bodiesBusyMs: covered(spans.body),
      putsBusyMs: covered(spans.put),
      cookies: await context.cookies(),
    };
  } finally {
    await context.close();
  }
}

export interface BodyFetchReading {
  /** Every body fetched and parsed (ms). */
  readonly ms: number;
  readonly count: number;
  /** Requests under way at once: the console's decrypting workers × the requests each keeps going. */
  readonly lanes: number;
  /** Bodies a request asks for. */
  readonly perRequest: number;
}

/** Bodies a request of the reference asks for: the most GET /api/cases/bodies takes. */
const BODIES_PER_REQUEST = MAX_CASE_BODIES;
/** Requests each decrypting worker keeps going (client/src/lib/keyring/body-search.ts FETCHES_AT_ONCE). */
const FETCHES_PER_WORKER = 2;

/**
 * The bodies fetched as fast as the pass's workers could fetch them, with none of the rest: the
 * console starts one decrypting worker a core, 2 to 8 (client/src/lib/keyring/keyring.ts MIN_ and
 * MAX_DECRYPT_WORKERS), and each keeps FETCHES_PER_WORKER requests of GET /api/cases/bodies going,
 * of up to MAX_CASE_BODIES (50) bodies each.
 */
const bodyFetchScript = (caseIds: readonly string[]): string => `
(async () => {
  const ids = ${JSON.stringify(caseIds)};
  const perRequest = ${BODIES_PER_REQUEST};
  const requests = [];
  for (let i = 0; i < ids.length; i += perRequest) requests.push(ids.slice(i, i + perRequest));
  const workers = Math.min(8, Math.max(2, navigator.hardwareConcurrency || 2));
  const lanes = workers * ${FETCHES_PER_WORKER};
  let next = 0;
  let count = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: lanes }, async () => {
    for (let asked = requests[next++]; asked !== undefined; asked = requests[next++]) {
      const reply = await fetch('/api/cases/bodies?ids=' + asked.join(','), { credentials: 'same-origin' });
      if (!reply.ok) throw new Error('GET /api/cases/bodies answered ' + reply.status);
      const parsed = await reply.json();
      for (const c of parsed.cases) if (asked.includes(c.id) && c.payload) count++;
    }
  }));
  return { ms: performance.now() - started, count, lanes, perRequest };
})()
`;

/**
 * The reference: a bare page of the origin (GET /api/health, as list-runs.ts fetchOnlyInBarePage)
 * with the session cookie of a tagging run fetches and parses every case's body, `lanes` at once.
 */
export async function fetchBodiesInBarePage(
  browser: Browser,
  url: string,
  cookies: readonly Cookie[],
  caseIds: readonly string[],
): Promise<BodyFetchReading> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await context.addCookies([...cookies]);
    const page = await context.newPage();
    await page.goto(new URL('/api/health', url).href);
    return await page.evaluate<BodyFetchReading>(bodyFetchScript(caseIds));
  } finally {
    await context.close();
  }
}

/**
 * Issue 13: the background tagging of a team's cases in Chromium within 10 s, `runs` times after
 * a warm-up, each followed by the reference with that run's session.
 */
export async function taggingGroup(
  report: Reporter,
  browser: Browser,
  url: string,
  db: Kysely<DB>,
  fixture: ConsoleFixture,
  runs: number,
): Promise<void> {
  const { id, slug } = fixture.team;
  const n = fixture.cases.toLocaleString('en');
  const title = `console: sign in, then the background tagging of ${n} cases (10 KB reports), Chromium, ${runs} runs`;
  const epoch = await teamIndexEpoch(db, id);
  if (epoch === 0) {
    report.note(`${title}: skipped, the team has no signed index key (teams.index_epoch is 0)`);
    return;
  }
  const team = { id, slug, cases: fixture.cases, epoch };
  const caseIds = await teamCaseIds(db, id);
  report.progress(`console: ${slug}, tagging warm-up run`);
  await resetTags(db, id);
  await runTagging(browser, url, db, team);
  const ours: TaggingRun[] = [];
  const floor: BodyFetchReading[] = [];
  for (let run = 0; run < runs; run++) {
    report.progress(`console: ${slug}, tagging run ${run + 1} of ${runs}`);
    await resetTags(db, id);
    const tagged = await runTagging(browser, url, db, team);
    ours.push(tagged);
    report.progress(`console: ${slug}, bodies fetch-only run ${run + 1} of ${runs}`);
    const fetched = await fetchBodiesInBarePage(browser, url, tagged.cookies, caseIds);
    if (fetched.count !== fixture.cases) throw new Error(`fetched ${fetched.count} of ${n} bodies`);
    floor.push(fetched);
  }

  const failed = ours.filter((r) => r.outcome !== 'done');
  const taggedMs = median(ours.map((r) => r.ms));
  const floorMs = median(floor.map((f) => f.ms));
  const listed = ours.filter((r) => r.listMs !== null).map((r) => r.listMs!);
  const listMs = listed.length > 0 ? median(listed) : null;
  const each = (f: (r: TaggingRun) => number): string => ours.map(f).join(', ');
  const secs = (f: (r: TaggingRun) => number): string => ours.map((r) => (f(r) / 1000).toFixed(2)).join(', ');
  const outcomes =
    failed.length === 0
      ? ''
      : ` Runs that failed: ${failed.map((r) => `${r.outcome} (${r.left} cases left, ${r.puts} PUTs)`).join('; ')}; their figure is the time the run gave up at (${GIVE_UP_MS / 1000} s, or ${QUIET_MS / 1000} s without a request of the pass), a lower bound.`;
  report.group(title);
  report.row({
    name:
      `background tagging, ${n} cases × 10 KB` +
      (failed.length === 0 ? '' : ` (FAILED in ${failed.length} of ${runs} runs)`),
    ours: ms(taggedMs),
    raw: { ours: ours.map((r) => r.ms), fetchOnly: floor.map((f) => f.ms), puts: ours.map((r) => r.puts) },
    references: [{ name: 'GET + JSON of the bodies only, bare page', value: ms(floorMs) }],
    targets: [{ text: '≤ 10 s', met: failed.length === 0 && taggedMs <= 10_000 }],
    note:
      `From sign-in completed (the form leaving the page) until the database holds tags of epoch ${epoch} for all ${n} cases, ` +
      `read every ${POLL_MS} ms (at most ${POLL_MS} ms late against 10 s); ratio to the floor ${(taggedMs / floorMs).toFixed(2)}. ` +
      (listMs === null
        ? ''
        : `The list (the pass starts once it has loaded) took ${(listMs / 1000).toFixed(2)} s of it. `) +
      `Per run: PUT /api/teams/{slug}/case-tags ${each((r) => r.puts)} naming ${each((r) => r.putCases)} cases (refused or failed: ${each((r) => r.putsRefused)}), ` +
      `GET /api/cases/bodies ${each((r) => r.bodies)} for ${each((r) => r.bodyCases)} bodies, untagged-cases pages ${each((r) => r.untaggedPages)}; ` +
      `with a body fetch under way ${secs((r) => r.bodiesBusyMs)} s, with a PUT under way ${secs((r) => r.putsBusyMs)} s. ` +
      `The floor: the same ${n} bodies fetched with GET /api/cases/bodies, ${floor[0]!.perRequest} a request, and parsed in a bare page, ` +
      `${floor[0]!.lanes} requests at once (a decrypting worker a core × ${FETCHES_PER_WORKER} each); it leaves out decrypting, making the tags, ` +
      `the PUTs and the untagged-cases pages.${outcomes}`,
  });
}
