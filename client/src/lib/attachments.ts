/**
 * Encrypted files (PROTOCOL.md, Attachments): each file gets its own random key F, is
 * encrypted in the browser with crypto_secretstream in 64 KiB chunks, and only the ciphertext
 * goes to the server. The name, type, size and F travel inside the encrypted report or
 * message body, as an `AttachmentRef`.
 *
 *   const ref = await uploadAttachment(file, { name: file.name, type: file.type, onProgress });
 *   body.attachments.push(ref);                        // inside the encrypted body only
 *   submission.attachments.push(ref.id);               // the plaintext list the server binds
 *
 *   const blob = await downloadAttachment(ref);          // verified whole before it resolves
 *
 * Both directions stream through crypto's FileEncryptor / decryptFileStream, so a file is never
 * held twice in plaintext. The upload itself sends the finished ciphertext as one Blob: browsers
 * stream request bodies only over HTTP/2, and XMLHttpRequest is what reports upload progress.
 *
 * A file crosses the network once. Before encrypting it, the upload asks the server what it
 * needs (`POST /api/attachments/challenge` with the encrypted size, docs/protocol.md 14.4): a
 * refusal the upload would get (413 too large, 503 `uploads_busy`) comes back before anything
 * is encrypted or sent, and the proof of work the upload needs (a real one when the address is
 * over its limit, a 1-bit pass otherwise) is solved first and sent with the file. Only if that
 * proof is refused after all (it expired, or a server that cannot answer the question) does the
 * upload answer the refusal's challenge and send the same Blob again, as the API client does.
 *
 * Images must be cleaned of hidden details (image-metadata.ts) before they reach this file.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import type { AttachmentRef, FileKey } from '#crypto';
import { ConfigReply } from '#contract/replies';
import { UploadChallengeReply } from '#contract/uploads';
import {
  api,
  ApiError,
  decodeReply,
  errorFromBody,
  fallbackError,
  NETWORK_ERROR_STATUS,
  proofForRetry,
  type FallbackWords,
  type RequestOptions,
} from './api-client';
import { decodeCreatedId, decodeWith } from './decode';
import { loadCrypto } from './load-crypto';
import {
  PROOF_OF_WORK_HEADER,
  ProofOfWorkError,
  parseChallenge,
  QUIET_BITS,
  solveChallenge,
  type ProofOfWorkChallenge,
  type ProofOfWorkListener,
} from './proof-of-work/solve';

export type { AttachmentRef };

export interface AttachmentLimits {
  /** Largest single file, measured encrypted (as the server counts). */
  readonly maxFileBytes: number;
  /** Largest total of one report's (or one message's) files, encrypted. */
  readonly maxTotalBytes: number;
}

const decodeLimits = decodeWith(ConfigReply, (config) => ({
  maxFileBytes: config.max_attachment_bytes,
  maxTotalBytes: config.max_report_attachment_bytes,
}));

/** The deployment's limits, from `GET /api/config`. */
export function getAttachmentLimits(options: RequestOptions = {}): Promise<AttachmentLimits> {
  return api.get('/config', decodeLimits, options);
}

const FILE_CHUNK_BYTES = 65536;
const FILE_HEADER_BYTES = 24;
const FILE_CHUNK_OVERHEAD_BYTES = 17;

/**
 * Stored (encrypted) size of a file of `plaintextBytes`: the same formula as crypto's
 * encryptedFileSize, here so limits can be checked before libsodium has loaded.
 */
export function encryptedSize(plaintextBytes: number): number {
  const chunks = Math.max(1, Math.ceil(plaintextBytes / FILE_CHUNK_BYTES));
  return FILE_HEADER_BYTES + plaintextBytes + chunks * FILE_CHUNK_OVERHEAD_BYTES;
}

/** The largest file (plaintext) whose encrypted size fits in `maxEncryptedBytes`. */
export function largestFileFor(maxEncryptedBytes: number): number {
  const chunks = Math.max(1, Math.ceil(maxEncryptedBytes / FILE_CHUNK_BYTES));
  return Math.max(0, maxEncryptedBytes - FILE_HEADER_BYTES - chunks * FILE_CHUNK_OVERHEAD_BYTES);
}

export interface AttachmentProgress {
  readonly phase: 'encrypting' | 'uploading' | 'downloading';
  /** Bytes done so far in this phase. */
  readonly loaded: number;
  readonly total: number;
}

export interface UploadOptions {
  /** Stored in the encrypted body only. */
  readonly name: string;
  /** Media type, stored in the encrypted body only. */
  readonly type: string;
  readonly onProgress?: (progress: AttachmentProgress) => void;
  readonly signal?: AbortSignal;
  /** Told when the browser does a proof of work before the file can go (solve.ts). */
  readonly onProofOfWork?: ProofOfWorkListener;
}

/**
 * Encrypts `file` under a new key and uploads the ciphertext (`POST /api/attachments`).
 * Resolves with the reference to put in the encrypted body; the server binds the id to the
 * report or item that names it within 24 hours. Rejects with ApiError (413 `attachment_too_large`,
 * 503 `uploads_busy` when the deployment takes no more files for now, NETWORK_ERROR_STATUS when
 * offline) or the browser's AbortError.
 */
export async function uploadAttachment(file: Blob, options: UploadOptions): Promise<AttachmentRef> {
  const C = await loadCrypto();
  // Asked before the file is encrypted: a portal that takes no files now says so at once.
  const proof = await proofBeforeSending(encryptedSize(file.size), options);
  const key = C.generateFileKey();
  try {
    const ciphertext = await encryptBlob(C, file, key, options);
    const id = await postCiphertext(ciphertext, options, proof);
    return { id, name: options.name, type: options.type, size: file.size, key: C.keyToBase64(key) };
  } finally {
    key.fill(0);
  }
}

async function encryptBlob(
  C: Awaited<ReturnType<typeof loadCrypto>>,
  file: Blob,
  key: FileKey,
  options: UploadOptions,
): Promise<Blob> {
  const total = file.size;
  let loaded = 0;
  const parts: Uint8Array<ArrayBuffer>[] = [];
  options.onProgress?.({ phase: 'encrypting', loaded: 0, total });
  const plaintext = async function* () {
    for await (const piece of readStream(file.stream(), options.signal)) {
      loaded += piece.length;
      yield piece;
      options.onProgress?.({ phase: 'encrypting', loaded, total });
      // Let the page breathe between pieces: keys, progress and typing stay responsive.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  };
  for await (const stored of C.encryptFileStream(plaintext(), key)) {
    parts.push(stored as Uint8Array<ArrayBuffer>);
  }
  return new Blob(parts, { type: 'application/octet-stream' });
}

async function* readStream(
  stream: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * What an answer to `POST /api/attachments/challenge` holds: the challenge to solve before
 * sending, or none (rate limits are off). The token is checked as a refusal's would be
 * (parseChallenge); one this client will not solve is a reply it cannot read.
 */
const decodeUploadChallenge = decodeWith(UploadChallengeReply, (reply): ProofOfWorkChallenge | null => {
  if (reply.challenge === null) return null;
  const challenge = parseChallenge(reply.challenge);
  if (!challenge) throw new Error('a challenge this client will not solve');
  return challenge;
});

/**
 * Asks what an upload of `size` encrypted bytes needs, and does it: the proof to send with the
 * file, or undefined to send it without one. Rejects with the refusal the upload itself would
 * get for its size or the portal's quotas (413, 503 `uploads_busy`), NETWORK_ERROR_STATUS when
 * offline, the browser's AbortError, or 429 `proof_of_work_failed` when the work cannot be done.
 * Any other failure to answer (a server without the question, or too busy to answer it) leaves
 * the upload to go as it did before asking existed: sent, and answered if refused.
 */
async function proofBeforeSending(size: number, options: UploadOptions): Promise<string | undefined> {
  let challenge: ProofOfWorkChallenge | null;
  try {
    challenge = await api.post(
      '/attachments/challenge',
      { size },
      decodeUploadChallenge,
      options.signal ? { signal: options.signal } : {},
    );
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 413 || error.code === 'uploads_busy' || error.status === NETWORK_ERROR_STATUS) {
      throw error;
    }
    return undefined;
  }
  if (challenge === null) return undefined;
  try {
    return await solveChallenge(challenge, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProofOfWork ? { onProgress: options.onProofOfWork } : {}),
    });
  } catch (error) {
    if (!(error instanceof ProofOfWorkError)) throw error;
    // A pass not solved costs nothing: the upload goes without it, counted as before asking.
    if (challenge.bits <= QUIET_BITS) return undefined;
    // Without the work the upload would only be refused: say so now, as the API client would.
    throw new ApiError(
      429,
      'proof_of_work_failed',
      i18n._(
        msg`This browser could not finish a check that Confide asks for when many requests come from one network. Please try again in a few minutes.`,
      ),
    );
  }
}

async function postCiphertext(
  body: Blob,
  options: UploadOptions,
  asked: string | undefined,
): Promise<string> {
  let proof = asked;
  // The proof asked for counts as the first of the MAX_PROOFS_PER_REQUEST this upload may solve.
  for (let proofs = asked === undefined ? 0 : 1; ; proofs++) {
    const reply = await sendCiphertext(body, options, proof);
    if (reply.status === 201) return decodeReply(reply.status, reply.body, decodeCreatedId);
    proof = await proofForRetry(reply.status, reply.body, proofs, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProofOfWork ? { onProofOfWork: options.onProofOfWork } : {}),
    });
    if (proof === undefined) throw errorFromReply(reply.status, reply.body);
  }
}

/** One upload of the ciphertext; resolves with any reply the server sent, whatever its status. */
function sendCiphertext(
  body: Blob,
  options: UploadOptions,
  proof: string | undefined,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/attachments');
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('X-Requested-With', 'confide');
    xhr.setRequestHeader('Accept', 'application/json');
    if (proof !== undefined) xhr.setRequestHeader(PROOF_OF_WORK_HEADER, proof);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => {
      options.onProgress?.({ phase: 'uploading', loaded: event.loaded, total: body.size });
    };
    const onAbort = () => xhr.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => options.signal?.removeEventListener('abort', onAbort);
    xhr.onabort = () => {
      done();
      reject(new DOMException('The upload was stopped', 'AbortError'));
    };
    xhr.onerror = () => {
      done();
      reject(
        new ApiError(
          NETWORK_ERROR_STATUS,
          'network_error',
          i18n._(msg`We could not reach Confide to send a file. Please check your connection and try again.`),
        ),
      );
    };
    xhr.onload = () => {
      done();
      resolve({ status: xhr.status, body: parseJson(xhr.responseText) });
    };
    options.onProgress?.({ phase: 'uploading', loaded: 0, total: body.size });
    xhr.send(body);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The words for a refusal of a file without the server's error shape, in the page's language. */
function uploadWords(): FallbackWords {
  return {
    byStatus: {
      413: ['attachment_too_large', i18n._(msg`This file is too large to send.`)],
      429: ['too_many_requests', i18n._(msg`Too many files have been sent from here. Please wait a while.`)],
    },
    serverError: i18n._(msg`Confide could not take the file right now. Please try again in a moment.`),
    otherError: (status) => i18n._(msg`The file could not be sent (error ${status}).`),
  };
}

function errorFromReply(status: number, reply: unknown): ApiError {
  return errorFromBody(status, reply) ?? fallbackError(status, uploadWords());
}

/** Media types a decrypted file may keep: images to show. Anything else is offered as a download. */
const DISPLAYABLE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** True for the image types `downloadAttachment` returns with their own type, safe for an <img>. */
export function isDisplayableImage(type: string): boolean {
  return DISPLAYABLE_TYPES.has(type);
}

/**
 * Downloads a file (`GET /api/attachments/{id}`, to a session that may read it) and decrypts
 * it. Resolves only once the whole file has authenticated; a cut, altered or swapped file
 * rejects (ConfideCryptoError TAMPERED / FILE_TRUNCATED / FILE_TRAILING_DATA). The Blob's type
 * is the declared one for plain images and application/octet-stream for everything else, so
 * a file can never be opened as a page of this site.
 */
export async function downloadAttachment(
  ref: Pick<AttachmentRef, 'id' | 'key' | 'type'>,
  options: { onProgress?: (progress: AttachmentProgress) => void; signal?: AbortSignal } = {},
): Promise<Blob> {
  const C = await loadCrypto();
  let response: Response;
  try {
    response = await fetch(`/api/attachments/${encodeURIComponent(ref.id)}`, {
      credentials: 'same-origin',
      cache: 'no-store',
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(
      NETWORK_ERROR_STATUS,
      'network_error',
      i18n._(msg`We could not reach Confide to fetch the file. Please check your connection and try again.`),
    );
  }
  if (!response.ok || !response.body) {
    throw errorFromReply(response.status, parseJson(await response.text().catch(() => '')));
  }
  const total = Number(response.headers.get('Content-Length') ?? 0);
  let loaded = 0;
  const stored = async function* (body: ReadableStream<Uint8Array>) {
    for await (const piece of readStream(body, options.signal)) {
      loaded += piece.length;
      options.onProgress?.({ phase: 'downloading', loaded, total });
      yield piece;
    }
  };
  const key = C.fileKeyFromBase64(ref.key);
  const parts: Uint8Array<ArrayBuffer>[] = [];
  try {
    for await (const plain of C.decryptFileStream(stored(response.body), key)) {
      parts.push(plain as Uint8Array<ArrayBuffer>);
    }
  } finally {
    key.fill(0);
  }
  return new Blob(parts, { type: isDisplayableImage(ref.type) ? ref.type : 'application/octet-stream' });
}
