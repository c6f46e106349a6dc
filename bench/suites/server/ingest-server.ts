// A server process for the ingest benchmark, in one of two modes:
//   ours: the real Confide app (buildApp) with rate limits off;
//   bare: a bare Fastify route that writes the same rows with `pg` in one transaction, with
//         no schema validation, no signature check and no roster check — the floor of what
//         any implementation of POST /api/reports must pay.
// Usage: tsx ingest-server.ts <ours|bare> <database url>; prints "port <n>" when listening.

import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { createKysely } from '../../../server/db/database.js';

const [mode, databaseUrl] = process.argv.slice(2);
if ((mode !== 'ours' && mode !== 'bare') || !databaseUrl) {
  console.error('usage: ingest-server.ts <ours|bare> <database url>');
  process.exit(2);
}

interface BareReport {
  id: string;
  team: string;
  roster_seq: number;
  payload: { v: number; n: string; c: string };
  grants: { to: string; k: string }[];
  reporter: { box_pk: string; sign_pk: string; lookup_hash: string };
  sig: string;
  urgent: boolean;
}

const b = (text: string): Buffer => Buffer.from(text, 'base64url');

async function startBare(): Promise<number> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  // The suite stops PostgreSQL while this reference server may still hold idle clients; as in
  // server/db/database.ts, a lost idle client must not end the process with an unheard 'error'.
  pool.on('error', () => undefined);
  const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024 });
  app.post('/api/reports', async (request, reply) => {
    const r = request.body as BareReport;
    const client = await pool.connect();
    try {
      await client.query('begin');
      const inserted = await client.query<{ created_at: Date }>(
        `insert into cases (id, team_id, roster_seq, payload_v, payload_nonce, payload_ct, sig,
           reporter_box_pk, reporter_sign_pk, lookup_hash, urgent)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning created_at`,
        [
          r.id,
          r.team,
          r.roster_seq,
          r.payload.v,
          b(r.payload.n),
          b(r.payload.c),
          b(r.sig),
          b(r.reporter.box_pk),
          b(r.reporter.sign_pk),
          b(r.reporter.lookup_hash),
          r.urgent,
        ],
      );
      const values: unknown[] = [];
      const rows = r.grants.map((g, i) => {
        values.push(r.id, r.id, g.to, b(g.k));
        return `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`;
      });
      await client.query(
        `insert into grants (case_id, object_id, recipient, sealed) values ${rows.join(', ')}`,
        values,
      );
      await client.query('commit');
      return await reply
        .status(201)
        .send({ id: r.id, received_at: inserted.rows[0]?.created_at.toISOString() });
    } catch (error) {
      await client.query('rollback');
      throw error;
    } finally {
      client.release();
    }
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

async function startOurs(): Promise<number> {
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', CONFIDE_RATE_LIMIT: 'off' });
  const app = await buildApp({ config, db: createKysely(databaseUrl ?? '', 10) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

const port = mode === 'ours' ? await startOurs() : await startBare();
process.stdout.write(`port ${port}\n`);
process.on('SIGTERM', () => process.exit(0));
