// The references wrapped in the same shapes as the subject, so the suite can time
// all of them with one loop. Like ours, each one turns the body object into
// UTF-8 JSON before encrypting and parses it after decrypting.

import {
  NativeFileDecryptor,
  NativeFileEncryptor,
  nativeBoxKeyPair,
  nativeDecryptWholeFile,
  nativeEncryptWholeFile,
  nativeOpenReport,
  nativeSealReport,
  nativeSignKeyPair,
} from '../../reference/native.js';
import { pgpDecrypt, pgpEncrypt, pgpRecipients } from '../../reference/openpgp.js';
import { native } from '../../reference/sodium-native.js';
import { uuid } from './fixtures.js';
import type { FileCrypto, ReportBodyObject, ReportScenario, ReportWire } from './subject.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const toJsonBytes = (body: ReportBodyObject): Uint8Array => encoder.encode(JSON.stringify(body));
const fromJsonBytes = (bytes: Uint8Array): ReportBodyObject =>
  JSON.parse(decoder.decode(bytes)) as ReportBodyObject;

/** A report scenario whose calls are synchronous. */
export interface NativeReportScenario extends ReportScenario {
  seal(body: ReportBodyObject): ReportWire;
  open(report: ReportWire): ReportBodyObject;
  openForList(report: ReportWire): ReportBodyObject;
}

/** sodium-native doing what ours does: same composition, same encodings, members + 1 grants. */
export function nativeReportScenario(members: number): NativeReportScenario {
  const team = uuid();
  const roster = Array.from({ length: members }, () => ({ id: uuid(), ...nativeBoxKeyPair() }));
  const me = roster[0]!;
  const reporterBox = nativeBoxKeyPair();
  const reporterSign = nativeSignKeyPair();
  const recipients = [
    ...roster.map((m) => ({ id: m.id, publicKey: m.publicKey })),
    { id: 'reporter', publicKey: reporterBox.publicKey },
  ];
  return {
    seal(body) {
      const id = uuid();
      const sealed = nativeSealReport({
        team,
        id,
        body: toJsonBytes(body),
        recipients,
        signKeyPair: reporterSign,
      });
      return { id, team, ...sealed };
    },
    open(report) {
      return fromJsonBytes(nativeOpenReport({ team: report.team, id: report.id, report, me }));
    },
    openForList(report) {
      return fromJsonBytes(nativeOpenReport({ team: report.team, id: report.id, report, me, verify: false }));
    },
  };
}

/** OpenPGP.js: encrypt to every member's key, armored; decrypt with the first one's key. */
export interface PgpScenario {
  seal(body: ReportBodyObject): Promise<string>;
  open(armored: string): Promise<ReportBodyObject>;
}

/** `members` recipient keys: Hush Line encrypts to the recipients only (the submitter has no key). */
export async function pgpReportScenario(members: number): Promise<PgpScenario> {
  const keys = await pgpRecipients(members);
  const me = keys[0]!;
  return {
    seal: (body) => pgpEncrypt(toJsonBytes(body), keys),
    open: async (armored) => fromJsonBytes(await pgpDecrypt(armored, me)),
  };
}

export const nativeFiles: FileCrypto = {
  newKey(): Uint8Array {
    const key = Buffer.alloc(native.crypto_secretstream_xchacha20poly1305_KEYBYTES);
    native.randombytes_buf(key);
    return key;
  },
  encryptor: (key) => new NativeFileEncryptor(key),
  decryptor: (key, header) => new NativeFileDecryptor(key, header),
  encryptWhole: (key, plaintext) => nativeEncryptWholeFile(key, plaintext),
  decryptWhole: (key, stored) => nativeDecryptWholeFile(key, stored),
  // sodium-native has no stream transform: the chunk loop is its streaming interface.
  streamThrough(key, source, onPiece) {
    const encryptor = new NativeFileEncryptor(key);
    const decryptor = new NativeFileDecryptor(key, encryptor.header);
    let total = 0;
    let pending: Uint8Array | undefined;
    const pass = (chunk: Uint8Array, last: boolean): void => {
      total += decryptor.pull(encryptor.push(chunk, last)).length;
      onPiece();
    };
    // One chunk of look-ahead to know which is last; the source reuses its buffer, so copy it.
    for (const chunk of source) {
      if (pending) pass(pending, false);
      pending = Uint8Array.from(chunk);
    }
    pass(pending ?? new Uint8Array(0), true);
    decryptor.finish();
    return Promise.resolve(total);
  },
};
