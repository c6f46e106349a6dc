/**
 * The words a person reads for a failure that carries a stable `code`, in the page's language.
 *
 * The server's `message` is English, written for every other client of the API
 * (docs/http-api.md §8), and the crypto Workers' messages are English, written for developers
 * (the Workers have no translations). So the page chooses its own words by code:
 *  - SERVER_WORDS, for every code of contract/errors.ts: a code added there fails the type check
 *    here until it has words;
 *  - CLIENT_WORDS, for the API client's own codes (error-codes.ts);
 *  - WORKER_WORDS, for what the crypto module and the keyring's Workers throw, as they come back
 *    to the page (worker-rpc.ts WorkerError, crypto's ConfideCryptoError).
 * Errors are told apart by name, as crypto's isConfideCryptoError does, not by class: the classes'
 * modules are written for the browser (api-client.ts and worker-rpc.ts also run in Workers), and
 * this one also runs, through format.ts, in the unit tests under Node.
 * Each says what happened and what the person can do, for someone who may be frightened or in a
 * hurry. Where the server's English already did that, the English here is the same.
 *
 * lib/format.ts `errorText` is the way in: these words, or the caller's own. Translated when
 * called, so a switch of language is followed.
 */
import { i18n, type MessageDescriptor } from '@lingui/core';
import { msg, plural } from '@lingui/core/macro';

import type { ConfideCryptoErrorCode } from '#crypto';
import type { ErrorCode } from '#contract/errors';
import { SOURCE_LANGUAGE } from '#contract/languages';
import type { ClientErrorCode, WorkerRpcErrorCode } from './error-codes.js';
// format.ts imports this file too (errorText); each only calls the other inside functions.
import { formatDate } from './format.js';

/** Not translated: a command for whoever runs the server. */
const setupCommand = 'npm run confide -- setup-link';

// Words several codes share: refusals a person can only meet when the page itself is at fault
// (a bug, an old page, a browser extension changing requests), and what those codes have in common.
const PAGE_FAULT = msg`This page sent something Confide could not accept, so nothing was saved. Please reload the page and try again.`;
const OLD_PAGE = msg`This page is older than the server. Please reload the page and try again.`;
const REQUEST_UNREADABLE = msg`This browser sent a request Confide could not read. Please reload the page and try again.`;
const TEAM_CHANGED = msg`The team has changed since this page loaded. Please reload the page and try again.`;
const ROSTER_ENTRY_REFUSED = msg`The change to the team’s member list was not accepted, so nothing was changed. Please reload the page and try again.`;
const INDEX_KEY_CHANGED = msg`The team’s account index key changed in the meantime. Please reload the page and try again.`;
const INDEX_KEY_GRANT_REFUSED = msg`The team’s account index key could not be shared with this member, so nothing was changed. Please reload the page and try again.`;
const TEAM_ADDRESS_TAKEN = msg`A team with this address already exists. Please choose another address.`;
const SERVER_BUSY = msg`The server is very busy right now. Nothing was saved; please try again in a moment.`;
const CHECK_FAILED = msg`The check this page did was not accepted. Please reload the page and try again.`;
const RATE_LIMITED = msg`Too many attempts. Please wait a few minutes and try again.`;

/** Every code the server sends (contract/errors.ts). */
const SERVER_WORDS: Readonly<Record<ErrorCode, MessageDescriptor>> = {
  // Requests the HTTP layer refuses before any route runs.
  bad_http: REQUEST_UNREADABLE,
  headers_too_large: REQUEST_UNREADABLE,
  request_timeout: msg`The request took too long to arrive. Please check your connection and try again.`,
  expectation_failed: REQUEST_UNREADABLE,
  missing_host: REQUEST_UNREADABLE,
  bad_url: REQUEST_UNREADABLE,
  shutting_down: msg`The server is restarting. Please try again in a moment.`,
  // Bodies and parameters.
  invalid_request: PAGE_FAULT,
  malformed_json: PAGE_FAULT,
  empty_body: PAGE_FAULT,
  body_too_large: msg`This is more than Confide can take at once, so nothing was saved. Please make it shorter and try again.`,
  bad_content_length: PAGE_FAULT,
  unsupported_media_type: PAGE_FAULT,
  bad_request: PAGE_FAULT,
  not_found: msg`This could not be found. It may have been deleted, or it is not yours to see. Please reload the page.`,
  // Sessions and permissions.
  missing_csrf_header: PAGE_FAULT,
  unauthorized: msg`Your session has ended. Please sign in again, or enter your receipt again.`,
  forbidden: msg`You may not do that.`,
  admin_only: msg`Only a team admin can do this.`,
  // Rate limits and proofs of work.
  rate_limited: RATE_LIMITED,
  proof_of_work_required: msg`Many requests have come from your network recently, so Confide asks for a short check before it takes this one. Please try again in a few minutes.`,
  proof_of_work_expired: msg`The check this page did has expired. Please try again.`,
  proof_of_work_spent: msg`The check this page did was already used. Please try again.`,
  proof_of_work_invalid: CHECK_FAILED,
  proof_of_work_wrong_route: CHECK_FAILED,
  // Teams, set-up and membership.
  setup_link_invalid: msg`This set-up link is not valid: it has expired, was replaced by a newer one or has already been used. ${setupCommand} on the server makes a new one.`,
  genesis_mismatch: msg`The team’s first member-list entry was not accepted, so the team was not created. Please reload the page and try again.`,
  slug_taken: TEAM_ADDRESS_TAKEN,
  team_exists: TEAM_ADDRESS_TAKEN,
  team_fingerprint_mismatch: msg`This team’s security fingerprint is not the one this site’s configuration expects, so reports to it are refused until the people who run the site have resolved it. Nothing was stored.`,
  bad_auth: PAGE_FAULT,
  invitation_invalid: msg`This invitation link is not valid, has expired or has already been used. Ask an admin for a new one.`,
  name_taken: msg`Someone on this team already has this name. Please choose another name.`,
  roster_changed: msg`The team’s member list changed in the meantime. Please reload the page and try again.`,
  roster_entry_invalid: ROSTER_ENTRY_REFUSED,
  roster_member_mismatch: ROSTER_ENTRY_REFUSED,
  not_pending: msg`Only someone waiting to be added can be added. Please reload the page and try again.`,
  not_active: msg`This person is not an active member of the team any more. Please reload the page and try again.`,
  index_key_grant_missing: INDEX_KEY_GRANT_REFUSED,
  index_key_grant_invalid: INDEX_KEY_GRANT_REFUSED,
  index_epoch_changed: INDEX_KEY_CHANGED,
  bad_op: ROSTER_ENTRY_REFUSED,
  last_admin: msg`This is the last admin of the team. Make someone else an admin first: without an admin nobody could add or remove members again.`,
  member_pending: msg`Your passphrase is right, but an admin of the team has not added you yet. Once they have compared your fingerprint with you and added you, you can sign in.`,
  setup_link_used: msg`This set-up link has already been used to create a team. Sign in to that team, or run ${setupCommand} on the server for a new link.`,
  invitation_used: msg`This invitation link has already been used to join the team. Each link works once: if it was not you who used it, tell an admin of the team, and ask them for a new link.`,
  // Reports, items and files.
  unknown_version: OLD_PAGE,
  bad_signature: msg`Confide could not verify the signature on what this page sent, so it was not saved. Please reload the page and try again.`,
  duplicate_report: msg`Something with the same id was already sent, so this was not saved again. Please reload the page before sending again.`,
  excluded_not_member: msg`Someone chosen to be left out is no longer on the team. Please reload and choose again.`,
  no_recipient_left: msg`At least one team member must be able to read it. Please leave fewer people out.`,
  grants_do_not_match_roster: TEAM_CHANGED,
  wrong_case: PAGE_FAULT,
  wrong_author: PAGE_FAULT,
  reporter_messages_only: PAGE_FAULT,
  bad_audience: PAGE_FAULT,
  duplicate_item: msg`This was already sent, so it was not sent again. Reload the page to see it.`,
  attachment_malformed: msg`A file did not arrive encrypted, so Confide did not take it. Please remove it and attach it again.`,
  attachment_too_large: msg`This file is too large to send. Please send a smaller version.`,
  attachments_too_large: msg`The files are too large to send together. Please remove a file or two, or send smaller versions.`,
  attachment_unknown: msg`A file was not uploaded, or belongs to something else already. Please attach it again.`,
  length_required: PAGE_FAULT,
  uploads_busy: msg`Too many files are being sent to Confide right now. Please try again later, or send without files.`,
  // Cases.
  bad_cursor: msg`The list could not go on from where it was. Please reload the page.`,
  assignee_not_allowed: msg`A case can be assigned only to an active member who may see it.`,
  case_withdrawn: msg`This report was withdrawn by the reporter; it cannot be changed any more.`,
  case_closed: msg`This case is already closed.`,
  case_finished: msg`This case is no longer open. Reopen it first.`,
  status_change_not_allowed: msg`The case cannot move to that status from the one it has now. Please reload the page to see where it is.`,
  item_required: PAGE_FAULT,
  wrong_item_kind: PAGE_FAULT,
  member_recused: msg`This member recused themselves from the case and cannot be assigned to it.`,
  already_recused: msg`You have already recused yourself from this case.`,
  no_open_round: msg`No vote round is open on this case: open one first.`,
  wrong_round: msg`Only the current vote round takes votes. Please reload the page and vote again.`,
  already_voted: msg`You have already voted in this round.`,
  round_not_finished: msg`The current vote round has not reached the team’s quorum yet, so a new round cannot start.`,
  quorum_not_reached: msg`The latest vote round has not reached the team’s quorum, so the case cannot be closed yet.`,
  regrant_not_allowed: msg`Some of these cases are not yours to share with this member. Please reload the page and try again.`,
  receipt_unknown: msg`We could not find a report for that receipt. Please check it and try again.`,
  case_not_finished: msg`This case is still open. Close it first.`,
  case_purged: msg`This case’s details were deleted under the team’s retention policy; only its retained record is left, and it cannot be changed any more.`,
  // The target invited in.
  no_target: msg`Nobody was invited into this case as its target yet.`,
  target_already_invited: msg`The target of this case was invited in already; their receipt was shown once to the member who made it.`,
  receipt_in_use: msg`That receipt opens another case already: make a new one.`,
  reporter_only: msg`Only the person who sent the report can do this.`,
  // Referrals.
  referral_same_team: msg`A case is referred to another team, not to its own.`,
  reporter_chooses_exclusions: msg`The two teams serve different communities: the reporter is asked, and chooses whom to leave out.`,
  referral_waiting: msg`A referral of this case to that team is already waiting for the reporter’s answer.`,
  referral_decided: msg`This referral was answered already.`,
  // Appeals.
  appeals_off: msg`This team takes no appeals through Confide; the notice says how to reach them.`,
  appeal_reference_unknown: msg`There is no appeal with this reference. Check that it was typed as written in the notice.`,
  appeal_limit_reached: msg`This decision was appealed already; the team takes one appeal per case.`,
  appeal_too_early: msg`It is too soon to appeal this decision. Please try again later.`,
  appeal_wrong_team: msg`An appeal goes to the team that decided the case: send it to the team the check named.`,
  voted_on_original: msg`You voted on the decision this appeal is about, so other members decide the appeal.`,
  // Accounts: recovery, passphrase, second factors.
  recovery_nonce_invalid: msg`This recovery has expired or was already used. Please start again.`,
  recovery_signature_invalid: msg`The recovery could not be confirmed. Check the team, your name and your recovery code, and start again.`,
  current_passphrase_wrong: msg`Your current passphrase is not right.`,
  confirmation_required: msg`Please confirm it’s you: enter your passphrase again, then try once more.`,
  second_factor_token_invalid: msg`This sign-in has expired or had too many tries. Please sign in again with your passphrase.`,
  second_factor_invalid: msg`That was not accepted: the code is not right or was already used, or the security key or passkey did not answer as expected. Please try again.`,
  second_factor_required: msg`Your team requires a second factor. Please add a security key, a passkey or an authenticator app first.`,
  second_factor_last: msg`Your team requires a second factor, so the last one cannot be removed. Add another first.`,
  totp_not_started: msg`Start setting up the authenticator app again: the last start has expired.`,
  totp_already_set: msg`An authenticator app is already set up. Remove it first to set up another.`,
  webauthn_unavailable: msg`Security keys and passkeys need this server to be reached by a host name, not an IP address. Use an authenticator app instead, or ask the person who runs Confide to set PUBLIC_URL to a host name.`,
  // Notifications.
  webhook_url_not_allowed: msg`This webhook address cannot be used, so nothing was saved. It must start with https://, carry no user name or password, and point to a public server on the internet whose name can be found.`,
  notifications_off: msg`No test can be sent: this server has no mail server set up, or the team has no webhook saved.`,
  no_email_address: msg`Save an e-mail address first, then send a test to it.`,
  // The server's side.
  database_unavailable: SERVER_BUSY,
  server_busy: SERVER_BUSY,
  internal_error: msg`Something went wrong on our side. Please try again.`,
};

/** The API client's own codes (api-client.ts), in every language but English (see clientWords). */
const CLIENT_WORDS: Readonly<Record<ClientErrorCode, MessageDescriptor>> = {
  network_error: msg`We could not reach Confide. Please check your connection and try again.`,
  invalid_response: msg`Confide sent a reply this page could not read. Please reload the page and try again.`,
  server_error: msg`Something went wrong on our side. Please try again in a moment.`,
  http_error: msg`The request could not be completed. Please try again.`,
  too_many_requests: msg`There have been too many attempts. Please wait a minute and try again.`,
  proof_of_work_failed: msg`This browser could not finish a check that Confide asks for when many requests come from one network. Please try again in a few minutes.`,
};

/**
 * What the keyring's Workers throw beside crypto's codes: keyring.worker.ts, decrypt.worker.ts,
 * index-key-holder.ts, case-pages.ts and referral-crypto.ts (Worker code, which has no
 * translations), keyring.ts on the page, and crypto-host.worker.ts for a Worker of no job.
 */
type KeyringErrorCode =
  | 'LOCKED'
  | 'WRONG_TEAM'
  | 'CASE_NOT_OPEN'
  | 'BAD_THREAD'
  | 'NO_KEK'
  | 'NO_KEYS'
  | 'REGRANT_FAILED'
  | 'EXCLUDED_RECIPIENT'
  | 'BAD_REFERRAL'
  | 'REPORTER_KEY_UNTRUSTED'
  | 'TARGET_KEY_UNTRUSTED'
  | 'NO_INDEX_KEY'
  | 'NO_PAGE'
  | 'UNKNOWN_ROLE';

const PAGE_BROKE = msg`Something went wrong in this page. Please reload the page and try again.`;
const NOT_AS_WRITTEN = msg`This did not pass this browser’s checks: it was altered, or it was not encrypted for you, so nothing of it is shown. If it happens again, the server may have been tampered with.`;
const ROSTER_UNTRUSTED = msg`The team’s member list does not pass this browser’s checks, so nothing was decrypted or encrypted with it. The server may have been tampered with.`;
const OUT_OF_MEMORY = msg`This browser could not finish the work in the background. Closing other tabs to free memory, then trying again, may help.`;

/** Crypto's codes (crypto/errors.ts), the keyring's and the Worker channel's (worker-rpc.ts). */
const WORKER_WORDS: Readonly<
  Record<ConfideCryptoErrorCode | KeyringErrorCode | WorkerRpcErrorCode, MessageDescriptor>
> = {
  NOT_READY: PAGE_BROKE,
  INVALID_ARGUMENT: PAGE_BROKE,
  BAD_ENCODING: msg`Something the server sent could not be read in this browser. Please reload the page and try again.`,
  BAD_KEY: msg`A key the server sent cannot be used, so nothing was encrypted or decrypted with it. If it happens again, the server may have been tampered with.`,
  UNKNOWN_VERSION: msg`This was written by a newer version of Confide than this page. Please reload the page.`,
  BAD_NONCE: NOT_AS_WRITTEN,
  TAMPERED: NOT_AS_WRITTEN,
  BAD_PADDING: NOT_AS_WRITTEN,
  WRONG_PASSPHRASE: msg`That passphrase does not unlock these keys. Check it and try again.`,
  RECOVERY_CODE_WRONG: msg`That recovery code does not open these keys. Check the code and try again.`,
  KDF_TOO_WEAK: msg`The server asked this browser to protect a passphrase with weaker settings than Confide allows, so the passphrase was not used. This may be an attack on the server.`,
  KDF_UNSUPPORTED: msg`The server asked this browser to protect a passphrase with settings it cannot use, so the passphrase was not used.`,
  ROSTER_SIGNATURE_INVALID: ROSTER_UNTRUSTED,
  ROSTER_CHAIN_BROKEN: ROSTER_UNTRUSTED,
  ROSTER_SIGNER_NOT_ADMIN: ROSTER_UNTRUSTED,
  ROSTER_FORK: ROSTER_UNTRUSTED,
  ROSTER_ROLLBACK: ROSTER_UNTRUSTED,
  ROSTER_INVALID: ROSTER_UNTRUSTED,
  ROSTER_FINGERPRINT_MISMATCH: msg`The team’s security fingerprint is not the one this browser expected, so nothing was decrypted or encrypted with its member list. Compare the fingerprint with someone on the team before going on.`,
  RECEIPT_MALFORMED: msg`This is not written as Confide writes receipts and codes. Please check each character and try again.`,
  SIGNATURE_INVALID: msg`A signature on this did not verify, so this browser cannot tell who wrote it. The server may have been tampered with.`,
  FILE_TRUNCATED: msg`This file arrived incomplete, so it was not opened. Please try again.`,
  FILE_TRAILING_DATA: msg`This file has more in it than was encrypted, so it was not opened. The server may have been tampered with.`,
  LOCKED: msg`Your keys are locked in this browser. Please sign in again.`,
  WRONG_TEAM: msg`That belongs to another team, so it was not done here. Please reload the page and try again.`,
  CASE_NOT_OPEN: msg`This case is not open in this browser. Please reload the page and try again.`,
  BAD_THREAD: PAGE_BROKE,
  NO_KEK: OUT_OF_MEMORY,
  NO_KEYS: OUT_OF_MEMORY,
  REGRANT_FAILED: msg`A case could not be shared in this browser. Please try again.`,
  EXCLUDED_RECIPIENT: msg`The reporter left this member out, so nothing about this case can be shared with them.`,
  BAD_REFERRAL: msg`This referral could not be prepared in this browser, so nothing was sent. Please reload the page and try again.`,
  REPORTER_KEY_UNTRUSTED: msg`The reporter’s key on this case does not match the report, so nothing can be sent to them. The server may have been tampered with.`,
  TARGET_KEY_UNTRUSTED: msg`The target’s key on this case did not pass this browser’s checks, so nothing can be sent to them. The server may have been tampered with.`,
  NO_INDEX_KEY: msg`This browser holds no copy of the team’s account index key yet. An admin of the team can share it with you.`,
  NO_PAGE: msg`A page of cases was not there any more. Please reload the list.`,
  UNKNOWN_ROLE: PAGE_BROKE,
  WORKER_FAILED: OUT_OF_MEMORY,
  WORKER_TERMINATED: msg`The work in the background was stopped before it finished. Please try again.`,
  UNKNOWN_METHOD: PAGE_BROKE,
  WORKER_ERROR: PAGE_BROKE,
};

function hasWords<Code extends string>(
  table: Readonly<Record<Code, MessageDescriptor>>,
  code: string,
): code is Code {
  return Object.hasOwn(table, code);
}

const isEnglish = (): boolean => i18n.locale === SOURCE_LANGUAGE;

type Details = Readonly<Record<string, unknown>>;

/** An ApiError's (api-client.ts) status and the fields its reply added. */
function replyOf(error: Error): { status: number; details: Details } | undefined {
  if (error.name !== 'ApiError') return undefined;
  const { status, details } = error as { status?: unknown; details?: unknown };
  return {
    status: typeof status === 'number' ? status : 0,
    details: typeof details === 'object' && details !== null ? (details as Details) : {},
  };
}

/** A server code's words, with what the reply adds where the words need it. */
function serverWords(code: ErrorCode, details: Details): string {
  if (code === 'appeal_too_early') {
    const after = details.appeal_after;
    if (after === null) {
      return i18n._(msg`The team is looking at this case again. You can appeal once they have closed it.`);
    }
    if (typeof after === 'string') {
      const date = formatDate(after, 'long');
      return i18n._(msg`It is too soon to appeal this decision: the team takes appeals of it from ${date}.`);
    }
  }
  if (code === 'rate_limited') {
    const wait = details.retry_after;
    if (typeof wait === 'number' && wait > 0) {
      const minutes = Math.ceil(wait / 60);
      return i18n._(
        msg`Too many attempts. Please wait ${plural(minutes, { one: '# minute', other: '# minutes' })} and try again.`,
      );
    }
  }
  return i18n._(SERVER_WORDS[code]);
}

/**
 * A client code's words. In English, the error's own message: the client wrote it, in English,
 * for where the failure happened (sending a file, fetching one), and pages and tests show it as
 * it is. In other languages the words of its code (api-client.ts, which the Workers share, has no
 * translations).
 */
function clientWords(code: ClientErrorCode, error: Error): string {
  if (isEnglish()) return error.message;
  const status = replyOf(error)?.status;
  if (code === 'http_error' && status !== undefined && status > 0) {
    return i18n._(msg`The request could not be completed (error ${status}).`);
  }
  return i18n._(CLIENT_WORDS[code]);
}

/**
 * The words for a failure that carries a stable `code`, or undefined when the caller's own words
 * should be shown (lib/format.ts errorText).
 *  - ApiError: the words of its code, server's or client's.
 *  - WorkerError and ConfideCryptoError: the words of their code (a Worker passes the API's codes
 *    on as they came, and crypto's and its own).
 *  - Any other error with a code (RosterTrustError, SignInError...): made by this page's code, with
 *    a message written for people in the page's language, which is shown. A module that passes a
 *    server's refusal on in its own error should word it with errorText, not the server's message.
 * A code this page does not know (a server newer than the page): in English the error's message,
 * which is English already, so English readers lose nothing they were shown before; in any other
 * language undefined, so the caller's words, in the reader's language, rather than English words
 * the reader may not understand.
 */
export function errorWords(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return undefined;
  const reply = replyOf(error);
  const fromWorker = error.name === 'WorkerError' || error.name === 'ConfideCryptoError';
  if (reply === undefined && !fromWorker) return error.message;

  if (hasWords(SERVER_WORDS, code)) return serverWords(code, reply?.details ?? {});
  if (hasWords(CLIENT_WORDS, code)) return clientWords(code, error);
  if (fromWorker && hasWords(WORKER_WORDS, code)) return i18n._(WORKER_WORDS[code]);
  return isEnglish() ? error.message : undefined;
}

/**
 * The words to show for a failure: for an error with a stable `code`, the client's own words for
 * it in the page's language (errorWords, above); anything else (a bug, a browser error) gets the
 * caller's `fallback`, never its raw message.
 */
export function errorText(error: unknown, fallback: string): string {
  return errorWords(error) ?? fallback;
}
