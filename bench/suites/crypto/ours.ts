// "Ours": the project's crypto API, crypto/index.ts, and nothing else. Every
// call below is a public export a client makes; the bench only arranges inputs
// (keys, ids, a roster's recipients) the way the client would have them.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import * as confide from '../../../crypto/index.js';
import type { FileKey, KdfParams, ReportBody } from '../../../crypto/index.js';
import type { ReportBodyObject, ReportScenario, ReportWire, Subject } from './subject.js';

async function reportScenario(members: number): Promise<ReportScenario> {
  await confide.ready();
  const team = confide.generateId();
  const roster = Array.from({ length: members }, () => ({
    id: confide.generateId(),
    keys: confide.generateMemberKeys(),
  }));
  const recipients = roster.map((m) => ({ id: m.id, boxPublicKey: m.keys.enc.publicKey }));
  const me = roster[0]!;
  // The reporter's keys come from a receipt (one Argon2id run, setup only).
  const reporter = confide.deriveReceiptKeys(confide.generateReceipt());
  return {
    seal(body: ReportBodyObject): ReportWire {
      const { report } = confide.sealReport({
        team,
        id: confide.generateId(),
        // The fixture is a complete protocol report body (see fixtures.ts).
        body: body as unknown as ReportBody,
        recipients,
        reporter,
      });
      return report;
    },
    open(report: ReportWire): ReportBodyObject {
      const grant = report.grants.find((g) => g.to === me.id);
      if (!grant) throw new Error('no grant for this member');
      const { body } = confide.verifyAndOpenReport(
        { team: report.team, id: report.id, payload: report.payload, sig: report.sig, grant: grant.k },
        me.keys.enc,
        confide.signPublicKeyFromBase64(report.reporter.sign_pk),
      );
      return body as unknown as ReportBodyObject;
    },
    openForList(report: ReportWire): ReportBodyObject {
      const grant = report.grants.find((g) => g.to === me.id);
      if (!grant) throw new Error('no grant for this member');
      const key = confide.unwrapReportKey(grant.k, me.keys.enc);
      return confide.openReport(
        { team: report.team, id: report.id, payload: report.payload },
        key,
      ) as unknown as ReportBodyObject;
    },
  };
}

const files = {
  newKey: (): FileKey => confide.generateFileKey(),
  encryptor(key: FileKey) {
    const encryptor = new confide.FileEncryptor(key);
    return {
      header: encryptor.header,
      push: (chunk: Uint8Array, last: boolean) => encryptor.encryptChunk(chunk, last),
    };
  },
  decryptor(key: FileKey, header: Uint8Array) {
    const decryptor = new confide.FileDecryptor(key, header);
    return {
      pull: (piece: Uint8Array) => decryptor.decryptChunk(piece),
      finish: (): void => {
        decryptor.final();
      },
    };
  },
  encryptWhole: (key: FileKey, plaintext: Uint8Array) => confide.encryptFile(plaintext, key),
  decryptWhole: (key: FileKey, stored: Uint8Array) => confide.decryptFile(stored, key),
  /** encryptFileStream piped into decryptFileStream: what crypto/README.md advises for uploads. */
  async streamThrough(key: FileKey, source: Iterable<Uint8Array>, onPiece: () => void): Promise<number> {
    let total = 0;
    for await (const piece of confide.decryptFileStream(confide.encryptFileStream(source, key), key)) {
      total += piece.length;
      onPiece();
    }
    return total;
  },
};

/** The installed libsodium.js version (its package.json is not exported, so find it from the entry point). */
function libsodiumVersion(): string {
  const entry = createRequire(import.meta.url).resolve('libsodium-wrappers-sumo');
  const root = entry.slice(0, entry.lastIndexOf('/dist/'));
  const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { version: string };
  return `libsodium-wrappers-sumo ${pkg.version}`;
}

export async function loadOurs(): Promise<Subject<FileKey>> {
  await confide.ready();
  return {
    label: `crypto/index.ts on ${libsodiumVersion()} (WebAssembly)`,
    reportScenario,
    files,
    deriveMember(passphrase, salt, ops, mem) {
      const kdf: KdfParams = { alg: 'argon2id13', ops, mem, salt: confide.toBase64Url(salt) };
      return confide.deriveMemberSecrets(passphrase, kdf);
    },
    deriveReceipt: (receipt) => confide.deriveReceiptKeys(receipt),
    newReceipt: () => confide.generateReceipt(),
  };
}
