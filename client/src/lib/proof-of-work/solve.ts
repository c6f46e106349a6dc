/**
 * Proof of work, the browser's side (docs/protocol.md 14.2, the solution).
 *
 * When an address has used up its limit on a route a reporter cannot do without (sending a
 * report or a file, opening a receipt session), the server answers 429 with a challenge in the
 * error: `{ token, bits, expires_at }`. The browser finds a solution in a Web Worker (a few
 * seconds on a phone; the page stays responsive) and sends the request again with
 *
 *     X-Confide-Proof: <token>.<solution>
 *
 * The API client and the file upload do this by themselves (api-client.ts, attachments.ts);
 * pages only say what is happening, through the `onProofOfWork` callback those take.
 *
 * A file is not sent only to be refused: before uploading, attachments.ts asks the server for
 * the challenge the upload needs (POST /api/attachments/challenge, protocol.md 14.4). Under the
 * address's limit that is a 1-bit "pass", which this file solves at once on the page's thread,
 * without a Worker and without a word to the person (QUIET_BITS).
 */
import { loadCrypto } from '../load-crypto';
import { WorkerError, connectRpc } from '../worker-rpc';
import { QUIET_BITS, solveQuietly, type ProofOfWorkChallenge } from './challenge';
import type { ProofOfWorkWorkerApi } from './proof-of-work.worker';

export { challengeFrom, parseChallenge, QUIET_BITS, type ProofOfWorkChallenge } from './challenge';

/** The request header that carries a solved challenge. */
export const PROOF_OF_WORK_HEADER = 'X-Confide-Proof';

/**
 * How many challenges one call solves at most: the first, and one more if the first expired or
 * was spent before it arrived (a phone that slept mid-way). A server that keeps asking after
 * that is refused like any other failure, never looped on.
 */
export const MAX_PROOFS_PER_REQUEST = 2;

/** What pages are told while the browser works; `expected` is the average number of tries. */
export type ProofOfWorkEvent =
  | { readonly state: 'solving'; readonly attempts: number; readonly expected: number }
  | { readonly state: 'done' };

export type ProofOfWorkListener = (event: ProofOfWorkEvent) => void;

/** Tries per worker call: a few tens of milliseconds on a phone, so progress moves smoothly. */
const SLICE = 16_384;

/** Fails a solve: the worker could not run, or no solution turned up where one should have. */
export class ProofOfWorkError extends Error {
  override readonly name = 'ProofOfWorkError';
}

/**
 * Solves `challenge` in a Web Worker and returns the header value, `token "." solution`.
 * Rejects with the browser's AbortError when `signal` aborts, ProofOfWorkError otherwise.
 */
export async function solveChallenge(
  challenge: ProofOfWorkChallenge,
  options: { signal?: AbortSignal; onProgress?: ProofOfWorkListener } = {},
): Promise<string> {
  const { signal, onProgress } = options;
  signal?.throwIfAborted();
  const expected = 2 ** challenge.bits;
  // 64 times the average: the chance of no solution by then is e^-64.
  const limit = expected * 64;
  if (challenge.bits <= QUIET_BITS) {
    const C = await loadCrypto().catch(() => {
      throw new ProofOfWorkError('This browser could not start the check.');
    });
    const proof = solveQuietly(challenge, C.searchProofOfWork);
    if (proof === undefined) throw new ProofOfWorkError('No solution turned up where one should have.');
    return proof;
  }
  let rpc: ReturnType<typeof connectRpc<ProofOfWorkWorkerApi>>;
  try {
    rpc = connectRpc<ProofOfWorkWorkerApi>(
      new Worker(new URL('./proof-of-work.worker.ts', import.meta.url), {
        type: 'module',
        name: 'confide-proof-of-work',
      }),
    );
  } catch {
    throw new ProofOfWorkError('This browser could not start the check.');
  }
  const stop = () => rpc.terminate();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    onProgress?.({ state: 'solving', attempts: 0, expected });
    for (let from = 0; from < limit; from += SLICE) {
      const found = await rpc.call('search', {
        token: challenge.token,
        bits: challenge.bits,
        from,
        count: SLICE,
      });
      if (found !== null) return `${challenge.token}.${found}`;
      onProgress?.({ state: 'solving', attempts: from + SLICE, expected });
    }
    throw new ProofOfWorkError('No solution turned up where one should have.');
  } catch (error) {
    if (signal?.aborted) throw new DOMException('The check was stopped', 'AbortError');
    if (error instanceof WorkerError) throw new ProofOfWorkError(error.message);
    throw error;
  } finally {
    signal?.removeEventListener('abort', stop);
    rpc.terminate();
    onProgress?.({ state: 'done' });
  }
}
