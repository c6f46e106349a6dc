/**
 * The decrypted case as one document, built in this browser for the print view and the export:
 * the report, the thread (messages, notes, records), and the timeline of changes. Nothing here
 * goes to the server; the export is a local file.
 *
 * File keys are left out: the export is for reading, and a file key would open the stored
 * ciphertext for anyone who later obtained both.
 *
 * The words (each record's and change's line, why an item is withheld or the report did not
 * open, the text file's headings and labels) are in the page's language when the document is
 * made; what people wrote, names, codes and times are kept as they are.
 */
import { i18n } from '@lingui/core';
import { msg, plural } from '@lingui/core/macro';

import type { CaseEvent } from '#contract/cases';
import type { Audience } from '#contract/enumerations';
import type { RecordBody } from '#contract/records';
import type { OpenedItem, ReportView } from '../../../../../lib/keyring/keyring';
import type { LoadedCase } from '../../../hooks/use-case';
import { itemProblemWords, reportProblemWords } from '../../../model/integrity-words';
import { messageHeading, threadAuthorName } from '../../../model/target-thread';
import { caseEventWords, statusWords } from '../../../model/words';
import { describeRecord, recordDetails } from '../records/describe-record';

export const CASE_EXPORT_FORMAT = 'confide/case-export/v1';

export interface ExportedFile {
  readonly name: string;
  readonly type: string;
  readonly size: number;
}

export type ExportedItem =
  | {
      readonly id: string;
      readonly kind: 'message' | 'note' | 'record';
      /** `reporter` or `target` for a message: whose thread it is in; `team` for notes and records. */
      readonly audience: Audience;
      readonly author: string;
      readonly author_name: string;
      readonly created_at: string;
      readonly written_at: string | null;
      readonly text: string;
      readonly record: RecordBody | null;
      /** The record in words, as the timeline shows it. */
      readonly summary: string;
      readonly attachments: readonly ExportedFile[];
    }
  | {
      readonly id: string;
      readonly created_at: string;
      /** Why its content is withheld, in words (integrity-words.ts). */
      readonly withheld: string;
    };

/** An item that verified and opened, as exported. */
export type ReadableItem = Exclude<ExportedItem, { readonly withheld: string }>;

export interface ExportedEvent {
  readonly kind: CaseEvent['kind'];
  readonly actor: string | null;
  readonly at: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly words: string;
}

export interface CaseExport {
  readonly format: typeof CASE_EXPORT_FORMAT;
  readonly exported_at: string;
  readonly exported_by: { readonly id: string; readonly name: string };
  readonly team: { readonly id: string; readonly name: string };
  readonly case: {
    readonly id: string;
    readonly number: number;
    readonly status: string;
    readonly urgent: boolean;
    readonly created_at: string;
    readonly updated_at: string;
    readonly check_in_by: string | null;
    readonly follow_up_by: string | null;
    readonly assignee: string | null;
    readonly assignee_name: string | null;
  };
  /** null when the report could not be opened; `report_problem` says why, in words. */
  readonly report:
    (Omit<ReportView, 'attachments'> & { readonly attachments: readonly ExportedFile[] }) | null;
  readonly report_problem: string | null;
  readonly items: readonly ExportedItem[];
  readonly events: readonly ExportedEvent[];
}

function files(list: readonly { name: string; type: string; size: number }[]): ExportedFile[] {
  return list.map(({ name, type, size }) => ({ name, type, size }));
}

function itemExport(
  item: OpenedItem,
  name: (id: string) => string,
  names: ReadonlyMap<string, string>,
): ExportedItem {
  if (!item.verified) {
    return { id: item.id, created_at: item.createdAt, withheld: itemProblemWords(item.problem) };
  }
  return {
    id: item.id,
    kind: item.kind,
    audience: item.audience,
    author: item.author,
    author_name: threadAuthorName(item.author, name),
    created_at: item.createdAt,
    written_at: item.writtenAt,
    text: item.text,
    record: item.record,
    summary: item.record === null ? '' : describeRecord(item.record, names),
    attachments: files(item.attachments),
  };
}

export function buildCaseExport(
  loaded: LoadedCase,
  names: ReadonlyMap<string, string>,
  me: { id: string; name: string },
  teamName: string,
  now: Date = new Date(),
): CaseExport {
  const { detail, opened } = loaded;
  const name = (id: string) => names.get(id) ?? i18n._(msg`an unknown member`);
  const report = opened.report;
  return {
    format: CASE_EXPORT_FORMAT,
    exported_at: now.toISOString(),
    exported_by: me,
    team: { id: loaded.team.id, name: teamName },
    case: {
      id: detail.id,
      number: detail.number,
      status: detail.status,
      urgent: detail.urgent,
      created_at: detail.createdAt,
      updated_at: detail.updatedAt,
      check_in_by: detail.checkInBy,
      follow_up_by: detail.followUpBy,
      assignee: detail.assignee,
      assignee_name: detail.assignee === null ? null : name(detail.assignee),
    },
    report: report === null ? null : { ...report, attachments: files(report.attachments) },
    report_problem: opened.reportProblem === null ? null : reportProblemWords(opened.reportProblem),
    items: opened.items.map((item) => itemExport(item, name, names)),
    events: detail.events.map((e) => ({
      kind: e.kind,
      actor: e.actor,
      at: e.at,
      from: e.from,
      to: e.to,
      words: caseEventWords(e, name),
    })),
  };
}

/** An item's heading: its kind, and for a message whose thread it is in and who wrote it. */
export function exportedItemHeading(item: Pick<ReadableItem, 'kind' | 'audience' | 'author'>): string {
  if (item.kind === 'message') return messageHeading(item);
  return item.kind === 'note' ? i18n._(msg`Internal note`) : i18n._(msg`Record`);
}

/** Quotes each line of `text` for Markdown, so nothing in it becomes a heading or a link list. */
function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

/** "name (type, 1,234 bytes)": a file as the text file lists it. */
function fileWords(file: ExportedFile): string {
  const { name, type, size } = file;
  return i18n._(msg`${name} (${type}, ${plural(size, { one: '# byte', other: '# bytes' })})`);
}

/** The same document as plain text that reads well as Markdown too. */
export function caseExportMarkdown(doc: CaseExport): string {
  const out: string[] = [];
  const c = doc.case;
  const caseNumber = c.number;
  const teamName = doc.team.name;
  const status = statusWords(c.status);
  out.push(`# ${i18n._(msg`Case #${caseNumber} — ${teamName}`)}`, '');
  out.push(`- ${c.urgent ? i18n._(msg`Status: ${status} (urgent)`) : i18n._(msg`Status: ${status}`)}`);
  const opened = c.created_at;
  out.push(`- ${i18n._(msg`Opened: ${opened}`)}`);
  const lastChange = c.updated_at;
  out.push(`- ${i18n._(msg`Last change: ${lastChange}`)}`);
  const checkInBy = c.check_in_by;
  if (checkInBy !== null) out.push(`- ${i18n._(msg`Check in by: ${checkInBy}`)}`);
  const followUpBy = c.follow_up_by;
  if (followUpBy !== null) out.push(`- ${i18n._(msg`Follow up by: ${followUpBy}`)}`);
  const assignee = c.assignee_name;
  out.push(
    `- ${assignee === null ? i18n._(msg`Assigned to: nobody`) : i18n._(msg`Assigned to: ${assignee}`)}`,
  );
  const exportedBy = doc.exported_by.name;
  const exportedAt = doc.exported_at;
  out.push(`- ${i18n._(msg`Exported by ${exportedBy} at ${exportedAt}`)}`, '');
  out.push(`## ${i18n._(msg`The report`)}`, '');
  const r = doc.report;
  if (r === null) {
    const problem = doc.report_problem;
    out.push(
      problem === null
        ? i18n._(msg`The report could not be opened: unknown problem`)
        : i18n._(msg`The report could not be opened: ${problem}`),
      '',
    );
  } else {
    const notSaid = i18n._(msg`not said`);
    const summary = r.summary;
    out.push(`- ${i18n._(msg`Summary: ${summary}`)}`);
    // Kinds and danger are the report's codes, as the JSON has them.
    const kinds = r.kinds.join(', ') || notSaid;
    out.push(`- ${i18n._(msg`Kinds: ${kinds}`)}`);
    const where = r.where || notSaid;
    out.push(`- ${i18n._(msg`Where: ${where}`)}`);
    const danger = r.danger ?? notSaid;
    out.push(`- ${i18n._(msg`Danger: ${danger}`)}`);
    out.push(
      `- ${
        r.privateInfoExposed
          ? i18n._(msg`Private information exposed: yes`)
          : i18n._(msg`Private information exposed: no`)
      }`,
    );
    const written = r.submittedAt;
    if (written !== null) out.push(`- ${i18n._(msg`Written: ${written}`)}`);
    out.push('', `### ${i18n._(msg`What happened`)}`, '', quote(r.whatHappened), '');
    if (r.links.length > 0) {
      out.push(`### ${i18n._(msg`Links`)}`, '');
      for (const l of r.links) out.push(`- \`${l.url}\`${l.note ? ` — ${l.note}` : ''}`);
      out.push('');
    }
    if (r.involved.length > 0) {
      out.push(`### ${i18n._(msg`Accounts involved`)}`, '');
      for (const p of r.involved) out.push(`- ${p.name} (${p.role})`);
      out.push('');
    }
    if (r.attachments.length > 0) {
      out.push(`### ${i18n._(msg`Files`)}`, '');
      for (const f of r.attachments) out.push(`- ${fileWords(f)}`);
      out.push('');
    }
  }
  out.push(`## ${i18n._(msg`Thread`)}`, '');
  if (doc.items.length === 0) out.push(i18n._(msg`Nothing was written in this case yet.`), '');
  for (const item of doc.items) {
    if ('withheld' in item) {
      const at = item.created_at;
      out.push(`### ${i18n._(msg`Withheld item, ${at}`)}`, '', item.withheld, '');
      continue;
    }
    const heading = exportedItemHeading(item);
    const author = item.author_name;
    const at = item.written_at ?? item.created_at;
    out.push(`### ${i18n._(msg`${heading} — ${author}, ${at}`)}`, '');
    if (item.record !== null) {
      out.push(item.summary, '');
      for (const d of recordDetails(item.record)) out.push(`${d.term}:`, '', quote(d.text), '');
    }
    if (item.text !== '') out.push(quote(item.text), '');
    for (const f of item.attachments) {
      const file = fileWords(f);
      out.push(`- ${i18n._(msg`File: ${file}`)}`);
    }
    if (item.attachments.length > 0) out.push('');
  }
  out.push(`## ${i18n._(msg`Timeline`)}`, '');
  if (doc.events.length === 0) out.push(i18n._(msg`No changes recorded.`), '');
  for (const e of doc.events) out.push(`- ${e.at}: ${e.words}`);
  out.push('');
  return out.join('\n');
}

/** A file name without anything a file system might refuse. */
export function exportFileName(doc: CaseExport, extension: 'json' | 'md'): string {
  const day = doc.exported_at.slice(0, 10);
  return `case-${doc.case.number}-${day}.${extension}`;
}
