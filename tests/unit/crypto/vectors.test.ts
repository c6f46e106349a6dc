// The committed vectors (crypto/vectors/v1.json) against the public API, and
// the generator against the committed file: regenerating must reproduce it
// byte for byte, or the file and the code have drifted apart.
import { readFileSync } from 'node:fs';

import sodium from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';

import * as C from '../../../crypto/index.js';
import { expectBytes } from './helpers.js';
import { openSealed, sealWithEphemeralKey } from '../../../crypto/sealed-box.js';
import {
  generateVectors,
  serializeVectors,
  testBytes,
  VECTORS_PATH,
  type VectorsV1,
} from '../../../scripts/generate-vectors.js';
import type {
  BoxKeyPair,
  FileKey,
  IndexKey,
  ItemKey,
  KeyEncryptionKey,
  ReportKey,
  SymmetricKey,
} from '../../../crypto/index.js';

const committedText = readFileSync(VECTORS_PATH, 'utf8');
const V = JSON.parse(committedText) as VectorsV1;
const d = (s: string): Uint8Array => C.fromBase64Url(s);

beforeAll(async () => {
  await C.ready();
});

describe('test vectors', () => {
  it('regenerating the vectors reproduces the committed file byte for byte', async () => {
    const regenerated = serializeVectors(await generateVectors());
    expect(regenerated === committedText).toBe(true);
  }, 120_000);

  it('has the lengths, sections and counts PROTOCOL.md asks for', () => {
    expect(Object.keys(V)).toEqual([
      'version',
      'envelope',
      'member_kdf',
      'member_keys',
      'receipt',
      'seal',
      'roster',
      'report',
      'item',
      'file',
      'blind_index',
      'backup',
      'record',
      'member_settings',
      'recovery_proof',
      'report_summary',
      'index_key_grant',
      'target_invitation',
      'referral',
    ]);
    expect(V.envelope.map((e) => e.plaintext_len)).toEqual([0, 255, 256, 1023, 70000]);
    expect(V.member_kdf.map((k) => [k.ops, k.mem])).toEqual([
      [2, 67108864],
      [3, 268435456],
    ]);
    expect(V.receipt.length).toBeGreaterThanOrEqual(3);
    expect(V.roster.entries.map((r) => r.entry.op)).toEqual(['genesis', 'add', 'remove']);
    expect(V.file.plaintext_len).toBe(70000);
    expect(V.blind_index.length).toBeGreaterThanOrEqual(2);
  });

  it('opens the index-key grant vector with libsodium alone and checks its signature', () => {
    const v = V.index_key_grant;
    // Independently of crypto/index-key-grants.ts: the message is the context and canon of the
    // five fields, the wrap is a plain sealed box, the signature a plain Ed25519 one.
    const claim = { by: v.by, epoch: v.epoch, member: v.member_id, team: v.team, wrap: v.wrap };
    expect(v.message).toBe(`confide/v1/index-key-grant\n${JSON.stringify(claim)}`);
    expect(sodium.crypto_sign_verify_detached(d(v.sig), v.message, d(v.signer_sign_pk))).toBe(true);
    expectBytes(
      sodium.crypto_box_seal_open(d(v.wrap), d(v.member_enc_pk), d(v.member_enc_sk)),
      d(v.index_key),
    );
    const opened = C.openIndexKeyGrant(
      { epoch: v.epoch, wrap: v.wrap, by: v.by, sig: v.sig },
      { team: v.team, member: v.member_id },
      v.signer_sign_pk,
      { publicKey: d(v.member_enc_pk), secretKey: d(v.member_enc_sk) } as BoxKeyPair,
    );
    expectBytes(opened, d(v.index_key));
  });

  it('checks the target invitation vector with libsodium alone and through crypto/', () => {
    const v = V.target_invitation;
    // The receipt's keys are the receipt vector's, derived again here from the receipt itself.
    const keys = V.receipt.find((r) => r.receipt === v.receipt);
    expect(keys).toBeDefined();
    expect([v.box_pk, v.sign_pk, v.lookup_hash]).toEqual([keys?.box_pk, keys?.sign_pk, keys?.lookup_hash]);
    expect(v.message).toBe(`confide/v1/target-invitation\n${v.case}\n${v.box_pk}\n${v.sign_pk}`);
    expect(sodium.crypto_sign_verify_detached(d(v.sig), v.message, d(v.signer_sign_pk))).toBe(true);
    const claim = { case: v.case, box_pk: v.box_pk, sign_pk: v.sign_pk };
    expect(C.verifyTargetInvitation(v.signer_sign_pk, v.sig, claim)).toBe(true);
    // Bound to the case and to both keys: any other is refused, never thrown on.
    expect(
      C.verifyTargetInvitation(v.signer_sign_pk, v.sig, {
        ...claim,
        case: '0b8e2f4a-7c61-4d3e-a5b9-2c8d1e0f6a73',
      }),
    ).toBe(false);
    expect(C.verifyTargetInvitation(v.signer_sign_pk, v.sig, { ...claim, box_pk: v.sign_pk })).toBe(false);
    expect(C.verifyTargetInvitation(v.signer_sign_pk, v.sig, { ...claim, sign_pk: 'short' })).toBe(false);
  });

  it('checks the referral vector with libsodium alone and through crypto/', () => {
    const v = V.referral;
    const hash = (c: string) =>
      sodium.to_base64(sodium.crypto_generichash(32, d(c), null), sodium.base64_variants.URLSAFE_NO_PADDING);
    expect(v.message).toBe(
      `confide/v1/referral\n${v.id}\n${v.from_case}\n${hash(v.payload.c)}\n${hash(v.summary.c)}`,
    );
    expect(sodium.crypto_sign_verify_detached(d(v.sig), v.message, d(v.signer_sign_pk))).toBe(true);
    const packet = { id: v.id, fromCase: v.from_case, payload: v.payload, summary: v.summary };
    expect(C.verifyReferral(packet, v.sig, v.signer_sign_pk)).toBe(true);
    // Bound to the receiving case, the case it came from and both ciphertexts.
    expect(C.verifyReferral({ ...packet, fromCase: v.id }, v.sig, v.signer_sign_pk)).toBe(false);
    expect(
      C.verifyReferral({ ...packet, summary: V.report_summary[0]!.summary }, v.sig, v.signer_sign_pk),
    ).toBe(false);
    expect(C.verifyReferral(packet, v.sig, V.target_invitation.sign_pk)).toBe(false);
  });

  it('opens every envelope vector to bytes(n) and seals it again to the same bytes', async () => {
    const { sealEnvelopeWithNonce } = await import('../../../crypto/envelope.js');
    for (const v of V.envelope) {
      const key = d(v.key) as SymmetricKey;
      const context = { kind: v.kind, team: v.team, id: v.id };
      expectBytes(C.openEnvelope(v.envelope, key, context), testBytes(v.plaintext_len));
      expect(sealEnvelopeWithNonce(testBytes(v.plaintext_len), key, context, d(v.nonce))).toEqual(v.envelope);
    }
  });

  it('derives the minimum-parameter member vector through the public API', () => {
    const v = V.member_kdf[0]!;
    const secrets = C.deriveMemberSecrets(v.passphrase, {
      alg: 'argon2id13',
      ops: v.ops,
      mem: v.mem,
      salt: v.salt,
    });
    expect(C.toBase64Url(secrets.kek)).toBe(v.kek);
    expect(C.toBase64Url(secrets.auth)).toBe(v.auth);
    expect(C.authToken(secrets.auth)).toBe(v.auth);
    expect(C.toBase64Url(C.deriveVerifier(secrets.auth))).toBe(v.verifier);
    expect(C.authTokenMatches(v.auth, d(v.verifier))).toBe(true);
  });

  it('unwraps the member key bundle vector', () => {
    const mk = V.member_keys;
    const keys = C.unwrapMemberKeys(mk.envelope, d(mk.kek) as KeyEncryptionKey, {
      team: mk.team,
      memberId: mk.member_id,
    });
    expect(C.toBase64Url(keys.enc.secretKey)).toBe(mk.enc_sk);
    expect(C.toBase64Url(keys.sign.secretKey)).toBe(mk.sign_sk);
    // The admin's bundle holds the keys the roster lists for the admin.
    const admin = V.roster.entries[0]!.entry.member;
    expect(C.toBase64Url(keys.enc.publicKey)).toBe(admin.enc_pk);
    expect(C.toBase64Url(keys.sign.publicKey)).toBe(admin.sign_pk);
  });

  it('derives every receipt vector', () => {
    for (const v of V.receipt) {
      const keys = C.deriveReceiptKeys(v.receipt);
      expect(C.lookupToken(keys)).toBe(v.lookup);
      expect(C.toBase64Url(keys.lookupHash)).toBe(v.lookup_hash);
      expect(C.toBase64Url(C.lookupHashFromToken(v.lookup))).toBe(v.lookup_hash);
      expect(C.toBase64Url(keys.box.publicKey)).toBe(v.box_pk);
      expect(C.toBase64Url(keys.sign.publicKey)).toBe(v.sign_pk);
    }
  });

  it('opens every sealed-box vector and seals it again to the same bytes', () => {
    for (const v of V.seal) {
      const recipient = C.boxKeyPairFromSecretKey(d(v.recipient_sk) as BoxKeyPair['secretKey']);
      expect(C.toBase64Url(recipient.publicKey)).toBe(v.recipient_pk);
      expectBytes(openSealed(d(v.sealed), recipient, 'vector'), d(v.message));
      const again = sealWithEphemeralKey(d(v.message), recipient.publicKey, new Uint8Array(32).fill(7));
      expectBytes(openSealed(again, recipient, 'resealed'), d(v.message));
    }
  });

  it('verifies the roster vector and computes its fingerprint', () => {
    const roster = C.verifyRoster(V.roster.entries, {
      team: V.roster.team,
      fingerprint: V.roster.fingerprint,
    });
    expect(roster.fingerprint).toBe(V.roster.fingerprint);
    expect([...roster.active.keys()]).toEqual([V.roster.entries[0]!.entry.member.id]);
    expect([...roster.known.keys()]).toHaveLength(2);
    expect(C.formatFingerprint(roster.fingerprint)).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
  });

  it('verifies and opens the report vector', () => {
    const r = V.report;
    C.verifyReportSignature(r, C.signPublicKeyFromBase64(r.sign_pk));
    const body = C.openReport(r, d(r.key) as ReportKey);
    expect(body).toEqual(JSON.parse(r.body));
    expect(new TextDecoder().decode(C.openReportBytes(r, d(r.key) as ReportKey))).toBe(r.body);
  });

  it('verifies and opens the item vector', () => {
    const it_ = V.item;
    const item = {
      id: it_.id,
      case: it_.case,
      kind: it_.kind as C.ItemKind,
      payload: it_.payload,
      sig: it_.sig,
    };
    C.verifyItemSignature(item, C.signPublicKeyFromBase64(it_.sign_pk));
    expect(C.openItem(item, it_.team, d(it_.key) as ItemKey)).toEqual(JSON.parse(it_.body));
  });

  it('verifies and opens the record vector (a vote)', () => {
    const r = V.record;
    const item = { id: r.id, case: r.case, kind: r.kind as C.ItemKind, payload: r.payload, sig: r.sig };
    expect(r.kind).toBe('record');
    C.verifyItemSignature(item, C.signPublicKeyFromBase64(r.sign_pk));
    const body = C.openItem(item, r.team, d(r.key) as ItemKey) as unknown as Record<string, unknown>;
    expect(body).toEqual(JSON.parse(r.body));
    expect(body['schema']).toBe('confide/record/v1');
    expect(body['type']).toBe('vote');
  });

  it("opens the member settings vector with the member's own key pair", () => {
    const v = V.member_settings;
    const own = C.boxKeyPairFromSecretKey(d(v.enc_sk) as BoxKeyPair['secretKey']);
    expect(C.toBase64Url(own.publicKey)).toBe(v.enc_pk);
    const body = C.openMemberSettings({ payload: v.payload, k: v.k }, own, {
      team: v.team,
      memberId: v.member_id,
    });
    expect(body).toEqual(JSON.parse(v.settings));
    expectBytes(openSealed(d(v.k), own, 'settings key'), d(v.key));
  });

  it('decrypts the file vector (two chunks)', () => {
    const stored = d(V.file.stream);
    expect(stored.length).toBe(C.encryptedFileSize(70000));
    expectBytes(C.decryptFile(stored, d(V.file.key) as FileKey), testBytes(70000));
  });

  it('computes every blind-index tag', () => {
    for (const v of V.blind_index) {
      expect(C.blindIndexTagBase64(v.name, d(v.index_key) as IndexKey)).toBe(v.tag);
    }
    // The first two names differ only in what normalization removes.
    expect(V.blind_index[0]!.tag).toBe(V.blind_index[1]!.tag);
  });
});
