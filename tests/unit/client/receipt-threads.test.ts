// What the receipt page checks and seals for each receipt (client/src/features/receipt/model/:
// open-report.ts, open-items.ts, seal-reply.ts; docs/protocol.md 8.5): the reporter's report
// against the receipt's own key, each message of the holder's own thread (the reporter's, or the
// thread of the target a member invited in) against its author's key, and a holder's new message
// sealed to the team, minus those left out, and to the holder, never to the other receipt.
// Real libsodium, real rosters.
import { beforeAll, describe, expect, it } from 'vitest';

import * as C from '../../../crypto/index.js';
import type { ReceiptKeys, ReportBody } from '../../../crypto/index.js';
import type { ReceiptCase, ReceiptItem } from '../../../client/src/features/receipt/api/receipt-types.js';
import { caseHeading } from '../../../client/src/features/receipt/model/case-heading.js';
import { openItem, type ThreadContext } from '../../../client/src/features/receipt/model/open-items.js';
import { CaseIntegrityError, readReport } from '../../../client/src/features/receipt/model/open-report.js';
import { messageReaders, sealReply } from '../../../client/src/features/receipt/model/seal-reply.js';
import { makeTeam, type Person, type TeamFixture } from '../crypto/helpers.js';

const TIME = '2026-11-24T09:00:01.000Z';

let fixture: TeamFixture;
let reporter: ReceiptKeys;
let target: ReceiptKeys;
let alice: Person;
let bob: Person;

beforeAll(async () => {
  await C.ready();
  fixture = makeTeam(2);
  [alice, bob] = fixture.members as [Person, Person];
  // Both derived as every receipt is (docs/protocol.md 8.4): a target's receipt is no different.
  reporter = C.deriveReceiptKeys(C.generateReceipt());
  target = C.deriveReceiptKeys(C.generateReceipt());
});

/** The item as GET /api/receipt/case serves it to the holder of `to`'s grant. */
function served(sealed: C.SealedItem, to: string): ReceiptItem {
  const grant = sealed.item.grants.find((g) => g.to === to);
  if (!grant) throw new Error(`no grant to ${to}`);
  const { grants: _grants, ...item } = sealed.item;
  return { ...item, attachments: [...item.attachments], created_at: TIME, grant: grant.k };
}

/** A member's message in `audience`'s thread, granted to the team and to that thread's holder. */
function memberMessage(
  author: Person,
  caseId: string,
  audience: 'reporter' | 'target',
  options: {
    holder?: ReceiptKeys;
    signer?: Person;
    text?: string;
    /** The body's `thread` (docs/protocol.md 10.2); left out, as older messages do, by default. */
    thread?: 'reporter' | 'target' | undefined;
  } = {},
): C.SealedItem {
  const holder = options.holder ?? (audience === 'target' ? target : reporter);
  return C.sealItem({
    team: fixture.team,
    caseId,
    id: C.generateId(),
    kind: 'message',
    author: author.id,
    audience,
    body: {
      schema: 'confide/message/v1',
      text: options.text ?? 'Thank you for talking with us.',
      written_at: '2026-11-24T09:00:00Z',
      ...(options.thread ? { thread: options.thread } : {}),
    },
    recipients: [
      ...C.recipientsFromRoster(fixture.roster),
      { id: audience, boxPublicKey: holder.box.publicKey },
    ],
    authorSignSecretKey: (options.signer ?? author).keys.sign.secretKey,
  });
}

function context(
  caseId: string,
  role: 'reporter' | 'target',
  extra: Partial<ThreadContext> = {},
): ThreadContext {
  return {
    caseId,
    teamId: fixture.team,
    role,
    keys: role === 'target' ? target : reporter,
    roster: fixture.roster,
    rosterTrusted: true,
    ...extra,
  };
}

describe('the target’s thread', () => {
  it('opens the target’s own message as theirs, and a member’s to them under the member’s name', () => {
    const caseId = C.generateId();
    const own = sealReply(C, {
      caseId,
      teamId: fixture.team,
      role: 'target',
      keys: target,
      roster: fixture.roster,
      excluded: [],
      text: '  They wrote to my employer.  ',
      attachments: [],
    });
    const mine = openItem(C, context(caseId, 'target'), served(own, 'target'));
    expect(mine.author).toEqual({ kind: 'you' });
    expect(mine.body?.text).toBe('They wrote to my employer.');
    expect(mine.problem).toBeUndefined();

    const answer = openItem(
      C,
      context(caseId, 'target'),
      served(memberMessage(alice, caseId, 'target'), 'target'),
    );
    expect(answer.author).toEqual({ kind: 'member', name: alice.name });
    expect(answer.body?.text).toBe('Thank you for talking with us.');
  });

  it('names nobody for a message of the reporter’s thread, nor one that claims the target but is not signed by them', () => {
    const caseId = C.generateId();
    // A member's message in the reporter's thread, granted to the target's key by a misbehaving server.
    const toReporter = memberMessage(alice, caseId, 'reporter', { holder: target });
    const relabelled = openItem(C, context(caseId, 'target'), served(toReporter, 'reporter'));
    expect(relabelled.author).toEqual({
      kind: 'unverified',
      reason: 'It was not written as a message to you.',
    });

    // The reporter's own message, passed off as the target's: the target's key did not sign it.
    const reporters = sealReply(C, {
      caseId,
      teamId: fixture.team,
      role: 'reporter',
      keys: reporter,
      roster: fixture.roster,
      excluded: [],
      text: 'I saw it happen.',
      attachments: [],
    });
    const forged = { ...served(reporters, alice.id), author: 'target', audience: 'target' as const };
    expect(openItem(C, context(caseId, 'target'), forged).author).toEqual({
      kind: 'unverified',
      reason: 'It says it is from you, but your receipt’s signature does not match.',
    });
    // And the target cannot open it: it was never encrypted for them.
    expect(openItem(C, context(caseId, 'target'), forged).body).toBeUndefined();
  });

  it('names no member whose key did not sign, nor any while the roster is not trusted', () => {
    const caseId = C.generateId();
    const impostor = served(memberMessage(alice, caseId, 'target', { signer: bob }), 'target');
    expect(openItem(C, context(caseId, 'target'), impostor).author).toEqual({
      kind: 'unverified',
      reason: `It is not signed by ${alice.name}’s key.`,
    });
    const genuine = served(memberMessage(alice, caseId, 'target'), 'target');
    expect(openItem(C, context(caseId, 'target', { rosterTrusted: false }), genuine).author).toMatchObject({
      kind: 'unverified',
    });
    expect(openItem(C, context(caseId, 'target', { roster: undefined }), genuine).author).toMatchObject({
      kind: 'unverified',
    });
    expect(openItem(C, context(C.generateId(), 'target'), genuine).author).toEqual({
      kind: 'unverified',
      reason: 'It names another case.',
    });
  });

  it('seals a target’s message to the team minus those left out and to the target, never the reporter', () => {
    const caseId = C.generateId();
    const gone = C.generateId(); // left out, and no longer on the team: nothing to leave out
    const sealed = sealReply(C, {
      caseId,
      teamId: fixture.team,
      role: 'target',
      keys: target,
      roster: fixture.roster,
      excluded: [bob.id, gone],
      text: 'Hello',
      attachments: [],
    });
    expect(sealed.item).toMatchObject({
      case: caseId,
      kind: 'message',
      author: 'target',
      audience: 'target',
    });
    expect(sealed.item.grants.map((g) => g.to).sort()).toEqual([fixture.admin.id, alice.id, 'target'].sort());
    expect(messageReaders(fixture.roster, [bob.id, gone]).map((m) => m.id)).toEqual([
      fixture.admin.id,
      alice.id,
    ]);
    // Signed with the target receipt's key, as the server checks it.
    expect(() => C.verifyItemSignature(sealed.item, target.sign.publicKey)).not.toThrow();
    expect(() => C.verifyItemSignature(sealed.item, reporter.sign.publicKey)).toThrow();
    // A member it was sealed to reads it.
    const forAlice = served(sealed, alice.id);
    const key = C.unwrapItemKey(forAlice.grant, alice.keys.enc);
    expect(C.openItem(forAlice, fixture.team, key).text).toBe('Hello');
  });
});

describe('the reporter’s thread', () => {
  it('names a member’s message to the reporter, and nobody for one written to the target', () => {
    const caseId = C.generateId();
    const toReporter = served(memberMessage(alice, caseId, 'reporter'), 'reporter');
    expect(openItem(C, context(caseId, 'reporter'), toReporter).author).toEqual({
      kind: 'member',
      name: alice.name,
    });
    // Granted to the reporter's key by a misbehaving server, still not the reporter's to read as the team's word.
    const toTarget = served(memberMessage(alice, caseId, 'target', { holder: reporter }), 'target');
    const opened = openItem(C, context(caseId, 'reporter'), toTarget);
    expect(opened.author).toEqual({ kind: 'unverified', reason: 'It was not written as a message to you.' });
  });

  it('seals the reporter’s message as before: author and audience reporter, granted to the reporter', () => {
    const sealed = sealReply(C, {
      caseId: C.generateId(),
      teamId: fixture.team,
      role: 'reporter',
      keys: reporter,
      roster: fixture.roster,
      excluded: [alice.id],
      text: 'More happened',
      attachments: [],
    });
    expect(sealed.item).toMatchObject({ author: 'reporter', audience: 'reporter' });
    expect(sealed.item.grants.map((g) => g.to).sort()).toEqual([fixture.admin.id, bob.id, 'reporter'].sort());
  });
});

describe('a message’s thread inside its body (docs/protocol.md 10.2, R-6)', () => {
  const NOT_THIS_THREAD =
    'It was written for someone else’s conversation with the team, not yours: it may have been moved on the way.';

  it('writes the holder’s role as the thread of every new message, for the team to compare', () => {
    for (const [role, keys] of [
      ['reporter', reporter],
      ['target', target],
    ] as const) {
      const caseId = C.generateId();
      const sealed = sealReply(C, {
        caseId,
        teamId: fixture.team,
        role,
        keys,
        roster: fixture.roster,
        excluded: [],
        text: 'Hello',
        attachments: [],
      });
      const forAlice = served(sealed, alice.id);
      const key = C.unwrapItemKey(forAlice.grant, alice.keys.enc);
      expect(C.openItem(forAlice, fixture.team, key).thread).toBe(role);
      // And the holder reads it back as their own.
      const mine = openItem(C, context(caseId, role), served(sealed, role));
      expect(mine).toMatchObject({ author: { kind: 'you' }, problem: undefined });
      expect(mine.body?.thread).toBe(role);
    }
  });

  it('names nobody for a message written for the other thread, though served as this one, both ways', () => {
    const caseId = C.generateId();
    // Sealed to the reporter's key, but its body says the target's thread: the label was moved.
    const forTarget = memberMessage(alice, caseId, 'reporter', { thread: 'target' });
    const atReporter = openItem(C, context(caseId, 'reporter'), served(forTarget, 'reporter'));
    expect(atReporter.author).toEqual({ kind: 'unverified', reason: NOT_THIS_THREAD });
    expect(atReporter.problem).toBe(NOT_THIS_THREAD);

    const forReporter = memberMessage(alice, caseId, 'target', { thread: 'reporter' });
    const atTarget = openItem(C, context(caseId, 'target'), served(forReporter, 'target'));
    expect(atTarget.author).toEqual({ kind: 'unverified', reason: NOT_THIS_THREAD });
    expect(atTarget.problem).toBe(NOT_THIS_THREAD);
  });

  it('names the member for a message that names this thread, and for an older one without a thread', () => {
    const caseId = C.generateId();
    for (const thread of ['target', undefined] as const) {
      const opened = openItem(
        C,
        context(caseId, 'target'),
        served(memberMessage(alice, caseId, 'target', { thread }), 'target'),
      );
      expect(opened).toMatchObject({ author: { kind: 'member', name: alice.name }, problem: undefined });
    }
  });
});

describe('the reporter’s report', () => {
  const body = (): ReportBody =>
    ({
      schema: 'confide/report/v1',
      what_happened: 'They posted my address.',
      kinds: ['doxing'],
      where: 'en.wikipedia.org',
      involved: [{ name: 'Bad_Actor', role: 'alleged_harasser' }],
      private_info_exposed: true,
      danger: 'none',
      reporter_role: 'third_party',
      reporter_keys: {
        box_pk: C.keyToBase64(reporter.box.publicKey),
        sign_pk: C.keyToBase64(reporter.sign.publicKey),
      },
    }) as ReportBody;

  function servedCase(): ReceiptCase {
    const id = C.generateId();
    const { report } = C.sealReport({
      team: fixture.team,
      id,
      body: body(),
      recipients: C.recipientsFromRoster(fixture.roster),
      reporter,
    });
    const grant = report.grants.find((g) => g.to === 'reporter');
    if (!grant) throw new Error('no reporter grant');
    return {
      id,
      role: 'reporter',
      target_invited_at: TIME,
      referred_from: null,
      referrals: [],
      other_cases: [],
      team: fixture.team,
      team_slug: 'stewards',
      team_name: 'Stewards',
      status: 'investigating',
      check_in_by: null,
      created_at: TIME,
      first_response_by: TIME,
      excluded: [],
      readers: [],
      finished_at: null,
      purge_after: null,
      purged_at: null,
      payload: report.payload,
      summary: report.summary ?? null,
      grant: grant.k,
      sig: report.sig,
      items: [],
    };
  }

  it('opens with the receipt’s own keys', () => {
    expect(readReport(C, servedCase(), reporter).what_happened).toBe('They posted my address.');
  });

  it('refuses a report served without its signature, or for another receipt, as tampering', () => {
    const unsigned = { ...servedCase(), sig: null };
    expect(() => readReport(C, unsigned, reporter)).toThrow(CaseIntegrityError);
    expect(() => readReport(C, unsigned, reporter)).toThrow(/without its signature/);
    expect(() => readReport(C, { ...servedCase(), payload: null }, reporter)).toThrow(CaseIntegrityError);
    // The target's receipt cannot pass for the reporter's: the report is not signed with it.
    expect(() => readReport(C, servedCase(), target)).toThrow(CaseIntegrityError);
  });
});

describe('the page’s heading', () => {
  it('names the report for the reporter, and the invitation for the target', () => {
    expect(caseHeading('reporter', 'Stewards')).toBe('Your report to Stewards');
    expect(caseHeading('target', 'Stewards')).toBe('Stewards invited you into a case');
  });
});
