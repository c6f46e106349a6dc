/**
 * `POST /api/appeals/check` (docs/http-api.md §10.9): whether an appeal with this reference can be
 * sent now, and to which team. Anonymous and rate-limited: over the limit the server asks for a
 * proof of work, which is solved and sent again here exactly as the API client does for a receipt
 * session (api-client.ts proofForRetry).
 *
 * Its own request rather than `api.post`: a refusal's `appeal_after` (409 `appeal_too_early`) is a
 * field beside the error's code and message, which ApiError does not carry.
 */
import { AppealCheckReply } from '#contract/appeals';
import {
  ApiError,
  decodeReply,
  errorFromBody,
  fallbackError,
  isAbortError,
  NETWORK_ERROR_STATUS,
  proofForRetry,
  type RequestOptions,
} from '../../../../lib/api-client';
import { decodeWith } from '../../../../lib/decode';
import { PROOF_OF_WORK_HEADER } from '../../../../lib/proof-of-work/solve';
import type { AppealRefusalCode } from '../model/appeal';

export type AppealCheck =
  /** `appealAfter`: when the team's waiting period ended; null when it has none. */
  | { readonly kind: 'open'; readonly team: string; readonly appealAfter: string | null }
  /** `appealAfter` (appeal_too_early only): from when; null while the team works on the case again. */
  | { readonly kind: 'refused'; readonly code: AppealRefusalCode; readonly appealAfter: string | null };

const REFUSALS: ReadonlySet<string> = new Set<AppealRefusalCode>([
  'appeal_reference_unknown',
  'appeals_off',
  'appeal_limit_reached',
  'appeal_too_early',
]);

const decodeOpen = decodeWith(AppealCheckReply, (reply): AppealCheck => ({
  kind: 'open',
  team: reply.team,
  appealAfter: reply.appeal_after,
}));

/** The check; any other failure (network, server, a proof of work that failed) is an ApiError. */
export async function checkAppeal(reference: string, options: RequestOptions = {}): Promise<AppealCheck> {
  let proof: string | undefined;
  for (let proofs = 0; ; proofs++) {
    const { status, body } = await post(reference, proof, options);
    if (status >= 200 && status < 300) return decodeReply(status, body, decodeOpen);
    const error = errorFromBody(status, body) ?? fallbackError(status);
    if (REFUSALS.has(error.code)) {
      return { kind: 'refused', code: error.code as AppealRefusalCode, appealAfter: appealAfterOf(body) };
    }
    proof = await proofForRetry(status, body, proofs, options);
    if (proof === undefined) throw error;
  }
}

function appealAfterOf(body: unknown): string | null {
  const error = (body as { error?: { appeal_after?: unknown } } | undefined)?.error;
  return typeof error?.appeal_after === 'string' ? error.appeal_after : null;
}

async function post(
  reference: string,
  proof: string | undefined,
  options: RequestOptions,
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Content-Type': 'application/json',
    // With SameSite=Strict cookies, what stops cross-site requests (docs/http-api.md §4).
    'X-Requested-With': 'confide',
  };
  if (proof !== undefined) headers[PROOF_OF_WORK_HEADER] = proof;
  const init: RequestInit = {
    method: 'POST',
    headers,
    body: JSON.stringify({ reference }),
    credentials: 'same-origin',
    cache: 'no-store',
  };
  if (options.signal) init.signal = options.signal;
  try {
    const response = await fetch('/api/appeals/check', init);
    const text = await response.text();
    return { status: response.status, body: parseJson(text) };
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new ApiError(
      NETWORK_ERROR_STATUS,
      'network_error',
      'We could not reach Confide. Please check your connection and try again.',
    );
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
