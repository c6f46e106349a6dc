/**
 * The reporter's own report, checked with what only their receipt holds (docs/review-notes.md R-1):
 * the signature against the receipt's OWN sign key (never one the server serves), the key
 * unwrapped with the receipt's own box key, the body decrypted, and the keys the body names
 * required to be the receipt's. Pure: no fetch, so the checks can be tested as they are.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import type { ReceiptKeys, ReportBody } from '#crypto';
import { envelopeV1 } from '../../../lib/decode.js';
import type { CryptoModule } from '../../../lib/load-crypto.js';
import type { ReceiptCase } from '../api/receipt-types.js';

/**
 * The report body with the additive fields of docs/review-notes.md 2.3 (listed in
 * docs/protocol.md 9.4), when the writer added them.
 */
export type OpenedReportBody = ReportBody & {
  readonly reporter_keys?: { readonly box_pk?: unknown; readonly sign_pk?: unknown };
  readonly excluded?: unknown;
  readonly team_fingerprint?: unknown;
  readonly roster_head?: unknown;
};

/**
 * The report itself failed its checks: shown as tampering, never as an empty case. Its message is
 * for the reporter, in the page's language.
 */
export class CaseIntegrityError extends Error {
  override readonly name = 'CaseIntegrityError';
}

/**
 * The body of the report a reporter's receipt opens; CaseIntegrityError when anything of it is
 * missing (a case not purged always has its report, its signature and the reporter's grant) or
 * fails a check.
 */
export function readReport(C: CryptoModule, served: ReceiptCase, keys: ReceiptKeys): OpenedReportBody {
  const { payload, grant, sig } = served;
  if (payload === null || grant === null) {
    throw new CaseIntegrityError(
      i18n._(msg`The report stored for this receipt is missing, yet it was not deleted.`),
    );
  }
  if (sig === null) {
    // Only a target's receipt is served without one: a report without its signature could be anyone's.
    throw new CaseIntegrityError(
      i18n._(
        msg`The report stored for this receipt comes without its signature, so it cannot be checked as the one you sent.`,
      ),
    );
  }
  let body: OpenedReportBody;
  try {
    // The signature covers the summary envelope too when the report has one (docs/protocol.md
    // 9.7): one stripped, added or swapped by the server fails here like an altered body.
    const summary = served.summary === null ? null : envelopeV1(served.summary, 'case.summary');
    C.verifyReportSignature({ id: served.id, payload, sig, summary }, keys.sign.publicKey);
    const reportKey = C.unwrapReportKey(grant, keys.box);
    body = C.openReport({ team: served.team, id: served.id, payload }, reportKey);
    reportKey.fill(0);
  } catch {
    throw new CaseIntegrityError(
      i18n._(
        msg`The report stored for this receipt is not the one you sent: it fails the checks only your receipt can make.`,
      ),
    );
  }
  const boundKeys = body.reporter_keys;
  if (
    boundKeys &&
    (boundKeys.sign_pk !== C.keyToBase64(keys.sign.publicKey) ||
      boundKeys.box_pk !== C.keyToBase64(keys.box.publicKey))
  ) {
    throw new CaseIntegrityError(i18n._(msg`The report names keys other than your receipt’s.`));
  }
  return body;
}
