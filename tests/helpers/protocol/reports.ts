/**
 * A reporter's first visit: the default report body, everything the browser does before
 * submitting (verify the roster, upload attachments, seal the body and its summary, sign), and
 * POST /api/reports. Reports carry a summary envelope (protocol 9.7) made with fitReportSummary
 * unless the draft asks for a legacy one, as a client older than summaries sends.
 */
import {
  fitReportSummary,
  formatProtocolTime,
  generateId,
  keyToBase64,
  ready,
  recipientsFromRoster,
  sealReport,
  type AttachmentRef,
  type ReportBody,
  type ReportKey,
  type ReportSubmission,
  type SummaryBody,
} from '../../../crypto/index.js';
import { uploadAttachment, type FileToAttach } from './attachments.js';
import { reporterWithoutReceipt, type ReporterIdentity } from './identities.js';
import { fetchTeam, type PublicTeam } from './public-team.js';
import { expectReply, type Agent, type ApiResponse } from './transport.js';
import type { FullReportBody } from './wire-types.js';

export interface ReportDraft {
  /** Fields of the body; defaults fill in the rest. */
  body?: Partial<ReportBody>;
  /** Member ids to exclude. */
  exclude?: readonly string[];
  attachments?: readonly FileToAttach[];
  urgent?: boolean;
  reporter?: ReporterIdentity;
  id?: string;
  /** Use this (perhaps stale) verified team instead of fetching it. */
  team?: PublicTeam;
  /** Submit as a client older than summaries: no summary envelope, the signature over the body alone. */
  legacy?: boolean;
  /** This summary instead of fitReportSummary(body), e.g. one that disagrees with the body. */
  summary?: SummaryBody;
}

export interface PreparedReport {
  readonly submission: ReportSubmission;
  readonly body: FullReportBody;
  readonly reporter: ReporterIdentity;
  readonly attachments: readonly AttachmentRef[];
  readonly team: PublicTeam;
  /** K: secret; tests look for it where it must not be. */
  readonly reportKey: ReportKey;
}

export function defaultReportBody(): ReportBody {
  return {
    schema: 'confide/report/v1',
    reporter_role: 'target',
    kinds: ['personal_attack'],
    summary: 'Repeated personal attacks on my talk page',
    what_happened: 'Someone keeps leaving insulting comments on my talk page.',
    where: 'en.wikipedia.org, User talk',
    links: [],
    involved: [],
    private_info_exposed: false,
    danger: 'none',
    contact: { by: 'receipt' },
    language: 'en',
  };
}

/**
 * Everything a reporter's browser does before submitting: fetch and verify the roster,
 * encrypt and upload attachments, seal the body to the active members minus exclusions and
 * to the reporter, sign. Returns the submission without sending it.
 */
export async function prepareReport(
  agent: Agent,
  slug: string,
  draft: ReportDraft = {},
): Promise<PreparedReport> {
  await ready();
  const team = draft.team ?? (await fetchTeam(agent, slug));
  const reporter = draft.reporter ?? reporterWithoutReceipt();
  const excluded = [...(draft.exclude ?? [])];
  const attachments: AttachmentRef[] = [];
  for (const file of draft.attachments ?? []) attachments.push(await uploadAttachment(agent, file));
  const body: FullReportBody = {
    ...defaultReportBody(),
    ...draft.body,
    attachments,
    submitted_at: formatProtocolTime(new Date()),
    reporter_keys: {
      box_pk: keyToBase64(reporter.keys.box.publicKey),
      sign_pk: keyToBase64(reporter.keys.sign.publicKey),
    },
    excluded,
    team_fingerprint: team.roster.fingerprint,
    roster_head: team.roster.head,
  };
  const { report, reportKey } = sealReport({
    team: team.detail.id,
    id: draft.id ?? generateId(),
    body,
    recipients: recipientsFromRoster(team.roster, excluded),
    reporter: reporter.keys,
    ...(draft.legacy === true ? {} : { summary: draft.summary ?? fitReportSummary(body) }),
  });
  const submission: ReportSubmission = {
    ...report,
    roster_seq: team.roster.head.seq,
    urgent: draft.urgent ?? (body.danger !== undefined && body.danger !== 'none'),
    excluded,
    attachments: attachments.map((a) => a.id),
  };
  return { submission, body, reporter, attachments, team, reportKey };
}

export function postReport(agent: Agent, submission: unknown): Promise<ApiResponse> {
  return agent.post('/api/reports', submission);
}

export interface SubmittedReport extends PreparedReport {
  readonly caseId: string;
  readonly receivedAt: string;
}

/** prepareReport, then POST /api/reports, expecting 201. */
export async function submitReport(
  agent: Agent,
  slug: string,
  draft: ReportDraft = {},
): Promise<SubmittedReport> {
  const prepared = await prepareReport(agent, slug, draft);
  const reply = expectReply<{ id: string; received_at: string }>(
    await postReport(agent, prepared.submission),
    201,
    'POST /api/reports',
  );
  return { ...prepared, caseId: reply.id, receivedAt: reply.received_at };
}
