/**
 * Finds proof-of-work solutions off the page's thread (solve.ts drives it). Each call searches
 * one slice of candidate solutions and answers, so the page reports progress and can stop the
 * search between slices; the worker keeps nothing between calls.
 */
import { ready, searchProofOfWork } from '#crypto';
import { serveRpc } from '../worker-rpc';

export type ProofOfWorkWorkerApi = {
  /** The first solution among `from`, `from + 1`, … (`count` of them), or null. */
  search(args: { token: string; bits: number; from: number; count: number }): string | null;
};

serveRpc<ProofOfWorkWorkerApi>(self, {
  async search({ token, bits, from, count }) {
    await ready();
    return searchProofOfWork(token, bits, from, count) ?? null;
  },
});
