// The console's side of summary envelopes (docs/protocol.md 9.7), as the keyring workers run it
// (client/src/lib/keyring/case-crypto.ts, page-entries.ts): the list opens summaries and lists
// older reports from their body, the case page verifies the signature over both and says where
// the summary disagrees with the body, and "Search inside whole reports" reads the whole body.
import { beforeAll, describe, expect, it } from 'vitest';

import {
  deriveReceiptKeys,
  fitReportSummary,
  generateId,
  generateMemberKeys,
  generateReceipt,
  generateReportKey,
  keyToBase64,
  randomBytes,
  ready,
  sealedBoxOpener,
  sealReport,
  type Envelope,
  type MemberKeys,
  type ReceiptKeys,
  type ReportBody,
  type SummaryBody,
} from '../../../crypto/index.js';
import type { CaseSummary } from '../../../contract/cases.js';
// @internal helpers of the crypto module: what a faulty or hostile writer (who holds K) could do.
import { signReportPayload } from '../../../crypto/reports.js';
import { encodeSummary, encryptSummary } from '../../../crypto/summaries.js';
import {
  bodySearchText,
  openCaseDetail,
  openSummaries as openSummariesWith,
} from '../../../client/src/lib/keyring/case-crypto.js';
import { openPageEntries, pageEntryOf } from '../../../client/src/lib/keyring/page-entries.js';
import { openSummaries } from '../../helpers/open-summaries.js';
import { SUMMARY_UNREADABLE, type SealedCaseInput } from '../../../client/src/lib/keyring/types.js';

const team = generateId();
const meId = generateId();
let me: MemberKeys;
let reporter: ReceiptKeys;

beforeAll(async () => {
  await ready();
  me = generateMemberKeys();
  reporter = deriveReceiptKeys(generateReceipt());
});

function body(extra: Record<string, unknown> = {}): ReportBody {
  return {
    schema: 'confide/report/v1',
    what_happened: 'They posted my address.\nThen a zebracorn appeared in every thread.',
    summary: 'Address posted',
    kinds: ['doxing'],
    where: 'forum.example.org',
    involved: [{ name: 'Bad_Actor', role: 'alleged_harasser' }],
    links: [{ url: 'https://forum.example.org/t/1', note: 'the first quokka post' }],
    private_info_exposed: true,
    danger: 'none',
    reporter_keys: {
      box_pk: keyToBase64(reporter.box.publicKey),
      sign_pk: keyToBase64(reporter.sign.publicKey),
    },
    ...extra,
  } as ReportBody;
}

/** A case as GET /api/cases/{id} serves it to `me`, sealed with `summary` (none: an older report). */
function makeCase(
  reportBody: ReportBody,
  summary: SummaryBody | undefined,
): SealedCaseInput & { payload: Envelope; grant: string; summary: Envelope | null } {
  const id = generateId();
  const { report } = sealReport({
    team,
    id,
    body: reportBody,
    recipients: [{ id: meId, boxPublicKey: me.enc.publicKey }],
    reporter,
    ...(summary === undefined ? {} : { summary }),
  });
  const mine = report.grants.find((g) => g.to === meId);
  if (!mine) throw new Error('no grant');
  return {
    id,
    urgent: false,
    excluded: [],
    payload: report.payload,
    grant: mine.k,
    summary: report.summary ?? null,
    reporter: { box_pk: report.reporter.box_pk, sign_pk: report.reporter.sign_pk },
    sig: report.sig,
    items: [],
  };
}

/** The same case listed by its summary, as the list's workers keep it. */
function listed(c: ReturnType<typeof makeCase>) {
  if (c.summary === null) throw new Error('no summary');
  return { id: c.id, summary: c.summary, grant: c.grant };
}

/** A row of GET /api/cases for pageEntryOf: only the fields it reads matter. */
function row(fields: Partial<CaseSummary>): CaseSummary {
  return {
    id: generateId(),
    number: 1,
    status: 'received',
    urgent: false,
    created_at: '2026-11-24T09:00:00Z',
    updated_at: '2026-11-24T09:00:00Z',
    check_in_by: null,
    follow_up_by: null,
    assignee: null,
    excluded: [],
    reporter_replied_at: null,
    team_replied_at: null,
    read_at: null,
    finished_at: null,
    retained: null,
    purge_after: null,
    purged_at: null,
    summary: null,
    payload: null,
    grant: null,
    retained_item: null,
    appeal_of: null,
    ...fields,
  };
}

describe('the case list', () => {
  it('opens a summary envelope: its fields, and search text from the summary line, place and names only', async () => {
    const b = body();
    const c = makeCase(b, fitReportSummary(b));
    const [opened] = await openSummaries(team, [listed(c)], me.enc);
    expect(opened).toMatchObject({
      id: c.id,
      ok: true,
      view: {
        summary: 'Address posted',
        kinds: ['doxing'],
        danger: 'none',
        privateInfoExposed: true,
        where: 'forum.example.org',
        involved: [{ name: 'Bad_Actor', role: 'alleged_harasser' }],
        excluded: null,
        retained: null,
      },
    });
    if (!opened?.ok) throw new Error('not opened');
    expect(opened.view.searchText).toContain('bad_actor');
    expect(opened.view.searchText).toContain('forum.example.org');
    // Words only in the body are for "Search inside whole reports".
    expect(opened.view.searchText).not.toContain('zebracorn');
  });

  it('lists a report written before summaries from its body, searchable on the same fields', async () => {
    const b = body({ summary: '' });
    const c = makeCase(b, undefined);
    const [opened] = await openSummaries(team, [{ id: c.id, payload: c.payload, grant: c.grant }], me.enc);
    expect(opened).toMatchObject({ ok: true, view: { summary: 'They posted my address.' } });
    if (!opened?.ok) throw new Error('not opened');
    expect(opened.view.searchText).toContain('they posted my address.');
    expect(opened.view.searchText).toContain('bad_actor');
    expect(opened.view.searchText).not.toContain('zebracorn');
  });

  it('says TAMPERED for a summary the server moved from another case or that is not sealed to this member', async () => {
    const b = body();
    const a = makeCase(b, fitReportSummary(b));
    const other = makeCase(b, fitReportSummary(b));
    const otherMember = generateMemberKeys();
    const [moved, honest] = await openSummaries(
      team,
      [{ ...listed(a), summary: listed(other).summary }, listed(a)],
      me.enc,
    );
    expect(moved).toEqual({ id: a.id, ok: false, code: 'TAMPERED' });
    expect((await openSummaries(team, [listed(a)], otherMember.enc))[0]).toEqual({
      id: a.id,
      ok: false,
      code: 'TAMPERED',
    });
    expect(honest?.ok).toBe(true);
  });

  it("opens the same summaries, and refuses the same ones, with the platform's X25519 and with libsodium", async () => {
    const b = body();
    const a = makeCase(b, fitReportSummary(b));
    const older = makeCase(body({ summary: '' }), undefined);
    const other = makeCase(b, fitReportSummary(b));
    const cases = [
      listed(a),
      { id: older.id, payload: older.payload, grant: older.grant },
      { ...listed(a), summary: listed(other).summary },
      // Another case's grant: sealed to this member, but the key of another report.
      { ...listed(a), grant: other.grant },
      // Not a sealed box at all.
      { ...listed(a), grant: keyToBase64(randomBytes(20)) },
    ];
    const platform = await sealedBoxOpener(me.enc);
    expect(platform.engine).toBe('webcrypto');
    const viaPlatform = await openSummariesWith(team, cases, me.enc, platform);
    const viaLibsodium = await openSummaries(team, cases, me.enc, 'libsodium');
    expect(viaPlatform).toEqual(viaLibsodium);
    expect(viaPlatform.map((o) => (o.ok ? 'ok' : o.code))).toEqual([
      'ok',
      'ok',
      'TAMPERED',
      'TAMPERED',
      'TAMPERED',
    ]);
  });

  it('says BAD_PADDING for a summary cut to another length', async () => {
    const b = body();
    const c = listed(makeCase(b, fitReportSummary(b)));
    const [opened] = await openSummaries(
      team,
      [{ ...c, summary: { ...c.summary, c: c.summary.c.slice(0, -4) } }],
      me.enc,
    );
    expect(opened).toEqual({ id: c.id, ok: false, code: 'BAD_PADDING' });
  });

  it('keeps from each case of a page its summary, else its body, else a plain code', () => {
    const summary = { v: 1, n: 'n', c: 'c' };
    const payload = { v: 1, n: 'n', c: 'p' };
    const withBoth = row({ summary, payload, grant: 'g' });
    expect(pageEntryOf(withBoth)).toEqual({ id: withBoth.id, summary, grant: 'g' });
    const older = row({ payload, grant: 'g' });
    expect(pageEntryOf(older)).toEqual({ id: older.id, payload, grant: 'g' });
    const nothing = row({});
    expect(pageEntryOf(nothing)).toEqual({ id: nothing.id, code: 'NO_REPORT' });
    const newer = row({ summary: { ...summary, v: 2 }, grant: 'g' });
    expect(pageEntryOf(newer)).toEqual({ id: newer.id, code: 'UNKNOWN_VERSION' });
    const purged = row({ purged_at: '2026-11-25T09:00:00Z', number: 7 });
    expect(pageEntryOf(purged)).toEqual({ id: purged.id, purged: true, number: 7, retained: null });
  });

  it('opens the cases of a page in order, with the ones that cannot be opened in their places', async () => {
    const b = body();
    const a = makeCase(b, fitReportSummary(b));
    const c = makeCase(b, undefined);
    const broken = row({});
    const opened = await openPageEntries(
      team,
      [listed(a), pageEntryOf(broken), { id: c.id, payload: c.payload, grant: c.grant }],
      me.enc,
      await sealedBoxOpener(me.enc),
    );
    expect(opened.map((o) => [o.id, o.ok])).toEqual([
      [a.id, true],
      [broken.id, false],
      [c.id, true],
    ]);
    expect(opened[1]).toEqual({ id: broken.id, ok: false, code: 'NO_REPORT' });
  });
});

describe('opening a case with a summary', () => {
  const authors = () => ({});

  it('verifies the signature over body and summary, and finds nothing to warn about', () => {
    const b = body();
    const c = makeCase(b, fitReportSummary(b));
    const { opened } = openCaseDetail(team, c, me.enc, authors());
    expect(opened.signatureValid).toBe(true);
    expect(opened.summaryDisagrees).toEqual([]);
    expect(opened.canMessageReporter).toBe(true);
  });

  it('fails the signature when the server strips the summary, or adds one to an older report', () => {
    const b = body();
    const c = makeCase(b, fitReportSummary(b));
    expect(openCaseDetail(team, { ...c, summary: null }, me.enc, authors()).opened.signatureValid).toBe(
      false,
    );
    const older = makeCase(b, undefined);
    const added = openCaseDetail(team, { ...older, summary: c.summary }, me.enc, authors()).opened;
    expect(added.signatureValid).toBe(false);
    expect(added.canMessageReporter).toBe(false);
  });

  it('has nothing to compare for a report written before summaries', () => {
    const { opened } = openCaseDetail(team, makeCase(body(), undefined), me.enc, authors());
    expect(opened.signatureValid).toBe(true);
    expect(opened.summaryDisagrees).toBeNull();
  });

  it('names the fields of a signed summary that says something the body does not', () => {
    const b = body();
    const c = makeCase(b, {
      schema: 'confide/summary/v1',
      kinds: ['doxing'],
      danger: 'life',
      private_info_exposed: true,
      summary: 'Nothing serious',
      where: 'forum.example.org',
      involved: [{ name: 'Bad_Actor', role: 'alleged_harasser' }],
    });
    const { opened } = openCaseDetail(team, c, me.enc, authors());
    expect(opened.signatureValid).toBe(true);
    expect(opened.summaryDisagrees).toEqual(['danger', 'summary']);
  });

  it('says the summary is unreadable when it was sealed under another key, yet signed', () => {
    const b = body();
    const c = makeCase(b, undefined);
    const { envelope } = encryptSummary(
      encodeSummary(fitReportSummary(b)),
      generateReportKey(),
      team,
      c.id,
      randomBytes(24),
    );
    const sig = signReportPayload(c.id, c.payload, reporter.sign.secretKey, envelope);
    const { opened } = openCaseDetail(team, { ...c, summary: envelope, sig }, me.enc, authors());
    expect(opened.signatureValid).toBe(true);
    expect(opened.report).not.toBeNull();
    expect(opened.summaryDisagrees).toEqual([SUMMARY_UNREADABLE]);
  });
});

describe('searching inside whole reports', () => {
  it('reads what happened, the links and their notes, the place, the names and the summary, lowercased', () => {
    const text = bodySearchText(body());
    for (const word of [
      'zebracorn',
      'quokka',
      'https://forum.example.org/t/1',
      'bad_actor',
      'address posted',
    ]) {
      expect(text).toContain(word);
    }
    expect(text).toBe(text.toLowerCase());
  });
});
