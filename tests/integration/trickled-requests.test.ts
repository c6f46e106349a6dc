/**
 * Clients that send a request a byte at a time (found by an independent check of issue 8):
 *
 * - a body trickled a byte per packet must cost the server about what it carries, not hundreds
 *   of bytes of memory per byte received, on uploads and on JSON routes alike;
 * - headers dribbled slowly enough never to fall silent for the idle limit must still be cut off
 *   once they have taken too long in all, with a 408 in the error shape.
 *
 * Memory is measured in this process, where the server runs, as live memory after a full
 * collection: what the server holds on to, not what the collector has yet to free.
 */
import net from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headersTimeoutMs } from '../../server/app.js';
import { startAppServer, type TestApp } from '../helpers/app-server.js';
import { watch } from '../helpers/raw-socket.js';

type Server = TestApp & { url: string };

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/** Live memory after a full collection: the JavaScript heap plus buffers' backing stores. */
function liveBytes(): number {
  collectGarbage();
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function connect(server: Server): Promise<net.Socket> {
  const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => undefined);
  // Every write its own packet, as the attacker sends them.
  socket.setNoDelay(true);
  return socket;
}

describe('a body trickled a byte per packet', () => {
  let server: Server;
  const sockets: net.Socket[] = [];

  beforeAll(async () => {
    // A long idle limit: the test, not the server, decides when the connections end.
    server = await startAppServer({ env: { CONFIDE_RATE_LIMIT: 'off', CONFIDE_BODY_IDLE_SECONDS: '600' } });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await server.close();
  });

  it('costs the server little more memory than the bytes it carries, on uploads and JSON routes', async () => {
    const connections = 40;
    const bytesEach = 4000;
    const heads = [
      // Files are read piece by piece by the upload route itself...
      'POST /api/attachments HTTP/1.1\r\nContent-Type: application/octet-stream\r\nContent-Length: 25000000\r\n',
      // ...and JSON bodies by the body reader every route shares.
      'POST /api/reports HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 1500000\r\n',
    ];
    for (let i = 0; i < connections; i += 1) {
      const socket = await connect(server);
      sockets.push(socket);
      socket.write(`${heads[i % heads.length]}Host: 127.0.0.1\r\nX-Requested-With: confide\r\n\r\n{`);
    }
    // Let every request reach its body reader before measuring where the bodies start from.
    for (let i = 0; i < 20; i += 1) await nextTurn();
    const before = liveBytes();

    // One byte on each connection per turn of the event loop: the server reads each as its own
    // piece, as it would from a patient attacker's packets.
    for (let round = 0; round < bytesEach; round += 1) {
      for (const socket of sockets) socket.write(' ');
      await nextTurn();
    }
    for (let i = 0; i < 20; i += 1) await nextTurn();
    const grown = liveBytes() - before;
    const sent = connections * bytesEach;

    // Kept as pieces, each byte cost hundreds of bytes (tens of MB here); copied into one
    // buffer per body, the bodies cost at most their first 16 KiB buffers, under 1 MiB in all.
    expect(grown, `${grown} bytes held for ${sent} bytes received`).toBeLessThan(8 * 1024 * 1024);
    // Every connection is still open and unanswered: the bytes were taken in, not refused.
    expect(sockets.every((socket) => !socket.destroyed)).toBe(true);
  });
});

describe('headers dribbled slowly', () => {
  let server: Server;

  beforeAll(async () => {
    server = await startAppServer({ env: { CONFIDE_RATE_LIMIT: 'off', CONFIDE_BODY_IDLE_SECONDS: '1' } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('are cut off once they take longer than the headers may, with a 408 in the error shape', async () => {
    const socket = await connect(server);
    const watched = watch(socket);
    try {
      socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
      // A byte every 300 ms never leaves the connection silent for the 1 s idle limit, so only
      // the headers' own limit (2 s) can end it. Far more bytes than that takes are on offer.
      const limit = headersTimeoutMs(server.config);
      const offered = Math.ceil((limit * 20) / 300);
      for (let i = 0; i < offered && !watched.closed(); i += 1) {
        socket.write('a');
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      expect(watched.closed()).toBe(true);
      const [head = '', body = ''] = watched.text().split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 408 /);
      expect(JSON.parse(body)).toEqual({
        error: { code: 'request_timeout', message: expect.any(String) as string },
      });
    } finally {
      socket.destroy();
    }
  });
});
