/**
 * Sending a report (PROTOCOL.md "Reports", docs/protocol.md 9.1-9.3), step by step:
 *
 *   1. fetch and check the team's roster again (roster-trust): it must still be the one the
 *      reporter saw, or they are shown what changed before anything is encrypted to it;
 *   2. make the receipt and its keys in a Worker (once per report: kept across retries);
 *   3. encrypt and upload each file (once: kept across retries);
 *   4. build the body and its summary (what the team's case list shows), seal both to the chosen
 *      members and the reporter, sign them;
 *   5. POST /api/reports. A 409 means the team changed: check the roster again and return
 *      what changed, so the reporter can look and send again without retyping.
 *
 * Nothing here stores anything: the draft, receipt and keys stay in the caller's memory.
 *
 * A failure's `message` is in the page's language at the moment it failed.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import type { ReceiptKeys, VerifiedRoster } from '#crypto';
import { ApiError, NETWORK_ERROR_STATUS } from '../../../lib/api-client';
import { uploadAttachment, type AttachmentProgress, type AttachmentRef } from '../../../lib/attachments';
import { errorText } from '../../../lib/error-words';
import { loadCrypto } from '../../../lib/load-crypto';
import { createReceipt, wipeReceiptKeys } from '../../../lib/reporter-crypto';
import {
  checkTeamRoster,
  rememberRoster,
  rosterChanges,
  type RosterChange,
  type RosterTrust,
} from '../../../lib/roster-trust';
import type { ProofOfWorkListener } from '../../../lib/proof-of-work/solve';
import { WorkerError } from '../../../lib/worker-rpc';
import { postReport } from '../api/submit-report';
import { buildReportBody, type Draft } from './draft';
import type { Evidence } from './evidence';

/** Kept between attempts of one report: its id, receipt and keys are made once. */
export interface SubmissionMemory {
  id?: string;
  receipt?: string;
  keys?: ReceiptKeys;
}

export type SubmitStep =
  | { readonly step: 'checking-team' }
  | { readonly step: 'making-receipt' }
  | { readonly step: 'uploading'; readonly index: number; readonly count: number; readonly name: string }
  | { readonly step: 'encrypting' }
  | { readonly step: 'sending' };

export type SubmitOutcome =
  | {
      readonly kind: 'sent';
      readonly id: string;
      readonly receipt: string;
      readonly receivedAt: string;
      /** An earlier attempt had arrived after all: edits made since are not in it. */
      readonly earlierAttempt: boolean;
    }
  /** The team's roster moved on (and verifies, and extends the one shown): show the changes. */
  | {
      readonly kind: 'team-changed';
      readonly trust: Extract<RosterTrust, { status: 'trusted' }>;
      readonly changes: readonly RosterChange[];
    }
  /** The roster no longer verifies or contradicts what this browser saw: do not send. */
  | { readonly kind: 'untrusted'; readonly trust: Exclude<RosterTrust, { status: 'trusted' }> }
  | {
      readonly kind: 'failed';
      readonly message: string;
      /** 413 and per-file problems: which file, when known. */
      readonly fileKey?: string;
      readonly code: string;
      /**
       * Why, in words, when the message is the general "was not sent: …": the appeal form
       * (report/appeal) words the same failure as its own in any language.
       */
      readonly reason?: string;
    };

export interface SubmitInput {
  readonly slug: string;
  readonly draft: Draft;
  readonly evidence: readonly Evidence[];
  /** The verified roster the form showed (its members, its exclusions). */
  readonly roster: VerifiedRoster;
  readonly memory: SubmissionMemory;
  /** The reporter confirmed a changed fingerprint through another channel. */
  readonly fingerprintConfirmed: boolean;
  readonly onStep: (step: SubmitStep) => void;
  readonly onFileProgress: (key: string, progress: AttachmentProgress) => void;
  readonly onFileUploaded: (key: string, ref: AttachmentRef | undefined) => void;
  /** The browser is doing (or has done) a proof of work before a file or the report can go. */
  readonly onProofOfWork?: ProofOfWorkListener;
  /**
   * Makes the report an appeal (docs/protocol.md 10.9): the reference from the team's notice, sent
   * beside what is sealed and signed. The server's refusals of it come back as `failed`, by code.
   */
  readonly appealReference?: string;
}

/** The server's 409s that refuse an appeal (docs/http-api.md §10.9): not a change of the team. */
const APPEAL_CONFLICTS = new Set(['appeals_off', 'appeal_limit_reached', 'appeal_too_early']);

export async function submitReport(input: SubmitInput): Promise<SubmitOutcome> {
  try {
    return await attempt(input, true);
  } catch (error) {
    return failure(error);
  }
}

async function attempt(input: SubmitInput, mayRetryUploads: boolean): Promise<SubmitOutcome> {
  const { memory, draft } = input;

  // 1. The team, checked again just before encrypting to it.
  input.onStep({ step: 'checking-team' });
  const checked = await checkTeamRoster(input.slug);
  if (checked.status === 'invalid') return { kind: 'untrusted', trust: checked };
  let trust: Extract<RosterTrust, { status: 'trusted' }>;
  if (checked.status === 'warning') {
    // Only a changed fingerprint may be confirmed past; a pin that differs never can.
    const onlyFingerprint = checked.problems.every((p) => p === 'fingerprint-changed');
    if (!(onlyFingerprint && input.fingerprintConfirmed)) return { kind: 'untrusted', trust: checked };
    // The reporter checked the new fingerprint elsewhere: from now on it is the one to expect.
    rememberRoster(input.slug, checked.roster);
    trust = {
      status: 'trusted',
      slug: checked.slug,
      team: checked.team,
      roster: checked.roster,
      firstSeen: false,
      changes: [],
      pinned: checked.pinned,
    };
  } else {
    trust = checked;
  }
  if (trust.roster.head.hash !== input.roster.head.hash) {
    return teamChanged(trust, input.roster);
  }
  const roster = trust.roster;

  // 2. Receipt and keys, in a Worker.
  const C = await loadCrypto();
  memory.id ??= C.generateId();
  if (!memory.keys || memory.receipt === undefined) {
    input.onStep({ step: 'making-receipt' });
    const made = await createReceipt();
    memory.receipt = made.receipt;
    memory.keys = made.keys;
  }
  const keys = memory.keys;

  // 3. Files: cleaned already; encrypted and uploaded here, once.
  const toSend = input.evidence.filter((e) => e.status === 'ready' && e.file);
  const refs: AttachmentRef[] = [];
  for (const [index, item] of toSend.entries()) {
    if (item.uploaded) {
      refs.push(item.uploaded);
      continue;
    }
    input.onStep({ step: 'uploading', index, count: toSend.length, name: item.name });
    try {
      const ref = await uploadAttachment(item.file as Blob, {
        name: item.name,
        type: item.type || 'application/octet-stream',
        onProgress: (progress) => input.onFileProgress(item.key, progress),
        ...(input.onProofOfWork ? { onProofOfWork: input.onProofOfWork } : {}),
      });
      input.onFileUploaded(item.key, ref);
      refs.push(ref);
    } catch (error) {
      if (error instanceof ApiError && error.status === 413) {
        const fileName = item.name;
        return {
          kind: 'failed',
          code: error.code,
          fileKey: item.key,
          message: i18n._(msg`“${fileName}” is too large to send. Remove it, or send a smaller version.`),
        };
      }
      if (error instanceof ApiError && error.code === 'uploads_busy') {
        // The whole deployment is taking no more files for now (not this person's doing).
        return {
          kind: 'failed',
          code: error.code,
          message: i18n._(
            msg`Too many files are being sent to Confide right now, so yours could not be taken. Nothing has been sent. You can try again in a while, or remove the files and send your report without them: you can add files later from your receipt page.`,
          ),
        };
      }
      throw error;
    }
  }

  // 4. Body, grants, signature.
  input.onStep({ step: 'encrypting' });
  const excluded = draft.excluded.filter((id) => roster.active.has(id));
  const body = buildReportBody({
    draft: { ...draft, excluded },
    attachments: refs,
    reporterKeys: { box_pk: C.keyToBase64(keys.box.publicKey), sign_pk: C.keyToBase64(keys.sign.publicKey) },
    fingerprint: roster.fingerprint,
    head: roster.head,
    submittedAt: C.formatProtocolTime(new Date()),
  });
  const sealed = C.sealReport({
    team: roster.team,
    id: memory.id,
    body,
    // What the team's case list shows of it (docs/protocol.md 9.7), sealed beside the body under
    // the same key and signed with it: the list fetches 512 bytes a case instead of the report.
    summary: C.fitReportSummary(body),
    recipients: C.recipientsFromRoster(roster, excluded),
    reporter: keys,
  });

  // 5. Send.
  input.onStep({ step: 'sending' });
  try {
    const received = await postReport(
      {
        ...sealed.report,
        roster_seq: roster.head.seq,
        urgent: draft.danger !== 'none',
        excluded,
        attachments: refs.map((r) => r.id),
        ...(input.appealReference === undefined ? {} : { appeal_reference: input.appealReference }),
      },
      input.onProofOfWork ? { onProofOfWork: input.onProofOfWork } : {},
    );
    return sent(memory, received.received_at, false);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 409 && error.code === 'duplicate_report') {
      // Our own earlier attempt arrived after all (its reply was lost): the report exists.
      return sent(memory, C.formatProtocolTime(new Date()), true);
    }
    if (error.status === 409 && !APPEAL_CONFLICTS.has(error.code)) {
      const again = await checkTeamRoster(input.slug);
      if (again.status !== 'trusted') return { kind: 'untrusted', trust: again };
      return teamChanged(again, input.roster);
    }
    if (error.status === 400 && error.code === 'attachment_unknown' && mayRetryUploads) {
      // Uploaded too long ago (kept 24 hours unbound): upload them again, once.
      for (const item of toSend) input.onFileUploaded(item.key, undefined);
      return attempt(
        { ...input, evidence: input.evidence.map(({ uploaded: _stale, ...rest }) => rest) },
        false,
      );
    }
    throw error;
  }
}

function sent(memory: SubmissionMemory, receivedAt: string, earlierAttempt: boolean): SubmitOutcome {
  const outcome: SubmitOutcome = {
    kind: 'sent',
    id: memory.id ?? '',
    receipt: memory.receipt ?? '',
    receivedAt,
    earlierAttempt,
  };
  // The keys are not needed any more: the receipt re-derives them when the reporter returns.
  wipeReceiptKeys(memory.keys);
  delete memory.keys;
  return outcome;
}

function teamChanged(
  trust: Extract<RosterTrust, { status: 'trusted' }>,
  shown: VerifiedRoster,
): SubmitOutcome {
  return { kind: 'team-changed', trust, changes: rosterChanges(trust.team.roster, shown.head.seq) };
}

function failure(error: unknown): SubmitOutcome {
  if (error instanceof ApiError) {
    if (error.status === NETWORK_ERROR_STATUS) {
      return {
        kind: 'failed',
        code: error.code,
        message: i18n._(
          msg`We could not reach Confide, so your report was not sent. Everything you wrote is still here. Check your connection, then send again.`,
        ),
      };
    }
    if (error.status === 413) {
      return {
        kind: 'failed',
        code: error.code,
        message: i18n._(
          msg`Your report is too large to send. Remove a file or two, or send smaller versions, then send again.`,
        ),
      };
    }
    const reason = errorText(error, error.message);
    return {
      kind: 'failed',
      code: error.code,
      message: i18n._(msg`Your report was not sent: ${reason} Everything you wrote is still here.`),
      reason,
    };
  }
  if (error instanceof WorkerError) {
    return {
      kind: 'failed',
      code: error.code,
      message: i18n._(
        msg`This browser could not create your receipt, so nothing was sent. Closing other tabs to free memory, then sending again, may help.`,
      ),
    };
  }
  return {
    kind: 'failed',
    code: 'unexpected',
    message: i18n._(
      msg`Something went wrong in this page, so your report was not sent. Everything you wrote is still here; please try again.`,
    ),
  };
}
