import type { Static } from 'typebox';
import type { ReportSubmission } from '#crypto';
import { ReportReceived as ReportReceivedReply } from '#contract/cases';
import { api, type RequestOptions } from '../../../lib/api-client';
import { decodeWith } from '../../../lib/decode';

export type ReportReceived = Static<typeof ReportReceivedReply>;

const decodeReceived = decodeWith(ReportReceivedReply);

/**
 * `POST /api/reports`: the encrypted report. Errors are ApiError (409 when the team changed).
 * `options.onProofOfWork` hears about the check the browser may have to do first.
 */
export function postReport(
  submission: ReportSubmission,
  options: RequestOptions = {},
): Promise<ReportReceived> {
  return api.post('/reports', submission, decodeReceived, options);
}
