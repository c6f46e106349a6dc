/**
 * The one error shape, `{ "error": { "code", "message" } }`, and every code the server sends in
 * it. Codes are stable and machine-readable (clients branch on them); messages say what a person
 * can do about it. The server types every code it sends as ErrorCode, so a new code is added
 * here first, and docs/http-api.md describes it.
 */
import { Type, type Static } from 'typebox';

export const ERROR_CODES = [
  // Requests the HTTP layer refuses before any route runs.
  'bad_http',
  'headers_too_large',
  'request_timeout',
  'expectation_failed',
  'missing_host',
  'bad_url',
  'shutting_down',
  // Bodies and parameters.
  'invalid_request',
  'malformed_json',
  'empty_body',
  'body_too_large',
  'bad_content_length',
  'unsupported_media_type',
  'bad_request',
  'not_found',
  // Sessions and permissions.
  'missing_csrf_header',
  'unauthorized',
  'forbidden',
  'admin_only',
  // Rate limits and proofs of work.
  'rate_limited',
  'proof_of_work_required',
  'proof_of_work_expired',
  'proof_of_work_spent',
  'proof_of_work_invalid',
  'proof_of_work_wrong_route',
  // Teams, set-up and membership.
  'setup_link_invalid',
  'genesis_mismatch',
  'slug_taken',
  'team_exists',
  'team_fingerprint_mismatch',
  'bad_auth',
  'invitation_invalid',
  'name_taken',
  'roster_changed',
  'roster_entry_invalid',
  'roster_member_mismatch',
  'not_pending',
  'not_active',
  'index_key_grant_missing',
  'index_key_grant_invalid',
  'index_epoch_changed',
  'bad_op',
  'last_admin',
  'member_pending',
  'setup_link_used',
  'invitation_used',
  // Reports, items and files.
  'unknown_version',
  'bad_signature',
  'duplicate_report',
  'excluded_not_member',
  'no_recipient_left',
  'grants_do_not_match_roster',
  'wrong_case',
  'wrong_author',
  'reporter_messages_only',
  'bad_audience',
  'duplicate_item',
  'attachment_malformed',
  'attachment_too_large',
  'attachments_too_large',
  'attachment_unknown',
  'length_required',
  'uploads_busy',
  // Cases.
  'bad_cursor',
  'assignee_not_allowed',
  'case_withdrawn',
  'case_closed',
  'case_finished',
  'status_change_not_allowed',
  'item_required',
  'wrong_item_kind',
  'member_recused',
  'already_recused',
  'no_open_round',
  'wrong_round',
  'already_voted',
  'round_not_finished',
  'quorum_not_reached',
  'regrant_not_allowed',
  'receipt_unknown',
  'case_not_finished',
  'case_purged',
  // The target invited in (docs/protocol.md 8.5).
  'no_target',
  'target_already_invited',
  'receipt_in_use',
  'reporter_only',
  // Referrals (docs/protocol.md 10.10).
  'referral_same_team',
  'reporter_chooses_exclusions',
  'referral_waiting',
  'referral_decided',
  // Appeals.
  'appeals_off',
  'appeal_reference_unknown',
  'appeal_limit_reached',
  'appeal_too_early',
  'appeal_wrong_team',
  'voted_on_original',
  // Accounts: recovery, passphrase, second factors.
  'recovery_nonce_invalid',
  'recovery_signature_invalid',
  'current_passphrase_wrong',
  'confirmation_required',
  'second_factor_token_invalid',
  'second_factor_invalid',
  'second_factor_required',
  'second_factor_last',
  'totp_not_started',
  'totp_already_set',
  'webauthn_unavailable',
  // Notifications.
  'webhook_url_not_allowed',
  'notifications_off',
  'no_email_address',
  // The server's side.
  'database_unavailable',
  'server_busy',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * `code` stays a plain string in the schema: a client built before a code was added must still
 * accept the reply that carries it (and show its message).
 */
export const ErrorReply = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'stable machine-readable code' }),
      message: Type.String({ description: 'what a person can act on' }),
      roster_seq: Type.Optional(Type.Integer({ description: 'on a 409 about the roster: the current head' })),
      index_epoch: Type.Optional(
        Type.Integer({
          minimum: 0,
          description: "on a 409 index_epoch_changed: the team's current index-key epoch",
        }),
      ),
      appeal_after: Type.Optional(
        Type.Union([Type.String(), Type.Null()], {
          description:
            'on a 409 appeal_too_early: when the team takes an appeal of the case; null while the case is open again',
        }),
      ),
      challenge: Type.Optional(
        Type.Object(
          { token: Type.String(), bits: Type.Integer(), expires_at: Type.String() },
          { description: 'on a 429 proof_of_work_required: the work to do before sending again' },
        ),
      ),
    }),
  },
  { description: 'Every error has this shape' },
);
export type ErrorReply = Static<typeof ErrorReply>;
