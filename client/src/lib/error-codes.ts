/**
 * The codes this client gives failures of its own, beside the server's (contract/errors.ts
 * ERROR_CODES) and crypto's (crypto/errors.ts). Every one has words in error-words.ts, which
 * shows them in the page's language. No imports: the API client and the Worker channel, which
 * also run in Workers, take their codes from here, and so do the unit tests under Node.
 */

/**
 * The API client's (api-client.ts, attachments.ts): no reply, a reply it cannot read, a refusal
 * without the server's error shape, a proof of work it could not finish.
 */
export const CLIENT_ERROR_CODES = [
  'network_error',
  'invalid_response',
  'server_error',
  'http_error',
  'too_many_requests',
  'proof_of_work_failed',
] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

/** The Worker channel's own failures (worker-rpc.ts), beside the codes of what a Worker throws. */
export const WORKER_RPC_ERROR_CODES = [
  'WORKER_FAILED',
  'WORKER_TERMINATED',
  'UNKNOWN_METHOD',
  'WORKER_ERROR',
] as const;
export type WorkerRpcErrorCode = (typeof WORKER_RPC_ERROR_CODES)[number];
