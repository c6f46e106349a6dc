/**
 * The reporter coming back with their receipt: the receipt session, the case read and checked
 * against keys derived from the receipt (never ones the server serves), and their answers.
 */
import {
  deriveReceiptKeys,
  keyToBase64,
  lookupToken,
  openReport,
  openReportSummary,
  ready,
  unwrapReportKey,
  verifyReportSignature,
  type SummaryBody,
} from '../../../crypto/index.js';
import type { ReporterIdentity } from './identities.js';
import {
  caseExclusions,
  itemRecipients,
  openItems,
  prepareItem,
  type DecryptedItem,
  type ItemDraft,
  type PreparedItem,
} from './items.js';
import { fetchTeam, type PublicTeam } from './public-team.js';
import { expectReply, type Agent, type ApiResponse } from './transport.js';
import type { FullReportBody, ReceiptCaseJson } from './wire-types.js';

/** POST /api/receipt/session with the lookup derived from the receipt (or the identity's keys). */
export async function openReceiptSession(
  agent: Agent,
  reporter: ReporterIdentity | string,
): Promise<ApiResponse> {
  await ready();
  const keys = typeof reporter === 'string' ? deriveReceiptKeys(reporter) : reporter.keys;
  return agent.post('/api/receipt/session', { lookup: lookupToken(keys) });
}

export interface ReceiptCaseView {
  readonly raw: ReceiptCaseJson;
  readonly body: FullReportBody;
  readonly items: readonly DecryptedItem[];
  readonly excluded: readonly string[];
  readonly team: PublicTeam;
  /** The report's summary envelope, opened; null for a report written without one. */
  readonly summary: SummaryBody | null;
}

/**
 * GET /api/receipt/case: the report's signature (over the body and its summary) is checked against
 * the signing key derived from the receipt (never one the server serves), the body and the
 * summary opened with the reporter's box key,
 * the roster checked against the fingerprint and head inside the body, every item verified.
 */
export async function readReceiptCase(agent: Agent, reporter: ReporterIdentity): Promise<ReceiptCaseView> {
  const raw = expectReply<ReceiptCaseJson>(
    await agent.get('/api/receipt/case'),
    200,
    'GET /api/receipt/case',
  );
  verifyReportSignature(raw, reporter.keys.sign.publicKey);
  const reportKey = unwrapReportKey(raw.grant, reporter.keys.box);
  const body = openReport({ team: raw.team, id: raw.id, payload: raw.payload }, reportKey) as FullReportBody;
  const summary =
    raw.summary === null
      ? null
      : openReportSummary({ team: raw.team, id: raw.id, summary: raw.summary }, reportKey);
  const team = await fetchTeam(agent, raw.team_slug, body.team_fingerprint);
  if (team.detail.id !== raw.team) throw new Error('the case names another team');
  if (body.roster_head !== undefined) {
    const row = team.detail.roster[body.roster_head.seq];
    if (row?.hash !== body.roster_head.hash) throw new Error('the roster was rolled back or forked');
  }
  const items = openItems(raw.items, raw.team, team.roster, reporter.keys.box, reporter.keys.sign.publicKey);
  const excluded = caseExclusions(raw.excluded, body);
  return { raw, body, items, excluded, team, summary };
}

/** The reporter's answer (kind message, author reporter), to the team minus exclusions and to themselves. */
export async function prepareReporterItem(
  agent: Agent,
  reporter: ReporterIdentity,
  view: ReceiptCaseView,
  draft: ItemDraft,
): Promise<PreparedItem> {
  const { roster } = await fetchTeam(agent, view.raw.team_slug, view.body.team_fingerprint);
  return prepareItem(agent, {
    team: view.raw.team,
    caseId: view.raw.id,
    author: 'reporter',
    signSecretKey: reporter.keys.sign.secretKey,
    recipients: itemRecipients(roster, view.excluded, keyToBase64(reporter.keys.box.publicKey)),
    draft: { ...draft, kind: draft.kind ?? 'message' },
  });
}

export async function postReporterItem(
  agent: Agent,
  reporter: ReporterIdentity,
  view: ReceiptCaseView,
  draft: ItemDraft,
): Promise<PreparedItem> {
  const prepared = await prepareReporterItem(agent, reporter, view, draft);
  expectReply(await agent.post('/api/receipt/items', prepared.item), 201, 'POST /api/receipt/items');
  return prepared;
}
