/**
 * A member working a case: the case list (each case by its summary, or by its body when it was
 * written before summaries) and one case opened and verified (report, reporter keys, items),
 * messages and internal notes written to it, and status changes.
 */
import {
  fitReportSummary,
  openReport,
  openReportSummary,
  signPublicKeyFromBase64,
  summaryDisagreements,
  unwrapReportKey,
  verifyReportSignature,
  type SummaryBody,
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
  /** The opened summary envelope; null for a case written before summaries. */
  readonly summary: SummaryBody | null;
  /** The fields where the summary does not say what the body says (a console warns of them). */
  readonly disagreements: readonly string[];
}

/** One row of GET /api/cases as the console reads it, from that reply alone. */
export interface ListedCaseSummary {
  /** The row as served. */
  readonly summary: CaseSummaryJson;
  /**
   * What the list shows: the opened summary envelope, or for a case written before summaries,
   * fitReportSummary of its body. Null for a purged case (nothing of the report is left).
   */
  readonly shown: SummaryBody | null;
  /** The body, only for a case listed by it (written before summaries). */
  readonly body: FullReportBody | null;
}

/**
 * GET /api/cases as the console reads it, from that one reply: each case's summary envelope
 * opened with the member's grant (a case without one is listed from its body). Throws if a row
 * carries both or neither (unless purged).
 */
export async function listCaseSummaries(
  session: MemberSession,
  query = '',
): Promise<{ raw: CaseListJson; cases: ListedCaseSummary[] }> {
  const raw = expectReply<CaseListJson>(await session.agent.get(`/api/cases${query}`), 200, 'GET /api/cases');
  return {
    raw,
    cases: raw.cases.map((row) => {
      if (row.purged_at) return { summary: row, shown: null, body: null };
      const reportKey = unwrapReportKey(row.grant, session.keys.enc);
      if (row.summary !== null) {
        if (row.payload !== null) throw new Error(`case ${row.id} is listed with its summary and its body`);
        const shown = openReportSummary(
          { team: session.team.id, id: row.id, summary: row.summary },
          reportKey,
        );
        return { summary: row, shown, body: null };
      }
      if (row.payload === null) throw new Error(`case ${row.id} is listed with neither summary nor body`);
      const body = openReport({ team: session.team.id, id: row.id, payload: row.payload }, reportKey);
      return { summary: row, shown: fitReportSummary(body), body };
    }),
  };
}

/** A listed case with its body: the summary's own, fetched and checked against it. */
export interface ListedCase {
  readonly summary: CaseSummaryJson;
  readonly shown: SummaryBody;
  readonly body: FullReportBody;
}

/**
 * listCaseSummaries, and each body the list did not carry fetched as a console fetches it when the
 * case is opened (GET /api/cases/{id}, in the background: it neither marks the case read nor
 * audits an opening), its signature verified over the body and the summary, and the summary
 * checked to say what the body says. For purged cases use listCaseSummaries.
 */
export async function listCases(
  session: MemberSession,
  query = '',
): Promise<{ raw: CaseListJson; cases: ListedCase[] }> {
  const { raw, cases } = await listCaseSummaries(session, query);
  const withBodies: ListedCase[] = [];
  for (const listed of cases) {
    if (listed.shown === null) throw new Error(`case ${listed.summary.id} was purged: use listCaseSummaries`);
    const body = listed.body ?? (await fetchCheckedBody(session, listed.summary.id, listed.shown));
    withBodies.push({ summary: listed.summary, shown: listed.shown, body });
  }
  return { raw, cases: withBodies };
}

/** The case's body from GET /api/cases/{id}?background=1, verified and checked against `shown`. */
async function fetchCheckedBody(
  session: MemberSession,
  caseId: string,
  shown: SummaryBody,
): Promise<FullReportBody> {
  const raw = expectReply<CaseDetailJson>(
    await session.agent.get(`/api/cases/${caseId}?background=1`),
    200,
    'GET /api/cases/{id}',
  );
  verifyReportSignature(raw, signPublicKeyFromBase64(raw.reporter.sign_pk));
  const body = openReport(
    { team: session.team.id, id: raw.id, payload: raw.payload },
    unwrapReportKey(raw.grant, session.keys.enc),
  );
  const disagreements = summaryDisagreements(shown, body);
  if (disagreements.length > 0) {
    throw new Error(`the summary of case ${caseId} disagrees with its body: ${disagreements.join(', ')}`);
  }
  return body;
}

/**
 * GET /api/cases/{id}: verifies the reporter's signature (over the body and the summary), opens the
 * report and its summary, checks that the reporter keys the server serves are those inside the
 * body, verifies and opens every item.
 */
export async function openCase(session: MemberSession, caseId: string): Promise<MemberCaseView> {
  const raw = expectReply<CaseDetailJson>(
    await session.agent.get(`/api/cases/${caseId}`),
    200,
    'GET /api/cases/{id}',
  );
  const reporterSignPk = signPublicKeyFromBase64(raw.reporter.sign_pk);
  verifyReportSignature(raw, reporterSignPk);
  const reportKey = unwrapReportKey(raw.grant, session.keys.enc);
  const body = openReport(
    { team: session.team.id, id: raw.id, payload: raw.payload },
    reportKey,
  ) as FullReportBody;
  const summary =
    raw.summary === null
      ? null
      : openReportSummary({ team: session.team.id, id: raw.id, summary: raw.summary }, reportKey);
  if (
    body.reporter_keys !== undefined &&
    (body.reporter_keys.box_pk !== raw.reporter.box_pk || body.reporter_keys.sign_pk !== raw.reporter.sign_pk)
  ) {
    throw new Error('the server serves reporter keys that are not those in the report');
  }
  const { roster } = await fetchTeam(session.agent, session.team.slug);
  const items = openItems(raw.items, session.team.id, roster, session.keys.enc, reporterSignPk);
  const excluded = caseExclusions(raw.excluded, body);
  return {
    raw,
    body,
    items,
    excluded,
    reporterBoxPk: raw.reporter.box_pk,
    summary,
    disagreements: summary === null ? [] : summaryDisagreements(summary, body),
  };
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

/** A record item by the session's member on the case, sealed to the team as a console seals it (not sent). */
export async function prepareRecord(
  session: MemberSession,
  caseId: string,
  body: { type: string } & Record<string, unknown>,
): Promise<PreparedItem['item']> {
  const view = await openCase(session, caseId);
  return (await prepareMemberItem(session, view, { kind: 'record', text: '', record: body })).item;
}

/**
 * Closes the case as a member does when no vote is due (the team's quorum is 0): PATCH to
 * `closed` with a closing summary record.
 */
export async function closeWithSummary(session: MemberSession, caseId: string): Promise<void> {
  const closing = await prepareRecord(session, caseId, {
    type: 'closing_summary',
    about: 'a',
    investigators: session.member.name,
    findings: 'f',
    outcome: 'o',
  });
  expectReply(
    await session.agent.patch(`/api/cases/${caseId}`, { status: 'closed', item: closing }),
    200,
    'PATCH /api/cases/{id} to closed',
  );
}
