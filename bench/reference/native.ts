// Reference: the same compositions as PROTOCOL.md, written directly against
// sodium-native (native libsodium). This is the yardstick for "how fast could
// this be in this process": same primitives, same sizes, same encodings, but no
// WebAssembly and no wrapper layers. It is benchmark code only: the project never
// calls it, and it is not checked against the test vectors (it does not need to
// be byte-compatible, only to do the same work).

import { native as sodium } from './sodium-native.js';

/** base64url without padding, as on the wire. */
const b64 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
const unb64 = (text: string): Buffer => Buffer.from(text, 'base64url');

const PAD_BUCKETS = [256, 1024, 4096, 16384, 65536] as const;
const MAX_BUCKET = 65536;

/** The padding block size for a plaintext length (PROTOCOL.md, "Envelope"). */
export function padBlockSize(length: number): number {
  return PAD_BUCKETS.find((b) => b > length) ?? MAX_BUCKET;
}

/** The padded length of a plaintext length. */
export function paddedLength(length: number): number {
  const block = padBlockSize(length);
  return length < MAX_BUCKET ? block : (Math.floor(length / MAX_BUCKET) + 1) * MAX_BUCKET;
}

const ad = (kind: string, team: string, id: string): Buffer =>
  Buffer.from(`confide/v1/${kind}/${team}/${id}`);

export interface NativeEnvelope {
  readonly v: 1;
  readonly n: string;
  readonly c: string;
}

export interface NativeGrant {
  readonly to: string;
  readonly k: string;
}

export interface NativeReport {
  readonly payload: NativeEnvelope;
  readonly grants: readonly NativeGrant[];
  readonly reporter: { readonly sign_pk: string };
  readonly sig: string;
  /** The summary envelope, when the report was sealed with one. */
  readonly summary?: NativeEnvelope;
}

export interface NativeRecipient {
  readonly id: string;
  readonly publicKey: Uint8Array;
}

export interface NativeBoxKeyPair {
  readonly publicKey: Buffer;
  readonly secretKey: Buffer;
}

export function nativeBoxKeyPair(): NativeBoxKeyPair {
  const publicKey = Buffer.alloc(sodium.crypto_box_PUBLICKEYBYTES);
  const secretKey = Buffer.alloc(sodium.crypto_box_SECRETKEYBYTES);
  sodium.crypto_box_keypair(publicKey, secretKey);
  return { publicKey, secretKey };
}

export function nativeSignKeyPair(): NativeBoxKeyPair {
  const publicKey = Buffer.alloc(sodium.crypto_sign_PUBLICKEYBYTES);
  const secretKey = Buffer.alloc(sodium.crypto_sign_SECRETKEYBYTES);
  sodium.crypto_sign_keypair(publicKey, secretKey);
  return { publicKey, secretKey };
}

function signedStatement(id: string, ciphertext: Uint8Array, summaryCiphertext?: Uint8Array | null): Buffer {
  const hash = Buffer.alloc(32);
  sodium.crypto_generichash(hash, ciphertext);
  if (!summaryCiphertext) return Buffer.from(`confide/v1/report\n${id}\n${b64(hash)}`);
  const summaryHash = Buffer.alloc(32);
  sodium.crypto_generichash(summaryHash, summaryCiphertext);
  return Buffer.from(`confide/v1/report+summary\n${id}\n${b64(hash)}\n${b64(summaryHash)}`);
}

/** Summary envelopes (docs/protocol.md 9.7): the plaintext padded to exactly this many bytes. */
export const SUMMARY_PADDED_BYTES = 512;

/**
 * A summary envelope: the summary's JSON padded to exactly 512 bytes (sodium_pad with a block of
 * 512: the plaintext, 0x80, zeros), XChaCha20-Poly1305 under the report key with
 * ad("summary", team, id) and a random nonce.
 */
export function nativeSealSummary(
  summary: Uint8Array,
  key: Uint8Array,
  context: { readonly team: string; readonly id: string },
): { readonly envelope: NativeEnvelope; readonly ciphertext: Buffer } {
  if (summary.length >= SUMMARY_PADDED_BYTES)
    throw new Error(`a summary of ${summary.length} bytes does not fit`);
  const nonce = Buffer.alloc(sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  sodium.randombytes_buf(nonce);
  const padded = Buffer.alloc(SUMMARY_PADDED_BYTES);
  padded.set(summary);
  padded[summary.length] = 0x80;
  const c = Buffer.alloc(SUMMARY_PADDED_BYTES + sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES);
  sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
    c,
    padded,
    ad('summary', context.team, context.id),
    null,
    nonce,
    key,
  );
  return { envelope: { v: 1, n: b64(nonce), c: b64(c) }, ciphertext: c };
}

/** Decrypts a summary envelope and removes its fixed 512-byte padding. */
export function nativeOpenSummary(
  envelope: NativeEnvelope,
  key: Uint8Array,
  context: { readonly team: string; readonly id: string },
): Buffer {
  return nativeOpenEnvelope(envelope, key, { kind: 'summary', ...context });
}

/** A fresh 32-byte content key. */
export function nativeContentKey(): Buffer {
  const key = Buffer.alloc(sodium.crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  sodium.randombytes_buf(key);
  return key;
}

/** pad, then XChaCha20-Poly1305 with ad(kind, team, id) and a random nonce. */
export function nativeSealEnvelope(
  body: Uint8Array,
  key: Uint8Array,
  context: { readonly kind: string; readonly team: string; readonly id: string },
): { readonly envelope: NativeEnvelope; readonly ciphertext: Buffer } {
  const nonce = Buffer.alloc(sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  sodium.randombytes_buf(nonce);
  const padded = Buffer.alloc(paddedLength(body.length));
  padded.set(body);
  const paddedLen = sodium.sodium_pad(padded, body.length, padBlockSize(body.length));
  const message = padded.subarray(0, paddedLen);
  const c = Buffer.alloc(message.length + sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES);
  sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
    c,
    message,
    ad(context.kind, context.team, context.id),
    null,
    nonce,
    key,
  );
  return { envelope: { v: 1, n: b64(nonce), c: b64(c) }, ciphertext: c };
}

/** K sealed to every recipient with crypto_box_seal. */
export function nativeGrantKey(key: Uint8Array, recipients: readonly NativeRecipient[]): NativeGrant[] {
  return recipients.map((r) => {
    const sealed = Buffer.alloc(key.length + sodium.crypto_box_SEALBYTES);
    sodium.crypto_box_seal(sealed, key, r.publicKey);
    return { to: r.id, k: b64(sealed) };
  });
}

/**
 * Envelope + grants + signature for a report, as a reporter's browser makes them:
 * pad, XChaCha20-Poly1305 with ad("report", team, id), K sealed to every recipient,
 * Ed25519 over "confide/v1/report\n" || id || "\n" || b64(BLAKE2b-256(c)).
 *
 * With `summary` (its JSON, at most 511 bytes: fitReportSummary's output), also the summary
 * envelope under the same K (nativeSealSummary), and the signature is over
 * "confide/v1/report+summary\n" || id || "\n" || b64(BLAKE2b-256(c)) || "\n" || b64(BLAKE2b-256(c_summary)).
 */
export function nativeSealReport(input: {
  readonly team: string;
  readonly id: string;
  readonly body: Uint8Array;
  readonly summary?: Uint8Array;
  readonly recipients: readonly NativeRecipient[];
  readonly signKeyPair: NativeBoxKeyPair;
}): NativeReport {
  const key = nativeContentKey();
  const context = { kind: 'report', team: input.team, id: input.id };
  const { envelope, ciphertext } = nativeSealEnvelope(input.body, key, context);
  const summary =
    input.summary === undefined
      ? undefined
      : nativeSealSummary(input.summary, key, { team: input.team, id: input.id });
  const grants = nativeGrantKey(key, input.recipients);
  const sig = Buffer.alloc(sodium.crypto_sign_BYTES);
  sodium.crypto_sign_detached(
    sig,
    signedStatement(input.id, ciphertext, summary?.ciphertext),
    input.signKeyPair.secretKey,
  );
  return {
    payload: envelope,
    grants,
    reporter: { sign_pk: b64(input.signKeyPair.publicKey) },
    sig: b64(sig),
    ...(summary === undefined ? {} : { summary: summary.envelope }),
  };
}

/** A report sealed as bytes, as the database stores it (the bulk seed writes these with COPY). */
export interface NativeReportBytes {
  readonly nonce: Buffer;
  readonly ciphertext: Buffer;
  readonly summaryNonce: Buffer;
  readonly summaryCiphertext: Buffer;
  readonly grants: readonly { readonly to: string; readonly sealed: Buffer }[];
  readonly sig: Buffer;
}

/**
 * nativeSealReport with a summary, returning bytes instead of base64url JSON: the same
 * composition (body envelope, summary envelope under the same K, K sealed to every recipient,
 * the reporter's signature over both ciphertexts), for writing straight into the database.
 */
export function nativeSealReportBytes(input: {
  readonly team: string;
  readonly id: string;
  readonly body: Uint8Array;
  readonly summary: Uint8Array;
  readonly recipients: readonly NativeRecipient[];
  readonly signSecretKey: Uint8Array;
}): NativeReportBytes {
  const key = nativeContentKey();
  const body = nativeSealEnvelope(input.body, key, { kind: 'report', team: input.team, id: input.id });
  const summary = nativeSealSummary(input.summary, key, { team: input.team, id: input.id });
  const grants = input.recipients.map((r) => {
    const sealed = Buffer.alloc(key.length + sodium.crypto_box_SEALBYTES);
    sodium.crypto_box_seal(sealed, key, r.publicKey);
    return { to: r.id, sealed };
  });
  key.fill(0);
  const sig = Buffer.alloc(sodium.crypto_sign_BYTES);
  sodium.crypto_sign_detached(
    sig,
    signedStatement(input.id, body.ciphertext, summary.ciphertext),
    input.signSecretKey,
  );
  return {
    nonce: unb64(body.envelope.n),
    ciphertext: body.ciphertext,
    summaryNonce: unb64(summary.envelope.n),
    summaryCiphertext: summary.ciphertext,
    grants,
    sig,
  };
}

/** crypto_box_seal_open of one grant. */
export function nativeUnwrapKey(grant: string, me: NativeBoxKeyPair): Buffer {
  const sealed = unb64(grant);
  const key = Buffer.alloc(sealed.length - sodium.crypto_box_SEALBYTES);
  if (!sodium.crypto_box_seal_open(key, sealed, me.publicKey, me.secretKey))
    throw new Error('grant does not open');
  return key;
}

/** Decodes the ciphertext, hashes it and checks the reporter's signature. */
export function nativeVerifyReport(report: {
  readonly id: string;
  readonly payload: NativeEnvelope;
  readonly sig: string;
  readonly reporter: { readonly sign_pk: string };
  readonly summary?: NativeEnvelope;
}): void {
  const c = unb64(report.payload.c);
  const ok = sodium.crypto_sign_verify_detached(
    unb64(report.sig),
    signedStatement(report.id, c, report.summary ? unb64(report.summary.c) : null),
    unb64(report.reporter.sign_pk),
  );
  if (!ok) throw new Error('bad signature');
}

/** Decrypts an envelope and removes the padding. */
export function nativeOpenEnvelope(
  envelope: NativeEnvelope,
  key: Uint8Array,
  context: { readonly kind: string; readonly team: string; readonly id: string },
): Buffer {
  const c = unb64(envelope.c);
  const padded = Buffer.alloc(c.length - sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES);
  sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
    padded,
    null,
    c,
    ad(context.kind, context.team, context.id),
    unb64(envelope.n),
    key,
  );
  return padded.subarray(0, sodium.sodium_unpad(padded, padded.length, Math.min(padded.length, MAX_BUCKET)));
}

/** Opens one's grant, verifies the reporter's signature, decrypts and unpads the body. */
export function nativeOpenReport(input: {
  readonly team: string;
  readonly id: string;
  readonly report: NativeReport;
  readonly me: { readonly id: string } & NativeBoxKeyPair;
  /** false: the case-list path, which checks the signature only when a case is opened. */
  readonly verify?: boolean;
}): Buffer {
  const grant = input.report.grants.find((g) => g.to === input.me.id);
  if (!grant) throw new Error('no grant for this member');
  const key = nativeUnwrapKey(grant.k, input.me);
  if (input.verify !== false) nativeVerifyReport({ id: input.id, ...input.report });
  return nativeOpenEnvelope(input.report.payload, key, { kind: 'report', team: input.team, id: input.id });
}

/** An item as submitted (docs/protocol.md 10.1), without attachments. */
export interface NativeItem {
  readonly id: string;
  readonly case: string;
  readonly kind: string;
  readonly author: string;
  readonly audience: string;
  readonly payload: NativeEnvelope;
  readonly grants: readonly NativeGrant[];
  readonly sig: string;
}

/** "confide/v1/item\n" || id || "\n" || case || "\n" || b64(BLAKE2b-256(c)): what an item's author signs. */
function itemStatement(id: string, caseId: string, ciphertext: Uint8Array): Buffer {
  const hash = Buffer.alloc(32);
  sodium.crypto_generichash(hash, ciphertext);
  return Buffer.from(`confide/v1/item\n${id}\n${caseId}\n${b64(hash)}`);
}

/**
 * A message, note or record as a member's browser makes it: pad, XChaCha20-Poly1305 with
 * ad(kind, team, id), a fresh K sealed to every recipient, and the author's Ed25519 signature
 * over the item statement (docs/protocol.md 10.1).
 */
export function nativeSealItem(input: {
  readonly team: string;
  readonly caseId: string;
  readonly id: string;
  readonly kind: 'message' | 'note' | 'record';
  readonly author: string;
  readonly audience: 'reporter' | 'team';
  readonly body: Uint8Array;
  readonly recipients: readonly NativeRecipient[];
  readonly signKeyPair: NativeBoxKeyPair;
}): NativeItem & { readonly ciphertext: Buffer } {
  const key = nativeContentKey();
  const { envelope, ciphertext } = nativeSealEnvelope(input.body, key, {
    kind: input.kind,
    team: input.team,
    id: input.id,
  });
  const grants = nativeGrantKey(key, input.recipients);
  key.fill(0);
  const sig = Buffer.alloc(sodium.crypto_sign_BYTES);
  sodium.crypto_sign_detached(
    sig,
    itemStatement(input.id, input.caseId, ciphertext),
    input.signKeyPair.secretKey,
  );
  return {
    id: input.id,
    case: input.caseId,
    kind: input.kind,
    author: input.author,
    audience: input.audience,
    payload: envelope,
    grants,
    sig: b64(sig),
    ciphertext,
  };
}

/**
 * An item in its served form, opened as the case page opens it: the author's signature checked
 * first, then one's grant unwrapped and the body decrypted and unpadded.
 */
export function nativeOpenItem(input: {
  readonly team: string;
  readonly item: {
    readonly id: string;
    readonly case: string;
    readonly kind: string;
    readonly payload: NativeEnvelope;
    readonly sig: string;
    readonly grant: string;
  };
  readonly me: NativeBoxKeyPair;
  readonly authorSignPublicKey: Uint8Array;
}): Buffer {
  const { item } = input;
  const c = unb64(item.payload.c);
  if (
    !sodium.crypto_sign_verify_detached(
      unb64(item.sig),
      itemStatement(item.id, item.case, c),
      input.authorSignPublicKey,
    )
  )
    throw new Error(`item ${item.id}: bad signature`);
  const key = nativeUnwrapKey(item.grant, input.me);
  return nativeOpenEnvelope(item.payload, key, { kind: item.kind, team: input.team, id: item.id });
}

/** The plaintext chunk size of attachments (PROTOCOL.md, "Attachments"). */
export const FILE_CHUNK_BYTES = 65536;

/**
 * Attachment encryption: secretstream in 64 KiB plaintext chunks, MESSAGE tags,
 * FINAL on the last. Stored bytes are header || chunk_1 || ... || chunk_n; the
 * caller pulls plaintext chunks from wherever it likes, so memory stays flat.
 */
export class NativeFileEncryptor {
  private readonly state = Buffer.alloc(sodium.crypto_secretstream_xchacha20poly1305_STATEBYTES);
  readonly header = Buffer.alloc(sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES);

  constructor(key: Uint8Array) {
    sodium.crypto_secretstream_xchacha20poly1305_init_push(this.state, this.header, key);
  }

  /** Encrypts one plaintext chunk into a new buffer (chunk + 17 bytes). */
  push(chunk: Uint8Array, last: boolean): Buffer {
    const out = Buffer.allocUnsafe(chunk.length + sodium.crypto_secretstream_xchacha20poly1305_ABYTES);
    const tag = last
      ? sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
      : sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    sodium.crypto_secretstream_xchacha20poly1305_push(this.state, out, chunk, null, tag);
    return out;
  }
}

/** Decrypts a stream made by NativeFileEncryptor, chunk by chunk, checking the tags. */
export class NativeFileDecryptor {
  private readonly state = Buffer.alloc(sodium.crypto_secretstream_xchacha20poly1305_STATEBYTES);
  private readonly tag = Buffer.alloc(1);
  private finished = false;

  constructor(key: Uint8Array, header: Uint8Array) {
    sodium.crypto_secretstream_xchacha20poly1305_init_pull(this.state, header, key);
  }

  /** Decrypts one encrypted chunk (plaintext chunk size + 17 bytes). */
  pull(piece: Uint8Array): Buffer {
    if (this.finished) throw new Error('data after the FINAL chunk');
    const out = Buffer.allocUnsafe(piece.length - sodium.crypto_secretstream_xchacha20poly1305_ABYTES);
    sodium.crypto_secretstream_xchacha20poly1305_pull(this.state, out, this.tag, piece, null);
    this.finished = this.tag[0] === sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    return out;
  }

  /** Throws unless the stream ended with the FINAL chunk. */
  finish(): void {
    if (!this.finished) throw new Error('stream ends before its FINAL chunk');
  }
}

const HEADER_BYTES = 24;
const CHUNK_OVERHEAD = 17;

/** A whole file in memory → header || chunks, written into one buffer of the exact size. */
export function nativeEncryptWholeFile(key: Uint8Array, plaintext: Uint8Array): Buffer {
  const chunks = Math.max(1, Math.ceil(plaintext.length / FILE_CHUNK_BYTES));
  const out = Buffer.allocUnsafe(HEADER_BYTES + plaintext.length + chunks * CHUNK_OVERHEAD);
  const state = Buffer.alloc(sodium.crypto_secretstream_xchacha20poly1305_STATEBYTES);
  sodium.crypto_secretstream_xchacha20poly1305_init_push(state, out.subarray(0, HEADER_BYTES), key);
  let at = HEADER_BYTES;
  for (let i = 0; i < chunks; i++) {
    const chunk = plaintext.subarray(
      i * FILE_CHUNK_BYTES,
      Math.min(plaintext.length, (i + 1) * FILE_CHUNK_BYTES),
    );
    const last = i === chunks - 1;
    const tag = last
      ? sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
      : sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    sodium.crypto_secretstream_xchacha20poly1305_push(
      state,
      out.subarray(at, at + chunk.length + CHUNK_OVERHEAD),
      chunk,
      null,
      tag,
    );
    at += chunk.length + CHUNK_OVERHEAD;
  }
  return out;
}

/** header || chunks → the whole file, into one buffer of the exact size; checks every tag. */
export function nativeDecryptWholeFile(key: Uint8Array, stored: Uint8Array): Buffer {
  const storedChunk = FILE_CHUNK_BYTES + CHUNK_OVERHEAD;
  const body = stored.length - HEADER_BYTES;
  const chunks = Math.max(1, Math.ceil(body / storedChunk));
  const out = Buffer.allocUnsafe(body - chunks * CHUNK_OVERHEAD);
  const state = Buffer.alloc(sodium.crypto_secretstream_xchacha20poly1305_STATEBYTES);
  sodium.crypto_secretstream_xchacha20poly1305_init_pull(state, stored.subarray(0, HEADER_BYTES), key);
  const tag = Buffer.alloc(1);
  for (let i = 0; i < chunks; i++) {
    const piece = stored.subarray(
      HEADER_BYTES + i * storedChunk,
      Math.min(stored.length, HEADER_BYTES + (i + 1) * storedChunk),
    );
    const at = i * FILE_CHUNK_BYTES;
    sodium.crypto_secretstream_xchacha20poly1305_pull(
      state,
      out.subarray(at, at + piece.length - CHUNK_OVERHEAD),
      tag,
      piece,
      null,
    );
    const final = tag[0] === sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    if (final !== (i === chunks - 1)) throw new Error('FINAL tag in the wrong place');
  }
  return out;
}

const kdfContext = (ctx: string): Buffer => Buffer.from(ctx, 'ascii');

/** Member key derivation: Argon2id master, then kek and auth sub-keys (PROTOCOL.md, "Members"). */
export function nativeDeriveMember(
  passphrase: string,
  salt: Uint8Array,
  ops: number,
  mem: number,
): { kek: Buffer; auth: Buffer } {
  const master = Buffer.alloc(32);
  sodium.crypto_pwhash(
    master,
    Buffer.from(passphrase.normalize('NFKC')),
    salt,
    ops,
    mem,
    sodium.crypto_pwhash_ALG_ARGON2ID13,
  );
  const kek = Buffer.alloc(32);
  const auth = Buffer.alloc(32);
  sodium.crypto_kdf_derive_from_key(kek, 1, kdfContext('cnfdmbr1'), master);
  sodium.crypto_kdf_derive_from_key(auth, 2, kdfContext('cnfdmbr1'), master);
  return { kek, auth };
}

/** Receipt derivation: Argon2id (ops 2, 64 MiB) seed, then lookup, box and sign keys. */
export function nativeDeriveReceipt(receipt: string): {
  lookupHash: Buffer;
  boxPublicKey: Buffer;
  signPublicKey: Buffer;
} {
  const salt = Buffer.alloc(16);
  sodium.crypto_generichash(salt, Buffer.from('confide/v1/receipt-salt'));
  const seed = Buffer.alloc(32);
  const normalized = receipt.toUpperCase().replace(/[\s-]/g, '');
  sodium.crypto_pwhash(seed, Buffer.from(normalized), salt, 2, 67108864, sodium.crypto_pwhash_ALG_ARGON2ID13);
  const sub = (id: number): Buffer => {
    const out = Buffer.alloc(32);
    sodium.crypto_kdf_derive_from_key(out, id, kdfContext('cnfdrcpt'), seed);
    return out;
  };
  const lookup = sub(1);
  const lookupHash = Buffer.alloc(32);
  sodium.crypto_generichash(lookupHash, lookup);
  const box = { pk: Buffer.alloc(32), sk: Buffer.alloc(32) };
  sodium.crypto_box_seed_keypair(box.pk, box.sk, sub(2));
  const sign = { pk: Buffer.alloc(32), sk: Buffer.alloc(64) };
  sodium.crypto_sign_seed_keypair(sign.pk, sign.sk, sub(3));
  return { lookupHash, boxPublicKey: box.pk, signPublicKey: sign.pk };
}
