/** Referring a case to another team of the deployment (docs/protocol.md 10.10). */
import { ReferralCreated, type ReferralSubmission } from '#contract/referrals';
import { api } from '../../../lib/api-client';
import { decodeWith } from '../../../lib/decode';

export type { ReferralSubmission };

const decodeReferralCreated = decodeWith(ReferralCreated, (r): ReferralCreated => r);

/**
 * Sends a packet this browser sealed and signed: released at once when both teams serve the same
 * community, else waiting for the reporter's consent (the reply's `state`). Refusals by code:
 * 409 `roster_changed`, `grants_do_not_match_roster`, `excluded_not_member` (the receiving team
 * changed), `referral_waiting`, `case_finished`, `duplicate_report`; 400 `referral_same_team`,
 * `reporter_chooses_exclusions`, `no_recipient_left`, `bad_signature`, `attachment_unknown`;
 * 413 `attachments_too_large`.
 */
export function postReferral(caseId: string, submission: ReferralSubmission): Promise<ReferralCreated> {
  return api.post(`/cases/${encodeURIComponent(caseId)}/referrals`, submission, decodeReferralCreated);
}
