/**
 * `POST /api/appeals/check` (docs/http-api.md §10.9): whether an appeal with this reference can be
 * sent now, and to which team. Anonymous and rate-limited: over the limit the server asks for a
 * proof of work, which the API client solves and sends again by itself.
 */
import { AppealCheckReply } from '#contract/appeals';
import { api, ApiError, type RequestOptions } from '../../../../lib/api-client';
import { decodeWith } from '../../../../lib/decode';
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
  try {
    return await api.post('/appeals/check', { reference }, decodeOpen, options);
  } catch (error) {
    if (error instanceof ApiError && REFUSALS.has(error.code)) {
      const appealAfter = error.details.appeal_after;
      return {
        kind: 'refused',
        code: error.code as AppealRefusalCode,
        appealAfter: typeof appealAfter === 'string' ? appealAfter : null,
      };
    }
    throw error;
  }
}
