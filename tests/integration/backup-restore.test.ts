/**
 * Backup and restore as an operator runs them: the real command line makes an encrypted backup
 * of a live deployment (a team, a report with an encrypted file, a reply), restores it into a
 * fresh database, and the real app serving that database lets the admin sign in with their
 * passphrase, decrypt the case and the file, and the reporter open the case with the receipt.
 * Then what must not happen: a restore over data, a wrong passphrase, a damaged or cut-short
 * file (nothing may be written), and the embedded database kind, both ways.
 *
 * Argon2id at the backup minimum (256 MiB) runs once per command and once in this file; the
 * refusals run in-process with the keys derived once.
 */
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Migrator, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKUP_HEADER_BYTES,
  decryptBackupStream,
  deriveBackupKeys,
  parseBackupHeader,
  randomBytes,
  ready,
  toBase64Url,
  type BackupKeys,
} from '../../crypto/index.js';
import { buildApp, type App } from '../../server/app.js';
import { openBackupDatabase } from '../../server/backup/database.js';
import { readFrames, type BackupManifest } from '../../server/backup/format.js';
import { restoreBackup, RestoreRefused } from '../../server/backup/restore.js';
import { writeBackup } from '../../server/backup/write.js';
import { loadConfig } from '../../server/config.js';
import { migrations as knownMigrations } from '../../migrations/index.js';
import { createKysely, type Database } from '../../server/db/database.js';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE } from '../../server/db/migrate.js';
import { startEmbeddedPostgres } from '../../server/db/embedded-postgres.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import { runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import {
  Agent,
  createTeamWithService,
  downloadAttachment,
  expectReply,
  injectAgent,
  injectTransport,
  listCaseSummaries,
  newReporter,
  openCase,
  openReceiptSession,
  postMemberItem,
  prepareReport,
  readReceiptCase,
  signIn,
  signInFast,
  submitReport,
  type CreatedTeam,
  type MemberSession,
  type ReporterIdentity,
  type SubmittedReport,
} from '../helpers/protocol/index.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const PASSPHRASE = `backup passphrase ${toBase64Url(randomBytes(6))}`;
const ADMIN_PASSPHRASE = `ana's passphrase ${toBase64Url(randomBytes(6))}`;
const BOOKKEEPING = ['confide_migrations', 'confide_migrations_lock'];

/** Per table of the public schema but the migration bookkeeping: row count and a digest of every row. */
async function tableDigests(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Times as text in one zone, whichever server and settings hold them.
    await client.query("SET TIME ZONE 'UTC'");
    const tables = await client.query<{ tablename: string }>(
      "select tablename from pg_tables where schemaname = 'public' order by 1",
    );
    const out: Record<string, string> = {};
    for (const { tablename } of tables.rows) {
      if (BOOKKEEPING.includes(tablename)) continue;
      const t = pg.escapeIdentifier(tablename);
      const result = await client.query<{ n: number; digest: string }>(
        `select count(*)::int as n, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as digest from ${t} t`,
      );
      out[tablename] = `${result.rows[0]?.n} rows, ${result.rows[0]?.digest}`;
    }
    return out;
  } finally {
    await client.end();
  }
}

async function publicTableCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ n: number }>(
      "select count(*)::int as n from pg_tables where schemaname = 'public'",
    );
    return result.rows[0]?.n ?? -1;
  } finally {
    await client.end();
  }
}

/** The manifest and the rows each table's end frame records, read through the whole backup. */
async function readBackup(
  file: string,
  keys: BackupKeys,
): Promise<{ manifest: BackupManifest; rows: Record<string, number> }> {
  let manifest: BackupManifest | undefined;
  let table = '';
  const rows: Record<string, number> = {};
  for await (const frame of readFrames(decryptBackupStream(createReadStream(file), keys))) {
    if (frame.type === 'manifest') manifest = frame.manifest;
    if (frame.type === 'table') table = frame.name;
    if (frame.type === 'table-end') rows[table] = frame.rows;
  }
  if (manifest === undefined) throw new Error('no manifest');
  return { manifest, rows };
}

/** The real app on an existing database, in this process. */
async function appOn(url: string): Promise<{ app: App; db: Database; close(): Promise<void> }> {
  const db = createKysely(url, 5);
  const config = loadConfig(
    {
      DATABASE_URL: url,
      LOG_LEVEL: 'silent',
      CONFIDE_RATE_LIMIT: 'off',
      CONFIDE_CLIENT_DIR: path.join(repoRoot, 'dist/client'),
    },
    repoRoot,
  );
  const app = await buildApp({ config, db });
  return {
    app,
    db,
    async close() {
      await app.close();
      await db.destroy();
    },
  };
}

/** A new database migrated only as far as `migration`, as an older version of Confide left it. */
async function databaseAt(label: string, migration: string): Promise<TestDatabase> {
  const database = await createTestDatabase(label);
  cleanups.push(() => database.drop());
  const db = createKysely(database.url, 2);
  try {
    const migrator = new Migrator({
      db,
      provider: { getMigrations: () => Promise.resolve(knownMigrations) },
      migrationTableName: MIGRATION_TABLE,
      migrationLockTableName: MIGRATION_LOCK_TABLE,
    });
    const migrated = await migrator.migrateTo(migration);
    expect(migrated.error).toBeUndefined();
  } finally {
    await db.destroy();
  }
  return database;
}

/**
 * Backs up the database at `url` (an older version's) to `before-<label>.backup` and restores it,
 * with the app's keys, into a new database `after-<label>`, which then migrates to the latest.
 */
async function backUpAndRestore(
  url: string,
  label: string,
): Promise<{ file: string; fresh: TestDatabase; restored: Awaited<ReturnType<typeof restoreBackup>> }> {
  const file = path.join(workDir, `before-${label}.backup`);
  await writeBackup({ databaseUrl: url, file, keys, log: noLog });
  const fresh = await createTestDatabase(`after-${label}`);
  cleanups.push(() => fresh.drop());
  const restored = await restoreBackup({
    file,
    passphrase: keys,
    openTarget: () => Promise.resolve({ url: fresh.url, close: () => Promise.resolve() }),
    log: noLog,
  });
  return { file, fresh, restored };
}

/**
 * Runs `work` with this version's code on a database from before community labels (migration
 * 0008), signed index keys (0010) and descriptions in other languages (0016): creating a team and
 * reading it publicly go through teams.community, teams.index_epoch, index_key_grants and
 * teams.description_translations, which that schema lacks. Stand-ins hold
 * them while `work` runs and are dropped after it, so the backup sees the old schema exactly (a
 * dropped column or table is not backed up). The founder's signed grant goes with its stand-in; the
 * old schema's unsigned one (members.index_key_grant) is left as an older version stored it.
 */
async function withNewerSchemaStandIn<T>(db: Database, work: () => Promise<T>): Promise<T> {
  await sql`alter table teams add column community text`.execute(db);
  await sql`alter table teams add column index_epoch integer not null default 0`.execute(db);
  await sql`alter table teams add column description_translations jsonb not null default '{}'`.execute(db);
  await sql`create table index_key_grants (team_id uuid, member_id uuid, epoch integer, wrap bytea,
    signed_by uuid, signature bytea, created_at timestamptz default now(), primary key (member_id, epoch))`.execute(
    db,
  );
  try {
    return await work();
  } finally {
    await sql`drop table index_key_grants`.execute(db);
    await sql`alter table teams drop column description_translations`.execute(db);
    await sql`alter table teams drop column index_epoch`.execute(db);
    await sql`alter table teams drop column community`.execute(db);
  }
}

const noLog = (): void => undefined;
const cleanups: (() => Promise<void>)[] = [];
let workDir: string;
let source: TestApp;
let team: CreatedTeam;
let ana: MemberSession;
let reporter: ReporterIdentity;
let sent: SubmittedReport;
let legacy: SubmittedReport;
let fileBytes: Uint8Array;
const replyText = `We have your report and are looking at it. ${toBase64Url(randomBytes(6))}`;
let backupFile: string;
let keys: BackupKeys;
/** The source's tables when the backup was made (nothing writes to it afterwards). */
let sourceDigests: Record<string, string>;

beforeAll(async () => {
  await ready();
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'confide-backup-test-'));
  cleanups.push(() => fs.rm(workDir, { recursive: true, force: true }));
  source = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off' } });
  cleanups.push(() => source.close());

  // A team, a report with a file spanning several 64 KiB chunks, and the admin's reply.
  team = await createTeamWithService(source.db, { adminName: 'Ana', passphrase: ADMIN_PASSPHRASE });
  ana = await signIn(injectAgent(source.app), team.slug, 'Ana', ADMIN_PASSPHRASE);
  reporter = newReporter();
  fileBytes = randomBytes(300_000);
  sent = await submitReport(injectAgent(source.app), team.slug, {
    reporter,
    attachments: [{ name: 'screenshot.png', type: 'image/png', bytes: fileBytes }],
  });
  await postMemberItem(ana, await openCase(ana, sent.caseId), { kind: 'message', text: replyText });
  // A report from a client older than summaries, beside the one with its summary envelope.
  legacy = await submitReport(injectAgent(source.app), team.slug, { legacy: true });
}, 60_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('backup and restore', () => {
  let target: TestDatabase;

  it('backs up a live database with the command line and restores it into a fresh one, where the team and the reporter read everything', async () => {
    backupFile = path.join(workDir, 'confide.backup');
    const sourceUrl = source.config.databaseUrl ?? '';
    const made = await runCli(['backup', backupFile], {
      DATABASE_URL: sourceUrl,
      CONFIDE_BACKUP_PASSPHRASE: PASSPHRASE,
    });
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/^Backup written to .*confide\.backup: \d+ tables, \d+ rows/);
    expect((await fs.stat(backupFile)).mode & 0o777).toBe(0o600);

    // Every table of the current schema is in it, with as many rows as the source holds.
    const header = parseBackupHeader((await fs.readFile(backupFile)).subarray(0, BACKUP_HEADER_BYTES));
    keys = deriveBackupKeys(PASSPHRASE, header.kdf);
    const { manifest, rows } = await readBackup(backupFile, keys);
    const before = await tableDigests(sourceUrl);
    sourceDigests = before;
    expect(manifest.tables.map((t) => t.name).sort()).toEqual(Object.keys(before).sort());
    for (const [name, digest] of Object.entries(before))
      expect(`${rows[name]} rows`).toBe(digest.split(',')[0]);
    expect(rows.attachment_chunks).toBeGreaterThan(0);
    const applied = await sql<{ name: string }>`select name from confide_migrations order by name`.execute(
      source.db,
    );
    expect(manifest.migrations).toEqual(applied.rows.map((r) => r.name));
    // Parents before children.
    const order = manifest.tables.map((t) => t.name);
    expect(order.indexOf('teams')).toBeLessThan(order.indexOf('members'));
    expect(order.indexOf('cases')).toBeLessThan(order.indexOf('items'));
    expect(order.indexOf('attachments')).toBeLessThan(order.indexOf('attachment_chunks'));
    // The summary envelope's columns are carried with the report's.
    const caseColumns = manifest.tables.find((t) => t.name === 'cases')?.columns.map((c) => c.name);
    expect(caseColumns).toEqual(
      expect.arrayContaining(['payload_nonce', 'payload_ct', 'summary_nonce', 'summary_ct']),
    );

    target = await createTestDatabase('restored');
    cleanups.push(() => target.drop());
    const restored = await runCli(['restore', backupFile], {
      DATABASE_URL: target.url,
      CONFIDE_BACKUP_PASSPHRASE: PASSPHRASE,
    });
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/^Restored .*: \d+ tables, \d+ rows/);
    // Every row of every table, byte for byte (bytea included).
    expect(await tableDigests(target.url)).toEqual(before);

    const restoredApp = await appOn(target.url);
    try {
      // The admin signs in with their passphrase and decrypts the case, the reply and the file.
      const admin = await signIn(injectAgent(restoredApp.app), team.slug, 'Ana', ADMIN_PASSPHRASE);
      const view = await openCase(admin, sent.caseId);
      expect(view.body.what_happened).toBe(sent.body.what_happened);
      expect(view.raw.summary).toEqual(sent.submission.summary);
      expect(view.disagreements).toEqual([]);
      // The list shows the report by its summary, and the older one by its body.
      const listed = await listCaseSummaries(admin);
      const byId = new Map(listed.cases.map((c) => [c.summary.id, c]));
      expect(byId.get(sent.caseId)?.summary).toMatchObject({
        summary: sent.submission.summary,
        payload: null,
      });
      expect(byId.get(sent.caseId)?.shown?.summary).toBe(sent.body.summary);
      expect(byId.get(legacy.caseId)?.summary).toMatchObject({
        summary: null,
        payload: legacy.submission.payload,
      });
      expect(byId.get(legacy.caseId)?.body?.what_happened).toBe(legacy.body.what_happened);
      expect(view.items.map((i) => [i.authorName, i.body.text])).toEqual([['Ana', replyText]]);
      const [attachment] = view.body.attachments ?? [];
      if (attachment === undefined) throw new Error('the restored report lists no attachment');
      expect(await downloadAttachment(admin.agent, attachment)).toEqual(fileBytes);

      // The reporter comes back with the receipt.
      const reporterAgent = injectAgent(restoredApp.app);
      const session = await openReceiptSession(reporterAgent, reporter.receipt ?? '');
      expect(expectReply<{ case: string }>(session, 200, 'POST /api/receipt/session').case).toBe(sent.caseId);
      const mine = await readReceiptCase(reporterAgent, reporter);
      expect(mine.items.map((i) => i.body.text)).toEqual([replyText]);

      // Sessions are in the backup: the admin's browser from before is still signed in.
      const sameBrowser = new Agent(injectTransport(restoredApp.app));
      for (const [name, value] of ana.agent.cookies) sameBrowser.cookies.set(name, value);
      expect((await sameBrowser.get('/api/cases')).status).toBe(200);

      // The identity sequence was moved past the restored rows.
      const { max } = await restoredApp.db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.max('id').as('max'))
        .executeTakeFirstOrThrow();
      const inserted = await restoredApp.db
        .insertInto('audit_events')
        .values({ team_id: team.id, action: 'test' })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(inserted.id).toBeGreaterThan(max);
    } finally {
      await restoredApp.close();
    }
  }, 120_000);

  it('refuses to restore over a database that holds data, and changes nothing', async () => {
    const before = await tableDigests(target.url);
    const refused = restoreBackup({
      file: backupFile,
      passphrase: keys,
      openTarget: () => Promise.resolve({ url: target.url, close: () => Promise.resolve() }),
      log: noLog,
    });
    await expect(refused).rejects.toThrow(RestoreRefused);
    await expect(refused).rejects.toThrow(/already holds data .*new, empty database/);
    expect(await tableDigests(target.url)).toEqual(before);
  });

  it('refuses a wrong passphrase, and writes nothing', async () => {
    const empty = await createTestDatabase('wrongpass');
    cleanups.push(() => empty.drop());
    const result = await runCli(['restore', backupFile], {
      DATABASE_URL: empty.url,
      CONFIDE_BACKUP_PASSPHRASE: `${PASSPHRASE}x`,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/passphrase does not open this backup.*Nothing was written/);
    expect(await publicTableCount(empty.url)).toBe(0);
  }, 60_000);

  it('refuses a damaged or cut-short file, found after tables were loaded, and writes nothing', async () => {
    const stored = await fs.readFile(backupFile);
    // The body's chunks are 65553 bytes after the 66-byte header and the 24-byte stream header.
    const chunkStart = (i: number): number => BACKUP_HEADER_BYTES + 24 + i * 65553;
    expect(stored.length).toBeGreaterThan(chunkStart(4));
    const damaged = Buffer.from(stored);
    damaged[chunkStart(3) + 1000] = (damaged[chunkStart(3) + 1000] ?? 0) ^ 1;
    const variants: [string, Uint8Array, RegExp][] = [
      ['damaged', damaged, /damaged or was altered/],
      ['cut', stored.subarray(0, chunkStart(3)), /incomplete.*ends before its FINAL chunk/],
    ];
    for (const [label, bytes, message] of variants) {
      const file = path.join(workDir, `${label}.backup`);
      await fs.writeFile(file, bytes);
      const empty = await createTestDatabase(label);
      cleanups.push(() => empty.drop());
      const logged: string[] = [];
      await expect(
        restoreBackup({
          file,
          passphrase: keys,
          openTarget: () => Promise.resolve({ url: empty.url, close: () => Promise.resolve() }),
          log: (line) => logged.push(line),
        }),
      ).rejects.toThrow(message);
      // Tables had been created and loaded when the damage was found; all of it rolled back.
      expect(logged.some((line) => line.startsWith('restored'))).toBe(true);
      expect(await publicTableCount(empty.url)).toBe(0);
    }
  });

  it('restores a backup made before summaries: its reports gain empty summary columns and are listed by their body', async () => {
    // A database as Confide left it before summary envelopes (migration 0005), with a report.
    const old = await databaseAt('before-summaries', '0005_operations');
    const oldDb = createKysely(old.url, 2);
    let oldTeam: CreatedTeam;
    let oldReport: Awaited<ReturnType<typeof prepareReport>>;
    try {
      [oldTeam, oldReport] = await withNewerSchemaStandIn(oldDb, async () => {
        const made = await createTeamWithService(oldDb, { adminName: 'Ola' });
        // The app of this version cannot write to that schema: the report goes in as the old one
        // stored it, its signature over the body alone.
        const oldApp = await appOn(old.url);
        try {
          return [made, await prepareReport(injectAgent(oldApp.app), made.slug, { legacy: true })] as const;
        } finally {
          await oldApp.close();
        }
      });
      const { submission } = oldReport;
      await sql`insert into cases (id, team_id, roster_seq, payload_v, payload_nonce, payload_ct, sig,
                                   reporter_box_pk, reporter_sign_pk, lookup_hash, urgent)
        values (${submission.id}, ${submission.team}, ${submission.roster_seq}, 1,
                ${Buffer.from(submission.payload.n, 'base64url')}, ${Buffer.from(submission.payload.c, 'base64url')},
                ${Buffer.from(submission.sig, 'base64url')}, ${Buffer.from(submission.reporter.box_pk, 'base64url')},
                ${Buffer.from(submission.reporter.sign_pk, 'base64url')},
                ${Buffer.from(submission.reporter.lookup_hash, 'base64url')}, false)`.execute(oldDb);
      for (const grant of submission.grants) {
        await sql`insert into grants (case_id, object_id, recipient, sealed)
          values (${submission.id}, ${submission.id}, ${grant.to}, ${Buffer.from(grant.k, 'base64url')})`.execute(
          oldDb,
        );
      }
    } finally {
      await oldDb.destroy();
    }

    const { fresh, restored } = await backUpAndRestore(old.url, 'summaries');
    expect(restored.backupMigrations.at(-1)).toBe('0005_operations');
    expect(restored.appliedAfter).toContain('0006_summaries');

    const restoredApp = await appOn(fresh.url);
    try {
      const row = await restoredApp.db
        .selectFrom('cases')
        .select(['summary_ct', 'summary_nonce', 'payload_ct'])
        .where('id', '=', oldReport.submission.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ summary_ct: null, summary_nonce: null });
      expect(row.payload_ct).not.toBeNull();
      const admin = await signInFast(injectAgent(restoredApp.app), oldTeam.slug, oldTeam.admin);
      const listed = await listCaseSummaries(admin);
      expect(listed.cases.map((c) => c.summary.id)).toEqual([oldReport.submission.id]);
      expect(listed.cases[0]?.summary).toMatchObject({
        summary: null,
        payload: oldReport.submission.payload,
      });
      expect(listed.cases[0]?.body?.what_happened).toBe(oldReport.body.what_happened);
      const view = await openCase(admin, oldReport.submission.id);
      expect(view.summary).toBeNull();
      expect(view.body.what_happened).toBe(oldReport.body.what_happened);
    } finally {
      await restoredApp.close();
    }
  }, 60_000);

  it('restores a backup made before community labels: its teams name none until an admin sets one', async () => {
    // A database as Confide left it before community labels (migration 0007), with a team.
    const old = await databaseAt('before-community', '0007_legacy_regrant_events');
    const oldDb = createKysely(old.url, 2);
    let oldTeam: CreatedTeam;
    try {
      oldTeam = await withNewerSchemaStandIn(oldDb, () => createTeamWithService(oldDb, { adminName: 'Oto' }));
      // The unsigned grant an older version stored beside the member (migration 0010 drops it).
      await sql`update members set index_key_grant = ${Buffer.from(randomBytes(80))} where team_id = ${oldTeam.id}`.execute(
        oldDb,
      );
    } finally {
      await oldDb.destroy();
    }

    const { file, fresh, restored } = await backUpAndRestore(old.url, 'community');
    const { manifest } = await readBackup(file, keys);
    expect(manifest.tables.find((table) => table.name === 'teams')?.columns.map((c) => c.name)).not.toContain(
      'community',
    );
    expect(restored.backupMigrations.at(-1)).toBe('0007_legacy_regrant_events');
    expect(restored.appliedAfter).toContain('0008_team_community');
    expect(restored.appliedAfter).toContain('0010_signed_index_keys');

    const restoredApp = await appOn(fresh.url);
    try {
      const anyone = injectAgent(restoredApp.app);
      expect(
        expectReply<{ community: unknown }>(await anyone.get(`/api/teams/${oldTeam.slug}`), 200, 'team')
          .community,
      ).toBeNull();
      const admin = await signInFast(injectAgent(restoredApp.app), oldTeam.slug, oldTeam.admin);
      // Its unsigned index key is not served: the team has no signed key until an admin issues one.
      expect({ key: admin.indexKey, epoch: admin.indexEpoch }).toEqual({ key: null, epoch: 0 });
      expect(
        expectReply<{ community: unknown }>(
          await admin.agent.patch('/api/team/settings', { community: 'en.wikipedia' }),
          200,
          'PATCH /api/team/settings',
        ).community,
      ).toBe('en.wikipedia');
      expect(
        expectReply<{ community: unknown }>(await anyone.get(`/api/teams/${oldTeam.slug}`), 200, 'team')
          .community,
      ).toBe('en.wikipedia');
    } finally {
      await restoredApp.close();
    }
  }, 60_000);

  it('restores into the embedded database with the command line, refuses it while in use, and backs it up', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'confide-backup-embedded-'));
    cleanups.push(async () => {
      // Running as root, the cluster lives outside the data directory, which names it.
      const elsewhere = await fs.readFile(path.join(dataDir, 'postgres-cluster-location'), 'utf8').then(
        (text) => text.trim(),
        () => undefined,
      );
      if (elsewhere !== undefined) await fs.rm(elsewhere, { recursive: true, force: true });
      await fs.rm(dataDir, { recursive: true, force: true });
    });
    const restored = await runCli(['restore', backupFile], {
      CONFIDE_DATA_DIR: dataDir,
      CONFIDE_BACKUP_PASSPHRASE: PASSPHRASE,
    });
    expect(restored.code, restored.stderr).toBe(0);

    const embedded = await startEmbeddedPostgres({ dataDir });
    try {
      expect(await tableDigests(embedded.url)).toEqual(sourceDigests);
      // While a server runs on the cluster, neither command touches it.
      await expect(openBackupDatabase({ dataDir, databaseUrl: undefined }, 'backup', noLog)).rejects.toThrow(
        /in use .*stop the Confide server first/,
      );
    } finally {
      await embedded.stop();
    }

    const database = await openBackupDatabase({ dataDir, databaseUrl: undefined }, 'backup', noLog);
    const again = path.join(workDir, 'embedded.backup');
    try {
      await writeBackup({ databaseUrl: database.url, file: again, keys, log: noLog });
    } finally {
      await database.close();
    }
    const first = await readBackup(backupFile, keys);
    const second = await readBackup(again, keys);
    expect(second.manifest.tables).toEqual(first.manifest.tables);
    expect(second.rows).toEqual(first.rows);
  }, 120_000);
});
