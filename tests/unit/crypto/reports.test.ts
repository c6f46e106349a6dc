import { beforeAll, describe, expect, it } from 'vitest';

import * as C from '../../../crypto/index.js';
import type { Envelope, ReceiptKeys, ReportBody } from '../../../crypto/index.js';
import { expectBytes, expectCode, flippedB64, makeTeam, type TeamFixture } from './helpers.js';

let fixture: TeamFixture;
let reporter: ReceiptKeys;

const body: ReportBody = {
  schema: 'confide/report/v1',
  what_happened: 'An account keeps reverting my edits and insulting me. 🙁',
  kinds: ['personal_attack'],
  involved: [{ name: 'Example_Troll', role: 'alleged_harasser' }],
  contact: { by: 'receipt' },
};

beforeAll(async () => {
  await C.ready();
  fixture = makeTeam(3);
  reporter = C.deriveReceiptKeys(C.generateReceipt());
});

function newReport(excluded: readonly string[] = [], reportBody: ReportBody | Uint8Array = body) {
  return C.sealReport({
    team: fixture.team,
    id: C.generateId(),
    body: reportBody,
    recipients: C.recipientsFromRoster(fixture.roster, excluded),
    reporter,
  });
}

describe('reports', () => {
  it('every active member and the reporter can open a new report; the signature verifies', () => {
    const { report, reportKey } = newReport();
    const everyone = [fixture.admin, ...fixture.members];
    expect(report.grants.map((g) => g.to)).toEqual([...everyone.map((p) => p.id), 'reporter']);
    for (const p of everyone) {
      const grant = report.grants.find((g) => g.to === p.id)!.k;
      const opened = C.verifyAndOpenReport({ ...report, grant }, p.keys.enc, reporter.sign.publicKey);
      expect(opened.body).toEqual(body);
      expectBytes(opened.reportKey, reportKey);
    }
    const mine = report.grants.find((g) => g.to === 'reporter')!.k;
    expect(C.openReport(report, C.unwrapReportKey(mine, reporter.box))).toEqual(body);
    expect(report.reporter).toEqual(C.reporterPublicKeys(reporter));
    C.verifyReportSignature(report, C.signPublicKeyFromBase64(report.reporter.sign_pk));
  });

  it('an excluded member gets no grant and cannot open the report', () => {
    const excluded = fixture.members[0]!;
    const { report } = newReport([excluded.id]);
    expect(report.grants.some((g) => g.to === excluded.id)).toBe(false);
    for (const g of report.grants) expectCode(() => C.unwrapReportKey(g.k, excluded.keys.enc), 'TAMPERED');
  });

  it('seals a body given as JSON bytes as it is', () => {
    const text = JSON.stringify(body);
    const { report, reportKey } = newReport([], new TextEncoder().encode(text));
    expect(new TextDecoder().decode(C.openReportBytes(report, reportKey))).toBe(text);
  });

  it('detects a payload swapped between two reports (different ids)', () => {
    const a = newReport();
    const b = newReport();
    const swapped = { ...a.report, payload: b.report.payload };
    expectCode(() => C.verifyReportSignature(swapped, reporter.sign.publicKey), 'SIGNATURE_INVALID');
    expectCode(() => C.openReport(swapped, b.reportKey), 'TAMPERED');
    expectCode(() => C.openReport(swapped, a.reportKey), 'TAMPERED');
    // The same payload and signature under another id.
    const moved = { ...b.report, id: a.report.id };
    expectCode(() => C.verifyReportSignature(moved, reporter.sign.publicKey), 'SIGNATURE_INVALID');
    expectCode(() => C.openReport(moved, b.reportKey), 'TAMPERED');
  });

  it('detects a report moved to another team', () => {
    const { report, reportKey } = newReport();
    expectCode(() => C.openReport({ ...report, team: C.generateId() }, reportKey), 'TAMPERED');
  });

  it('rejects a signature with any byte flipped, or by another key', () => {
    const { report } = newReport();
    for (let i = 0; i < 64; i++) {
      expectCode(
        () =>
          C.verifyReportSignature(
            { ...report, sig: flippedB64(report.sig, i, i % 8) },
            reporter.sign.publicKey,
          ),
        'SIGNATURE_INVALID',
      );
    }
    expectCode(() => C.verifyReportSignature(report, fixture.admin.keys.sign.publicKey), 'SIGNATURE_INVALID');
    expectCode(
      () => C.verifyReportSignature({ ...report, sig: 'AAAA' }, reporter.sign.publicKey),
      'SIGNATURE_INVALID',
    );
    expectCode(
      () => C.verifyReportSignature({ ...report, sig: '*' }, reporter.sign.publicKey),
      'SIGNATURE_INVALID',
    );
  });

  it('verifies over decoded bytes exactly as over base64 (the server path), and detects any change', () => {
    const { report } = newReport();
    const c = C.fromBase64Url(report.payload.c);
    const sig = C.fromBase64Url(report.sig);
    const key = reporter.sign.publicKey;
    C.verifyReportCiphertextSignature(report.id, c, sig, key);
    for (let i = 0; i < c.length; i += 97) {
      const flipped = c.slice();
      flipped[i] = (flipped[i] ?? 0) ^ (1 << (i % 8));
      expectCode(() => C.verifyReportCiphertextSignature(report.id, flipped, sig, key), 'SIGNATURE_INVALID');
    }
    for (let i = 0; i < sig.length; i++) {
      const flipped = sig.slice();
      flipped[i] = (flipped[i] ?? 0) ^ 0x80;
      expectCode(() => C.verifyReportCiphertextSignature(report.id, c, flipped, key), 'SIGNATURE_INVALID');
    }
    expectCode(() => C.verifyReportCiphertextSignature(C.generateId(), c, sig, key), 'SIGNATURE_INVALID');
    expectCode(
      () => C.verifyReportCiphertextSignature(report.id, c, sig.subarray(0, 63), key),
      'SIGNATURE_INVALID',
    );
    expectCode(
      () => C.verifyReportCiphertextSignature(report.id, c, sig, fixture.admin.keys.sign.publicKey),
      'SIGNATURE_INVALID',
    );
  });

  it('rejects a payload with any ciphertext byte flipped, both by signature and by tag', () => {
    const { report, reportKey } = newReport();
    const length = C.fromBase64Url(report.payload.c).length;
    for (let i = 0; i < length; i += 13) {
      const payload: Envelope = { ...report.payload, c: flippedB64(report.payload.c, i, i % 8) };
      expectCode(
        () => C.verifyReportSignature({ ...report, payload }, reporter.sign.publicKey),
        'SIGNATURE_INVALID',
      );
      expectCode(() => C.openReport({ ...report, payload }, reportKey), 'TAMPERED');
    }
  });

  it('refuses to seal an invalid body or recipient list', () => {
    const recipients = C.recipientsFromRoster(fixture.roster);
    const base = { team: fixture.team, id: C.generateId(), body, recipients, reporter };
    expectCode(
      () => C.sealReport({ ...base, body: { ...body, schema: 'x' } as unknown as ReportBody }),
      'INVALID_ARGUMENT',
    );
    expectCode(
      () => C.sealReport({ ...base, body: { schema: 'confide/report/v1' } as unknown as ReportBody }),
      'INVALID_ARGUMENT',
    );
    expectCode(() => C.sealReport({ ...base, recipients: [] }), 'INVALID_ARGUMENT');
    expectCode(
      () => C.sealReport({ ...base, recipients: [...recipients, recipients[0]!] }),
      'INVALID_ARGUMENT',
    );
    expectCode(
      () => C.sealReport({ ...base, recipients: [{ id: 'reporter', boxPublicKey: reporter.box.publicKey }] }),
      'INVALID_ARGUMENT',
    );
    expectCode(() => C.sealReport({ ...base, id: 'report-1' }), 'INVALID_ARGUMENT');
  });

  it('reads an authentic body that is not a report as BAD_ENCODING or UNKNOWN_VERSION', () => {
    const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
    const open = (b: Uint8Array) => {
      const { report, reportKey } = newReport([], b);
      return () => C.openReport(report, reportKey);
    };
    expectCode(open(bytes({ schema: 'confide/report/v2', what_happened: 'x' })), 'UNKNOWN_VERSION');
    expectCode(open(bytes({ schema: 'confide/report/v1' })), 'BAD_ENCODING');
    expectCode(open(bytes([1, 2])), 'BAD_ENCODING');
    expectCode(open(new TextEncoder().encode('{"schema":')), 'BAD_ENCODING');
    expectCode(open(new Uint8Array([0xff, 0xfe])), 'BAD_ENCODING');
    // Unknown fields are kept, for readers that show what they have.
    const { report, reportKey } = newReport([], bytes({ ...body, future_field: 42 }));
    expect(C.openReport(report, reportKey)).toMatchObject({ future_field: 42 });
  });
});

describe('items', () => {
  function newItem(kind: C.ItemKind = 'message', caseId = C.generateId()) {
    const author = fixture.admin;
    const recipients = [
      ...C.recipientsFromRoster(fixture.roster),
      { id: 'reporter', boxPublicKey: reporter.box.publicKey },
    ];
    const schema =
      kind === 'message' ? 'confide/message/v1' : kind === 'note' ? 'confide/note/v1' : 'confide/record/v1';
    return C.sealItem({
      team: fixture.team,
      caseId,
      id: C.generateId(),
      kind,
      author: author.id,
      audience: 'reporter',
      body: { schema, text: 'We are looking into it.', written_at: '2026-11-24T09:00:00Z' },
      recipients,
      authorSignSecretKey: author.keys.sign.secretKey,
    });
  }

  it('the reporter and the team open an item; its author signature verifies', () => {
    const { item } = newItem();
    expect(item.grants.map((g) => g.to)).toContain('reporter');
    expect(item.attachments).toEqual([]);
    const grant = item.grants.find((g) => g.to === 'reporter')!.k;
    const opened = C.verifyAndOpenItem(
      { ...item, grant },
      fixture.team,
      reporter.box,
      fixture.admin.keys.sign.publicKey,
    );
    expect(opened.text).toBe('We are looking into it.');
  });

  it('verifies an item over decoded bytes as over base64, and detects a moved or altered one', () => {
    const { item } = newItem();
    const c = C.fromBase64Url(item.payload.c);
    const sig = C.fromBase64Url(item.sig);
    const key = fixture.admin.keys.sign.publicKey;
    C.verifyItemCiphertextSignature(item, c, sig, key);
    expectCode(
      () => C.verifyItemCiphertextSignature({ ...item, case: C.generateId() }, c, sig, key),
      'SIGNATURE_INVALID',
    );
    const flipped = c.slice();
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expectCode(() => C.verifyItemCiphertextSignature(item, flipped, sig, key), 'SIGNATURE_INVALID');
    expectCode(
      () => C.verifyItemCiphertextSignature(item, c, sig, fixture.members[0]!.keys.sign.publicKey),
      'SIGNATURE_INVALID',
    );
  });

  it('detects an item moved to another case, or attributed to another author', () => {
    const { item } = newItem();
    expectCode(
      () => C.verifyItemSignature({ ...item, case: C.generateId() }, fixture.admin.keys.sign.publicKey),
      'SIGNATURE_INVALID',
    );
    expectCode(
      () => C.verifyItemSignature(item, fixture.members[0]!.keys.sign.publicKey),
      'SIGNATURE_INVALID',
    );
    for (let i = 0; i < 64; i++) {
      expectCode(
        () =>
          C.verifyItemSignature(
            { ...item, sig: flippedB64(item.sig, i, i % 8) },
            fixture.admin.keys.sign.publicKey,
          ),
        'SIGNATURE_INVALID',
      );
    }
  });

  it('detects an item whose kind was changed, or whose payload was swapped with another item', () => {
    const a = newItem('note');
    const b = newItem('note', a.item.case);
    expectCode(() => C.openItem({ ...a.item, kind: 'message' }, fixture.team, a.itemKey), 'TAMPERED');
    expectCode(() => C.openItem({ ...a.item, payload: b.item.payload }, fixture.team, b.itemKey), 'TAMPERED');
    expectCode(
      () => C.verifyItemSignature({ ...a.item, payload: b.item.payload }, fixture.admin.keys.sign.publicKey),
      'SIGNATURE_INVALID',
    );
    expectCode(
      () => C.openItem({ ...a.item, kind: 'report' as C.ItemKind }, fixture.team, a.itemKey),
      'BAD_ENCODING',
    );
  });

  it('refuses a body whose schema does not match the kind', () => {
    const base = {
      team: fixture.team,
      caseId: C.generateId(),
      id: C.generateId(),
      author: fixture.admin.id,
      audience: 'team' as const,
      recipients: C.recipientsFromRoster(fixture.roster),
      authorSignSecretKey: fixture.admin.keys.sign.secretKey,
    };
    expectCode(
      () => C.sealItem({ ...base, kind: 'note', body: { schema: 'confide/message/v1', text: 'x' } }),
      'INVALID_ARGUMENT',
    );
    expectCode(
      () =>
        C.sealItem({ ...base, kind: 'x' as C.ItemKind, body: { schema: 'confide/message/v1', text: 'x' } }),
      'INVALID_ARGUMENT',
    );
    expectCode(
      () =>
        C.sealItem({ ...base, kind: 'note', body: { schema: 'confide/note/v1', text: 'x' }, recipients: [] }),
      'INVALID_ARGUMENT',
    );
    const record = C.sealItem({
      ...base,
      kind: 'record',
      body: { schema: 'confide/record/v1', type: 'vote' } as unknown as C.ItemBody,
    });
    expect(C.openItem(record.item, fixture.team, record.itemKey)).toMatchObject({ type: 'vote' });
  });
});
