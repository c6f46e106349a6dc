/**
 * The server's signature checks (server/verify.ts): native libsodium where it loads, the
 * WebAssembly build otherwise. Both must accept exactly what the protocol's own verifier
 * accepts, so each case below runs through both and through crypto/.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as C from '../../../crypto/index.js';

type VerifyModule = typeof import('../../../server/verify.js');

async function loadVerify(native: boolean): Promise<VerifyModule> {
  vi.resetModules();
  if (native) delete process.env.CONFIDE_NATIVE_SODIUM;
  else process.env.CONFIDE_NATIVE_SODIUM = 'off';
  try {
    const mod = await import('../../../server/verify.js');
    await mod.cryptoReady();
    return mod;
  } finally {
    delete process.env.CONFIDE_NATIVE_SODIUM;
  }
}

const flip = (bytes: Uint8Array, i: number): Uint8Array => {
  const copy = bytes.slice();
  copy[i] = (copy[i] ?? 0) ^ 0x01;
  return copy;
};

let paths: { name: string; verify: VerifyModule }[];
let report: { id: string; c: Uint8Array; sig: Uint8Array; pk: Uint8Array };

beforeAll(async () => {
  await C.ready();
  const reporter = C.deriveReceiptKeys(C.generateReceipt());
  const member = C.generateMemberKeys();
  const id = C.generateId();
  const { report: sealed } = C.sealReport({
    team: C.generateId(),
    id,
    body: { schema: 'confide/report/v1', what_happened: 'x', contact: { by: 'receipt' } },
    recipients: [{ id: C.generateId(), boxPublicKey: member.enc.publicKey }],
    reporter,
  });
  report = {
    id,
    c: C.fromBase64Url(sealed.payload.c),
    sig: C.fromBase64Url(sealed.sig),
    pk: reporter.sign.publicKey,
  };
  paths = [
    { name: 'native', verify: await loadVerify(true) },
    { name: 'WebAssembly', verify: await loadVerify(false) },
  ];
});

describe('server signature checks', () => {
  it('checks with native libsodium on this platform (sodium-native ships a linux-x64 binary), or WebAssembly when told', () => {
    expect(paths.map((p) => p.verify.signatureBackend)).toEqual(['native', 'webassembly']);
  });

  it('accept a valid report signature on both paths', () => {
    for (const { name, verify } of paths) {
      expect(verify.verifyReportSignature(report.id, report.c, report.sig, report.pk), name).toBe(true);
    }
  });

  it('refuse any flipped byte, another id, another key, and wrong sizes, on both paths', () => {
    const other = C.generateMemberKeys().sign.publicKey;
    for (const { name, verify } of paths) {
      const check = (id: string, c: Uint8Array, sig: Uint8Array, pk: Uint8Array) =>
        verify.verifyReportSignature(id, c, sig, pk);
      for (let i = 0; i < report.c.length; i += 61)
        expect(check(report.id, flip(report.c, i), report.sig, report.pk), name).toBe(false);
      for (let i = 0; i < 64; i += 7)
        expect(check(report.id, report.c, flip(report.sig, i), report.pk), name).toBe(false);
      expect(check(C.generateId(), report.c, report.sig, report.pk), name).toBe(false);
      expect(check(report.id, report.c, report.sig, other), name).toBe(false);
      expect(check(report.id, report.c, report.sig.subarray(0, 63), report.pk), name).toBe(false);
      expect(check(report.id, report.c, report.sig, report.pk.subarray(0, 31)), name).toBe(false);
    }
  });

  it('check a report signed with its summary envelope over both, and refuse it stripped, added or changed, on both paths', () => {
    const reporter = C.deriveReceiptKeys(C.generateReceipt());
    const member = C.generateMemberKeys();
    const id = C.generateId();
    const body = { schema: 'confide/report/v1', what_happened: 'x', contact: { by: 'receipt' } } as const;
    const { report: sealed } = C.sealReport({
      team: C.generateId(),
      id,
      body,
      recipients: [{ id: C.generateId(), boxPublicKey: member.enc.publicKey }],
      reporter,
      summary: C.fitReportSummary(body),
    });
    if (!sealed.summary) throw new Error('sealed without its summary');
    const c = C.fromBase64Url(sealed.payload.c);
    const summaryC = C.fromBase64Url(sealed.summary.c);
    const sig = C.fromBase64Url(sealed.sig);
    const pk = reporter.sign.publicKey;
    for (const { name, verify } of paths) {
      expect(verify.verifyReportSignature(id, c, sig, pk, summaryC), name).toBe(true);
      // Stripped: the signature names the summary; checked without it, it fails.
      expect(verify.verifyReportSignature(id, c, sig, pk), name).toBe(false);
      expect(verify.verifyReportSignature(id, c, sig, pk, null), name).toBe(false);
      // Added: a report signed without a summary does not verify with one.
      expect(verify.verifyReportSignature(report.id, report.c, report.sig, report.pk, summaryC), name).toBe(
        false,
      );
      for (let i = 0; i < summaryC.length; i += 97)
        expect(verify.verifyReportSignature(id, c, sig, pk, flip(summaryC, i)), name).toBe(false);
      expect(verify.verifyReportSignature(id, flip(c, 5), sig, pk, summaryC), name).toBe(false);
    }
  });

  it('check item signatures the same way on both paths', () => {
    const author = C.generateMemberKeys();
    const caseId = C.generateId();
    const itemId = C.generateId();
    const { item } = C.sealItem({
      team: C.generateId(),
      caseId,
      id: itemId,
      kind: 'note',
      author: C.generateId(),
      audience: 'team',
      body: { schema: 'confide/note/v1', text: 'checked', written_at: '2026-12-02T08:00:00Z' },
      recipients: [{ id: C.generateId(), boxPublicKey: author.enc.publicKey }],
      authorSignSecretKey: author.sign.secretKey,
    });
    const c = C.fromBase64Url(item.payload.c);
    const sig = C.fromBase64Url(item.sig);
    for (const { name, verify } of paths) {
      expect(verify.verifyItemSignature(itemId, caseId, c, sig, author.sign.publicKey), name).toBe(true);
      expect(verify.verifyItemSignature(itemId, C.generateId(), c, sig, author.sign.publicKey), name).toBe(
        false,
      );
      expect(verify.verifyItemSignature(itemId, caseId, flip(c, 3), sig, author.sign.publicKey), name).toBe(
        false,
      );
    }
  });
});
