// Referring a case to another team, as the console writes and shows it
// (client/src/features/team/model/referral.ts, docs/protocol.md 10.10): whether the reporter is
// asked, the teams offered, the packet body the keyring seals, and the words for states and refusals.
import { beforeAll, describe, expect, it } from 'vitest';

import { CASE_STATUSES, isOpenStatus } from '../../../contract/enumerations.js';
import type { TeamSummary } from '../../../contract/teams.js';
import { generateId, ready, type ReportBody } from '../../../crypto/index.js';
import {
  buildReferralPacket,
  consentReasonWords,
  defaultContactReporter,
  isRosterRefusal,
  packetTooLong,
  parseLinkLines,
  referralAvailability,
  referralFormProblems,
  referralNeedsConsent,
  referralRefusalWords,
  referralSentWords,
  referralStateWords,
  referralTargets,
  teamChoiceLabel,
  type ReferralForm,
} from '../../../client/src/features/team/model/referral.js';
import { readReportBody } from '../../../client/src/lib/keyring/case-crypto.js';
import type { ReportView } from '../../../client/src/lib/keyring/types.js';

beforeAll(async () => {
  await ready();
});

function team(name: string, community: string | null, id = generateId()): TeamSummary {
  return {
    id,
    slug: name.toLowerCase(),
    name,
    description: '',
    description_translations: {},
    handles_life_threats: false,
    handles_child_safety: false,
    first_response_hours: 72,
    community,
  };
}

const form: ReferralForm = {
  summary: '  Doxing across two wikis.\nThey asked us to pass it on.  ',
  contactReferrer: ' User:Ana on meta ',
  contactReporter: defaultContactReporter(),
  preliminaryWork: 'Oversighted two edits.',
  links: 'https://meta.example.org/wiki/A the thread\n\nhttps://meta.example.org/wiki/B',
  diffs: 'https://en.example.org/w/index.php?diff=1   the post itself',
};

describe('whether the reporter is asked', () => {
  it('asks unless both teams serve one community', () => {
    expect(referralNeedsConsent('en.wikipedia', 'en.wikipedia')).toBe(false);
    expect(referralNeedsConsent('en.wikipedia', 'de.wikipedia')).toBe(true);
    expect(referralNeedsConsent(null, 'en.wikipedia')).toBe(true);
    expect(referralNeedsConsent('en.wikipedia', null)).toBe(true);
    // A team that names none serves only its own: two such teams are two communities.
    expect(referralNeedsConsent(null, null)).toBe(true);
  });

  it('names each team with the community it serves', () => {
    expect(teamChoiceLabel(team('Stewards', 'global'))).toBe('Stewards (global)');
    expect(teamChoiceLabel(team('Local', null))).toBe('Local (no community named)');
  });

  it('says why the reporter is asked, with the community each team serves or that it names none', () => {
    const asked = ': the reporter is asked through their receipt whether to pass this on.';
    expect(consentReasonWords(team('Local', 'en.wiki'), team('Stewards', 'global'))).toBe(
      `Local serves en.wiki and Stewards serves global${asked}`,
    );
    expect(consentReasonWords(team('Local', 'en.wiki'), team('Other', null))).toBe(
      `Local serves en.wiki and Other names no community${asked}`,
    );
    expect(consentReasonWords(team('Other', null), team('Local', 'en.wiki'))).toBe(
      `Other names no community and Local serves en.wiki${asked}`,
    );
    expect(consentReasonWords(team('A', null), team('B', null))).toBe(
      `A names no community and B names no community${asked}`,
    );
  });

  it('offers every other team, by name', () => {
    const own = team('Ours', 'global');
    const teams = [team('Zeta', null), own, team('Alpha', 'global')];
    expect(referralTargets(teams, own.id).map((t) => t.name)).toEqual(['Alpha', 'Zeta']);
  });
});

describe('when a case can be referred', () => {
  it('while the team works on it or after a first referral, with its report and reporter keys checked', () => {
    for (const status of CASE_STATUSES) {
      const c = { status, purgedAt: null, reportOpened: true, reporterTrusted: true };
      expect(referralAvailability(c)).toBe(
        isOpenStatus(status) || status === 'referred' ? 'available' : 'finished',
      );
    }
    const open = {
      status: 'investigating',
      purgedAt: null,
      reportOpened: true,
      reporterTrusted: true,
    } as const;
    expect(referralAvailability({ ...open, reporterTrusted: false })).toBe('unchecked');
    expect(referralAvailability({ ...open, reportOpened: false })).toBe('unchecked');
    expect(referralAvailability({ ...open, purgedAt: '2026-12-01T00:00:00Z' })).toBe('finished');
  });
});

describe('the form', () => {
  it('reads links one a line: the address, then its note; only web addresses', () => {
    expect(parseLinkLines(form.links)).toEqual({
      links: [
        { url: 'https://meta.example.org/wiki/A', note: 'the thread' },
        { url: 'https://meta.example.org/wiki/B', note: '' },
      ],
      badLines: [],
    });
    expect(
      parseLinkLines('see the thread\njavascript:alert(1) x\nhttps://ok.example/ fine').badLines,
    ).toEqual([1, 2]);
    expect(parseLinkLines('  \n').links).toEqual([]);
  });

  it('asks for the summary and both contacts, and for web addresses in links and diffs', () => {
    expect(referralFormProblems(form)).toEqual({});
    const problems = referralFormProblems({
      ...form,
      summary: ' ',
      contactReferrer: '',
      contactReporter: ' ',
      links: 'nothing here',
      diffs: 'https://ok.example/\nftp://x\nnope',
    });
    expect(Object.keys(problems).sort()).toEqual(
      ['contactReferrer', 'contactReporter', 'diffs', 'links', 'summary'].sort(),
    );
    expect(problems.links).toBe('Line 1: start each line with a web address (https://…).');
    expect(problems.diffs).toBe('Lines 2, 3: start each line with a web address (https://…).');
  });
});

describe('the packet body', () => {
  const reportBody = {
    schema: 'confide/report/v1',
    what_happened: 'The reporter’s own account, which stays with the referring team.',
    summary: 'Address posted',
    reporter_role: 'third_party',
    kinds: ['doxing'],
    where: 'en.wikipedia.org',
    links: [{ url: 'https://en.example.org/wiki/Talk', note: 'where' }],
    involved: [{ name: 'Bad_Actor', role: 'alleged_harasser' }],
    private_info_exposed: true,
    danger: 'life',
    contact: { by: 'email', email: 'me@example.org' },
    language: 'fr',
    attachments: [{ id: generateId(), name: 'a.png', type: 'image/png', size: 10, key: 'old-key' }],
    reporter_keys: { box_pk: 'box', sign_pk: 'sign' },
    excluded: [generateId()],
  } as unknown as ReportBody;
  const origin = {
    team: { id: generateId(), slug: 'stewards', name: 'Stewards' },
    caseId: generateId(),
    caseNumber: 42,
    member: { id: generateId(), name: 'Ana' },
  };
  const copy = { id: generateId(), name: 'a.png', type: 'image/png', size: 10, key: 'new-key' };
  const leftOut = generateId();

  function packet(report: ReportView = readReportBody(reportBody)) {
    return buildReferralPacket({
      report,
      form,
      origin,
      attachments: [copy],
      excluded: [leftOut],
      to: { fingerprint: 'ab'.repeat(32), head: { seq: 3, hash: 'head-hash' } },
      submittedAt: '2026-12-07T10:00:00Z',
    });
  }

  it('copies the report’s fields, puts the member’s summary in place of the account, and names the referral', () => {
    const body = packet();
    expect(body).toEqual({
      schema: 'confide/report/v1',
      reporter_role: 'third_party',
      kinds: ['doxing'],
      summary: 'Doxing across two wikis.\nThey asked us to pass it on.',
      what_happened: 'Doxing across two wikis.\nThey asked us to pass it on.',
      where: 'en.wikipedia.org',
      links: [{ url: 'https://en.example.org/wiki/Talk', note: 'where' }],
      involved: [{ name: 'Bad_Actor', role: 'alleged_harasser' }],
      private_info_exposed: true,
      danger: 'life',
      contact: { by: 'email', email: 'me@example.org' },
      language: 'fr',
      // The copies, under their new keys: never the referring case's files.
      attachments: [copy],
      submitted_at: '2026-12-07T10:00:00Z',
      excluded: [leftOut],
      team_fingerprint: 'ab'.repeat(32),
      roster_head: { seq: 3, hash: 'head-hash' },
      referral: {
        from_team: origin.team,
        from_case: origin.caseId,
        from_case_number: 42,
        referred_by: origin.member,
        contact_referrer: 'User:Ana on meta',
        contact_reporter: 'Through Confide: reply in this case; the reporter reads it with their receipt',
        preliminary_work: 'Oversighted two edits.',
        links: [
          { url: 'https://meta.example.org/wiki/A', note: 'the thread' },
          { url: 'https://meta.example.org/wiki/B', note: '' },
        ],
        diffs: [{ url: 'https://en.example.org/w/index.php?diff=1', note: 'the post itself' }],
      },
    });
    // The keyring writes the reporter's keys, from what it checked.
    expect(body).not.toHaveProperty('reporter_keys');
  });

  it('leaves out what the report does not say', () => {
    const sparse = readReportBody({ schema: 'confide/report/v1', what_happened: 'x' });
    const body = packet(sparse);
    for (const field of ['reporter_role', 'danger', 'contact', 'language'])
      expect(body).not.toHaveProperty(field);
    expect(body.kinds).toEqual([]);
  });

  it('reads back on the receiving side as the referral it is', () => {
    const view = readReportBody(packet());
    expect(view.whatHappened).toBe('Doxing across two wikis.\nThey asked us to pass it on.');
    expect(view.referral).toMatchObject({
      fromCase: origin.caseId,
      fromCaseNumber: 42,
      referredBy: origin.member,
      contactReferrer: 'User:Ana on meta',
      preliminaryWork: 'Oversighted two edits.',
    });
    expect(view.attachments).toEqual([copy]);
  });

  it('is too long when its text would not fit one envelope, whatever its files', () => {
    expect(packetTooLong(packet())).toBe(false);
    const long = buildReferralPacket({
      report: readReportBody(reportBody),
      form: { ...form, summary: 'x'.repeat(300_000) },
      origin,
      attachments: [],
      excluded: [],
      to: { fingerprint: 'ab'.repeat(32), head: { seq: 3, hash: 'h' } },
      submittedAt: '2026-12-07T10:00:00Z',
    });
    expect(packetTooLong(long)).toBe(true);
  });
});

describe('states and refusals', () => {
  it('says where each referral stands', () => {
    expect(referralStateWords('awaiting_consent')).toBe('waiting for the reporter’s consent');
    expect(referralStateWords('released')).toBe('released');
    expect(referralStateWords('refused')).toBe('the reporter refused');
    expect(referralSentWords('released', { name: 'Stewards' })).toMatch(
      /released to Stewards.*reporter is told/,
    );
    expect(referralSentWords('awaiting_consent', { name: 'Stewards' })).toMatch(/reporter is asked/);
  });

  it('has words for the server’s refusals, and knows which need the other roster checked again', () => {
    for (const code of [
      'roster_changed',
      'grants_do_not_match_roster',
      'excluded_not_member',
      'referral_waiting',
      'reporter_chooses_exclusions',
      'no_recipient_left',
      'case_finished',
      'bad_signature',
    ]) {
      expect(referralRefusalWords(code)).toEqual(expect.any(String));
    }
    expect(referralRefusalWords('toString')).toBeNull();
    expect(referralRefusalWords('something_else')).toBeNull();
    expect(isRosterRefusal('roster_changed')).toBe(true);
    expect(isRosterRefusal('excluded_not_member')).toBe(true);
    expect(isRosterRefusal('referral_waiting')).toBe(false);
  });
});
