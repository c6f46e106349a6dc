import type { ReportSubmission } from '#crypto';
import { api, type RequestOptions } from '../../../lib/api-client';
import { record, string } from '../../../lib/decode';

export interface ReportReceived {
  readonly id: string;
  readonly received_at: string;
}

/**
 * `POST /api/reports`: the encrypted report. Errors are ApiError (409 when the team changed).
 * `options.onProofOfWork` hears about the check the browser may have to do first.
 */
export function postReport(
  submission: ReportSubmission,
  options: RequestOptions = {},
): Promise<ReportReceived> {
  return api.post(
    '/reports',
    submission,
    (data) => {
      const reply = record(data, 'reply');
      return { id: string(reply.id, 'id'), received_at: string(reply.received_at, 'received_at') };
    },
    options,
  );
}
