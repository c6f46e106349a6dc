/**
 * A minimal typed request/response channel to a Web Worker.
 *
 * Crypto runs in Workers (ARCHITECTURE.md): Argon2id and bulk decryption never freeze the page,
 * and member secret keys live only in the worker's memory; the page holds no key bytes.
 *
 * Worker side:   serveRpc<MyApi>(self, { async deriveSomething(args) { ... } });
 * Page side:     const rpc = connectRpc<MyApi>(startCryptoWorker('confide-kdf'));   (crypto-workers.ts)
 *                const result = await rpc.call('deriveSomething', args);
 *
 * Errors thrown in the worker reach the caller as `WorkerError` with the same `code` (e.g. a
 * ConfideCryptoError code such as WRONG_PASSPHRASE) and message; no stack or data crosses over.
 * The messages are English, for developers: this file runs in Workers too, which have no
 * translations, so the page words a WorkerError by its code (lib/error-words.ts).
 */

import type { WorkerRpcErrorCode } from './error-codes';

export type RpcApi = Record<string, (args: never) => unknown>;

type Request = { id: number; method: string; args: unknown };
type Response =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; code: string; message: string };

export class WorkerError extends Error {
  override readonly name = 'WorkerError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function channelError(code: WorkerRpcErrorCode, message: string): WorkerError {
  return new WorkerError(code, message);
}

export interface RpcClient<Api extends RpcApi> {
  call<M extends keyof Api & string>(
    method: M,
    args: Parameters<Api[M]>[0],
    transfer?: Transferable[],
  ): Promise<Awaited<ReturnType<Api[M]>>>;
  /** Ends the worker: its memory (keys, grown WebAssembly memory) is released. */
  terminate(): void;
}

export function connectRpc<Api extends RpcApi>(worker: Worker): RpcClient<Api> {
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  worker.addEventListener('message', (event: MessageEvent<Response>) => {
    const response = event.data;
    const waiter = pending.get(response.id);
    if (!waiter) return;
    pending.delete(response.id);
    if (response.ok) waiter.resolve(response.value);
    else waiter.reject(new WorkerError(response.code, response.message));
  });
  worker.addEventListener('error', (event) => {
    for (const waiter of pending.values())
      waiter.reject(channelError('WORKER_FAILED', event.message || 'The worker failed'));
    pending.clear();
  });
  return {
    call(method, args, transfer = []) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        const request: Request = { id, method, args };
        worker.postMessage(request, transfer);
      });
    },
    terminate() {
      worker.terminate();
      for (const waiter of pending.values())
        waiter.reject(channelError('WORKER_TERMINATED', 'The worker was stopped'));
      pending.clear();
    },
  };
}

interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent<Request>) => void): void;
  postMessage(message: Response, transfer?: Transferable[]): void;
}

/** What a worker implements for `Api`: each method, answering directly or with a promise. */
export type RpcHandlers<Api extends RpcApi> = {
  [M in keyof Api]: (args: Parameters<Api[M]>[0]) => Promise<ReturnType<Api[M]>> | ReturnType<Api[M]>;
};

/**
 * Answers the page's calls with `handlers`. They may be a promise (the shared worker script loads
 * its role's code first, crypto-host.worker.ts): the listener is attached at once all the same, so
 * no call that arrives while they load is lost, and each call waits for them. If they fail to
 * load, every call is answered with that error.
 */
export function serveRpc<Api extends RpcApi>(
  scope: WorkerScope,
  handlers: RpcHandlers<Api> | Promise<RpcHandlers<Api>>,
): void {
  const loaded = Promise.resolve(handlers);
  // Rejections are answered per call below; this one must not also surface as unhandled.
  loaded.catch(() => undefined);
  scope.addEventListener('message', (event) => {
    const { id, method, args } = event.data;
    void (async () => {
      try {
        const all = (await loaded) as Record<string, ((args: unknown) => unknown) | undefined>;
        const handler = Object.hasOwn(all, method) ? all[method] : undefined;
        if (!handler) throw channelError('UNKNOWN_METHOD', `The worker has no method ${method}`);
        const value = await handler(args);
        scope.postMessage({ id, ok: true, value });
      } catch (error) {
        const code =
          typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
            ? error.code
            : ('WORKER_ERROR' satisfies WorkerRpcErrorCode);
        const message = error instanceof Error ? error.message : 'The worker failed';
        scope.postMessage({ id, ok: false, code, message });
      }
    })();
  });
}
