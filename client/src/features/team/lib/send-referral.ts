/**
 * Sending a referral (docs/protocol.md 10.10), step by step, in the member's browser:
 *
 *   1. fetch and verify the receiving team's roster again: it must still be the one the member
 *      saw (and chose exclusions on), or they are shown it again before anything is sealed;
 *   2. copy each chosen file of the report: download and decrypt it, encrypt it under a new key and
 *      upload it again (once: kept across retries), so the receiving team never holds a key to
 *      the referring case's files;
 *   3. build the packet body (model/referral.ts) and have the keyring seal it to every active member
 *      of the receiving roster and to the reporter, and sign it with the member's key;
 *   4. POST /api/cases/{id}/referrals.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import { ApiError } from '../../../lib/api-client';
import { downloadAttachment, uploadAttachment } from '../../../lib/attachments';
import { errorText } from '../../../lib/error-words';
import { loadCrypto } from '../../../lib/load-crypto';
import {
  isKeyringError,
  type AttachmentView,
  type Keyring,
  type ReportView,
} from '../../../lib/keyring/keyring';
import { postReferral } from '../api/referrals';
import { loadVerifiedTeam, type VerifiedTeam } from '../api/roster';
import {
  buildReferralPacket,
  isRosterRefusal,
  packetTooLong,
  referralRefusalWords,
  type ReferralForm,
  type ReferralOrigin,
} from '../model/referral';
import type { ReferralState } from '#contract/enumerations';
import { caseRecipients } from './roster-keys';

export type ReferralStep =
  | { readonly step: 'checking-team' }
  | { readonly step: 'copying'; readonly index: number; readonly count: number; readonly name: string }
  | { readonly step: 'sealing' }
  | { readonly step: 'sending' };

/** Files copied in an earlier attempt, by the id of the report's file: uploaded once. */
export type CopiedFiles = Map<string, AttachmentView>;

export interface ReferralInput {
  readonly keyring: Keyring;
  readonly report: ReportView;
  readonly origin: ReferralOrigin;
  /** The receiving team as the member saw it: its exclusions were chosen on this roster. */
  readonly to: VerifiedTeam;
  readonly form: ReferralForm;
  /** The report's files to pass on. */
  readonly files: readonly AttachmentView[];
  readonly excluded: readonly string[];
  readonly copied: CopiedFiles;
  readonly onStep: (step: ReferralStep) => void;
}

export type ReferralOutcome =
  | { readonly kind: 'sent'; readonly state: ReferralState }
  /** The receiving team's roster moved on: show it again, so the member checks whom they leave out. */
  | { readonly kind: 'team-changed'; readonly team: VerifiedTeam; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

function teamChangedWords(): string {
  return i18n._(
    msg`The other team’s members changed since you chose. Check them again below, then send the referral again.`,
  );
}

export async function sendReferral(input: ReferralInput): Promise<ReferralOutcome> {
  try {
    return await attempt(input, true);
  } catch (error) {
    return { kind: 'failed', message: failureWords(error) };
  }
}

async function attempt(input: ReferralInput, mayCopyAgain: boolean): Promise<ReferralOutcome> {
  // 1. The receiving team, checked again just before sealing to it.
  input.onStep({ step: 'checking-team' });
  const to = await loadVerifiedTeam(input.to.slug);
  // Never shown: failureWords says that sending failed.
  if (to.id !== input.to.id) throw new Error('The receiving team changed its address');
  if (to.roster.head.hash !== input.to.roster.head.hash) {
    return { kind: 'team-changed', team: to, message: teamChangedWords() };
  }

  // 2. The files, copied under new keys.
  const attachments: AttachmentView[] = [];
  for (const [index, file] of input.files.entries()) {
    const done = input.copied.get(file.id);
    if (done) {
      attachments.push(done);
      continue;
    }
    input.onStep({ step: 'copying', index, count: input.files.length, name: file.name });
    const plain = await downloadAttachment(file);
    const ref = await uploadAttachment(plain, { name: file.name, type: file.type });
    const copy = { id: ref.id, name: ref.name, type: ref.type, size: ref.size, key: ref.key };
    input.copied.set(file.id, copy);
    attachments.push(copy);
  }

  // 3. The packet, sealed and signed in the keyring.
  input.onStep({ step: 'sealing' });
  const C = await loadCrypto();
  const excluded = input.excluded.filter((id) => to.roster.active.has(id));
  const body = buildReferralPacket({
    report: input.report,
    form: input.form,
    origin: input.origin,
    attachments,
    excluded,
    to: { fingerprint: to.roster.fingerprint, head: to.roster.head },
    submittedAt: C.formatProtocolTime(new Date()),
  });
  if (packetTooLong(body)) {
    return {
      kind: 'failed',
      message: i18n._(
        msg`The referral is too long to send as text. Shorten the summary or the preliminary work.`,
      ),
    };
  }
  const sealed = await input.keyring.sealReferral({
    team: input.origin.team.id,
    caseId: input.origin.caseId,
    to: to.id,
    // Every active member: the server drops the grants of those left out when it releases it.
    recipients: caseRecipients(to.rows, to.roster, []),
    body,
  });

  // 4. Send.
  input.onStep({ step: 'sending' });
  try {
    const created = await postReferral(input.origin.caseId, {
      id: sealed.id,
      team: to.id,
      roster_seq: to.roster.head.seq,
      payload: sealed.payload,
      summary: sealed.summary,
      grants: [...sealed.grants],
      excluded,
      attachments: attachments.map((f) => f.id),
      sig: sealed.sig,
    });
    return { kind: 'sent', state: created.state };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (isRosterRefusal(error.code)) {
      const again = await loadVerifiedTeam(input.to.slug);
      return {
        kind: 'team-changed',
        team: again,
        message: referralRefusalWords(error.code) ?? teamChangedWords(),
      };
    }
    if (error.code === 'attachment_unknown' && mayCopyAgain) {
      // Uploaded too long ago (kept 24 hours unbound): copy them again, once.
      input.copied.clear();
      return attempt(input, false);
    }
    throw error;
  }
}

/** What went wrong, in the page's language. */
function failureWords(error: unknown): string {
  const failed = i18n._(msg`The referral could not be sealed and sent. Please try again.`);
  if (error instanceof ApiError) return referralRefusalWords(error.code) ?? errorText(error, failed);
  if (isKeyringError(error, 'REPORTER_KEY_UNTRUSTED')) {
    return i18n._(
      msg`The reporter’s keys on this case do not match the report: it cannot be referred from here.`,
    );
  }
  if (isKeyringError(error))
    return i18n._(msg`The referral could not be sealed in this browser. Reload the page and try again.`);
  // A roster that fails this browser's checks says so in words for people (RosterTrustError).
  return errorText(error, failed);
}
