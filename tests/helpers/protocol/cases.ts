/**
 * A member working a case: the case list and one case opened and verified (report, reporter
 * keys, items), messages and internal notes written to it, and status changes.
 */
import {
  openReport,
  signPublicKeyFromBase64,
  unwrapReportKey,
  verifyReportSignature,
} from '../../../crypto/index.js';
import {
  caseExclusions,
  itemRecipients,
  openItems,
  prepareItem,
  type DecryptedItem,
  type ItemDraft,
  type PreparedItem,
} from './items.js';
import { fetchTeam } from './public-team.js';
import type { MemberSession } from './sessions.js';
import { expectReply, type ApiResponse } from './transport.js';
import type {
  CaseDetailJson,
  CaseListJson,
  CaseStatus,
  CaseSummaryJson,
  FullReportBody,
} from './wire-types.js';

export interface MemberCaseView {
  readonly raw: CaseDetailJson;
  readonly body: FullReportBody;
  readonly items: readonly DecryptedItem[];
  /** Who must not read anything of this case: the served list and the body's, together. */
  readonly excluded: readonly string[];
  readonly reporterBoxPk: string;
}

/** GET /api/cases, each report opened with the member's grant. */
export async function listCases(
  session: MemberSession,
  query = '',
): Promise<{ raw: CaseListJson; cases: { summary: CaseSummaryJson; body: FullReportBody }[] }> {
  const raw = expectReply<CaseListJson>(await session.agent.get(`/api/cases${query}`), 200, 'GET /api/cases');
  return {
    raw,
    cases: raw.cases.map((summary) => ({
      summary,
      body: openReport(
        { team: session.team.id, id: summary.id, payload: summary.payload },
        unwrapReportKey(summary.grant, session.keys.enc),
      ),
    })),
  };
}

/**
 * GET /api/cases/{id}: verifies the reporter's signature, opens the report, checks that the
 * reporter keys the server serves are those inside the body, verifies and opens every item.
 */
export async function openCase(session: MemberSession, caseId: string): Promise<MemberCaseView> {
  const raw = expectReply<CaseDetailJson>(
    await session.agent.get(`/api/cases/${caseId}`),
    200,
    'GET /api/cases/{id}',
  );
  const reporterSignPk = signPublicKeyFromBase64(raw.reporter.sign_pk);
  verifyReportSignature(raw, reporterSignPk);
  const body = openReport(
    { team: session.team.id, id: raw.id, payload: raw.payload },
    unwrapReportKey(raw.grant, session.keys.enc),
  ) as FullReportBody;
  if (
    body.reporter_keys !== undefined &&
    (body.reporter_keys.box_pk !== raw.reporter.box_pk || body.reporter_keys.sign_pk !== raw.reporter.sign_pk)
  ) {
    throw new Error('the server serves reporter keys that are not those in the report');
  }
  const { roster } = await fetchTeam(session.agent, session.team.slug);
  const items = openItems(raw.items, session.team.id, roster, session.keys.enc, reporterSignPk);
  const excluded = caseExclusions(raw.excluded, body);
  return { raw, body, items, excluded, reporterBoxPk: raw.reporter.box_pk };
}

/** A member's message to the reporter (kind message) or internal note (kind note), sealed and signed. */
export async function prepareMemberItem(
  session: MemberSession,
  view: Pick<MemberCaseView, 'raw' | 'excluded' | 'reporterBoxPk'>,
  draft: ItemDraft,
): Promise<PreparedItem> {
  const { roster } = await fetchTeam(session.agent, session.team.slug);
  const kind = draft.kind ?? 'message';
  return prepareItem(session.agent, {
    team: session.team.id,
    caseId: view.raw.id,
    author: session.member.id,
    signSecretKey: session.keys.sign.secretKey,
    recipients: itemRecipients(roster, view.excluded, kind === 'message' ? view.reporterBoxPk : null),
    draft,
  });
}

export async function postMemberItem(
  session: MemberSession,
  view: Pick<MemberCaseView, 'raw' | 'excluded' | 'reporterBoxPk'>,
  draft: ItemDraft,
): Promise<PreparedItem> {
  const prepared = await prepareMemberItem(session, view, draft);
  expectReply(
    await session.agent.post(`/api/cases/${view.raw.id}/items`, prepared.item),
    201,
    'POST /api/cases/{id}/items',
  );
  return prepared;
}

export async function patchCase(
  session: MemberSession,
  caseId: string,
  changes: { status?: CaseStatus; check_in_by?: string | null; assignee?: string | null },
): Promise<ApiResponse> {
  return session.agent.patch(`/api/cases/${caseId}`, changes);
}
