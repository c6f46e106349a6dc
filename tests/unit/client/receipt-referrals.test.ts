// What the receipt page checks before it asks the reporter to agree to a referral of their case
// (client/src/features/receipt/model/: open-referral.ts, consent.ts; docs/protocol.md 10.10):
// the packet, sealed by a member of the case's team to the receiving team and to the reporter,
// opened with the receipt's own keys and believed only on the signature of a member of the case's
// team as the browser verified its roster; and the answer the page sends. Real libsodium, real
// rosters.
import { beforeAll, describe, expect, it } from 'vitest';

import * as C from '../../../crypto/index.js';
import type { ReceiptKeys, ReportBody } from '../../../crypto/index.js';
import type { ReceiptReferral } from '../../../contract/referrals.js';
import { caseHeading } from '../../../client/src/features/receipt/model/case-heading.js';
import {
  consentDecision,
  exclusionProblem,
  leftOutNames,
  NOBODY_LEFT,
} from '../../../client/src/features/receipt/model/consent.js';
import {
  openReferralPacket,
  PACKET_INCONSISTENT,
  PACKET_MISSING,
  PACKET_NOT_SIGNED,
  PACKET_ROSTER_UNCHECKED,
  PACKET_UNREADABLE,
  textOf,
  type PacketToOpen,
} from '../../../client/src/features/receipt/model/open-referral.js';
import { makeTeam, person, type Person, type TeamFixture } from '../crypto/helpers.js';

let referring: TeamFixture;
let receiving: TeamFixture;
let reporter: ReceiptKeys;
let alice: Person;
let bob: Person;

beforeAll(async () => {
  await C.ready();
  referring = makeTeam(2);
  receiving = makeTeam(3);
  [alice, bob] = referring.members as [Person, Person];
  reporter = C.deriveReceiptKeys(C.generateReceipt());
});

/** The reporter's case and a referral of it, sealed and signed as a member's browser does. */
function referral(
  options: {
    signer?: Person;
    /** Who the packet says referred it. */
    referredBy?: Person;
    /** The case the packet is signed and said to be referred from. */
    fromCase?: string;
    sealedTo?: string;
  } = {},
): { caseId: string; served: Pick<ReceiptReferral, 'id' | 'to_team' | 'packet'> } {
  const caseId = C.generateId();
  const id = C.generateId();
  const fromCase = options.fromCase ?? caseId;
  const referredBy = options.referredBy ?? alice;
  const body = {
    schema: 'confide/report/v1',
    what_happened: 'They posted my address.',
    summary: 'Address posted on a talk page',
    involved: [{ name: 'Bad_Actor', role: 'alleged_harasser' }],
    links: [{ url: 'https://en.wikipedia.org/wiki/Talk:Example', note: 'the post' }],
    contact: { by: 'receipt' },
    attachments: [
      { id: C.generateId(), key: 'k'.repeat(43), name: 'screenshot.png', type: 'image/png', size: 1024 },
    ],
    referral: {
      from_team: referring.team,
      from_case: fromCase,
      referred_by: { id: referredBy.id, name: referredBy.name },
      contact_referrer: 'Alice on the stewards’ list',
      contact_reporter: { by: 'receipt' },
      preliminary_work: 'Checked the edit history; the account is new.',
      links: ['https://meta.wikimedia.org/wiki/Example'],
      diffs: [{ url: 'https://en.wikipedia.org/w/index.php?diff=1', note: 'the first post' }],
    },
  } as unknown as ReportBody;
  const sealed = C.sealReferral({
    team: options.sealedTo ?? receiving.team,
    id,
    fromCase,
    body,
    summary: { schema: 'confide/summary/v1', summary: 'Address posted on a talk page' },
    recipients: C.recipientsFromRoster(receiving.roster),
    reporterBoxPublicKey: reporter.box.publicKey,
    memberSignSecretKey: (options.signer ?? alice).keys.sign.secretKey,
  });
  const grant = sealed.grants.find((g) => g.to === 'reporter');
  if (!grant) throw new Error('no reporter grant');
  return {
    caseId,
    served: {
      id,
      to_team: { id: receiving.team, slug: 'checkusers', name: 'Checkusers', community: 'meta.wikimedia' },
      packet: { payload: sealed.payload, summary: sealed.summary, grant: grant.k, sig: sealed.sig },
    },
  };
}

function input(made: ReturnType<typeof referral>, extra: Partial<PacketToOpen> = {}): PacketToOpen {
  return {
    referral: made.served,
    caseId: made.caseId,
    teamId: referring.team,
    keys: reporter,
    roster: referring.roster,
    ...extra,
  };
}

describe('the packet the reporter reads before they answer', () => {
  it('opens with the receipt’s keys and names the member whose key signed it', () => {
    const opened = openReferralPacket(C, input(referral()));
    if (!opened.ok) throw new Error(opened.problem);
    expect(opened.referrer).toEqual({ id: alice.id, name: alice.name });
    expect(opened.body.what_happened).toBe('They posted my address.');
    expect(opened.body.summary).toBe('Address posted on a talk page');
    expect(opened.fileNames).toEqual(['screenshot.png']);
    expect(opened.note).toEqual({
      contactReferrer: 'Alice on the stewards’ list',
      contactReporter: 'Only through this page',
      preliminaryWork: 'Checked the edit history; the account is new.',
      links: [{ url: 'https://meta.wikimedia.org/wiki/Example', note: '' }],
      diffs: [{ url: 'https://en.wikipedia.org/w/index.php?diff=1', note: 'the first post' }],
    });
  });

  it('refuses a packet signed by a key that is not a member’s of the case’s team', () => {
    // Someone outside the team, and a member of the receiving team: neither may ask.
    for (const signer of [person('Mallory'), receiving.members[0] as Person]) {
      const opened = openReferralPacket(C, input(referral({ signer, referredBy: signer })));
      expect(opened).toEqual({ ok: false, problem: PACKET_NOT_SIGNED });
    }
  });

  it('refuses a packet that names another member than the one who signed it', () => {
    const opened = openReferralPacket(C, input(referral({ signer: bob, referredBy: alice })));
    expect(opened).toEqual({ ok: false, problem: PACKET_INCONSISTENT });
  });

  it('refuses a packet made for another case, or served as another team’s', () => {
    // Signed over another case's id: served on this one, the signature fails.
    const moved = referral({ fromCase: C.generateId() });
    expect(openReferralPacket(C, input(moved))).toEqual({ ok: false, problem: PACKET_NOT_SIGNED });

    // Sealed to another team than the one the server names: it does not open.
    const elsewhere = referral({ sealedTo: C.generateId() });
    expect(openReferralPacket(C, input(elsewhere))).toEqual({ ok: false, problem: PACKET_UNREADABLE });
  });

  it('does not open for another receipt, and is refused with a changed byte', () => {
    const made = referral();
    const other = C.deriveReceiptKeys(C.generateReceipt());
    expect(openReferralPacket(C, input(made, { keys: other }))).toEqual({
      ok: false,
      problem: PACKET_UNREADABLE,
    });

    const packet = made.served.packet;
    if (!packet) throw new Error('no packet');
    const c = C.fromBase64Url(packet.payload.c);
    c[c.length - 1] = (c[c.length - 1] ?? 0) ^ 1;
    const changed = {
      ...made.served,
      packet: { ...packet, payload: { ...packet.payload, c: C.toBase64Url(c) } },
    };
    expect(openReferralPacket(C, input(made, { referral: changed }))).toEqual({
      ok: false,
      problem: PACKET_NOT_SIGNED,
    });
  });

  it('believes nothing without the team’s verified roster, and says when no packet came', () => {
    const made = referral();
    expect(openReferralPacket(C, input(made, { roster: undefined }))).toEqual({
      ok: false,
      problem: PACKET_ROSTER_UNCHECKED,
    });
    expect(openReferralPacket(C, input(made, { referral: { ...made.served, packet: null } }))).toEqual({
      ok: false,
      problem: PACKET_MISSING,
    });
  });

  it('reads fields of unexpected shapes as text rather than dropping or trusting them', () => {
    expect(textOf('  plain  ')).toBe('plain');
    expect(textOf({ by: 'email', email: 'me@example.org' })).toBe('By email at me@example.org');
    expect(textOf({ on_wiki: 'User:Alice', hours: 3 })).toBe('on wiki: User:Alice; hours: 3');
    expect(textOf(['a', '', 'b'])).toBe('a, b');
    expect(textOf(null)).toBeUndefined();
  });
});

describe('the reporter’s answer', () => {
  it('agrees with the members ticked, each once and only members still on the team', () => {
    const [first, second] = receiving.members as [Person, Person];
    const gone = C.generateId();
    expect(consentDecision('agree', [first.id, first.id, gone, second.id], receiving.roster)).toEqual({
      consent: true,
      excluded: [first.id, second.id],
    });
    expect(consentDecision('agree', [], receiving.roster)).toEqual({ consent: true, excluded: [] });
  });

  it('refuses with nobody left out, whatever was ticked', () => {
    const [first] = receiving.members as [Person];
    expect(consentDecision('refuse', [first.id], receiving.roster)).toEqual({ consent: false, excluded: [] });
  });

  it('cannot leave out everyone, and names those left out only from the verified roster', () => {
    const everyone = [...receiving.roster.active.keys()];
    expect(exclusionProblem(receiving.roster, everyone)).toBe(NOBODY_LEFT);
    expect(exclusionProblem(receiving.roster, everyone.slice(1))).toBeUndefined();

    const [first] = receiving.members as [Person];
    expect(leftOutNames([first.id], receiving.roster)).toEqual([first.name]);
    expect(leftOutNames([first.id, C.generateId()], receiving.roster)).toBeUndefined();
    expect(leftOutNames([first.id], undefined)).toBeUndefined();
  });
});

describe('the heading of a case a referral made', () => {
  it('says where the report was referred to', () => {
    expect(caseHeading('reporter', 'Checkusers', true)).toBe('Your report, referred to Checkusers');
    expect(caseHeading('reporter', 'Stewards')).toBe('Your report to Stewards');
  });
});
