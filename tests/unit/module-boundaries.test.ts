// The rules of the crypto module that no type checker enforces: libsodium in
// one file, no Node-only or DOM APIs (it runs unchanged in Node, browsers and
// Web Workers), every context string in the constants file, and errors that
// carry no secret.
import { readdirSync, readFileSync } from 'node:fs';
import path, { join } from 'node:path';

import { beforeAll, describe, expect, it, vi } from 'vitest';

import * as C from '../../crypto/index.js';
import type {
  BoxPublicKey,
  BoxSecretKey,
  FileKey,
  ItemKey,
  ReportKey,
  SignPublicKey,
} from '../../crypto/index.js';
import { CASE_STATUSES, ITEM_KINDS } from '#contract/enumerations';
import { ITEM_KINDS as PROTOCOL_ITEM_KINDS } from '../../crypto/constants.js';
import { findCycles, readSources } from '../helpers/import-graph.js';
import { catchCryptoError, person } from './crypto/helpers.js';

const DIR = join(import.meta.dirname, '../../crypto');
const sources = readdirSync(DIR)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, text: readFileSync(join(DIR, f), 'utf8') }));

beforeAll(async () => {
  await C.ready();
});

describe('crypto module boundaries', () => {
  it('imports libsodium in exactly one file', () => {
    const importers = sources.filter((s) => /from ['"]libsodium/.test(s.text)).map((s) => s.file);
    expect(importers).toEqual(['sodium.ts']);
    expect(sources.find((s) => s.file === 'sodium.ts')!.text).toContain("from 'libsodium-wrappers-sumo'");
  });

  it('uses no Node-only, DOM or network API', () => {
    const forbidden = [
      /from ['"]node:/,
      /\bBuffer\b/,
      /\bprocess\./,
      /\brequire\(/,
      /\bwindow\./,
      /\bdocument\./,
      /\bfetch\(/,
      /\blocalStorage\b/,
    ];
    for (const { file, text } of sources) {
      for (const pattern of forbidden) expect(text, `${file} matches ${pattern}`).not.toMatch(pattern);
    }
  });

  it('imports only its own files and libsodium', () => {
    for (const { file, text } of sources) {
      for (const m of text.matchAll(/from ['"]([^'"]+)['"]/g)) {
        expect(m[1], file).toMatch(/^(\.\/[a-z-]+\.js|libsodium-wrappers-sumo)$/);
      }
    }
  });

  it('keeps every context string of PROTOCOL.md in constants.ts', () => {
    const contexts = [
      'confide/v1/roster\\n',
      'confide/v1/report\\n',
      'confide/v1/item\\n',
      'confide/v1/party\\n',
      'confide/v1/receipt-salt',
      'confide/v1/member-fingerprint\\n',
      'cnfdmbr1',
      'cnfdrcv1',
      'cnfdrcpt',
      'cnfdbak1',
    ];
    for (const { file, text } of sources) {
      for (const ctx of contexts) {
        if (file !== 'constants.ts') expect(text.includes(`'${ctx}'`), `${file} spells ${ctx}`).toBe(false);
      }
    }
    const constants = sources.find((s) => s.file === 'constants.ts')!.text;
    for (const ctx of contexts) expect(constants).toContain(`'${ctx}'`);
    expect(C.constants.ROSTER_SIGNATURE_CONTEXT).toBe('confide/v1/roster\n');
    expect(C.constants.MEMBER_KDF_CONTEXT).toHaveLength(8);
    expect(C.constants.RECOVERY_KDF_CONTEXT).toHaveLength(8);
    expect(C.constants.RECEIPT_KDF_CONTEXT).toHaveLength(8);
    expect(C.constants.BACKUP_KDF_CONTEXT).toHaveLength(8);
  });

  it('puts no key, plaintext or receipt into error messages', () => {
    const a = person('a');
    const key = C.generateReportKey();
    const team = C.generateId();
    const id = C.generateId();
    const secretText = 'my secret report text';
    const env = C.sealEnvelope(new TextEncoder().encode(secretText), key, { kind: 'report', team, id });
    const other = C.generateReportKey();
    const receipt = C.generateReceipt();
    const errors = [
      catchCryptoError(() => C.openEnvelope(env, other, { kind: 'report', team, id })),
      catchCryptoError(() =>
        C.unwrapReportKey(
          C.grantKey(key, [{ id: 'x', boxPublicKey: a.keys.enc.publicKey }])[0]!.k,
          person('b').keys.enc,
        ),
      ),
      catchCryptoError(() => C.normalizeReceipt(`${receipt}U`)),
      catchCryptoError(() =>
        C.decryptFile(
          C.encryptFile(new Uint8Array(5), key as unknown as FileKey),
          other as unknown as FileKey,
        ),
      ),
    ];
    const secrets = [
      C.toBase64Url(key),
      C.toBase64Url(other),
      C.toHex(key),
      secretText,
      receipt,
      C.normalizeReceipt(receipt),
      C.toBase64Url(a.keys.enc.secretKey),
    ];
    for (const error of errors) {
      const everything = JSON.stringify([
        error.code,
        error.message,
        error.stack,
        error.character,
        error.position,
        error.offset,
      ]);
      for (const s of secrets) expect(everything).not.toContain(s);
    }
  });

  it('refuses to run before ready() with NOT_READY (checked in a fresh module instance)', async () => {
    vi.resetModules();
    const fresh = await import('../../crypto/index.js');
    expect(fresh).not.toBe(C);
    expect(() => fresh.generateMemberKeys()).toThrow(fresh.ConfideCryptoError);
    expect(() => fresh.generateMemberKeys()).toThrow(/await ready\(\)/);
    try {
      fresh.generateMemberKeys();
    } catch (e) {
      // Another module instance has another class; the helper still recognises it.
      expect(e).not.toBeInstanceOf(C.ConfideCryptoError);
      expect(C.isConfideCryptoError(e, 'NOT_READY')).toBe(true);
    }
    await fresh.ready();
    expect(fresh.generateMemberKeys().enc.publicKey.length).toBe(32);
  });

  it('brands keys so that roles cannot be confused (checked by the type checker)', () => {
    const a = person('a');
    const takesSecret = (key: BoxSecretKey): number => key.length;
    const takesBoxPublic = (key: BoxPublicKey): number => key.length;
    const takesReportKey = (key: ReportKey): number => key.length;
    const takesSignPublic = (key: SignPublicKey): number => key.length;
    const takesFileKey = (key: FileKey): number => key.length;
    // @ts-expect-error a public key is not a secret key
    takesSecret(a.keys.enc.publicKey);
    // @ts-expect-error a signing key is not an encryption key
    takesBoxPublic(a.keys.sign.publicKey);
    // @ts-expect-error an item key cannot open a report
    takesReportKey(C.generateItemKey());
    // @ts-expect-error raw bytes are not a key until a function of crypto/ says so
    takesSignPublic(new Uint8Array(32));
    // @ts-expect-error a report key is not a file key
    takesFileKey(C.generateReportKey());
    const roles: ItemKey[] = [C.generateItemKey()];
    expect(takesSecret(a.keys.enc.secretKey) + takesReportKey(C.generateReportKey()) + roles.length).toBe(65);
  });
});

// The directions of the layers (docs/architecture.md), as tests rather than prose: a file that
// breaks one fails here with its name, whoever wrote it.
describe('layer boundaries', () => {
  const server = readSources('server');
  const client = readSources('client/src');
  const contract = readSources('contract');
  const own = [...server, ...client, ...contract, ...readSources('crypto')];

  it('has no import cycle between files', () => {
    expect(findCycles(own).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('builds no query in a route: routes hand over to services and repositories', () => {
    const queryBuilding =
      /\.(selectFrom|insertInto|updateTable|deleteFrom|mergeInto)\(|\bsql`|from ['"]kysely['"]/;
    for (const { file, text } of server.filter((f) => f.file.startsWith('server/routes/'))) {
      expect(text, file).not.toMatch(queryBuilding);
    }
  });

  it('keeps repositories below services, notifications, plugins and routes', () => {
    for (const { file, imports } of server.filter((f) => f.file.startsWith('server/repositories/'))) {
      const above = imports.filter(
        (i) => /^server\/(services|plugins|routes|notifications)\//.test(i) || i === 'server/app.ts',
      );
      expect(above, file).toEqual([]);
    }
  });

  it('lets only the app import route files', () => {
    for (const { file, imports } of own.filter((f) => f.file !== 'server/app.ts')) {
      expect(
        imports.filter((i) => i.startsWith('server/routes/') && !i.startsWith(path.dirname(file))),
        file,
      ).toEqual([]);
    }
  });

  it('lets the client reach the server only through contract/', () => {
    for (const { file, imports } of client) {
      expect(
        imports.filter(
          (i) => !i.startsWith('client/') && !i.startsWith('contract/') && !i.startsWith('crypto/'),
        ),
        file,
      ).toEqual([]);
    }
  });

  it('keeps client features apart: a feature imports no other feature', () => {
    const featureOf = (file: string): string | undefined =>
      /^client\/src\/features\/([^/]+)\//.exec(file)?.[1];
    for (const { file, imports } of client) {
      const feature = featureOf(file);
      if (feature === undefined) continue;
      const others = imports.filter((i) => featureOf(i) !== undefined && featureOf(i) !== feature);
      expect(others, file).toEqual([]);
    }
  });

  it('keeps the contract free of the server, the client and the database', () => {
    for (const { file, specifiers } of contract) {
      for (const s of specifiers) expect(s, file).toMatch(/^(\.\/[a-z-]+\.js|typebox(\/[a-z]+)?)$/);
    }
  });

  it('lists the same item kinds in the contract and in the protocol', () => {
    // Two lists with two jobs: the protocol's are the frozen associated-data kinds of items, which
    // crypto/ holds without depending on the contract; the contract's are what the wire accepts.
    // A kind added to one and not the other would be refused by one side only.
    expect([...ITEM_KINDS]).toEqual([...PROTOCOL_ITEM_KINDS]);
  });

  it('spells the list of case statuses in the contract alone (and the frozen migration)', () => {
    const spellers = [...server, ...client, ...readSources('crypto')]
      .filter(({ text }) => CASE_STATUSES.filter((s) => text.includes(`'${s}'`)).length >= 4)
      .map((f) => f.file);
    expect(spellers).toEqual([]);
    const enumerations = contract.find((f) => f.file === 'contract/enumerations.ts')!.text;
    for (const s of CASE_STATUSES) expect(enumerations).toContain(`'${s}'`);
  });
});
