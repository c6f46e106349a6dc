/**
 * Uploads against an anonymous attacker (issue 8, finding 1 and the quotas of finding 4): slow
 * uploads hold no database connection, a silent body is dropped while a slow one that keeps
 * sending is not, an exhausted pool answers 503 instead of queueing forever, the deployment-wide
 * quotas answer 503 `uploads_busy` (and hold however many uploads start at once, each counted by
 * the Content-Length it must send), so do uploads past the cap on uploads in progress (each holds
 * memory while its chunk fills), and two reports racing for one file cannot both bind it.
 */
import net from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptFile, generateFileKey, ready } from '../../crypto/index.js';
import { startAppServer, type TestApp } from '../helpers/app-server.js';
import { watch } from '../helpers/raw-socket.js';
import { until } from '../helpers/until.js';
import { RawConnection, type RawResponse } from '../helpers/fuzz/raw-http.js';
import {
  Agent,
  createTeamWithService,
  fetchTransport,
  injectAgent,
  postReport,
  prepareReport,
  uploadAttachment,
  type CreatedTeam,
  type ErrorJson,
} from '../helpers/protocol/index.js';

type Server = TestApp & { url: string };

/** Opens an upload on a raw socket: headers announcing `length` bytes, then `first` bytes only. */
async function startUpload(server: Server, length: number, first: Buffer): Promise<net.Socket> {
  const { port } = new URL(server.url);
  const socket = net.connect(Number(port), '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => undefined);
  socket.write(
    `POST /api/attachments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n` +
      `X-Requested-With: confide\r\nContent-Length: ${length}\r\n\r\n`,
  );
  socket.write(first);
  return socket;
}

async function attachmentRows(server: Server): Promise<number> {
  const rows = await sql<{ n: number }>`select count(*)::int as n from attachments`.execute(server.db);
  return rows.rows[0]?.n ?? -1;
}

/** The bytes stored, and the bytes the pending-upload quota counts (an upload's declared size while it arrives). */
async function pendingBytes(server: Server): Promise<{ stored: number; counted: number }> {
  const rows = await sql<{ stored: number; counted: number }>`
    select coalesce(sum(size), 0)::float8 as stored,
           coalesce(sum(greatest(size, declared_size)), 0)::float8 as counted
      from attachments where case_id is null`.execute(server.db);
  return rows.rows[0] ?? { stored: -1, counted: -1 };
}

/** The headers of a raw upload: `framing` is `Content-Length: n` or `Transfer-Encoding: chunked`. */
function uploadHead(framing: string): string {
  return (
    `POST /api/attachments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n` +
    `X-Requested-With: confide\r\n${framing}\r\n\r\n`
  );
}

/** The reply's error, after checking it is exactly the error shape. */
function errorOf(response: RawResponse): ErrorJson['error'] {
  const parsed = JSON.parse(response.body.toString('utf8')) as ErrorJson;
  expect(Object.keys(parsed)).toEqual(['error']);
  expect(typeof parsed.error.code).toBe('string');
  expect(parsed.error.message).toMatch(/\S/);
  return parsed.error;
}

async function nextReply(connection: RawConnection): Promise<RawResponse> {
  const outcome = await connection.next(30_000);
  if (outcome.kind !== 'reply') throw new Error(`expected a reply, got ${outcome.kind}`);
  return outcome.response;
}

function encryptedFile(bytes: number): Uint8Array {
  return encryptFile(new Uint8Array(bytes).fill(7), generateFileKey());
}

beforeAll(async () => {
  await ready();
});

describe('slow uploads', () => {
  let server: Server;
  let team: CreatedTeam;
  const sockets: net.Socket[] = [];

  beforeAll(async () => {
    // More stalled uploads than the pool has connections; a long idle limit keeps them open.
    server = await startAppServer({
      poolSize: 3,
      env: { CONFIDE_RATE_LIMIT: 'off', CONFIDE_BODY_IDLE_SECONDS: '600' },
    });
    team = await createTeamWithService(server.db);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await server.close();
  });

  it('hold no database connection while they wait: every other route keeps working', async () => {
    const stalled = await Promise.all(
      Array.from({ length: 8 }, () => startUpload(server, 5_000_000, Buffer.alloc(64 * 1024, 1))),
    );
    sockets.push(...stalled);
    const watched = stalled.map(watch);
    // Each upload has begun on the server (its row exists) and is now waiting for bytes.
    await until('the eight uploads to begin', async () => (await attachmentRows(server)) === 8);

    const agent = injectAgent(server.app);
    const teamReply = await agent.get(`/api/teams/${team.slug}`);
    expect(teamReply.status).toBe(200);
    const receiptReply = await agent.post('/api/receipt/session', { lookup: 'A'.repeat(43) });
    expect(receiptReply.status).toBe(401);
    // ...while every one of the stalled uploads is still open.
    expect(watched.map((w) => w.closed())).toEqual(stalled.map(() => false));
  });

  it('leave nothing behind when the client goes away half-way', async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await until('the cut-off uploads to be deleted', async () => (await attachmentRows(server)) === 0);
  });
});

describe('a body that stops arriving', () => {
  let server: Server;

  beforeAll(async () => {
    server = await startAppServer({
      env: { CONFIDE_RATE_LIMIT: 'off', CONFIDE_BODY_IDLE_SECONDS: '2' },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('is dropped after the idle limit, and its partial file deleted', async () => {
    const socket = await startUpload(server, 3_000_000, Buffer.alloc(2 * 1024 * 1024, 3));
    const watched = watch(socket);
    try {
      // The first full 1 MiB chunk is stored before the client falls silent...
      await until('the first chunk to be stored', async () => {
        const rows = await sql<{
          n: number;
        }>`select count(*)::int as n from attachment_chunks`.execute(server.db);
        return (rows.rows[0]?.n ?? 0) >= 1;
      });
      // ...then silence: the server closes the connection and deletes what was written.
      await until('the server to drop the silent connection', () => watched.closed());
      await until('the partial file to be deleted', async () => (await attachmentRows(server)) === 0);
      expect(watched.text()).not.toMatch(/^HTTP\/1\.1 201/);
    } finally {
      socket.destroy();
    }
  });

  it('is never cut off while it keeps sending, however long it takes in all', async () => {
    // About three times the idle limit in total, a piece every 200 ms.
    const stored = Buffer.from(encryptedFile(29 * 1024));
    const pieces = 30;
    const size = Math.ceil(stored.length / pieces);
    const socket = await startUpload(server, stored.length, stored.subarray(0, size));
    const watched = watch(socket);
    try {
      for (let i = 1; i < pieces; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        socket.write(stored.subarray(i * size, (i + 1) * size));
      }
      await until('the reply', () => /\r\n\r\n/.test(watched.text()));
      expect(watched.text()).toMatch(/^HTTP\/1\.1 201/);
    } finally {
      socket.destroy();
    }
  });

  it('a JSON body shorter than its Content-Length does not hang the connection', async () => {
    const { port } = new URL(server.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    socket.on('error', () => undefined);
    const watched = watch(socket);
    socket.write(
      'POST /api/receipt/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        'X-Requested-With: confide\r\nContent-Length: 100\r\n\r\n{"lookup":',
    );
    try {
      await until('the server to give up on the body', () => watched.closed());
    } finally {
      socket.destroy();
    }
  });
});

describe('an exhausted pool', () => {
  let server: Server;
  let team: CreatedTeam;

  beforeAll(async () => {
    server = await startAppServer({ poolSize: 2, acquireTimeoutMs: 300, env: { CONFIDE_RATE_LIMIT: 'off' } });
    team = await createTeamWithService(server.db);
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers 503 server_busy in the error shape, then serves again once connections are free', async () => {
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    // Two queries that do not end until released take both of the pool's connections.
    const holders = [0, 1].map(() =>
      server.db.connection().execute(async (connection) => {
        held += 1;
        await sql`select 1`.execute(connection);
        await released;
      }),
    );
    await until('both connections to be held', () => held === 2);
    const agent = injectAgent(server.app);
    const busy = await agent.get(`/api/teams/${team.slug}`);
    expect(busy.status).toBe(503);
    expect(busy.json<ErrorJson>().error.code).toBe('server_busy');
    expect(busy.headers['retry-after']).toBe('5');
    release();
    await Promise.all(holders);
    expect((await agent.get(`/api/teams/${team.slug}`)).status).toBe(200);
  });
});

describe('deployment-wide upload quotas', () => {
  it('refuse uploads past the hourly total with 503 uploads_busy, whoever sends them', async () => {
    const server = await startAppServer({
      env: { CONFIDE_RATE_LIMIT: 'off', CONFIDE_MAX_UPLOADS_PER_HOUR: '2' },
    });
    try {
      const agent = injectAgent(server.app);
      const file = { name: 'a.png', type: 'image/png', bytes: new Uint8Array(100) };
      await uploadAttachment(agent, file);
      await uploadAttachment(agent, file);
      const refused = await agent.request('POST', '/api/attachments', {
        body: encryptedFile(100),
        contentType: 'application/octet-stream',
      });
      expect(refused.status).toBe(503);
      const { error } = refused.json<ErrorJson>();
      expect(error.code).toBe('uploads_busy');
      expect(error.message).toMatch(/without files/);
      expect(await attachmentRows(server)).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('refuse an upload that would take the files waiting to be sent past their total', async () => {
    const server = await startAppServer({
      env: { CONFIDE_RATE_LIMIT: 'off', CONFIDE_MAX_PENDING_UPLOADS_MB: '1' },
    });
    try {
      const agent = injectAgent(server.app);
      await uploadAttachment(agent, { name: 'a', type: 'text/plain', bytes: new Uint8Array(600_000) });
      const refused = await agent.request('POST', '/api/attachments', {
        body: encryptedFile(600_000),
        contentType: 'application/octet-stream',
      });
      expect(refused.status).toBe(503);
      expect(refused.json<ErrorJson>().error.code).toBe('uploads_busy');
    } finally {
      await server.close();
    }
  });

  it('refuse an upload without a Content-Length (chunked) with 411 before reading it, storing nothing', async () => {
    const server = await startAppServer({
      env: { CONFIDE_RATE_LIMIT: 'off', CONFIDE_MAX_PENDING_UPLOADS_MB: '1' },
    });
    const connection = await RawConnection.open(Number(new URL(server.url).port));
    try {
      // A first chunk of 3 MiB against a quota of 1 MiB, and no end: the reply must not wait for one.
      const chunk = Buffer.alloc(3 * 1024 * 1024, 5);
      await connection.write(uploadHead('Transfer-Encoding: chunked') + `${chunk.length.toString(16)}\r\n`);
      void connection.write(chunk);
      const reply = await nextReply(connection);
      expect(reply.status).toBe(411);
      const error = errorOf(reply);
      expect(error.code).toBe('length_required');
      expect(error.message).toMatch(/Content-Length/);
      expect(await attachmentRows(server)).toBe(0);
      expect(await pendingBytes(server)).toEqual({ stored: 0, counted: 0 });
    } finally {
      connection.destroy();
      await server.close();
    }
  });

  it('let exactly as many uploads start together as fit in the pending quota, and never more', async () => {
    const quota = 1024 * 1024;
    const server = await startAppServer({
      env: {
        CONFIDE_RATE_LIMIT: 'off',
        CONFIDE_MAX_PENDING_UPLOADS_MB: '1',
        CONFIDE_BODY_IDLE_SECONDS: '600',
      },
    });
    const stored = Buffer.from(encryptedFile(300_000));
    const uploads = 8;
    const fit = Math.floor(quota / stored.length);
    expect(fit).toBeGreaterThan(0);
    expect(fit).toBeLessThan(uploads);
    // What the quota counts, watched for the whole test.
    let highest = { stored: 0, counted: 0 };
    const stopWatching = new AbortController();
    const watcher = (async () => {
      while (!stopWatching.signal.aborted) {
        const now = await pendingBytes(server);
        highest = {
          stored: Math.max(highest.stored, now.stored),
          counted: Math.max(highest.counted, now.counted),
        };
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const port = Number(new URL(server.url).port);
    const connections = await Promise.all(Array.from({ length: uploads }, () => RawConnection.open(port)));
    try {
      // All start at once, each with its first 64 KiB: none has stored a byte when the others are checked.
      const first = 64 * 1024;
      await Promise.all(
        connections.map((c) =>
          c.write(
            Buffer.concat([
              Buffer.from(uploadHead(`Content-Length: ${stored.length}`)),
              stored.subarray(0, first),
            ]),
          ),
        ),
      );
      // Each is either refused at once or has its row (its reservation) and waits for the rest.
      const answered = new Map<RawConnection, RawResponse>();
      const replies = connections.map((c) =>
        nextReply(c).then((reply) => {
          answered.set(c, reply);
          return reply;
        }),
      );
      // Should an expectation fail first, the connections are closed: that is no further failure.
      void Promise.allSettled(replies);
      await until(
        'every upload to be taken or refused',
        async () => answered.size + (await attachmentRows(server)) === uploads,
      );
      expect(await attachmentRows(server)).toBe(fit);
      const refused = [...answered.values()];
      expect(refused).toHaveLength(uploads - fit);
      for (const reply of refused) {
        expect(reply.status).toBe(503);
        expect(errorOf(reply).code).toBe('uploads_busy');
      }
      expect((await pendingBytes(server)).counted).toBe(fit * stored.length);

      // The ones taken finish, and are stored.
      const taken = connections.filter((c) => !answered.has(c));
      await Promise.all(taken.map((c) => c.write(stored.subarray(first))));
      await Promise.all(replies);
      expect(taken.map((c) => answered.get(c)?.status)).toEqual(taken.map(() => 201));
      expect(await pendingBytes(server)).toEqual({
        stored: fit * stored.length,
        counted: fit * stored.length,
      });
    } finally {
      stopWatching.abort();
      await watcher;
      for (const connection of connections) connection.destroy();
      await server.close();
    }
    expect(highest.counted).toBeLessThanOrEqual(quota);
    expect(highest.stored).toBeLessThanOrEqual(quota);
  });

  it('free the room of an upload cut off half-way', async () => {
    const server = await startAppServer({
      env: {
        CONFIDE_RATE_LIMIT: 'off',
        CONFIDE_MAX_PENDING_UPLOADS_MB: '1',
        CONFIDE_BODY_IDLE_SECONDS: '600',
      },
    });
    const socket = await startUpload(server, encryptedFile(900_000).length, Buffer.alloc(64 * 1024, 1));
    try {
      await until('the first upload to begin', async () => (await attachmentRows(server)) === 1);
      // Nothing of it is stored yet, but its room is taken: a second file of its size does not fit.
      expect((await pendingBytes(server)).stored).toBe(0);
      const agent = injectAgent(server.app);
      const second = () =>
        agent.request('POST', '/api/attachments', {
          body: encryptedFile(900_000),
          contentType: 'application/octet-stream',
        });
      const refused = await second();
      expect(refused.status).toBe(503);
      expect(refused.json<ErrorJson>().error.code).toBe('uploads_busy');

      // Its client goes away: its row, and with it its reservation, is deleted, and the room is free.
      socket.destroy();
      await until('the cut-off upload to be deleted', async () => (await attachmentRows(server)) === 0);
      expect(await pendingBytes(server)).toEqual({ stored: 0, counted: 0 });
      const taken = await second();
      expect(taken.status, taken.text).toBe(201);
    } finally {
      socket.destroy();
      await server.close();
    }
  });
});

describe('uploads in progress', () => {
  let server: Server;
  const sockets: net.Socket[] = [];

  beforeAll(async () => {
    // A cap of two; a long idle limit keeps the stalled uploads open for as long as the test needs.
    server = await startAppServer({
      env: {
        CONFIDE_RATE_LIMIT: 'off',
        CONFIDE_BODY_IDLE_SECONDS: '600',
        CONFIDE_MAX_UPLOADS_IN_PROGRESS: '2',
      },
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await server.close();
  });

  /** An upload of a real encrypted file that sends its first 64 KiB and then waits. */
  async function stalledUpload(): Promise<{ finish: () => void; cut: () => void; reply: () => string }> {
    const stored = Buffer.from(encryptedFile(1_500_000));
    const first = 64 * 1024;
    const socket = await startUpload(server, stored.length, stored.subarray(0, first));
    sockets.push(socket);
    const watched = watch(socket);
    return {
      finish: () => socket.write(stored.subarray(first)),
      cut: () => socket.destroy(),
      reply: () => watched.text(),
    };
  }

  it('are capped: past the cap a new upload gets 503 uploads_busy, and every slot comes back', async () => {
    const agent = new Agent(fetchTransport(server.url));
    const upload = () =>
      agent.request('POST', '/api/attachments', {
        body: encryptedFile(200_000),
        contentType: 'application/octet-stream',
      });

    // Two uploads stall mid-body, both begun on the server (each has its row).
    const one = await stalledUpload();
    const two = await stalledUpload();
    await until('both stalled uploads to begin', async () => (await attachmentRows(server)) === 2);

    // A third, from anyone, is turned away before its body is read: try later, or send without files.
    const refused = await upload();
    expect(refused.status).toBe(503);
    const { error } = refused.json<ErrorJson>();
    expect(error.code).toBe('uploads_busy');
    expect(error.message).toMatch(/try again later/);
    expect(error.message).toMatch(/without files/);
    expect(refused.headers['retry-after']).toBe('5');
    expect(await attachmentRows(server)).toBe(2);

    // One finishes, the other is cut off by its client: both give their place back.
    one.finish();
    await until('the finished upload to be stored', () => /\r\n\r\n/.test(one.reply()));
    expect(one.reply()).toMatch(/^HTTP\/1\.1 201/);
    two.cut();
    await until('the cut-off upload to be deleted', async () => (await attachmentRows(server)) === 1);

    // So two can be in progress at once again, and a third after them succeeds.
    const three = await stalledUpload();
    const four = await stalledUpload();
    await until('two new uploads to begin', async () => (await attachmentRows(server)) === 3);
    three.finish();
    four.finish();
    await until('both to be stored', () => [three, four].every((u) => /\r\n\r\n/.test(u.reply())));
    expect([three, four].map((u) => u.reply().slice(0, 12))).toEqual(['HTTP/1.1 201', 'HTTP/1.1 201']);
    const after = await upload();
    expect(after.status, after.text).toBe(201);
  });
});

describe('two reports racing for one file', () => {
  let server: Server;
  let team: CreatedTeam;

  beforeAll(async () => {
    server = await startAppServer({ env: { CONFIDE_RATE_LIMIT: 'off' } });
    team = await createTeamWithService(server.db);
  });
  afterAll(async () => {
    await server.close();
  });

  it('give the file to exactly one of them, every time', async () => {
    // Over real sockets, so the two requests truly run at once.
    const agent = new Agent(fetchTransport(server.url));
    for (let trial = 0; trial < 15; trial += 1) {
      const first = await prepareReport(agent, team.slug, {
        attachments: [{ name: 'a.png', type: 'image/png', bytes: new Uint8Array(50) }],
      });
      const second = await prepareReport(agent, team.slug, { team: first.team });
      const rival = { ...second.submission, attachments: first.submission.attachments };
      const replies = await Promise.all([postReport(agent, first.submission), postReport(agent, rival)]);
      const statuses = replies.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 400]);
      const loser = replies.find((r) => r.status === 400);
      expect(loser?.json<ErrorJson>().error.code).toBe('attachment_unknown');
      // The loser's case was not written either: its transaction rolled back.
      const [firstReply] = replies;
      const winner = firstReply.status === 201 ? first.submission.id : rival.id;
      const loserId = winner === first.submission.id ? rival.id : first.submission.id;
      const cases = await server.db
        .selectFrom('cases')
        .select('id')
        .where('id', 'in', [winner, loserId])
        .execute();
      expect(cases.map((c) => c.id)).toEqual([winner]);
      const bound = await server.db
        .selectFrom('attachments')
        .select('case_id')
        .where('id', '=', first.submission.attachments[0] ?? '')
        .executeTakeFirstOrThrow();
      expect(bound.case_id).toBe(winner);
    }
  });

  it('never binds a file whose upload has not finished', async () => {
    const agent = injectAgent(server.app);
    const prepared = await prepareReport(agent, team.slug);
    const incomplete = crypto.randomUUID();
    await server.db.insertInto('attachments').values({ id: incomplete, size: 41 }).execute();
    const reply = await postReport(agent, { ...prepared.submission, attachments: [incomplete] });
    expect(reply.status).toBe(400);
    expect(reply.json<ErrorJson>().error.code).toBe('attachment_unknown');
  });
});
