/**
 * Reports and items (PROTOCOL.md, "Reports", "Messages and notes").
 *
 *   payload = envelope(body JSON, K, ad("report", team, id))          items: ad(kind, team, id)
 *   grants  = [ { to, k: b64(crypto_box_seal(K, pk)) } ]
 *   report sig = sign("confide/v1/report\n" || id || "\n" || b64(BLAKE2b-256(c)), reporter.sign.sk)
 *     or, with a summary envelope (summaries.ts, docs/protocol.md 9.7),
 *                sign("confide/v1/report+summary\n" || id || "\n" || b64(BLAKE2b-256(c)) || "\n"
 *                     || b64(BLAKE2b-256(c_summary)), reporter.sign.sk)
 *   item sig   = sign("confide/v1/item\n" || id || "\n" || case || "\n" || b64(BLAKE2b-256(c)), author.sign.sk)
 *
 * where c is the envelope's ciphertext bytes. A payload moved to another report
 * or case fails twice: its associated data names the id, and the signature
 * names it too.
 */
import {
  AD_KIND_REPORT,
  BOX_SECRET_KEY_BYTES,
  HASH_BYTES,
  ITEM_KINDS,
  ITEM_SIGNATURE_CONTEXT,
  KEY_BYTES,
  MESSAGE_SCHEMA,
  NONCE_BYTES,
  NOTE_SCHEMA,
  RECORD_SCHEMA,
  REPORT_SCHEMA,
  REPORT_SIGNATURE_CONTEXT,
  REPORT_SUMMARY_SIGNATURE_CONTEXT,
  REPORTER_GRANT_ID,
  SIGNATURE_BYTES,
} from './constants.js';
import { assertUuid, fromBase64Url, fromUtf8, parseJson, toBase64Url, utf8 } from './encoding.js';
import { decodeEnvelope, encryptEnvelope, openEnvelopeParts } from './envelope.js';
import { ConfideCryptoError } from './errors.js';
import {
  assertDistinctRecipients,
  grantKeyWithEphemeralKeys,
  unwrapItemKey,
  unwrapReportKey,
} from './grants.js';
import { randomBytes } from './random.js';
import { reporterPublicKeys } from './receipts.js';
import { referralSignedMessage } from './referrals.js';
import { encodeSummary, encryptSummary } from './summaries.js';
import { lib } from './sodium.js';
import type {
  BoxKeyPair,
  BoxPublicKey,
  Envelope,
  Grant,
  Item,
  ItemAudience,
  ItemBody,
  ItemKey,
  ItemKind,
  ReceiptKeys,
  Recipient,
  ReportBody,
  ReportCryptoParts,
  ReportKey,
  SignPublicKey,
  SummaryBody,
  SignSecretKey,
  SymmetricKey,
} from './types.js';

// ---------------------------------------------------------------------------
// Shared: one random draw, seal, grant, sign
// ---------------------------------------------------------------------------

interface SealedContent {
  readonly key: Uint8Array;
  readonly payload: Envelope;
  readonly grants: Grant[];
  readonly ciphertext: Uint8Array;
}

/**
 * Encrypts `plaintext` under a fresh key and grants the key to `recipients`.
 * The key, the nonce and every ephemeral secret key come from one
 * getRandomValues call: libsodium.js's own randomness would cost more than the
 * X25519 work.
 */
function sealContent(
  plaintext: Uint8Array,
  kind: string,
  team: string,
  id: string,
  recipients: readonly Recipient[],
): SealedContent {
  const random = randomBytes(KEY_BYTES + NONCE_BYTES + recipients.length * BOX_SECRET_KEY_BYTES);
  try {
    return sealContentWithRandom(plaintext, kind, team, id, recipients, random);
  } finally {
    random.fill(0);
  }
}

/**
 * @internal `random` = key(32) || nonce(24) || one 32-byte ephemeral secret key
 * per recipient. Fixed values are for the vector generator only.
 */
export function sealContentWithRandom(
  plaintext: Uint8Array,
  kind: string,
  team: string,
  id: string,
  recipients: readonly Recipient[],
  random: Uint8Array,
): SealedContent {
  if (random.length !== KEY_BYTES + NONCE_BYTES + recipients.length * BOX_SECRET_KEY_BYTES) {
    throw new ConfideCryptoError('INVALID_ARGUMENT', 'random input has the wrong length');
  }
  assertDistinctRecipients(recipients);
  const key = random.slice(0, KEY_BYTES);
  const nonce = random.subarray(KEY_BYTES, KEY_BYTES + NONCE_BYTES);
  const { envelope, ciphertext } = encryptEnvelope(plaintext, key as SymmetricKey, { kind, team, id }, nonce);
  const grants = grantKeyWithEphemeralKeys(key, recipients, random.subarray(KEY_BYTES + NONCE_BYTES));
  return { key, payload: envelope, grants, ciphertext };
}

function payloadDigest(ciphertext: Uint8Array): string {
  return toBase64Url(lib().crypto_generichash(HASH_BYTES, ciphertext, null));
}

/**
 * "confide/v1/report\n" || id || "\n" || b64(BLAKE2b-256(c)): the bytes a reporter signs; with a
 * summary envelope, "confide/v1/report+summary\n" || id || "\n" || b64(BLAKE2b-256(c)) || "\n" ||
 * b64(BLAKE2b-256(c_summary)). Exported for a verifier with its own Ed25519 (the server checks with
 * native libsodium).
 */
export function reportSignedMessage(
  id: string,
  ciphertext: Uint8Array,
  summaryCiphertext?: Uint8Array | null,
): Uint8Array {
  if (summaryCiphertext) {
    return utf8(
      `${REPORT_SUMMARY_SIGNATURE_CONTEXT}${id}\n${payloadDigest(ciphertext)}\n${payloadDigest(summaryCiphertext)}`,
    );
  }
  return utf8(`${REPORT_SIGNATURE_CONTEXT}${id}\n${payloadDigest(ciphertext)}`);
}

/** "confide/v1/item\n" || id || "\n" || case || "\n" || b64(BLAKE2b-256(c)): the bytes an author signs. */
export function itemSignedMessage(id: string, caseId: string, ciphertext: Uint8Array): Uint8Array {
  return utf8(`${ITEM_SIGNATURE_CONTEXT}${id}\n${caseId}\n${payloadDigest(ciphertext)}`);
}

function sign(message: Uint8Array, signerSecretKey: SignSecretKey): string {
  return toBase64Url(lib().crypto_sign_detached(message, signerSecretKey));
}

function verify(message: Uint8Array, sig: string, signerPublicKey: SignPublicKey, what: string): void {
  let sigBytes: Uint8Array | undefined;
  try {
    sigBytes = fromBase64Url(sig, `${what} signature`);
  } catch {
    sigBytes = undefined;
  }
  verifyBytes(message, sigBytes, signerPublicKey, what);
}

function verifyBytes(
  message: Uint8Array,
  sigBytes: Uint8Array | undefined,
  signerPublicKey: SignPublicKey,
  what: string,
): void {
  if (
    sigBytes?.length !== SIGNATURE_BYTES ||
    !lib().crypto_sign_verify_detached(sigBytes, message, signerPublicKey)
  ) {
    throw new ConfideCryptoError(
      'SIGNATURE_INVALID',
      `${what} signature does not verify against the signer's key`,
    );
  }
}

function decodeJsonBody(plaintext: Uint8Array, what: string): Record<string, unknown> {
  const parsed = parseJson(fromUtf8(plaintext, what), what);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfideCryptoError('BAD_ENCODING', `${what} is not a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

// ---------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------

export interface SealReportInput {
  readonly team: string;
  /** The report id (UUID v4, generateId()), chosen before encryption. */
  readonly id: string;
  /**
   * The body, or its UTF-8 JSON text already serialized. Bytes are sealed as
   * they are: the caller vouches that they hold a report body (readers reject
   * anything else with BAD_ENCODING).
   */
  readonly body: ReportBody | Uint8Array;
  /** Active members minus exclusions (recipientsFromRoster). The reporter is added here. */
  readonly recipients: readonly Recipient[];
  /** From deriveReceiptKeys(generateReceipt()). */
  readonly reporter: ReceiptKeys;
  /**
   * What the case list shows (fitReportSummary(body)): sealed under the same key as a 512-byte
   * summary envelope and signed with the body. Left out only by writers older than summaries.
   */
  readonly summary?: SummaryBody;
}

export interface SealedReport {
  /** id, team, payload, grants (members, then "reporter"), reporter public keys, sig. */
  readonly report: ReportCryptoParts;
  /** K, for attaching files later in this session; do not store it. */
  readonly reportKey: ReportKey;
}

/**
 * Encrypts a report body, grants its key to each recipient and to the reporter,
 * and signs it with the receipt's signing key.
 */
export function sealReport(input: SealReportInput): SealedReport {
  assertUuid(input.team, 'team id');
  assertUuid(input.id, 'report id');
  const bodyIsBytes = input.body instanceof Uint8Array;
  if (!bodyIsBytes) checkReportBody(input.body, 'INVALID_ARGUMENT');
  if (input.recipients.length === 0) {
    throw new ConfideCryptoError('INVALID_ARGUMENT', 'a report needs at least one team member as recipient');
  }
  if (input.recipients.some((r) => r.id === REPORTER_GRANT_ID)) {
    throw new ConfideCryptoError('INVALID_ARGUMENT', 'the reporter is added by sealReport; do not list them');
  }
  const recipients = [
    ...input.recipients,
    { id: REPORTER_GRANT_ID, boxPublicKey: input.reporter.box.publicKey },
  ];
  const plaintext = input.body instanceof Uint8Array ? input.body : utf8(JSON.stringify(input.body));
  const summaryPlaintext = input.summary === undefined ? null : encodeSummary(input.summary);
  const sealed = sealContent(plaintext, AD_KIND_REPORT, input.team, input.id, recipients);
  if (!bodyIsBytes) plaintext.fill(0);
  const summary =
    summaryPlaintext === null
      ? null
      : encryptSummary(
          summaryPlaintext,
          sealed.key as SymmetricKey,
          input.team,
          input.id,
          randomBytes(NONCE_BYTES),
        );
  summaryPlaintext?.fill(0);
  return {
    report: {
      id: input.id,
      team: input.team,
      payload: sealed.payload,
      grants: sealed.grants,
      reporter: reporterPublicKeys(input.reporter),
      sig: sign(
        reportSignedMessage(input.id, sealed.ciphertext, summary?.ciphertext),
        input.reporter.sign.secretKey,
      ),
      ...(summary === null ? {} : { summary: summary.envelope }),
    },
    reportKey: sealed.key as ReportKey,
  };
}

export interface SealReferralInput {
  /** The receiving team's id: the packet is sealed to it, with ad("report", team, id). */
  readonly team: string;
  /** The receiving case's id (UUID v4, generateId()), chosen before encryption. */
  readonly id: string;
  /** The case it is referred from: signed with the packet. */
  readonly fromCase: string;
  /** A report body (confide/report/v1) with the referral's fields (protocol.md 10.10). */
  readonly body: ReportBody;
  readonly summary: SummaryBody;
  /** Every active member of the receiving team's verified roster (exclusions drop grants at release). */
  readonly recipients: readonly Recipient[];
  /** The case's reporter's box key, from the report body they signed: they may read the packet before consenting. */
  readonly reporterBoxPublicKey: BoxPublicKey;
  /** The referring member's signing key. */
  readonly memberSignSecretKey: SignSecretKey;
}

/**
 * Seals a referral packet (protocol.md 10.10) as a report is sealed (a fresh key, the body and
 * its summary envelope under it, the key granted to each recipient and to "reporter"), and signs
 * it with the referring member's key over the referral message instead of a receipt's.
 */
export function sealReferral(input: SealReferralInput): {
  readonly payload: Envelope;
  readonly summary: Envelope;
  readonly grants: readonly Grant[];
  readonly sig: string;
} {
  assertUuid(input.team, 'team id');
  assertUuid(input.id, 'referral id');
  assertUuid(input.fromCase, 'case id');
  checkReportBody(input.body, 'INVALID_ARGUMENT');
  if (input.recipients.length === 0 || input.recipients.some((r) => r.id === REPORTER_GRANT_ID)) {
    throw new ConfideCryptoError(
      'INVALID_ARGUMENT',
      'a referral needs the receiving team as recipients, the reporter added here',
    );
  }
  const plaintext = utf8(JSON.stringify(input.body));
  const summaryPlaintext = encodeSummary(input.summary);
  const sealed = sealContent(plaintext, AD_KIND_REPORT, input.team, input.id, [
    ...input.recipients,
    { id: REPORTER_GRANT_ID, boxPublicKey: input.reporterBoxPublicKey },
  ]);
  plaintext.fill(0);
  const summary = encryptSummary(
    summaryPlaintext,
    sealed.key as SymmetricKey,
    input.team,
    input.id,
    randomBytes(NONCE_BYTES),
  );
  summaryPlaintext.fill(0);
  sealed.key.fill(0);
  return {
    payload: sealed.payload,
    summary: summary.envelope,
    grants: sealed.grants,
    sig: sign(
      referralSignedMessage(input.id, input.fromCase, sealed.ciphertext, summary.ciphertext),
      input.memberSignSecretKey,
    ),
  };
}

/** @internal Signs a report payload; for the vector generator and re-signing tests. */
export function signReportPayload(
  id: string,
  payload: Envelope,
  reporterSignSecretKey: SignSecretKey,
  summary?: Envelope | null,
): string {
  return sign(
    reportSignedMessage(
      id,
      decodeEnvelope(payload).ciphertext,
      summary ? decodeEnvelope(summary).ciphertext : null,
    ),
    reporterSignSecretKey,
  );
}

/** A report as the server returns it: enough to verify and open it. */
export interface EncryptedReport {
  readonly team: string;
  readonly id: string;
  readonly payload: Envelope;
}

/**
 * SIGNATURE_INVALID unless `sig` is the reporter's signature over this id and payload, and over its
 * summary envelope when it has one. A summary stripped from a report, or added to an older one,
 * fails too: the two signed messages have different contexts.
 */
export function verifyReportSignature(
  report: {
    readonly id: string;
    readonly payload: Envelope;
    readonly sig: string;
    readonly summary?: Envelope | null;
  },
  reporterSignPublicKey: SignPublicKey,
): void {
  const { ciphertext } = decodeEnvelope(report.payload);
  const summaryCiphertext = report.summary ? decodeEnvelope(report.summary).ciphertext : null;
  verify(
    reportSignedMessage(report.id, ciphertext, summaryCiphertext),
    report.sig,
    reporterSignPublicKey,
    'report',
  );
}

/**
 * verifyReportSignature over bytes already decoded: the ciphertext `c` of the payload and the
 * 64-byte signature. For the server, which decodes a submission once (for this check and for
 * storing it) and has no use for the strict decoder's error messages.
 */
export function verifyReportCiphertextSignature(
  id: string,
  ciphertext: Uint8Array,
  sig: Uint8Array,
  reporterSignPublicKey: SignPublicKey,
  summaryCiphertext?: Uint8Array | null,
): void {
  verifyBytes(reportSignedMessage(id, ciphertext, summaryCiphertext), sig, reporterSignPublicKey, 'report');
}

/**
 * Decrypts a report's payload with its key and parses the body. Errors:
 * envelope codes (TAMPERED, BAD_PADDING...), BAD_ENCODING for a body that is
 * not a JSON object with a `what_happened` string, UNKNOWN_VERSION for another
 * schema. Fields this version does not know are kept as they are.
 */
export function openReport(report: EncryptedReport, reportKey: ReportKey): ReportBody {
  return parseReportBody(openReportBytes(report, reportKey));
}

/** Decrypts a report's payload to the body's UTF-8 JSON bytes, without parsing. */
export function openReportBytes(report: EncryptedReport, reportKey: ReportKey): Uint8Array {
  return openDecodedReport(report, decodeEnvelope(report.payload), reportKey);
}

function openDecodedReport(
  report: EncryptedReport,
  { nonce, ciphertext }: { readonly nonce: Uint8Array; readonly ciphertext: Uint8Array },
  reportKey: ReportKey,
): Uint8Array {
  return openEnvelopeParts(
    nonce,
    ciphertext,
    reportKey,
    { kind: AD_KIND_REPORT, team: report.team, id: report.id },
    'TAMPERED',
  );
}

function parseReportBody(plaintext: Uint8Array): ReportBody {
  const body = decodeJsonBody(plaintext, 'report body');
  checkReportBody(body, 'BAD_ENCODING');
  return body as unknown as ReportBody;
}

/**
 * For a member or the reporter: opens the grant sealed to `recipient`,
 * verifies the reporter's signature, and decrypts the body.
 */
export function verifyAndOpenReport(
  report: EncryptedReport & {
    readonly sig: string;
    readonly grant: string;
    readonly summary?: Envelope | null;
  },
  recipient: BoxKeyPair,
  reporterSignPublicKey: SignPublicKey,
): { readonly body: ReportBody; readonly reportKey: ReportKey } {
  // The payload is decoded once for the signature and the decryption (it is most of the bytes).
  const parts = decodeEnvelope(report.payload);
  const summaryCiphertext = report.summary ? decodeEnvelope(report.summary).ciphertext : null;
  verify(
    reportSignedMessage(report.id, parts.ciphertext, summaryCiphertext),
    report.sig,
    reporterSignPublicKey,
    'report',
  );
  const reportKey = unwrapReportKey(report.grant, recipient);
  return { body: parseReportBody(openDecodedReport(report, parts, reportKey)), reportKey };
}

function checkReportBody(body: unknown, code: 'INVALID_ARGUMENT' | 'BAD_ENCODING'): void {
  const b = body as { schema?: unknown; what_happened?: unknown } | null;
  if (typeof b !== 'object' || b === null)
    throw new ConfideCryptoError(code, 'report body must be an object');
  if (b.schema !== REPORT_SCHEMA) {
    throw new ConfideCryptoError(
      code === 'BAD_ENCODING' && typeof b.schema === 'string' ? 'UNKNOWN_VERSION' : code,
      `report body schema must be "${REPORT_SCHEMA}"`,
    );
  }
  if (typeof b.what_happened !== 'string') {
    throw new ConfideCryptoError(code, 'report body needs a what_happened string');
  }
}

// ---------------------------------------------------------------------------
// Items
// ---------------------------------------------------------------------------

const ITEM_SCHEMAS: Readonly<Record<ItemKind, ItemBody['schema']>> = {
  message: MESSAGE_SCHEMA,
  note: NOTE_SCHEMA,
  record: RECORD_SCHEMA,
};

export interface SealItemInput {
  readonly team: string;
  /** The case (report) id. */
  readonly caseId: string;
  /** The item id (UUID v4), chosen before encryption. */
  readonly id: string;
  readonly kind: ItemKind;
  /** Member id, or "reporter". */
  readonly author: string;
  readonly audience: ItemAudience;
  readonly body: ItemBody;
  /**
   * The team, plus { id: "reporter", boxPublicKey: reporter box_pk } when audience = reporter, or
   * { id: "target", boxPublicKey: target box_pk } when audience = target.
   */
  readonly recipients: readonly Recipient[];
  readonly authorSignSecretKey: SignSecretKey;
  /** Ids of attachments uploaded for this item. */
  readonly attachments?: readonly string[];
}

/** The item as submitted (POST .../items), with its key. */
export interface SealedItem {
  /** As stored, with its attachment list always present (empty when there are none). */
  readonly item: Required<Item>;
  readonly itemKey: ItemKey;
}

/** Encrypts an item body, grants its key, and signs it with the author's key. */
export function sealItem(input: SealItemInput): SealedItem {
  assertUuid(input.team, 'team id');
  assertUuid(input.caseId, 'case id');
  assertUuid(input.id, 'item id');
  if (!ITEM_KINDS.includes(input.kind)) {
    throw new ConfideCryptoError('INVALID_ARGUMENT', `item kind must be one of ${ITEM_KINDS.join(', ')}`);
  }
  checkItemBody(input.body, 'INVALID_ARGUMENT');
  if (input.body.schema !== ITEM_SCHEMAS[input.kind]) {
    throw new ConfideCryptoError(
      'INVALID_ARGUMENT',
      `a ${input.kind} item has schema "${ITEM_SCHEMAS[input.kind]}"`,
    );
  }
  if (input.recipients.length === 0) {
    throw new ConfideCryptoError('INVALID_ARGUMENT', 'an item needs at least one recipient');
  }
  const plaintext = utf8(JSON.stringify(input.body));
  const sealed = sealContent(plaintext, input.kind, input.team, input.id, input.recipients);
  plaintext.fill(0);
  return {
    item: {
      id: input.id,
      case: input.caseId,
      kind: input.kind,
      author: input.author,
      audience: input.audience,
      payload: sealed.payload,
      grants: sealed.grants,
      attachments: input.attachments ?? [],
      sig: sign(itemSignedMessage(input.id, input.caseId, sealed.ciphertext), input.authorSignSecretKey),
    },
    itemKey: sealed.key as ItemKey,
  };
}

/** @internal Signs an item payload; for the vector generator. */
export function signItemPayload(
  id: string,
  caseId: string,
  payload: Envelope,
  authorSignSecretKey: SignSecretKey,
): string {
  return sign(itemSignedMessage(id, caseId, decodeEnvelope(payload).ciphertext), authorSignSecretKey);
}

/** An item as the server returns it: enough to verify and open it. */
export interface EncryptedItem {
  readonly id: string;
  readonly case: string;
  readonly kind: ItemKind;
  readonly payload: Envelope;
  readonly sig: string;
}

/**
 * SIGNATURE_INVALID unless `sig` is the author's signature over this id, case
 * and payload. Show who wrote an item only after this passes, with the author's
 * roster key (or the reporter's sign_pk for author = "reporter").
 */
export function verifyItemSignature(item: EncryptedItem, authorSignPublicKey: SignPublicKey): void {
  const { ciphertext } = decodeEnvelope(item.payload);
  verify(itemSignedMessage(item.id, item.case, ciphertext), item.sig, authorSignPublicKey, 'item');
}

/** verifyItemSignature over bytes already decoded; see verifyReportCiphertextSignature. */
export function verifyItemCiphertextSignature(
  item: { readonly id: string; readonly case: string },
  ciphertext: Uint8Array,
  sig: Uint8Array,
  authorSignPublicKey: SignPublicKey,
): void {
  verifyBytes(itemSignedMessage(item.id, item.case, ciphertext), sig, authorSignPublicKey, 'item');
}

/** Decrypts an item body with its key: ad(kind, team, id). */
export function openItem(
  item: Pick<EncryptedItem, 'id' | 'kind' | 'payload'>,
  team: string,
  itemKey: ItemKey,
): ItemBody {
  if (!ITEM_KINDS.includes(item.kind)) {
    throw new ConfideCryptoError('BAD_ENCODING', `unknown item kind ${JSON.stringify(item.kind)}`);
  }
  const { nonce, ciphertext } = decodeEnvelope(item.payload);
  const plaintext = openEnvelopeParts(
    nonce,
    ciphertext,
    itemKey,
    { kind: item.kind, team, id: item.id },
    'TAMPERED',
  );
  const body = decodeJsonBody(plaintext, 'item body');
  checkItemBody(body, 'BAD_ENCODING');
  return body as unknown as ItemBody;
}

/** Opens the grant sealed to `recipient`, verifies the author's signature, decrypts the body. */
export function verifyAndOpenItem(
  item: EncryptedItem & { readonly grant: string },
  team: string,
  recipient: BoxKeyPair,
  authorSignPublicKey: SignPublicKey,
): ItemBody {
  verifyItemSignature(item, authorSignPublicKey);
  return openItem(item, team, unwrapItemKey(item.grant, recipient));
}

function checkItemBody(body: unknown, code: 'INVALID_ARGUMENT' | 'BAD_ENCODING'): void {
  const b = body as { schema?: unknown; text?: unknown } | null;
  if (typeof b !== 'object' || b === null) throw new ConfideCryptoError(code, 'item body must be an object');
  if (!Object.values(ITEM_SCHEMAS).includes(b.schema as ItemBody['schema'])) {
    throw new ConfideCryptoError(
      code === 'BAD_ENCODING' && typeof b.schema === 'string' ? 'UNKNOWN_VERSION' : code,
      `item body schema must be one of ${Object.values(ITEM_SCHEMAS).join(', ')}`,
    );
  }
  // Messages and notes carry text; a record carries its type (contract/records.ts) instead.
  if (b.schema !== RECORD_SCHEMA && typeof b.text !== 'string') {
    throw new ConfideCryptoError(code, 'item body needs a text string');
  }
  if (b.schema === RECORD_SCHEMA && typeof (b as { type?: unknown }).type !== 'string') {
    throw new ConfideCryptoError(code, 'a record body needs a type string');
  }
}
