/** Appeals (docs/protocol.md 10.9), as the team console uses them: the reference for a notice. */
import { AppealReferenceCreated } from '#contract/appeals';
import { api } from '../../../lib/api-client';
import { decodeWith } from '../../../lib/decode';

/**
 * POST /api/cases/{id}/appeal-reference: a new reference for the closed case, to put in the notice
 * to the sanctioned user. The server shows it this once and keeps only its hash. 409
 * `case_not_finished` on a case that is not closed, 409 `appeals_off` when the team takes none.
 */
export function makeAppealReference(caseId: string): Promise<string> {
  // No body, so no Content-Type either: the route takes none.
  return api.post(
    `/cases/${encodeURIComponent(caseId)}/appeal-reference`,
    undefined,
    decodeWith(AppealReferenceCreated, (r) => r.reference),
  );
}
