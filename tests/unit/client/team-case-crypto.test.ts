// What the team console checks when it opens a case (client/src/lib/keyring/case-crypto.ts,
// run inside the keyring workers): docs/protocol.md 9.5 and 10.3, and the additive body
// fields of docs/review-notes.md 2.3 it adopts (R-1 reporter_keys, R-3 excluded, R-6 item
// consistency, R-19), the target invited in (docs/protocol.md 8.5), and a case another team
// referred, signed by the referring member (docs/protocol.md 10.10).
import { beforeAll, describe, expect, it } from 'vitest';

import {
  deriveReceiptKeys,
  fitReportSummary,
  generateId,
  generateMemberKeys,
  generateReceipt,
  grantKey,
  keyToBase64,
  ready,
  sealItem,
  sealReferral,
  sealReport,
  signTargetInvitation,
  unwrapReportKey,
  type Envelope,
  type ItemAudience,
  type ItemBody,
  type MemberKeys,
  type ReceiptKeys,
  type ReportBody,
} from '../../../crypto/index.js';
import {
  openCaseDetail,
  readReportBody,
  resealGrants,
  writtenItemBody,
} from '../../../client/src/lib/keyring/case-crypto.js';
import { referralPacketBody } from '../../../client/src/lib/keyring/referral-crypto.js';
import type {
  SealedCaseInput,
  SealedItemInput,
  SealedTargetInput,
} from '../../../client/src/lib/keyring/types.js';
import { openSummaries } from '../../helpers/open-summaries.js';
// @internal helper of the crypto module: what a malicious server with its own key could do.
import { signReportPayload } from '../../../crypto/reports.js';

const team = generateId();
let me: MemberKeys;
let other: MemberKeys;
let excludedMember: string;
let reporter: ReceiptKeys;
let target: ReceiptKeys;
const meId = generateId();
const otherId = generateId();

beforeAll(async () => {
  await ready();
  me = generateMemberKeys();
  other = generateMemberKeys();
  excludedMember = generateId();
  reporter = deriveReceiptKeys(generateReceipt());
  target = deriveReceiptKeys(generateReceipt());
});

function body(extra: Record<string, unknown> = {}): ReportBody {
  return {
    schema: 'confide/report/v1',
    what_happened: 'They posted my address.\nAnd called my employer.',
    summary: 'Address posted',
    kinds: ['doxing', 'family_or_employer'],
    where: 'en.wikipedia.org',
    involved: [{ name: 'Bad_Actor', role: 'alleged_harasser' }],
    private_info_exposed: true,
    danger: 'life',
    contact: { by: 'email', email: 'me@example.org' },
    reporter_keys: {
      box_pk: keyToBase64(reporter.box.publicKey),
      sign_pk: keyToBase64(reporter.sign.publicKey),
    },
    excluded: [excludedMember],
    ...extra,
  } as ReportBody;
}

/** A case as served before any purge: its report and this member's grant are there. */
type SealedCase = SealedCaseInput & { payload: Envelope; grant: string; items: SealedItemInput[] };

function makeCase(reportBody: ReportBody = body()): SealedCase {
  const id = generateId();
  const { report } = sealReport({
    team,
    id,
    body: reportBody,
    recipients: [
      { id: meId, boxPublicKey: me.enc.publicKey },
      { id: otherId, boxPublicKey: other.enc.publicKey },
    ],
    reporter,
  });
  const mine = report.grants.find((g) => g.to === meId);
  if (!mine) throw new Error('no grant');
  return {
    id,
    urgent: true,
    excluded: [excludedMember],
    payload: report.payload,
    grant: mine.k,
    summary: report.summary ?? null,
    reporter: { box_pk: report.reporter.box_pk, sign_pk: report.reporter.sign_pk },
    sig: report.sig,
    items: [],
  };
}

function item(
  caseId: string,
  options: {
    kind?: 'message' | 'note';
    author?: string;
    signer?: Uint8Array;
    text?: string;
    audience?: ItemAudience;
    /** The message body's `thread` (docs/protocol.md 10.2); left out, as older messages do, by default. */
    thread?: string;
  } = {},
): SealedItemInput {
  const kind = options.kind ?? 'note';
  const { item: sealed } = sealItem({
    team,
    caseId,
    id: generateId(),
    kind,
    author: options.author ?? otherId,
    audience: options.audience ?? (kind === 'message' ? 'reporter' : 'team'),
    body: {
      schema: kind === 'message' ? 'confide/message/v1' : 'confide/note/v1',
      text: options.text ?? 'checked the diff',
      written_at: '2026-11-24T09:00:00Z',
      // Cast: a test may write what no honest writer does.
      ...(options.thread === undefined ? {} : { thread: options.thread as NonNullable<ItemBody['thread']> }),
    },
    recipients: [{ id: meId, boxPublicKey: me.enc.publicKey }],
    authorSignSecretKey: (options.signer ?? other.sign.secretKey) as MemberKeys['sign']['secretKey'],
  });
  const grant = sealed.grants[0];
  if (!grant) throw new Error('no grant');
  return { ...sealed, created_at: '2026-11-24T09:00:01Z', grant: grant.k };
}

/** A case's retained record (docs/protocol.md 10.8), sealed by `other` to this member. */
function retainedItem(
  caseId: string,
  caseNumber: number,
  parties = [{ name: 'Bad_Actor', role: 'alleged_harasser' }],
) {
  const { item: sealed } = sealItem({
    team,
    caseId,
    id: generateId(),
    kind: 'record',
    author: otherId,
    audience: 'team',
    body: {
      schema: 'confide/record/v1',
      type: 'retained',
      case_number: caseNumber,
      result: 'actionable',
      finished_at: '2026-11-24T12:00:00.000Z',
      parties,
      reporter_role: 'target',
      outcome: 'Blocked for a month.',
      attachments: [],
      written_at: '2026-11-24T12:00:01Z',
    } as unknown as ItemBody,
    recipients: [{ id: meId, boxPublicKey: me.enc.publicKey }],
    authorSignSecretKey: other.sign.secretKey,
  });
  const grant = sealed.grants[0];
  if (!grant) throw new Error('no grant');
  return { ...sealed, created_at: '2026-11-24T12:00:01Z', grant: grant.k };
}

const authors = () => ({
  [otherId]: keyToBase64(other.sign.publicKey),
  [meId]: keyToBase64(me.sign.publicKey),
});

describe('opening a case in the console', () => {
  it('opens an honest case: body, bound reporter keys, exclusions, verified items', () => {
    const c = makeCase();
    const withItem = { ...c, items: [item(c.id)] };
    const { opened, context } = openCaseDetail(team, withItem, me.enc, authors());
    expect(opened.report?.summary).toBe('Address posted');
    expect(opened.report?.contact).toEqual({ by: 'email', email: 'me@example.org' });
    expect(opened.signatureValid).toBe(true);
    expect(opened.reporterKeys).toBe('bound');
    expect(opened.excluded).toEqual({
      served: [excludedMember],
      body: [excludedMember],
      effective: [excludedMember],
      altered: false,
    });
    expect(opened.urgentMismatch).toBe(false);
    expect(opened.canMessageReporter).toBe(true);
    expect(context.reporterBoxPublicKey).toBe(keyToBase64(reporter.box.publicKey));
    expect(opened.items).toHaveLength(1);
    expect(opened.items[0]).toMatchObject({
      verified: true,
      author: otherId,
      kind: 'note',
      text: 'checked the diff',
    });
  });

  it('flags a server that swapped the reporter box key, and will not seal messages to any reporter key', () => {
    const c = makeCase();
    const attacker = generateMemberKeys();
    const { opened, context } = openCaseDetail(
      team,
      { ...c, reporter: { ...c.reporter, box_pk: keyToBase64(attacker.enc.publicKey) } },
      me.enc,
      authors(),
    );
    expect(opened.reporterKeys).toBe('altered');
    expect(opened.canMessageReporter).toBe(false);
    expect(context.reporterBoxPublicKey).toBeNull();
  });

  it('does not accept a report re-signed by a server that swapped the signing key too', () => {
    const c = makeCase();
    const forger = generateMemberKeys();
    // the server re-signs the unchanged payload with its own key and serves that key.
    // Checked against the served key alone, this would pass.
    const { opened } = openCaseDetail(
      team,
      {
        ...c,
        reporter: { box_pk: keyToBase64(forger.enc.publicKey), sign_pk: keyToBase64(forger.sign.publicKey) },
        sig: signReportPayload(c.id, c.payload, forger.sign.secretKey),
      },
      me.enc,
      authors(),
    );
    expect(opened.reporterKeys).toBe('altered');
    expect(opened.signatureValid).toBe(false);
    expect(opened.canMessageReporter).toBe(false);
  });

  it('follows the body when the server drops an exclusion, and says so', () => {
    const c = makeCase();
    const { opened, context } = openCaseDetail(team, { ...c, excluded: [] }, me.enc, authors());
    expect(opened.excluded.altered).toBe(true);
    expect(opened.excluded.effective).toEqual([excludedMember]);
    expect(context.excluded.has(excludedMember)).toBe(true);
  });

  it('marks an older report without reporter_keys as unbound, and still lets the team reply', () => {
    const b = body();
    const { reporter_keys: _k, excluded: _e, ...old } = b as unknown as Record<string, unknown>;
    const c = makeCase(old as unknown as ReportBody);
    const { opened } = openCaseDetail(team, c, me.enc, authors());
    expect(opened.reporterKeys).toBe('unbound');
    expect(opened.excluded.body).toBeNull();
    expect(opened.canMessageReporter).toBe(true);
  });

  it('notices when the server clears the urgent flag of a report about danger to life', () => {
    const c = makeCase();
    const { opened } = openCaseDetail(team, { ...c, urgent: false }, me.enc, authors());
    expect(opened.urgentMismatch).toBe(true);
  });

  it('withholds items whose signature does not match the named author', () => {
    const c = makeCase();
    const forged = item(c.id, { author: otherId, signer: me.sign.secretKey });
    const { opened } = openCaseDetail(team, { ...c, items: [forged] }, me.enc, authors());
    expect(opened.items[0]).toMatchObject({
      verified: false,
      problem: { code: 'crypto', error: 'SIGNATURE_INVALID' },
    });
    expect(opened.items[0]).not.toHaveProperty('text');
  });

  it('withholds a note the server relabels as a message to the reporter', () => {
    const c = makeCase();
    const note = item(c.id, { kind: 'note' });
    const { opened } = openCaseDetail(
      team,
      { ...c, items: [{ ...note, audience: 'reporter' }] },
      me.enc,
      authors(),
    );
    expect(opened.items[0]).toMatchObject({ verified: false, problem: { code: 'audience_not_of_kind' } });
  });

  it('withholds items by someone who is not on the roster, and items moved from another case', () => {
    const c = makeCase();
    const stranger = item(c.id, { author: generateId() });
    const moved = item(generateId());
    const { opened } = openCaseDetail(team, { ...c, items: [stranger, moved] }, me.enc, authors());
    expect(opened.items.map((i) => (i.verified ? null : i.problem))).toEqual([
      { code: 'author_not_on_roster' },
      { code: 'other_case' },
    ]);
  });

  it('verifies reporter messages against the reporter key inside the body', () => {
    const c = makeCase();
    const fromReporter = item(c.id, { kind: 'message', author: 'reporter', signer: reporter.sign.secretKey });
    const { opened } = openCaseDetail(team, { ...c, items: [fromReporter, fromReporter] }, me.enc, authors());
    expect(opened.items).toHaveLength(1); // a repeated id is shown once
    expect(opened.items[0]).toMatchObject({ verified: true, author: 'reporter', audience: 'reporter' });
  });

  it('reports an undecryptable case as such, never as an empty one', () => {
    const c = makeCase();
    const stranger = generateMemberKeys();
    const { opened } = openCaseDetail(team, c, stranger.enc, authors());
    expect(opened.report).toBeNull();
    expect(opened.reportProblem).toEqual({ code: 'crypto', error: 'TAMPERED' });
    expect(opened.canMessageReporter).toBe(false);
  });
});

/** The target's receipt on case `caseId` as the server serves it, signed by `signer` (default: other). */
function invitation(
  caseId: string,
  options: { signer?: MemberKeys; invitedBy?: string | null; keys?: ReceiptKeys; signedCase?: string } = {},
): SealedTargetInput {
  const keys = options.keys ?? target;
  const box_pk = keyToBase64(keys.box.publicKey);
  const sign_pk = keyToBase64(keys.sign.publicKey);
  const signer = options.signer ?? other;
  return {
    box_pk,
    sign_pk,
    invited_by: options.invitedBy === undefined ? otherId : options.invitedBy,
    invited_at: '2026-11-24T10:00:00.000Z',
    sig: signTargetInvitation(signer.sign.secretKey, { case: options.signedCase ?? caseId, box_pk, sign_pk }),
  };
}

/** The target's own answer: a message in their thread, signed with their receipt's key. */
function fromTarget(caseId: string, audience: ItemAudience = 'target'): SealedItemInput {
  return item(caseId, {
    kind: 'message',
    author: 'target',
    audience,
    signer: target.sign.secretKey,
    text: 'I saw it too',
  });
}

describe('the target invited in', () => {
  it('has no target, and seals nothing to one, when the server lists none', () => {
    const c = makeCase(body({ reporter_role: 'third_party' }));
    const { opened, context } = openCaseDetail(team, c, me.enc, authors());
    expect(opened.report?.reporterRole).toBe('third_party');
    expect(opened.target).toBeNull();
    expect(opened.canMessageTarget).toBe(false);
    expect(context.targetBoxPublicKey).toBeNull();
  });

  it('trusts a target whose keys a roster member signed over this case, and names that member', () => {
    const c = makeCase(body({ reporter_role: 'third_party' }));
    const { opened, context } = openCaseDetail(team, { ...c, target: invitation(c.id) }, me.enc, authors());
    expect(opened.target).toEqual({
      status: 'trusted',
      invitedBy: otherId,
      invitedAt: '2026-11-24T10:00:00.000Z',
    });
    expect(opened.canMessageTarget).toBe(true);
    expect(context.targetBoxPublicKey).toBe(keyToBase64(target.box.publicKey));
  });

  it('names the member who signed, not the one the server claims, and finds them once their account is gone', () => {
    const c = makeCase();
    const claimedOther = openCaseDetail(
      team,
      { ...c, target: invitation(c.id, { invitedBy: meId }) },
      me.enc,
      authors(),
    ).opened;
    expect(claimedOther.target).toMatchObject({ status: 'trusted', invitedBy: otherId });
    const deleted = openCaseDetail(
      team,
      { ...c, target: invitation(c.id, { invitedBy: null }) },
      me.enc,
      authors(),
    ).opened;
    expect(deleted.target).toMatchObject({ status: 'trusted', invitedBy: otherId });
  });

  it('does not trust keys the server swapped in, signed by no member, or signed for another case', () => {
    const c = makeCase();
    const signed = invitation(c.id);
    const attacker = generateMemberKeys();
    const swapped = { ...signed, box_pk: keyToBase64(attacker.enc.publicKey) };
    const byStranger = invitation(c.id, { signer: attacker });
    const otherCase = invitation(c.id, { signedCase: generateId() });
    const garbled = { ...signed, sig: 'not a signature' };
    for (const served of [swapped, byStranger, otherCase, garbled]) {
      const { opened, context } = openCaseDetail(team, { ...c, target: served }, me.enc, authors());
      expect(opened.target).toEqual({
        status: 'unverified',
        claimedBy: otherId,
        invitedAt: '2026-11-24T10:00:00.000Z',
      });
      expect(opened.canMessageTarget).toBe(false);
      expect(context.targetBoxPublicKey).toBeNull();
    }
  });

  it('opens the target thread: the team’s messages to the target and the target’s own, marked as such', () => {
    const c = makeCase(body({ reporter_role: 'third_party' }));
    const toTarget = item(c.id, { kind: 'message', audience: 'target', text: 'Thank you for talking to us' });
    const { opened } = openCaseDetail(
      team,
      { ...c, target: invitation(c.id), items: [toTarget, fromTarget(c.id)] },
      me.enc,
      authors(),
    );
    expect(opened.items[0]).toMatchObject({
      verified: true,
      kind: 'message',
      audience: 'target',
      author: otherId,
      text: 'Thank you for talking to us',
    });
    expect(opened.items[1]).toMatchObject({
      verified: true,
      kind: 'message',
      audience: 'target',
      author: 'target',
      text: 'I saw it too',
    });
  });

  it('withholds messages signed as the target when no member vouches for the target’s keys', () => {
    const c = makeCase();
    const attacker = generateMemberKeys();
    const { opened } = openCaseDetail(
      team,
      { ...c, target: invitation(c.id, { signer: attacker }), items: [fromTarget(c.id)] },
      me.enc,
      authors(),
    );
    const withheld = opened.items[0];
    expect(withheld?.verified).toBe(false);
    if (withheld?.verified === false) expect(withheld.problem).toEqual({ code: 'target_not_invited' });
    // And with no target listed at all.
    const none = openCaseDetail(team, { ...c, items: [fromTarget(c.id)] }, me.enc, authors()).opened;
    expect(none.items[0]).toMatchObject({ verified: false, problem: { code: 'target_not_invited' } });
  });

  it('withholds what the server moved between threads, or passed off as another’s words', () => {
    const c = makeCase();
    const served = { ...c, target: invitation(c.id) };
    const targetInReporterThread = fromTarget(c.id, 'reporter');
    const reporterInTargetThread = item(c.id, {
      kind: 'message',
      author: 'reporter',
      audience: 'target',
      signer: reporter.sign.secretKey,
    });
    const noteToTarget = item(c.id, { kind: 'note', audience: 'target' });
    const relabelled = [targetInReporterThread, reporterInTargetThread, noteToTarget];
    const { opened } = openCaseDetail(team, { ...served, items: relabelled }, me.enc, authors());
    expect(opened.items.map((i) => (i.verified ? null : i.problem))).toEqual([
      { code: 'outside_own_thread', author: 'target' },
      { code: 'outside_own_thread', author: 'reporter' },
      { code: 'audience_not_of_kind' },
    ]);
  });
});

describe('a message’s thread inside its body (docs/protocol.md 10.2, R-6)', () => {
  it('withholds a member’s message the server moved to the other thread, both ways', () => {
    const c = makeCase(body({ reporter_role: 'third_party' }));
    // Sealed honestly for one thread; only the served label moves (the signature does not cover it).
    const toReporter = item(c.id, { kind: 'message', audience: 'reporter', thread: 'reporter' });
    const toTarget = item(c.id, { kind: 'message', audience: 'target', thread: 'target' });
    const { opened } = openCaseDetail(
      team,
      {
        ...c,
        target: invitation(c.id),
        items: [
          { ...toReporter, audience: 'target' },
          { ...toTarget, audience: 'reporter' },
        ],
      },
      me.enc,
      authors(),
    );
    expect(opened.items).toEqual([
      {
        id: toReporter.id,
        verified: false,
        createdAt: toReporter.created_at,
        problem: { code: 'moved_between_threads', writtenFor: 'reporter', shownIn: 'target' },
      },
      {
        id: toTarget.id,
        verified: false,
        createdAt: toTarget.created_at,
        problem: { code: 'moved_between_threads', writtenFor: 'target', shownIn: 'reporter' },
      },
    ]);
  });

  it('withholds a message whose thread is no thread, and shows one left where it was written', () => {
    const c = makeCase();
    const odd = item(c.id, { kind: 'message', audience: 'reporter', thread: 'team' });
    const honest = item(c.id, { kind: 'message', audience: 'reporter', thread: 'reporter', text: 'Hello' });
    const { opened } = openCaseDetail(team, { ...c, items: [odd, honest] }, me.enc, authors());
    expect(opened.items[0]).toMatchObject({
      verified: false,
      problem: { code: 'not_its_thread' },
    });
    expect(opened.items[1]).toMatchObject({ verified: true, audience: 'reporter', text: 'Hello' });
  });

  it('opens an older message without a thread as before', () => {
    const c = makeCase();
    const older = item(c.id, { kind: 'message', audience: 'reporter', text: 'Written last year' });
    const served = { ...c, target: invitation(c.id) };
    const { opened } = openCaseDetail(team, { ...served, items: [older] }, me.enc, authors());
    expect(opened.items[0]).toMatchObject({
      verified: true,
      audience: 'reporter',
      text: 'Written last year',
    });
    // The limit that stays: with no thread inside, a move of an older message cannot be told.
    const moved = openCaseDetail(
      team,
      { ...served, items: [{ ...older, audience: 'target' }] },
      me.enc,
      authors(),
    );
    expect(moved.opened.items[0]).toMatchObject({ verified: true, audience: 'target' });
  });

  it('accepts the reporter’s and the target’s own messages that name their own thread', () => {
    const c = makeCase();
    const fromReporter = item(c.id, {
      kind: 'message',
      author: 'reporter',
      audience: 'reporter',
      thread: 'reporter',
      signer: reporter.sign.secretKey,
    });
    const fromTheTarget = item(c.id, {
      kind: 'message',
      author: 'target',
      audience: 'target',
      thread: 'target',
      signer: target.sign.secretKey,
    });
    const { opened } = openCaseDetail(
      team,
      { ...c, target: invitation(c.id), items: [fromReporter, fromTheTarget] },
      me.enc,
      authors(),
    );
    expect(opened.items.map((i) => i.verified)).toEqual([true, true]);
  });

  it('writes the thread into every new message body, and none into notes or records', () => {
    const request = { team, caseId: generateId(), recipients: [] };
    const at = '2026-11-24T09:00:00Z';
    expect(writtenItemBody({ ...request, kind: 'message', to: 'target', text: 'Hi' }, 'target', at)).toEqual({
      schema: 'confide/message/v1',
      thread: 'target',
      text: 'Hi',
      attachments: [],
      written_at: at,
    });
    expect(
      writtenItemBody({ ...request, kind: 'message', to: 'reporter', text: 'Hi' }, 'reporter', at),
    ).toMatchObject({
      thread: 'reporter',
    });
    expect(writtenItemBody({ ...request, kind: 'note', text: 'n' }, undefined, at)).not.toHaveProperty(
      'thread',
    );
    expect(
      writtenItemBody(
        { ...request, kind: 'record', record: { type: 'investigators', members: [otherId] } },
        undefined,
        at,
      ),
    ).not.toHaveProperty('thread');
    // A message is never written without the thread the keyring checked.
    expect(() =>
      writtenItemBody({ ...request, kind: 'message', to: 'target', text: 'Hi' }, undefined, at),
    ).toThrow();
  });
});

describe('the case list', () => {
  it('opens summaries, with a fallback summary and lowercased search text', async () => {
    const a = makeCase();
    const b = makeCase(body({ summary: '' }));
    const [first, second] = await openSummaries(team, [a, b], me.enc);
    expect(first).toMatchObject({ ok: true, view: { summary: 'Address posted', privateInfoExposed: true } });
    expect(second).toMatchObject({ ok: true, view: { summary: 'They posted my address.' } });
    if (first?.ok) expect(first.view.searchText).toContain('bad_actor');
  });

  it('returns a code for a case whose grant is not for this member', async () => {
    const a = makeCase();
    const [result] = await openSummaries(
      team,
      [
        {
          ...a,
          grant:
            grantKey(unwrapReportKey(a.grant, me.enc), [{ id: 'x', boxPublicKey: other.enc.publicKey }])[0]
              ?.k ?? '',
        },
      ],
      me.enc,
    );
    expect(result).toEqual({ id: a.id, ok: false, code: 'TAMPERED' });
  });

  it('reads untrusted bodies defensively: wrong types become empty, unknown fields are dropped', () => {
    const view = readReportBody({
      schema: 'confide/report/v1',
      what_happened: 'x',
      kinds: ['threat', 7, null],
      links: [{ url: 'https://example.org' }, { note: 'no url' }, 'junk'],
      involved: [
        { name: '  ', role: 'target' },
        { name: 'A', role: 'villain' },
      ],
      danger: 'extreme',
      contact: { by: 'email' },
      excluded: ['not-a-uuid', excludedMember],
      attachments: [
        { id: generateId(), key: 'k', size: -1 },
        { id: 'nope', key: 'k' },
      ],
    } as unknown as ReportBody);
    expect(view.kinds).toEqual(['threat']);
    expect(view.links).toEqual([{ url: 'https://example.org', note: '' }]);
    expect(view.involved).toEqual([{ name: 'A', role: 'other' }]);
    expect(view.danger).toBeNull();
    expect(view.contact).toBeNull();
    expect(view.excluded).toEqual([excludedMember]);
    expect(view.attachments).toHaveLength(1);
    expect(view.attachments[0]?.size).toBe(0);
  });
});

describe('a purged case', () => {
  it('opens in the list as its retained record: parties as the people involved, searchable by name', async () => {
    const c = makeCase();
    const record = retainedItem(c.id, 42);
    const [result] = await openSummaries(
      team,
      [{ id: c.id, purged: true, number: 42, retained: record }],
      me.enc,
    );
    expect(result).toMatchObject({
      id: c.id,
      ok: true,
      view: {
        summary: '',
        kinds: [],
        involved: [{ name: 'Bad_Actor', role: 'alleged_harasser' }],
        retained: {
          type: 'retained',
          case_number: 42,
          result: 'actionable',
          outcome: 'Blocked for a month.',
        },
      },
    });
    if (result?.ok) expect(result.view.searchText).toContain('bad_actor');
  });

  it('shows as unreadable in the list when its record is missing, names another case, or is not a retained record', async () => {
    const c = makeCase();
    const open = async (retained: SealedItemInput | null, number = 42) =>
      (await openSummaries(team, [{ id: c.id, purged: true, number, retained }], me.enc))[0];
    expect(await open(null)).toEqual({ id: c.id, ok: false, code: 'NO_RETAINED_RECORD' });
    // The server moved another case's record here, or changed the case's number.
    expect(await open(retainedItem(generateId(), 42))).toEqual({ id: c.id, ok: false, code: 'TAMPERED' });
    expect(await open(retainedItem(c.id, 42), 43)).toEqual({ id: c.id, ok: false, code: 'TAMPERED' });
    // A note is not a record, and a record of another type is not what was kept.
    expect(await open({ ...item(c.id), kind: 'record' })).toMatchObject({ ok: false });
    expect(await open(item(c.id))).toEqual({ id: c.id, ok: false, code: 'TAMPERED' });
  });

  it('opens on the case page without its report, with its record verified against the author', () => {
    const c = makeCase();
    const record = retainedItem(c.id, 42);
    const { opened, context } = openCaseDetail(
      team,
      { ...c, payload: null, grant: null, items: [record] },
      me.enc,
      authors(),
    );
    expect(opened.report).toBeNull();
    expect(opened.reportProblem).toEqual({ code: 'purged' });
    expect(opened.canMessageReporter).toBe(false);
    expect(context.reporterBoxPublicKey).toBeNull();
    expect(opened.excluded.effective).toEqual([excludedMember]);
    expect(opened.items).toHaveLength(1);
    expect(opened.items[0]).toMatchObject({ verified: true, kind: 'record', record: { type: 'retained' } });

    // Signed by someone else than the author it names: withheld.
    const forged = openCaseDetail(
      team,
      { ...c, payload: null, grant: null, items: [{ ...record, author: meId }] },
      me.enc,
      authors(),
    );
    expect(forged.opened.items[0]).toMatchObject({
      verified: false,
      problem: { code: 'crypto', error: 'SIGNATURE_INVALID' },
    });
  });
});

describe('re-granting', () => {
  it('re-seals keys the admin holds to the new member, and skips what it cannot open', () => {
    const a = makeCase();
    const newcomer = generateMemberKeys();
    const { grants, failed } = resealGrants(
      [
        { object: a.id, case: a.id, grant: a.grant },
        { object: generateId(), case: a.id, grant: a.grant.replace(/^./, (ch) => (ch === 'A' ? 'B' : 'A')) },
      ],
      me.enc,
      (key) => grantKey(key, [{ id: 'n', boxPublicKey: newcomer.enc.publicKey }])[0]?.k ?? '',
    );
    expect(failed).toBe(1);
    expect(grants).toHaveLength(1);
    const reopened = unwrapReportKey(grants[0]?.k ?? '', newcomer.enc);
    expect(reopened).toEqual(unwrapReportKey(a.grant, me.enc));
  });
});

describe('a case another team referred (docs/protocol.md 10.10)', () => {
  const fromTeam = generateId();
  const fromCase = generateId();
  const referrerId = generateId();
  const colleagueId = generateId();
  let referrer: MemberKeys;
  let colleague: MemberKeys;

  beforeAll(() => {
    referrer = generateMemberKeys();
    colleague = generateMemberKeys();
  });

  /** The referring team's verified roster, as the page passes it: every member it listed. */
  const referringAuthors = () => ({
    [referrerId]: keyToBase64(referrer.sign.publicKey),
    [colleagueId]: keyToBase64(colleague.sign.publicKey),
  });

  function packetBody(extra: Record<string, unknown> = {}): ReportBody {
    return body({
      summary: 'Doxing across two wikis; they asked us to pass it on',
      what_happened: 'Doxing across two wikis; they asked us to pass it on',
      excluded: [],
      referral: {
        from_team: { id: fromTeam, slug: 'stewards', name: 'Stewards' },
        from_case: fromCase,
        from_case_number: 42,
        referred_by: { id: referrerId, name: 'Ana' },
        contact_referrer: 'User:Ana on meta',
        contact_reporter: 'Through Confide',
        preliminary_work: 'Checked the edits; oversighted two.',
        links: [{ url: 'https://meta.example.org/wiki/A', note: 'the thread' }],
        diffs: [{ url: 'https://en.example.org/w/index.php?diff=1', note: 'the post' }],
      },
      ...extra,
    });
  }

  /** A referral packet sealed to this team and signed by `signer` (the referrer by default). */
  function makeReferredCase(
    options: { body?: ReportBody; signer?: MemberKeys; referredBy?: string | null; excluded?: string[] } = {},
  ): SealedCase & { referral: NonNullable<SealedCaseInput['referral']> } {
    const id = generateId();
    const packet = options.body ?? packetBody();
    const sealed = sealReferral({
      team,
      id,
      fromCase,
      body: packet,
      summary: fitReportSummary(packet),
      recipients: [
        { id: meId, boxPublicKey: me.enc.publicKey },
        { id: otherId, boxPublicKey: other.enc.publicKey },
      ],
      reporterBoxPublicKey: reporter.box.publicKey,
      memberSignSecretKey: (options.signer ?? referrer).sign.secretKey,
    });
    const mine = sealed.grants.find((g) => g.to === meId);
    if (!mine) throw new Error('no grant');
    return {
      id,
      urgent: true,
      excluded: options.excluded ?? [],
      payload: sealed.payload,
      grant: mine.k,
      summary: sealed.summary,
      // The server copies the reporter's keys from the referring case.
      reporter: {
        box_pk: keyToBase64(reporter.box.publicKey),
        sign_pk: keyToBase64(reporter.sign.publicKey),
      },
      sig: sealed.sig,
      items: [],
      referral: {
        from_case: fromCase,
        from_team: fromTeam,
        referred_by: options.referredBy === undefined ? referrerId : options.referredBy,
        authors: referringAuthors(),
      },
    };
  }

  it('verifies the referring member’s signature against their team’s roster, and lets the team write to the reporter', () => {
    const c = makeReferredCase();
    const reply = item(c.id, {
      kind: 'message',
      author: 'reporter',
      signer: reporter.sign.secretKey,
      audience: 'reporter',
    });
    const { opened, context } = openCaseDetail(team, { ...c, items: [reply] }, me.enc, authors());
    expect(opened.referral).toEqual({ status: 'verified', referredBy: referrerId });
    expect(opened.signatureValid).toBe(true);
    expect(opened.reporterKeys).toBe('bound');
    expect(opened.canMessageReporter).toBe(true);
    expect(context.reporterBoxPublicKey).toBe(keyToBase64(reporter.box.publicKey));
    expect(context.reporterSignPublicKey).toBe(keyToBase64(reporter.sign.publicKey));
    expect(opened.summaryDisagrees).toEqual([]);
    expect(opened.report?.whatHappened).toBe('Doxing across two wikis; they asked us to pass it on');
    expect(opened.report?.referral).toEqual({
      fromTeam: { id: fromTeam, slug: 'stewards', name: 'Stewards' },
      fromCase,
      fromCaseNumber: 42,
      referredBy: { id: referrerId, name: 'Ana' },
      contactReferrer: 'User:Ana on meta',
      contactReporter: 'Through Confide',
      preliminaryWork: 'Checked the edits; oversighted two.',
      links: [{ url: 'https://meta.example.org/wiki/A', note: 'the thread' }],
      diffs: [{ url: 'https://en.example.org/w/index.php?diff=1', note: 'the post' }],
    });
    // The reporter's messages on the referred case verify against the reporter's keys.
    expect(opened.items[0]).toMatchObject({ verified: true, author: 'reporter' });
  });

  it('names the member who signed, not the one the server claims, and finds them when the server names nobody', () => {
    for (const claimed of [colleagueId, null]) {
      const { opened } = openCaseDetail(team, makeReferredCase({ referredBy: claimed }), me.enc, authors());
      expect(opened.referral).toEqual({ status: 'verified', referredBy: referrerId });
    }
  });

  it('is tampering when the report is signed by the reporter’s key instead', () => {
    const reported = makeCase(packetBody());
    const c = makeReferredCase();
    const { opened, context } = openCaseDetail(
      team,
      { ...reported, referral: c.referral },
      me.enc,
      authors(),
    );
    expect(opened.referral).toEqual({ status: 'unverified', reason: 'signature', claimedBy: referrerId });
    expect(opened.signatureValid).toBe(false);
    expect(opened.canMessageReporter).toBe(false);
    expect(context.reporterBoxPublicKey).toBeNull();
    // What the packet says of its referral is not shown on a signature that does not hold.
    expect(opened.report?.referral).toBeNull();
  });

  it('is tampering when signed by someone who is not on the referring team’s roster, or from another case', () => {
    const outsider = makeReferredCase({ signer: generateMemberKeys() });
    expect(openCaseDetail(team, outsider, me.enc, authors()).opened.referral).toMatchObject({
      status: 'unverified',
      reason: 'signature',
    });
    // A member of the receiving team is no referrer either.
    const ownMember = makeReferredCase({ signer: other });
    expect(openCaseDetail(team, ownMember, me.enc, authors()).opened.signatureValid).toBe(false);
    // The server names another referring case than the one signed.
    const c = makeReferredCase();
    const moved = { ...c, referral: { ...c.referral, from_case: generateId() } };
    expect(openCaseDetail(team, moved, me.enc, authors()).opened.referral).toMatchObject({
      status: 'unverified',
      reason: 'signature',
    });
  });

  it('verifies nothing when the referring team’s roster did not check out', () => {
    const c = makeReferredCase();
    const { opened } = openCaseDetail(
      team,
      { ...c, referral: { ...c.referral, authors: null } },
      me.enc,
      authors(),
    );
    expect(opened.referral).toEqual({ status: 'unverified', reason: 'roster', claimedBy: referrerId });
    expect(opened.signatureValid).toBe(false);
    expect(opened.canMessageReporter).toBe(false);
  });

  it('does not believe a packet that names another case, team or member than its signature', () => {
    const base = packetBody() as unknown as { referral: Record<string, unknown> };
    for (const change of [
      { from_case: generateId() },
      { from_team: { id: generateId(), slug: 'other', name: 'Other' } },
      { referred_by: { id: colleagueId, name: 'Ana' } },
    ]) {
      const c = makeReferredCase({ body: packetBody({ referral: { ...base.referral, ...change } }) });
      expect(openCaseDetail(team, c, me.enc, authors()).opened.referral).toMatchObject({
        status: 'unverified',
        reason: 'packet',
      });
    }
    // A packet without a `referral` field at all.
    const { referral: _gone, ...bare } = packetBody() as unknown as Record<string, unknown>;
    const c = makeReferredCase({ body: bare as unknown as ReportBody });
    expect(openCaseDetail(team, c, me.enc, authors()).opened.referral).toMatchObject({ reason: 'packet' });
  });

  it('shows no referral a reporter wrote into their own report', () => {
    const c = makeCase(packetBody());
    const { opened } = openCaseDetail(team, c, me.enc, authors());
    expect(opened.referral).toBeNull();
    expect(opened.signatureValid).toBe(true);
    expect(opened.report?.referral).toBeNull();
  });

  it('accepts the members the reporter left out when consenting, but not a server dropping the packet’s', () => {
    const consented = makeReferredCase({ excluded: [excludedMember] });
    expect(openCaseDetail(team, consented, me.enc, authors()).opened.excluded).toMatchObject({
      body: [],
      effective: [excludedMember],
      altered: false,
    });
    const dropped = makeReferredCase({ body: packetBody({ excluded: [excludedMember] }), excluded: [] });
    expect(openCaseDetail(team, dropped, me.enc, authors()).opened.excluded).toMatchObject({
      effective: [excludedMember],
      altered: true,
    });
  });

  it('seals only a packet that refers the opened case of this team as this member, with the reporter’s checked keys', () => {
    const draft = packetBody({ reporter_keys: { box_pk: 'forged', sign_pk: 'forged' } }) as never;
    const keys = {
      box_pk: keyToBase64(reporter.box.publicKey),
      sign_pk: keyToBase64(reporter.sign.publicKey),
    };
    const expected = { team: fromTeam, caseId: fromCase, memberId: referrerId };
    expect(referralPacketBody(draft, expected, keys)).toMatchObject({ reporter_keys: keys });
    for (const wrong of [
      { ...expected, caseId: generateId() },
      { ...expected, team: generateId() },
      { ...expected, memberId: colleagueId },
    ]) {
      expect(() => referralPacketBody(draft, wrong, keys)).toThrow(
        expect.objectContaining({ code: 'BAD_REFERRAL' }) as Error,
      );
    }
  });
});
