/**
 * HTTP/1.1 over a raw socket, for requests no HTTP client would send: broken framing, conflicting
 * lengths, unknown methods, huge headers, bodies that stop half-way. Replies are parsed just
 * enough to judge them (status line, headers, a body framed by Content-Length or chunked, or
 * read to the end of the connection).
 */
import net from 'node:net';

export interface RawResponse {
  readonly status: number;
  readonly statusLine: string;
  /** Header names in lower case; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export type Outcome =
  | { readonly kind: 'reply'; readonly response: RawResponse }
  /** The server closed the connection (or reset it) without a (further) reply. */
  | { readonly kind: 'closed' }
  /** Neither within the deadline. */
  | { readonly kind: 'timeout' };

const HEADER_END = Buffer.from('\r\n\r\n');

/** One parsed response from the start of `buffer` and its length, or undefined if incomplete. */
function parseResponse(
  buffer: Buffer,
  ended: boolean,
): { response: RawResponse; length: number } | undefined {
  const end = buffer.indexOf(HEADER_END);
  if (end < 0) return undefined;
  const lines = buffer.subarray(0, end).toString('latin1').split('\r\n');
  const statusLine = lines[0] ?? '';
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (match === null) throw new Error(`not an HTTP status line: ${JSON.stringify(statusLine.slice(0, 200))}`);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const status = Number(match[1]);
  const start = end + HEADER_END.length;
  const noBody = status === 204 || status === 304 || (status >= 100 && status < 200);
  if (noBody) return { response: { status, statusLine, headers, body: Buffer.alloc(0) }, length: start };
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const chunks: Buffer[] = [];
    let at = start;
    for (;;) {
      const lineEnd = buffer.indexOf('\r\n', at);
      if (lineEnd < 0) return undefined;
      const size = parseInt(buffer.subarray(at, lineEnd).toString('latin1').split(';')[0] ?? '', 16);
      if (Number.isNaN(size)) throw new Error('a malformed chunk size in a reply');
      const dataStart = lineEnd + 2;
      if (size === 0) {
        const trailerEnd = buffer.indexOf('\r\n', dataStart);
        if (trailerEnd < 0) return undefined;
        return {
          response: { status, statusLine, headers, body: Buffer.concat(chunks) },
          length: trailerEnd + 2,
        };
      }
      if (buffer.length < dataStart + size + 2) return undefined;
      chunks.push(buffer.subarray(dataStart, dataStart + size));
      at = dataStart + size + 2;
    }
  }
  const declared = headers['content-length'];
  if (declared !== undefined) {
    const length = Number(declared);
    if (buffer.length < start + length) return undefined;
    return {
      response: { status, statusLine, headers, body: buffer.subarray(start, start + length) },
      length: start + length,
    };
  }
  // Neither: the body runs to the end of the connection.
  if (!ended) return undefined;
  return { response: { status, statusLine, headers, body: buffer.subarray(start) }, length: buffer.length };
}

/** A client connection that writes raw bytes and reads replies one at a time. */
export class RawConnection {
  #buffer = Buffer.alloc(0);
  #ended = false;
  #waiters: (() => void)[] = [];

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#wake();
    });
    const end = (): void => {
      this.#ended = true;
      this.#wake();
    };
    socket.on('end', end);
    socket.on('close', end);
    // A reset after the server refused the request is an ending like any other.
    socket.on('error', end);
  }

  static open(port: number, host = '127.0.0.1'): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host });
      socket.once('connect', () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  /** Writes `data`; a write to a connection the server already closed is not an error here. */
  write(data: string | Buffer): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed || !this.socket.writable) {
        resolve();
        return;
      }
      this.socket.write(data, () => resolve());
    });
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** The next reply, the connection's end, or a timeout after `deadlineMs`. */
  async next(deadlineMs: number): Promise<Outcome> {
    const until = Date.now() + deadlineMs;
    for (;;) {
      const parsed = parseResponse(this.#buffer, this.#ended);
      if (parsed !== undefined) {
        this.#buffer = this.#buffer.subarray(parsed.length);
        return { kind: 'reply', response: parsed.response };
      }
      if (this.#ended) return { kind: 'closed' };
      const left = until - Date.now();
      if (left <= 0) return { kind: 'timeout' };
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Whatever arrived and was not parsed as a reply (e.g. a second reply cut short). */
  get unread(): Buffer {
    return this.#buffer;
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** Opens a connection, writes `data`, and returns the first outcome; the socket is always closed. */
export async function exchange(port: number, data: string | Buffer, deadlineMs: number): Promise<Outcome> {
  const connection = await RawConnection.open(port);
  try {
    await connection.write(data);
    return await connection.next(deadlineMs);
  } finally {
    connection.destroy();
  }
}
