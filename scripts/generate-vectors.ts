/**
 * Writes crypto/vectors/v1.json, the test vectors of PROTOCOL.md, in exactly
 * the shape given at the end of that page, so that an implementation sharing no
 * code with ours (shared/tools/protocol-check) can check them.
 *
 *   npx tsx scripts/generate-vectors.ts      (npm run vectors)
 *
 * Deterministic: every key, nonce, salt, header and ephemeral key below is
 * derived from a fixed label, so running it again reproduces the file byte for
 * byte (tests/unit/crypto/vectors.test.ts checks this). Fixed keys and nonces
 * are allowed here and nowhere else: this script reaches the internal
 * explicit-randomness functions of crypto/ that the public entry does not export.
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { backupEncryptorWithFixedStreamHeader, backupKeysFromMaster } from '../crypto/backup.js';
import { blindIndexTag } from '../crypto/blind-index.js';
import {
  AD_KIND_MEMBER_KEYS,
  AD_KIND_REPORT,
  DEFAULT_KDF_MEM_BYTES,
  DEFAULT_KDF_OPS,
  SUMMARY_PADDED_BYTES,
} from '../crypto/constants.js';
import {
  canonicalJsonBytes,
  concatBytes,
  fromBase64Url,
  toBase64Url,
  toHex,
  utf8,
} from '../crypto/encoding.js';
import { sealEnvelopeWithNonce } from '../crypto/envelope.js';
import { fileEncryptorWithFixedHeader } from '../crypto/files.js';
import { indexKeyGrantMessage, signIndexKeyGrantWithEphemeralKey } from '../crypto/index-key-grants.js';
import { boxKeyPairFromSeed, signKeyPairFromSeed } from '../crypto/keys.js';
import { deriveMasterKey, encodeMemberKeyBundle, memberSecretsFromMaster } from '../crypto/member-keys.js';
import { sealMemberSettingsWith } from '../crypto/member-settings.js';
import { recoveryProofMessage, signRecoveryProof } from '../crypto/recovery.js';
import { deriveReceiptSeed, receiptKeysFromSeed } from '../crypto/receipts.js';
import { reportSignedMessage, signItemPayload, signReportPayload } from '../crypto/reports.js';
import { buildRosterEntry, rosterMember, signRosterEntry } from '../crypto/roster.js';
import { sealWithEphemeralKey } from '../crypto/sealed-box.js';
import { lib, ready } from '../crypto/sodium.js';
import { encodeSummary, encryptSummary, fitReportSummaryTraced } from '../crypto/summaries.js';
import { referralSignedMessage, signReferral } from '../crypto/referrals.js';
import { signTargetInvitation, targetInvitationMessage } from '../crypto/target-invitations.js';
import type {
  Envelope,
  FileKey,
  IndexKey,
  ItemBody,
  KdfParams,
  MemberKeys,
  ReceiptKeys,
  ReportBody,
  RosterRow,
  SymmetricKey,
} from '../crypto/types.js';

// ---------------------------------------------------------------------------
// The file's shape (PROTOCOL.md, "Test vectors"); all binary values base64url.
// ---------------------------------------------------------------------------

export interface VectorsV1 {
  version: 1;
  envelope: {
    key: string;
    nonce: string;
    kind: string;
    team: string;
    id: string;
    plaintext_len: number;
    envelope: Envelope;
  }[];
  member_kdf: {
    passphrase: string;
    salt: string;
    ops: number;
    mem: number;
    master: string;
    kek: string;
    auth: string;
    verifier: string;
  }[];
  member_keys: {
    team: string;
    member_id: string;
    kek: string;
    enc_sk: string;
    sign_sk: string;
    envelope: Envelope;
  };
  receipt: {
    receipt: string;
    seed: string;
    lookup: string;
    lookup_hash: string;
    box_pk: string;
    sign_pk: string;
  }[];
  seal: { recipient_pk: string; recipient_sk: string; message: string; sealed: string }[];
  roster: { team: string; entries: RosterRow[]; fingerprint: string };
  report: {
    team: string;
    id: string;
    key: string;
    body: string;
    payload: Envelope;
    sign_pk: string;
    sig: string;
  };
  item: {
    team: string;
    case: string;
    id: string;
    kind: string;
    key: string;
    body: string;
    payload: Envelope;
    sign_pk: string;
    sig: string;
  };
  file: { key: string; plaintext_len: number; stream: string };
  blind_index: { index_key: string; name: string; tag: string }[];
  backup: {
    passphrase: string;
    ops: number;
    mem: number;
    salt: string;
    master: string;
    header_key: string;
    stream_key: string;
    stream_header: string;
    plaintext_len: number;
    backup: string;
  };
  /** A `confide/record/v1` item (a vote), in the shape of `item`. */
  record: VectorsV1['item'];
  /** A member's own settings (docs/protocol.md 5.7), sealed to that member's `enc_pk`. */
  member_settings: {
    team: string;
    member_id: string;
    enc_pk: string;
    enc_sk: string;
    settings: string;
    key: string;
    payload: Envelope;
    k: string;
  };
  /**
   * A recovery proof (docs/protocol.md 5.8): the second member's new credentials, signed with
   * their signing key over a server nonce. `message` is the signed text; `credentials_hash` is
   * b64(BLAKE2b-256(canon(credentials))).
   */
  recovery_proof: {
    team: string;
    member_id: string;
    nonce: string;
    credentials: {
      kdf: KdfParams;
      auth: string;
      keys: Envelope;
      recovery: { kdf: KdfParams; keys: Envelope };
    };
    credentials_hash: string;
    message: string;
    sign_pk: string;
    sign_sk: string;
    sig: string;
  };
  /**
   * Summary envelopes (docs/protocol.md 9.7): bodies fitted to 511 bytes of summary JSON, padded to
   * 512, sealed under the report key with ad("summary", team, id), and signed with the body.
   */
  report_summary: ReportSummaryVector[];
  /**
   * A signed grant of the team's index key (docs/protocol.md 7): the key sealed to the second
   * member with a fixed ephemeral key, and the admin's signature over
   * "confide/v1/index-key-grant\n" canon({ by, epoch, member, team, wrap }).
   */
  index_key_grant: {
    team: string;
    member_id: string;
    by: string;
    epoch: number;
    index_key: string;
    member_enc_pk: string;
    member_enc_sk: string;
    ephemeral_sk: string;
    wrap: string;
    signer_sign_pk: string;
    signer_sign_sk: string;
    message: string;
    sig: string;
  };
  /**
   * The receipt a member made for a case's target (docs/protocol.md 8.5): the second receipt
   * vector's keys, signed by the admin over "confide/v1/target-invitation\n" case "\n" box_pk
   * "\n" sign_pk.
   */
  target_invitation: {
    case: string;
    receipt: string;
    lookup_hash: string;
    box_pk: string;
    sign_pk: string;
    signer_sign_pk: string;
    signer_sign_sk: string;
    message: string;
    sig: string;
  };
  /**
   * A referral packet's signature (docs/protocol.md 10.10): the `long` report_summary case's payload
   * and summary as the packet, its id the receiving case's, referred from the `report` vector's case
   * and signed by the admin over "confide/v1/referral\n" id "\n" from_case "\n" b64(H(c)) "\n" b64(H(c_summary)).
   */
  referral: {
    id: string;
    from_case: string;
    payload: Envelope;
    summary: Envelope;
    signer_sign_pk: string;
    signer_sign_sk: string;
    message: string;
    sig: string;
  };
}

/** One report with its summary envelope (docs/protocol.md 17, `report_summary`). */
export interface ReportSummaryVector {
  /** What the case shows: `short` (unchanged), `long`, `crowded`, `escapes`. */
  name: string;
  team: string;
  id: string;
  /** The report key K; it seals `payload` and `summary`. */
  key: string;
  /** The body's JSON text (what `payload` holds). */
  body: string;
  payload: Envelope;
  /** How the writer fitted the summary (9.7.5): the steps-table row, then what was dropped or halved. */
  fit: { step: number; kinds_dropped: number; involved_dropped: number; halvings: number };
  /** The summary plaintext, exactly: JSON text in the protocol's field order. */
  summary_json: string;
  /** Its length in UTF-8 bytes (at most 511). */
  summary_json_len: number;
  /** sodium_pad(summary_json, 512): always 512 bytes. */
  padded: string;
  /** envelope(padded, K, ad("summary", team, id)); `c` is always 528 bytes. */
  summary: Envelope;
  sign_pk: string;
  sign_sk: string;
  /** The signed text with a summary: "confide/v1/report+summary\n" id "\n" b64(H(c)) "\n" b64(H(c_summary)). */
  message: string;
  sig: string;
  /** The same body signed as a report without a summary (9.1 step 6), for comparison. */
  legacy_message: string;
  legacy_sig: string;
}

export const VECTORS_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../crypto/vectors/v1.json');

// ---------------------------------------------------------------------------
// Fixed inputs
// ---------------------------------------------------------------------------

/** `bytes(n)` of PROTOCOL.md: the n bytes i mod 251. */
export function testBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = i % 251;
  return out;
}

/** n pseudo-random bytes fixed by `label` (ChaCha20 keyed by BLAKE2b of the label). */
function fixed(label: string, n: number): Uint8Array {
  const sodium = lib();
  const seed = sodium.crypto_generichash(32, utf8(`confide/v1/test-vectors/${label}`), null);
  return sodium.randombytes_buf_deterministic(n, seed);
}

const b64 = toBase64Url;

const TEAM = '6f1c2a9e-3b7d-4c58-9e21-0a4b8d7f3c65';
const ADMIN_ID = '0d8f6e2a-91b4-4c7e-8a53-2f6b1c9d4e70';
const MEMBER_ID = 'a3c5e7f9-1b2d-4f6a-8c0e-9d7b5a3f1e2c';
const REPORT_ID = '5e2d8c4a-7b1f-4a96-b3e8-1c6f9d2a7e54';
const ITEM_ID = 'c8b1f3e6-2d9a-4e57-9a1c-7f4e2b8d6a03';
const ATTACHMENT_ID = '9b4e1d7c-5a2f-4e83-a6c9-3d8f0b2e7a14';
const RECORD_ID = 'e7a2c4f1-6b3d-4d89-b5e2-8a1f3c7d9b06';
const LONG_REPORT_ID = '1d6b9e3f-4c2a-4f85-a7d1-5e8c2b4f9a60';
const CROWDED_REPORT_ID = '7f3a5c1e-9d2b-4e64-8b0f-2a6d4c8e1b97';
const ESCAPES_REPORT_ID = 'b2e4d6f8-0a1c-4b3e-9d5f-7a9c1e3b5d08';

function memberKeys(label: string): MemberKeys {
  return {
    enc: boxKeyPairFromSeed(fixed(`${label}/enc`, 32)),
    sign: signKeyPairFromSeed(fixed(`${label}/sign`, 32)),
  };
}

// ---------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------

/**
 * One `report_summary` case: the body sealed under `key` as `payload` (with `payloadNonce`), its
 * fitted summary sealed under the same key with a fixed nonce, and both signatures by `reporter`.
 */
function reportSummaryVector(
  name: string,
  id: string,
  key: SymmetricKey,
  bodyText: string,
  payloadNonce: Uint8Array,
  reporter: ReceiptKeys,
): ReportSummaryVector {
  const sodium = lib();
  const payload = sealEnvelopeWithNonce(
    utf8(bodyText),
    key,
    { kind: AD_KIND_REPORT, team: TEAM, id },
    payloadNonce,
  );
  const fitted = fitReportSummaryTraced(JSON.parse(bodyText) as ReportBody);
  const plaintext = encodeSummary(fitted.summary);
  const sealed = encryptSummary(plaintext, key, TEAM, id, fixed(`report-summary/${name}/summary-nonce`, 24));
  const ciphertext = fromBase64Url(payload.c);
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return {
    name,
    team: TEAM,
    id,
    key: b64(key),
    body: bodyText,
    payload,
    fit: {
      step: fitted.step,
      kinds_dropped: fitted.kindsDropped,
      involved_dropped: fitted.involvedDropped,
      halvings: fitted.halvings,
    },
    summary_json: text(plaintext),
    summary_json_len: plaintext.length,
    // libsodium's own sodium_pad, not ours: the two must agree (tests/unit/crypto/summaries.test.ts).
    padded: b64(sodium.pad(plaintext, SUMMARY_PADDED_BYTES)),
    summary: sealed.envelope,
    sign_pk: b64(reporter.sign.publicKey),
    sign_sk: b64(reporter.sign.secretKey),
    message: text(reportSignedMessage(id, ciphertext, sealed.ciphertext)),
    sig: signReportPayload(id, payload, reporter.sign.secretKey, sealed.envelope),
    legacy_message: text(reportSignedMessage(id, ciphertext)),
    legacy_sig: signReportPayload(id, payload, reporter.sign.secretKey),
  };
}

export async function generateVectors(): Promise<VectorsV1> {
  await ready();
  const sodium = lib();

  // Envelopes: the five lengths PROTOCOL.md asks for, around the bucket edges
  // and past 64 KiB, each under another AD kind.
  const envelopeCases: [number, string, string][] = [
    [0, AD_KIND_REPORT, '1f0e2d3c-4b5a-4978-8695-a4b3c2d1e0f9'],
    [255, AD_KIND_MEMBER_KEYS, ADMIN_ID],
    [256, 'message', '2a1b0c9d-8e7f-4a6b-9c5d-4e3f2a1b0c9d'],
    [1023, 'note', '3b2c1d0e-9f8a-4b7c-8d6e-5f4a3b2c1d0e'],
    [70000, 'record', '4c3d2e1f-0a9b-4c8d-9e7f-6a5b4c3d2e1f'],
  ];
  const envelope = envelopeCases.map(([length, kind, id]) => {
    const key = fixed(`envelope/${length}/key`, 32);
    const nonce = fixed(`envelope/${length}/nonce`, 24);
    return {
      key: b64(key),
      nonce: b64(nonce),
      kind,
      team: TEAM,
      id,
      plaintext_len: length,
      envelope: sealEnvelopeWithNonce(
        testBytes(length),
        key as SymmetricKey,
        { kind, team: TEAM, id },
        nonce,
      ),
    };
  });

  // Member passphrases. The first runs at the minimum parameters, the second at
  // the defaults. Both need NFKC: a ligature, a Roman numeral, full-width
  // letters, a decomposed accent.
  const kdfCases: [string, number, number][] = [
    ['correct horse ﬁsh battery Ⅸ', 2, 67108864],
    ['Ｔｒｏｕｂａｄｏｒ & cafe\u0301 — 3 ½', DEFAULT_KDF_OPS, DEFAULT_KDF_MEM_BYTES],
  ];
  const member_kdf = kdfCases.map(([passphrase, ops, mem], i) => {
    const kdf: KdfParams = { alg: 'argon2id13', ops, mem, salt: b64(fixed(`member-kdf/${i}/salt`, 16)) };
    const master = deriveMasterKey(passphrase, kdf);
    const { kek, auth } = memberSecretsFromMaster(master);
    return {
      passphrase,
      salt: kdf.salt,
      ops,
      mem,
      master: b64(master),
      kek: b64(kek),
      auth: b64(auth),
      verifier: b64(sodium.crypto_generichash(32, auth, null)),
    };
  });

  // The admin's key bundle under the first kek.
  const admin = memberKeys('admin');
  const firstKdf = member_kdf[0]!;
  const kek = fromBase64Url(firstKdf.kek) as SymmetricKey;
  const member_keys = {
    team: TEAM,
    member_id: ADMIN_ID,
    kek: firstKdf.kek,
    enc_sk: b64(admin.enc.secretKey),
    sign_sk: b64(admin.sign.secretKey),
    envelope: sealEnvelopeWithNonce(
      encodeMemberKeyBundle(admin),
      kek,
      { kind: AD_KIND_MEMBER_KEYS, team: TEAM, id: ADMIN_ID },
      fixed('member-keys/nonce', 24),
    ),
  };

  // Receipts: as displayed, and two as people type them (lowercase, spaces,
  // O for 0, I and L for 1).
  const receiptInputs = ['7K3M-9QXD-2HVR-W8TB-5FNC', 'd0g5 ca7s-m1ce-b1rd-fox3', 'iLo1-ILO1 z9y8-x7w6-v5t4'];
  const receiptKeys = receiptInputs.map((receipt) => {
    const seed = deriveReceiptSeed(receipt);
    return { receipt, seed, keys: receiptKeysFromSeed(seed) };
  });
  const receipt = receiptKeys.map(({ receipt, seed, keys }) => ({
    receipt,
    seed: b64(seed),
    lookup: b64(keys.lookup),
    lookup_hash: b64(keys.lookupHash),
    box_pk: b64(keys.box.publicKey),
    sign_pk: b64(keys.sign.publicKey),
  }));

  // Sealed boxes in libsodium's format, with fixed ephemeral keys.
  const seal = [0, 1].map((i) => {
    const recipient = boxKeyPairFromSeed(fixed(`seal/${i}/recipient`, 32));
    const message = i === 0 ? fixed('seal/0/message', 32) : utf8('a sealed box holds any bytes');
    return {
      recipient_pk: b64(recipient.publicKey),
      recipient_sk: b64(recipient.secretKey),
      message: b64(message),
      sealed: b64(sealWithEphemeralKey(message, recipient.publicKey, fixed(`seal/${i}/ephemeral`, 32))),
    };
  });

  // Roster: genesis (admin), add (member), remove (member).
  const second = memberKeys('member');
  const adminRecord = rosterMember({
    id: ADMIN_ID,
    name: 'Ada (admin)',
    role: 'admin',
    encPublicKey: admin.enc.publicKey,
    signPublicKey: admin.sign.publicKey,
  });
  const memberRecord = rosterMember({
    id: MEMBER_ID,
    name: 'Bão Nguyễn',
    role: 'member',
    encPublicKey: second.enc.publicKey,
    signPublicKey: second.sign.publicKey,
  });
  const genesis = signRosterEntry(
    buildRosterEntry(undefined, {
      team: TEAM,
      at: '2026-11-24T06:41:00Z',
      op: 'genesis',
      member: adminRecord,
      by: ADMIN_ID,
    }),
    admin.sign.secretKey,
  );
  const added = signRosterEntry(
    buildRosterEntry(genesis, {
      team: TEAM,
      at: '2026-11-24T07:02:13Z',
      op: 'add',
      member: memberRecord,
      by: ADMIN_ID,
    }),
    admin.sign.secretKey,
  );
  const removed = signRosterEntry(
    buildRosterEntry(added, {
      team: TEAM,
      at: '2026-11-25T09:30:00Z',
      op: 'remove',
      member: memberRecord,
      by: ADMIN_ID,
    }),
    admin.sign.secretKey,
  );
  const roster = {
    team: TEAM,
    entries: [genesis, added, removed],
    fingerprint: toHex(fromBase64Url(genesis.hash)),
  };

  // An attachment, described in the report body below.
  const fileKey = fixed('file/key', 32) as FileKey;
  const filePlaintext = testBytes(70000);
  const encryptor = fileEncryptorWithFixedHeader(fileKey, fixed('file/header', 24));
  const stream = concatBytes(encryptor.update(filePlaintext), encryptor.final());
  const file = { key: b64(fileKey), plaintext_len: filePlaintext.length, stream: b64(stream) };

  // A report, signed with the first receipt's key.
  const reporter = receiptKeys[0]!.keys;
  const reportKey = fixed('report/key', 32) as SymmetricKey;
  const reportBody: ReportBody = {
    schema: 'confide/report/v1',
    reporter_role: 'target',
    kinds: ['personal_attack', 'doxing'],
    summary: 'Repeated insults on my talk page, and my home town posted',
    what_happened:
      'Since 2 November an account has left insults on my talk page.\nYesterday it posted where I live.',
    where: 'en.wikipedia.org, User talk:Example',
    links: [{ url: 'https://en.wikipedia.org/w/index.php?diff=123456', note: 'the post with my town' }],
    involved: [{ name: 'Example_Troll', role: 'alleged_harasser' }],
    private_info_exposed: true,
    danger: 'none',
    contact: { by: 'receipt' },
    language: 'en',
    attachments: [
      { id: ATTACHMENT_ID, name: 'talk-page.png', type: 'image/png', size: 70000, key: file.key },
    ],
    submitted_at: '2026-11-24T08:15:00Z',
  };
  const reportText = JSON.stringify(reportBody);
  const reportPayload = sealEnvelopeWithNonce(
    utf8(reportText),
    reportKey,
    { kind: AD_KIND_REPORT, team: TEAM, id: REPORT_ID },
    fixed('report/nonce', 24),
  );
  const report = {
    team: TEAM,
    id: REPORT_ID,
    key: b64(reportKey),
    body: reportText,
    payload: reportPayload,
    sign_pk: b64(reporter.sign.publicKey),
    sig: signReportPayload(REPORT_ID, reportPayload, reporter.sign.secretKey),
  };

  // A message from the admin to the reporter in that case.
  const itemKey = fixed('item/key', 32) as SymmetricKey;
  const itemBody: ItemBody = {
    schema: 'confide/message/v1',
    text: 'Thank you for writing to us. We have read your report and will reply by Friday.',
    attachments: [],
    written_at: '2026-11-24T09:00:00Z',
  };
  const itemText = JSON.stringify(itemBody);
  const itemPayload = sealEnvelopeWithNonce(
    utf8(itemText),
    itemKey,
    { kind: 'message', team: TEAM, id: ITEM_ID },
    fixed('item/nonce', 24),
  );
  const item = {
    team: TEAM,
    case: REPORT_ID,
    id: ITEM_ID,
    kind: 'message',
    key: b64(itemKey),
    body: itemText,
    payload: itemPayload,
    sign_pk: b64(admin.sign.publicKey),
    sig: signItemPayload(ITEM_ID, REPORT_ID, itemPayload, admin.sign.secretKey),
  };

  // A record in the same case: the admin's vote in the first round.
  const recordKey = fixed('record/key', 32) as SymmetricKey;
  const recordText = JSON.stringify({
    schema: 'confide/record/v1',
    type: 'vote',
    round: 1,
    choice: 'actionable',
    note: 'The diffs show the town posted twice; the account was warned before.',
    attachments: [],
    written_at: '2026-11-25T10:00:00Z',
  });
  const recordPayload = sealEnvelopeWithNonce(
    utf8(recordText),
    recordKey,
    { kind: 'record', team: TEAM, id: RECORD_ID },
    fixed('record/nonce', 24),
  );
  const record = {
    team: TEAM,
    case: REPORT_ID,
    id: RECORD_ID,
    kind: 'record',
    key: b64(recordKey),
    body: recordText,
    payload: recordPayload,
    sign_pk: b64(admin.sign.publicKey),
    sig: signItemPayload(RECORD_ID, REPORT_ID, recordPayload, admin.sign.secretKey),
  };

  // The second member's own settings, sealed to their own enc_pk.
  const settingsKey = fixed('member-settings/key', 32);
  const settingsText = JSON.stringify({
    schema: 'confide/member-settings/v1',
    personal_details: ['Bão Nguyễn', 'bao@example.org', 'Hanoi'],
  });
  const sealedSettings = sealMemberSettingsWith(
    utf8(settingsText),
    second.enc.publicKey,
    { team: TEAM, memberId: MEMBER_ID },
    settingsKey,
    fixed('member-settings/nonce', 24),
    fixed('member-settings/ephemeral', 32),
  );
  const member_settings = {
    team: TEAM,
    member_id: MEMBER_ID,
    enc_pk: b64(second.enc.publicKey),
    enc_sk: b64(second.enc.secretKey),
    settings: settingsText,
    key: b64(settingsKey),
    payload: sealedSettings.payload,
    k: sealedSettings.k,
  };

  // The second member recovers: new credentials (a passphrase bundle and a recovery copy, each
  // under a fixed kek) signed over a fixed server nonce.
  const recoveryNonce = b64(fixed('recovery-proof/nonce', 32));
  const rewrapped = (label: string) =>
    sealEnvelopeWithNonce(
      encodeMemberKeyBundle(second),
      fixed(`recovery-proof/${label}/kek`, 32) as SymmetricKey,
      { kind: AD_KIND_MEMBER_KEYS, team: TEAM, id: MEMBER_ID },
      fixed(`recovery-proof/${label}/nonce`, 24),
    );
  const recoveredCredentials = {
    kdf: {
      alg: 'argon2id13' as const,
      ops: DEFAULT_KDF_OPS,
      mem: DEFAULT_KDF_MEM_BYTES,
      salt: b64(fixed('recovery-proof/passphrase/salt', 16)),
    },
    auth: b64(fixed('recovery-proof/auth', 32)),
    keys: rewrapped('passphrase'),
    recovery: {
      kdf: {
        alg: 'argon2id13' as const,
        ops: DEFAULT_KDF_OPS,
        mem: DEFAULT_KDF_MEM_BYTES,
        salt: b64(fixed('recovery-proof/recovery/salt', 16)),
      },
      keys: rewrapped('recovery'),
    },
  };
  const proofInput = {
    team: TEAM,
    memberId: MEMBER_ID,
    nonce: recoveryNonce,
    credentials: recoveredCredentials,
  };
  const recovery_proof = {
    team: TEAM,
    member_id: MEMBER_ID,
    nonce: recoveryNonce,
    credentials: recoveredCredentials,
    credentials_hash: b64(sodium.crypto_generichash(32, canonicalJsonBytes(recoveredCredentials), null)),
    message: new TextDecoder().decode(recoveryProofMessage(proofInput)),
    sign_pk: b64(second.sign.publicKey),
    sign_sk: b64(second.sign.secretKey),
    sig: signRecoveryProof(second.sign.secretKey, proofInput),
  };

  // Blind index: a plain name, and names that only normalization makes equal.
  const indexKey = fixed('blind-index/key', 32) as IndexKey;
  const names = ['Example_Troll', '  ＥＸＡＭＰＬＥ__troll\u00a0 ', 'Ｊｏｈｎ\u3000  Dœ_ﬁx  ', 'İstanbul Σ'];
  const blind_index = names.map((name) => ({
    index_key: b64(indexKey),
    name,
    tag: b64(blindIndexTag(name, indexKey)),
  }));

  // A tiny backup (one FINAL chunk) at the minimum backup parameters, which are a member
  // passphrase's defaults; the passphrase needs NFKC (a ligature, a Roman numeral).
  const backupPassphrase = 'ﬁve boxing wizards Ⅻ jump';
  const backupKdf = {
    ops: DEFAULT_KDF_OPS,
    mem: DEFAULT_KDF_MEM_BYTES,
    salt: fixed('backup/salt', 16),
  };
  const backupMaster = deriveMasterKey(backupPassphrase, {
    alg: 'argon2id13',
    ops: backupKdf.ops,
    mem: backupKdf.mem,
    salt: b64(backupKdf.salt),
  });
  const backupKeys = backupKeysFromMaster(backupMaster, backupKdf);
  const backupStreamHeader = fixed('backup/stream-header', 24);
  const backupEncryptor = backupEncryptorWithFixedStreamHeader(backupKeys, backupStreamHeader);
  const backupPlaintext = testBytes(100);
  const backup = {
    passphrase: backupPassphrase,
    ops: backupKdf.ops,
    mem: backupKdf.mem,
    salt: b64(backupKdf.salt),
    master: b64(backupMaster),
    header_key: b64(backupKeys.headerKey),
    stream_key: b64(backupKeys.streamKey),
    stream_header: b64(backupStreamHeader),
    plaintext_len: backupPlaintext.length,
    backup: b64(concatBytes(backupEncryptor.update(backupPlaintext), backupEncryptor.final())),
  };

  // Summary envelopes (docs/protocol.md 9.7). The first is the `report` vector itself (same id, key
  // and payload: its legacy_sig is report.sig), short enough to fit unchanged. The others need the
  // writer's shortening: non-ASCII text (Vietnamese, Cyrillic, Japanese, Greek, an emoji) past two
  // rows of the steps table; every kind code and many accounts, so that kinds are dropped; and JSON
  // escapes (quotes, backslashes, control characters; "/", U+2028 and U+007F as themselves), so that
  // involved accounts are dropped too. Two traps for trimming with another language's notion of
  // white space: the long body's first line is U+FEFF alone (white space to 9.7.4, so skipped), and
  // the escapes body's place starts with U+001C (not white space to 9.7.4, so kept).
  const longBody: ReportBody = {
    schema: 'confide/report/v1',
    reporter_role: 'third_party',
    kinds: ['threat', 'doxing'],
    what_happened:
      '\ufeff\n \u3000 Kể từ tháng Mười Một, một tài khoản liên tục để lại lời đe doạ trên trang thảo luận của bạn tôi, ' +
      'rồi đăng địa chỉ nhà và nơi làm việc của cô ấy lên ba dự án khác nhau, kèm ảnh chụp màn hình 📸 ' +
      'từ một diễn đàn bên ngoài.  \nDòng thứ hai không hiện trong danh sách.',
    where:
      'vi.wikipedia.org — Thảo luận Thành viên:Ví_dụ; uk.wikipedia.org — Обговорення користувача:Приклад',
    involved: [
      { name: 'Кирило_Приклад_з_дуже_довгим_іменем_облікового_запису', role: 'alleged_harasser' },
      { name: 'Nguyễn Văn Thí Dụ', role: 'target' },
      { name: '例子アカウント・二号', role: 'alleged_harasser' },
      { name: 'Ζωή Παράδειγμα', role: 'witness' },
    ],
    private_info_exposed: true,
    danger: 'life',
    contact: { by: 'receipt' },
    language: 'vi',
    submitted_at: '2026-11-26T21:04:00Z',
  };
  const crowdedBody: ReportBody = {
    schema: 'confide/report/v1',
    reporter_role: 'target',
    kinds: [
      'personal_attack',
      'threat',
      'offensive_comment',
      'sexual_content',
      'unwanted_contact',
      'doxing',
      'private_communication',
      'disruption',
      'discrimination',
      'reporting_misuse',
      'impersonation',
      'brigading',
      'intimate_images',
      'contact_offwiki',
      'family_or_employer',
      'account_compromise',
      'image_based',
      'other',
    ],
    summary:
      'Eine koordinierte Kampagne gegen mich auf drei Wikis, mit gefälschten Konten, Drohungen und ' +
      'Bildern, die meine Familie zeigen',
    what_happened: 'Seit Oktober …',
    where: 'de.wikipedia.org, de.wikibooks.org, Wikimedia Commons, IRC #wikipedia-de, Telegram',
    involved: Array.from({ length: 12 }, (_, i) => ({
      name: `Störkonto_Nummer_${String(i + 1).padStart(2, '0')}_mit_Zusatz`,
      role: i === 11 ? ('witness' as const) : ('alleged_harasser' as const),
    })),
    private_info_exposed: true,
    danger: 'minor',
    submitted_at: '2026-11-27T07:45:00Z',
  };
  const escapesBody: ReportBody = {
    schema: 'confide/report/v1',
    kinds: ['impersonation', 'account_compromise', 'other'],
    summary:
      '\t/\u2028\u007f\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008"Quoted" \\ \u000b\u000c\u000e\u000f' +
      '\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f' +
      ' and more text that will not be shown',
    what_happened: 'The summary above was pasted from a terminal.',
    where: '\u001c\u0002\u0003\u0004\u0005 log \u001f\u001e\u001d\u001c\u001b "copied" \\ and more',
    involved: [
      {
        name: 'Tab\there\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u000e\u000f\u0010 and a long tail',
        role: 'alleged_harasser',
      },
      {
        name: '"Quote"\\\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a and more',
        role: 'target',
      },
      { name: 'Third', role: 'witness' },
    ],
    private_info_exposed: false,
    danger: 'none',
  };
  const reporterKeys = receiptKeys[0]!.keys;
  const report_summary = [
    reportSummaryVector('short', REPORT_ID, reportKey, reportText, fixed('report/nonce', 24), reporterKeys),
    ...(
      [
        ['long', LONG_REPORT_ID, longBody],
        ['crowded', CROWDED_REPORT_ID, crowdedBody],
        ['escapes', ESCAPES_REPORT_ID, escapesBody],
      ] as const
    ).map(([name, id, body]) =>
      reportSummaryVector(
        name,
        id,
        fixed(`report-summary/${name}/key`, 32) as SymmetricKey,
        JSON.stringify(body),
        fixed(`report-summary/${name}/nonce`, 24),
        reporterKeys,
      ),
    ),
  ];

  // A signed grant of the index key above, from the admin to the second member, at epoch 2 (a
  // rotation), so that an implementation cannot pass by assuming epoch 1.
  const grantEphemeral = fixed('index-key-grant/ephemeral', 32);
  const grantEpoch = 2;
  const signedGrant = signIndexKeyGrantWithEphemeralKey(
    indexKey,
    { team: TEAM, member: MEMBER_ID, encPublicKey: second.enc.publicKey },
    { id: ADMIN_ID, signSecretKey: admin.sign.secretKey },
    grantEpoch,
    grantEphemeral,
  );
  const index_key_grant = {
    team: TEAM,
    member_id: MEMBER_ID,
    by: ADMIN_ID,
    epoch: grantEpoch,
    index_key: b64(indexKey),
    member_enc_pk: b64(second.enc.publicKey),
    member_enc_sk: b64(second.enc.secretKey),
    ephemeral_sk: b64(grantEphemeral),
    wrap: signedGrant.wrap,
    signer_sign_pk: b64(admin.sign.publicKey),
    signer_sign_sk: b64(admin.sign.secretKey),
    message: new TextDecoder().decode(indexKeyGrantMessage(signedGrant, { team: TEAM, member: MEMBER_ID })),
    sig: signedGrant.sig,
  };

  const packet = report_summary[1]!;
  const referralPacket = {
    id: packet.id,
    fromCase: REPORT_ID,
    payload: packet.payload,
    summary: packet.summary,
  };
  const referral = {
    id: packet.id,
    from_case: REPORT_ID,
    payload: packet.payload,
    summary: packet.summary,
    signer_sign_pk: b64(admin.sign.publicKey),
    signer_sign_sk: b64(admin.sign.secretKey),
    message: new TextDecoder().decode(
      referralSignedMessage(
        packet.id,
        REPORT_ID,
        fromBase64Url(packet.payload.c),
        fromBase64Url(packet.summary.c),
      ),
    ),
    sig: signReferral(referralPacket, admin.sign.secretKey),
  };

  const targetReceipt = receiptKeys[1]!;
  const targetClaim = {
    case: REPORT_ID,
    box_pk: b64(targetReceipt.keys.box.publicKey),
    sign_pk: b64(targetReceipt.keys.sign.publicKey),
  };
  const target_invitation = {
    case: REPORT_ID,
    receipt: targetReceipt.receipt,
    lookup_hash: b64(targetReceipt.keys.lookupHash),
    box_pk: targetClaim.box_pk,
    sign_pk: targetClaim.sign_pk,
    signer_sign_pk: b64(admin.sign.publicKey),
    signer_sign_sk: b64(admin.sign.secretKey),
    message: new TextDecoder().decode(targetInvitationMessage(targetClaim)),
    sig: signTargetInvitation(admin.sign.secretKey, targetClaim),
  };

  return {
    version: 1,
    envelope,
    member_kdf,
    member_keys,
    receipt,
    seal,
    roster,
    report,
    item,
    file,
    blind_index,
    backup,
    record,
    member_settings,
    recovery_proof,
    report_summary,
    index_key_grant,
    target_invitation,
    referral,
  };
}

/** The file's text: two-space JSON with a final newline. */
export function serializeVectors(vectors: VectorsV1): string {
  return JSON.stringify(vectors, null, 2) + '\n';
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const vectors = await generateVectors();
  writeFileSync(VECTORS_PATH, serializeVectors(vectors));
  console.log(`wrote ${VECTORS_PATH}`);
}
