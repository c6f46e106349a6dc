/**
 * Team fingerprints pinned in the deployment's configuration (CONFIDE_TEAM_FINGERPRINTS;
 * PROTOCOL.md "Team roster" rule 3, docs/protocol.md 6.4):
 *
 *   - GET /api/config serves the pins from the configuration, so browsers can hold the roster
 *     to them whatever the database says;
 *   - at start, a pinned team whose genesis is another is a loud error in the log (nothing
 *     about anyone's address), and the rest of the deployment keeps working;
 *   - reports to such a team are refused with 409 `team_fingerprint_mismatch` and nothing is
 *     stored, including when the database puts another team under a pinned address after start;
 *   - the real process refuses a bad value with a message naming the variable.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import { buildPinnedApp, type PinnedApp } from '../helpers/pinned-app.js';
import { postReport, prepareReport } from '../helpers/protocol/reports.js';
import { type CreatedTeam, createTeamWithService } from '../helpers/protocol/teams.js';
import { expectReply, injectAgent } from '../helpers/protocol/transport.js';
import type { ErrorJson } from '../helpers/protocol/wire-types.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');

/** A fingerprint no team has. */
const FOREIGN = 'ab'.repeat(32);
const GHOST = 'cd'.repeat(32);

/** As a person may paste it: upper case, in groups of four. */
function asPeopleWriteIt(hex: string): string {
  return (hex.toUpperCase().match(/.{4}/g) ?? []).join(' ');
}

interface LogLine {
  level: number;
  msg: string;
  team?: string;
  pinned_fingerprint?: string;
  actual_fingerprint?: string;
  [key: string]: unknown;
}

function parsed(logs: readonly string[]): LogLine[] {
  return logs.map((line) => JSON.parse(line) as LogLine);
}

let base: TestApp;
let pinned: PinnedApp;
let stewards: CreatedTeam;
let arbitrators: CreatedTeam;
let unpinned: CreatedTeam;

beforeAll(async () => {
  base = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off' } });
  stewards = await createTeamWithService(base.db, { slug: 'stewards', name: 'Stewards' });
  arbitrators = await createTeamWithService(base.db, { slug: 'arbitrators', name: 'Arbitrators' });
  unpinned = await createTeamWithService(base.db, { slug: 'unpinned', name: 'Unpinned' });
  pinned = await buildPinnedApp(
    base,
    `stewards=${asPeopleWriteIt(stewards.fingerprint)}, arbitrators=${FOREIGN},ghosts=${GHOST}`,
  );
});
afterAll(async () => {
  await pinned.close();
  await base.close();
});

async function casesOf(teamId: string): Promise<number> {
  return (await base.db.selectFrom('cases').select('id').where('team_id', '=', teamId).execute()).length;
}

describe('GET /api/config', () => {
  it('serves no pins when none are configured', async () => {
    const res = await base.app.inject({ method: 'GET', url: '/api/config' });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ pinned_fingerprints: unknown }>().pinned_fingerprints).toEqual({});
  });

  it('serves the pins from the configuration, as 64 lowercase hex digits', async () => {
    const res = await pinned.app.inject({ method: 'GET', url: '/api/config' });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ pinned_fingerprints: unknown }>().pinned_fingerprints).toEqual({
      stewards: stewards.fingerprint,
      arbitrators: FOREIGN,
      ghosts: GHOST,
    });
  });
});

describe('the check at start', () => {
  it('logs a loud error for a pinned team whose genesis is another, naming both fingerprints', () => {
    const lines = parsed(pinned.logs);
    const mismatch = lines.filter((l) => l.team === 'arbitrators');
    expect(mismatch).toHaveLength(1);
    expect(mismatch[0]).toMatchObject({
      level: 50,
      pinned_fingerprint: FOREIGN,
      actual_fingerprint: arbitrators.fingerprint,
    });
    expect(mismatch[0]?.msg).toContain('TEAM FINGERPRINT MISMATCH');
  });

  it('says which pins match and which name no team, without errors', () => {
    const lines = parsed(pinned.logs);
    expect(lines.find((l) => l.team === 'stewards')).toMatchObject({ level: 30 });
    expect(lines.find((l) => l.team === 'ghosts')).toMatchObject({ level: 40, pinned_fingerprint: GHOST });
    expect(lines.filter((l) => l.level >= 50).map((l) => l.team)).toEqual(['arbitrators']);
  });
});

describe('reports to pinned teams', () => {
  it('are accepted when the team’s genesis is its pin', async () => {
    const reporter = injectAgent(pinned.app);
    const report = await prepareReport(reporter, 'stewards');
    expectReply(await postReport(reporter, report.submission), 201, 'POST /api/reports');
    expect(await casesOf(stewards.id)).toBe(1);
  });

  it('are not affected for teams without a pin', async () => {
    const reporter = injectAgent(pinned.app);
    const report = await prepareReport(reporter, 'unpinned');
    expectReply(await postReport(reporter, report.submission), 201, 'POST /api/reports');
    expect(await casesOf(unpinned.id)).toBe(1);
  });

  it('still see the roster of a team whose genesis is not its pin, for the browser to check and say so', async () => {
    const res = await pinned.app.inject({ method: 'GET', url: '/api/teams/arbitrators' });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ fingerprint: string }>().fingerprint).toBe(arbitrators.fingerprint);
  });

  it('are refused with 409 team_fingerprint_mismatch when the genesis is not the pin, and nothing is stored', async () => {
    const reporter = injectAgent(pinned.app);
    const report = await prepareReport(reporter, 'arbitrators');
    const before = pinned.logs.length;
    const res = await postReport(reporter, report.submission);
    expect(res.status, res.text).toBe(409);
    expect(res.json<ErrorJson>().error).toMatchObject({
      code: 'team_fingerprint_mismatch',
      message: expect.stringContaining('security fingerprint') as string,
    });
    expect(await casesOf(arbitrators.id)).toBe(0);
    const refused = parsed(pinned.logs.slice(before)).filter((l) => l.level >= 50);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({
      team: arbitrators.id,
      msg: expect.stringContaining('report refused') as string,
    });
  });

  it('are accepted by the same deployment without pins: the refusal is the pin’s doing', async () => {
    const reporter = injectAgent(base.app);
    const report = await prepareReport(reporter, 'arbitrators');
    expectReply(await postReport(reporter, report.submission), 201, 'POST /api/reports');
  });

  it('are refused when the database puts another team under a pinned address after start', async () => {
    // Someone with write access to the database moves the real team aside and puts a team of
    // their own keys at its address: the server's pin is in its configuration, out of reach.
    await base.db.updateTable('teams').set({ slug: 'stewards-old' }).where('id', '=', stewards.id).execute();
    const impostor = await createTeamWithService(base.db, { slug: 'stewards', name: 'Stewards' });
    const reporter = injectAgent(pinned.app);
    const report = await prepareReport(reporter, 'stewards');
    const res = await postReport(reporter, report.submission);
    expect(res.status, res.text).toBe(409);
    expect(res.json<ErrorJson>().error.code).toBe('team_fingerprint_mismatch');
    expect(await casesOf(impostor.id)).toBe(0);
  });

  it('are refused when that writer also sets the stored genesis hash to the pin: the server recomputes it', async () => {
    const impostor = await base.db
      .selectFrom('teams')
      .select('id')
      .where('slug', '=', 'stewards')
      .executeTakeFirstOrThrow();
    expect(impostor.id).not.toBe(stewards.id);
    // Encrypted to the impostor's roster before the column is changed (a browser, which
    // recomputes every hash, would refuse the roster afterwards).
    const reporter = injectAgent(pinned.app);
    const report = await prepareReport(reporter, 'stewards');
    await base.db
      .updateTable('roster_entries')
      .set({ hash: Buffer.from(stewards.fingerprint, 'hex') })
      .where('team_id', '=', impostor.id)
      .where('seq', '=', 0)
      .execute();
    const res = await postReport(reporter, report.submission);
    expect(res.status, res.text).toBe(409);
    expect(res.json<ErrorJson>().error.code).toBe('team_fingerprint_mismatch');
    expect(await casesOf(impostor.id)).toBe(0);
  });
});

describe('the log, after all of the above', () => {
  it('holds nothing about anyone’s address or connection', () => {
    const text = pinned.logs.join('\n');
    for (const word of ['127.0.0.1', 'remoteAddress', '"ip"', 'user-agent', '"host', 'hostname'])
      expect(text).not.toContain(word);
  });
});

describe('the server process', () => {
  it('refuses a bad CONFIDE_TEAM_FINGERPRINTS at start with a message naming the variable', async () => {
    const child = spawn(tsx, ['server/main.ts'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/never',
        CONFIDE_TEAM_FINGERPRINTS: `stewards=ab29 7d94 3cec b480 a66f 1f68 7706 e4f2,Bad Slug=${FOREIGN}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain(
      'CONFIDE_TEAM_FINGERPRINTS: the fingerprint for "stewards" is the 32-digit form',
    );
    expect(output).toContain('CONFIDE_TEAM_FINGERPRINTS: "Bad Slug" is not a team address');
  });
});
