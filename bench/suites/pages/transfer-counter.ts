// Bytes the server sent, per response, counted at its sockets: what the browser received over
// the wire (status line, headers and the body as sent, compressed or not), for every request of
// the page, its Workers, its WebAssembly and its API calls alike. Counted here rather than from
// the browser's DevTools, which does not report the size of a Worker's own script.
//
// A browser sends one request at a time on a keep-alive connection (HTTP/1.1, no pipelining), so
// what a socket's byte count grows by between a request's arrival and its response's end is
// that response.

import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export type TransferKind = 'html' | 'js' | 'css' | 'wasm' | 'api' | 'other';

export interface Transfer {
  readonly path: string;
  readonly kind: TransferKind;
  readonly bytes: number;
  /** Content-Encoding as sent: br, gzip, or '' (none). */
  readonly encoding: string;
  /** Still being sent when the figure was taken: the bytes sent so far. */
  readonly partial: boolean;
}

export interface TransferTotal {
  readonly bytes: number;
  readonly requests: number;
  readonly byKind: Readonly<Record<TransferKind, number>>;
  readonly transfers: readonly Transfer[];
}

function kindOf(path: string, contentType: string): TransferKind {
  if (path.startsWith('/api/')) return 'api';
  if (/\.m?js$/.test(path) || contentType.includes('javascript')) return 'js';
  if (path.endsWith('.css') || contentType.includes('text/css')) return 'css';
  if (path.endsWith('.wasm') || contentType.includes('wasm')) return 'wasm';
  if (contentType.includes('text/html')) return 'html';
  return 'other';
}

interface Open {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly before: number;
}

export class TransferCounter {
  #done: Transfer[] = [];
  readonly #open = new Set<Open>();
  #lastActivity = performance.now();

  constructor(server: Server) {
    // First among the listeners, so the count starts before the app can write a byte.
    server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
      const open: Open = { request, response, before: request.socket.bytesWritten };
      this.#open.add(open);
      this.#lastActivity = performance.now();
      const end = () => {
        if (!this.#open.delete(open)) return;
        this.#done.push(this.#transfer(open, false));
        this.#lastActivity = performance.now();
      };
      response.once('finish', end);
      response.once('close', end);
    });
  }

  #transfer(open: Open, partial: boolean): Transfer {
    const path = (open.request.url ?? '/').split('?')[0]!;
    const contentType = String(open.response.getHeader('content-type') ?? '');
    return {
      path,
      kind: kindOf(path, contentType),
      bytes: open.request.socket.bytesWritten - open.before,
      encoding: String(open.response.getHeader('content-encoding') ?? ''),
      partial,
    };
  }

  /** Forgets everything counted so far (a new journey starts). */
  reset(): void {
    this.#done = [];
    this.#lastActivity = performance.now();
  }

  /** Everything sent since the reset, responses still going out counted as far as they got. */
  total(): TransferTotal {
    const transfers = [...this.#done, ...[...this.#open].map((o) => this.#transfer(o, true))];
    const byKind: Record<TransferKind, number> = { html: 0, js: 0, css: 0, wasm: 0, api: 0, other: 0 };
    for (const t of transfers) byKind[t.kind] += t.bytes;
    return {
      bytes: transfers.reduce((sum, t) => sum + t.bytes, 0),
      requests: transfers.length,
      byKind,
      transfers,
    };
  }

  /** Resolves once no response has been open or finished for `quietMs` (at most `timeoutMs`). */
  async quiet(quietMs: number, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      if (this.#open.size === 0 && performance.now() - this.#lastActivity >= quietMs) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
