/**
 * What the reporter is writing, how it is checked, and the report body it becomes
 * (PROTOCOL.md "The report body", plus the fields docs/review-notes.md §1 asks for, adopted in 2.3:
 * `reporter_keys` R-1, `excluded` R-3, `team_fingerprint` and `roster_head` ).
 *
 * The draft lives in this page's memory only: never in storage, an address or a log.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import type { AttachmentRef, InvolvedAccount, ReportBody, ReportKind, RosterHead } from '#crypto';
import { formatCount } from '../../../lib/format.js';
import { encodedBytes, TEXT_BUDGET_BYTES, textTooLongMessage } from '../../../lib/text-budget.js';
import { offeredLanguage } from '../../../lib/report-languages.js';

export type ReporterRole = 'target' | 'third_party';
export type Danger = 'none' | 'life' | 'minor';

export interface LinkRow {
  /** Stable React key; never sent. */
  readonly key: string;
  readonly url: string;
  readonly note: string;
}

export interface InvolvedRow {
  readonly key: string;
  readonly name: string;
  readonly role: InvolvedAccount['role'];
}

export interface Draft {
  readonly reporterRole: ReporterRole | '';
  readonly danger: Danger;
  readonly kinds: readonly ReportKind[];
  readonly summary: string;
  readonly whatHappened: string;
  readonly where: string;
  readonly links: readonly LinkRow[];
  readonly involved: readonly InvolvedRow[];
  readonly privateInfoExposed: boolean;
  /** Member ids the reporter chose to leave out. */
  readonly excluded: readonly string[];
  readonly contact: 'receipt' | 'email';
  readonly email: string;
  readonly language: string;
}

let rowCounter = 0;
export function newRowKey(): string {
  rowCounter += 1;
  return `row-${rowCounter}`;
}

export function emptyLink(): LinkRow {
  return { key: newRowKey(), url: '', note: '' };
}

export function emptyInvolved(): InvolvedRow {
  return { key: newRowKey(), name: '', role: 'alleged_harasser' };
}

/**
 * The browser's language as the report form's list has it (`pt-BR` → `pt`), or as a valid BCP 47
 * tag when the list does not, or "en".
 */
export function defaultLanguage(): string {
  try {
    const tag = Intl.getCanonicalLocales(globalThis.navigator.language)[0] ?? 'en';
    return offeredLanguage(tag) ?? tag;
  } catch {
    return 'en';
  }
}

export function emptyDraft(): Draft {
  return {
    reporterRole: '',
    danger: 'none',
    kinds: [],
    summary: '',
    whatHappened: '',
    where: '',
    links: [emptyLink()],
    involved: [emptyInvolved()],
    privateInfoExposed: false,
    excluded: [],
    contact: 'receipt',
    email: '',
    language: defaultLanguage(),
  };
}

/** True once the reporter has typed or chosen anything worth keeping. */
export function draftHasContent(draft: Draft): boolean {
  return (
    draft.reporterRole !== '' ||
    draft.kinds.length > 0 ||
    draft.summary.trim() !== '' ||
    draft.whatHappened.trim() !== '' ||
    draft.where.trim() !== '' ||
    draft.links.some((l) => l.url.trim() !== '' || l.note.trim() !== '') ||
    draft.involved.some((i) => i.name.trim() !== '') ||
    draft.email.trim() !== ''
  );
}

// ---------------------------------------------------------------------------
// Checking
// ---------------------------------------------------------------------------

export const SUMMARY_MAX = 150;
export const TEXT_MAX = 20_000;

/** A field's error; `field` is the id of the control to focus from the error summary. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** Ids of the form's controls, shared by the form and the checks. */
export const fieldIds = {
  reporterRole: 'report-role-target',
  danger: 'report-danger-none',
  summary: 'report-summary',
  whatHappened: 'report-what-happened',
  linkUrl: (key: string) => `report-link-url-${key}`,
  involvedName: (key: string) => `report-involved-name-${key}`,
  excluded: 'report-excluded',
  email: 'report-email',
  language: 'report-language',
  files: 'report-files',
} as const;

export function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text.trim());
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export function isEmailAddress(text: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text.trim()) && text.trim().length <= 254;
}

export function isLanguageTag(text: string): boolean {
  if (text.trim() === '') return false;
  try {
    return Intl.getCanonicalLocales(text.trim()).length === 1;
  } catch {
    return false;
  }
}

/**
 * Every problem with the draft, in the order of the form. `activeMembers`: ids on the roster now.
 * The messages are in the page's language at the time of the check (the form checks on each render).
 */
export function checkDraft(draft: Draft, activeMembers: readonly string[]): FieldError[] {
  const errors: FieldError[] = [];
  if (draft.reporterRole === '') {
    errors.push({
      field: fieldIds.reporterRole,
      message: i18n._(msg`Choose whether this is about you or about someone else`),
    });
  }
  if (draft.summary.trim() === '') {
    errors.push({
      field: fieldIds.summary,
      message: i18n._(msg`Write a few words that sum up what happened`),
    });
  } else if (draft.summary.length > SUMMARY_MAX) {
    const maximum = formatCount(SUMMARY_MAX);
    errors.push({
      field: fieldIds.summary,
      message: i18n._(msg`Keep the summary to ${maximum} characters; there is room for details below it`),
    });
  }
  if (draft.whatHappened.trim() === '') {
    errors.push({
      field: fieldIds.whatHappened,
      message: i18n._(msg`Tell the team what happened, in your own words`),
    });
  } else if (draft.whatHappened.length > TEXT_MAX) {
    const maximum = formatCount(TEXT_MAX);
    errors.push({
      field: fieldIds.whatHappened,
      message: i18n._(
        msg`This is longer than ${maximum} characters. Please shorten it, or add the rest as a file`,
      ),
    });
  }
  const textBytes = encodedTextBytes(draft);
  if (textBytes > TEXT_BUDGET_BYTES) {
    errors.push({ field: fieldIds.whatHappened, message: textTooLongMessage(textBytes, 'report') });
  }
  draft.links.forEach((link, i) => {
    const empty = link.url.trim() === '';
    const number = i + 1;
    if (empty && link.note.trim() !== '') {
      errors.push({
        field: fieldIds.linkUrl(link.key),
        message: i18n._(msg`Add the web address for link ${number}, or remove its note`),
      });
    } else if (!empty && !isWebAddress(link.url)) {
      errors.push({
        field: fieldIds.linkUrl(link.key),
        message: i18n._(msg`Link ${number} is not a complete web address: it should start with https://`),
      });
    }
  });
  const active = new Set(activeMembers);
  const remaining = activeMembers.filter((id) => !draft.excluded.includes(id));
  if (activeMembers.length > 0 && remaining.length === 0) {
    errors.push({
      field: fieldIds.excluded,
      message: i18n._(msg`At least one member of the team must be able to read your report. Untick one name`),
    });
  }
  if (draft.excluded.some((id) => !active.has(id))) {
    errors.push({
      field: fieldIds.excluded,
      message: i18n._(msg`Someone you left out is no longer on the team`),
    });
  }
  if (draft.contact === 'email' && !isEmailAddress(draft.email)) {
    errors.push({
      field: fieldIds.email,
      message:
        draft.email.trim() === ''
          ? i18n._(
              msg`Enter the email address the team can use, or choose to be contacted through your receipt`,
            )
          : i18n._(msg`Enter an email address in the form name@example.org`),
    });
  }
  if (!isLanguageTag(draft.language)) {
    errors.push({
      field: fieldIds.language,
      message: i18n._(msg`Enter a language code such as en, de or pt-BR`),
    });
  }
  return errors;
}

/**
 * The typed part of the report as it will be encrypted: the body with every field the reporter
 * fills in, and nothing of what is only added when sending (measured against TEXT_BUDGET_BYTES,
 * which keeps room for that). Links that are not web addresses yet are counted as typed.
 */
function encodedTextBytes(draft: Draft): number {
  const {
    reporter_keys: _keys,
    team_fingerprint: _fingerprint,
    roster_head: _head,
    ...typed
  } = buildReportBody({
    draft: {
      ...draft,
      links: draft.links.filter((l) => isWebAddress(l.url)),
      language: isLanguageTag(draft.language) ? draft.language : 'en',
    },
    attachments: [],
    reporterKeys: { box_pk: '', sign_pk: '' },
    fingerprint: '',
    head: { seq: 0, hash: '' },
    submittedAt: '',
  });
  const unchecked = draft.links.filter((l) => !isWebAddress(l.url));
  return encodedBytes(typed) + encodedBytes(unchecked.map((l) => ({ url: l.url, note: l.note })));
}

// ---------------------------------------------------------------------------
// The body
// ---------------------------------------------------------------------------

/**
 * The encrypted body: PROTOCOL.md's fields plus the additive ones of docs/review-notes.md 2.3.
 * Readers that do not know the extra fields ignore them.
 */
export type ReportBodyV1 = ReportBody & {
  /** the receipt's public keys, bound inside the body the server cannot change. */
  readonly reporter_keys: { readonly box_pk: string; readonly sign_pk: string };
  /** whom the reporter left out, authenticated, for every later grant. */
  readonly excluded: readonly string[];
  /** the team (genesis hash, hex) and the roster head this report was encrypted to. */
  readonly team_fingerprint: string;
  readonly roster_head: RosterHead;
};

export function buildReportBody(input: {
  draft: Draft;
  attachments: readonly AttachmentRef[];
  reporterKeys: { box_pk: string; sign_pk: string };
  fingerprint: string;
  head: RosterHead;
  submittedAt: string;
}): ReportBodyV1 {
  const { draft } = input;
  return {
    schema: 'confide/report/v1',
    reporter_role: draft.reporterRole === '' ? 'target' : draft.reporterRole,
    kinds: [...draft.kinds],
    summary: draft.summary.trim().replace(/\s+/g, ' '),
    what_happened: draft.whatHappened.trim(),
    where: draft.where.trim(),
    links: draft.links
      .filter((l) => l.url.trim() !== '')
      .map((l) => ({ url: new URL(l.url.trim()).href, note: l.note.trim() })),
    involved: draft.involved
      .filter((i) => i.name.trim() !== '')
      .map((i) => ({ name: i.name.trim(), role: i.role })),
    private_info_exposed: draft.privateInfoExposed,
    danger: draft.danger,
    contact: draft.contact === 'email' ? { by: 'email', email: draft.email.trim() } : { by: 'receipt' },
    language: Intl.getCanonicalLocales(draft.language.trim())[0] ?? 'en',
    attachments: input.attachments.map((a) => ({ ...a })),
    submitted_at: input.submittedAt,
    reporter_keys: { ...input.reporterKeys },
    excluded: [...draft.excluded],
    team_fingerprint: input.fingerprint,
    roster_head: { seq: input.head.seq, hash: input.head.hash },
  };
}
