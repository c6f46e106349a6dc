// The public announcement draft's check (client/src/features/team/model/announcement-check.ts):
// the seed's "what not to include", as far as a machine can see it.
import { describe, expect, it } from 'vitest';

import {
  checkAnnouncement,
  type AnnouncementContext,
} from '../../../client/src/features/team/model/announcement-check.js';

const context: AnnouncementContext = {
  involved: [{ name: 'Bad_Actor' }, { name: 'Kind Editor' }, { name: 'Witness99' }],
  links: [{ url: 'https://wiki.example.org/w/index.php?diff=12345' }],
};

function kinds(basis: string, outcome = 'User is banned.', username = 'Bad Actor') {
  return checkAnnouncement({ username, basis, outcome }, context).map((p) => p.kind);
}

describe('checkAnnouncement', () => {
  it('accepts the seed’s own example', () => {
    expect(
      checkAnnouncement(
        { username: 'Bad_Actor', basis: 'Harassment', outcome: 'User is banned until 2026-01-31.' },
        context,
      ),
    ).toEqual([]);
    expect(
      kinds('Misuse of private information', 'Administrator rights revoked on 1/3/2025 for 12 months'),
    ).toEqual([]);
  });

  it('allows the sanctioned username however it is written', () => {
    expect(kinds('Harassment by bad actor, and by BAD_ACTOR again')).toEqual([]);
  });

  it('refuses e-mail addresses', () => {
    const problems = checkAnnouncement(
      { username: 'Bad Actor', basis: 'Harassment of jane.doe@example.com', outcome: 'Banned' },
      context,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'basis', kind: 'email', found: 'jane.doe@example.com' });
  });

  it('refuses phone numbers in common shapes', () => {
    expect(kinds('Called +44 20 7946 0958 repeatedly')).toEqual(['phone']);
    expect(kinds('Posted (555) 123-4567')).toEqual(['phone']);
    expect(kinds('Posted 555.123.4567')).toEqual(['phone']);
    expect(kinds('Texted 07946095812 at night')).toEqual(['phone']);
  });

  it('does not take years, counts or durations for phone numbers', () => {
    expect(kinds('Harassment', 'Blocked until 2026-01-31 10:00 UTC, then 31/01/2027 09:30')).toEqual([]);
    expect(kinds('Harassment over 2 years (2023, 2024)', 'Blocked for 365 days, 12 edits hidden')).toEqual(
      [],
    );
  });

  it('refuses IPv4 and IPv6 addresses, but not times', () => {
    expect(kinds('Edits from 192.168.10.20')).toEqual(['ip']);
    expect(kinds('Edits from 10.0.0.0/8')).toEqual(['ip']);
    expect(kinds('Edits from 2001:db8::1')).toEqual(['ip']);
    expect(kinds('Edits from 2001:0db8:85a3:0000:0000:8a2e:0370:7334')).toEqual(['ip']);
    expect(kinds('Blocked at 12:30:45 today')).toEqual([]);
  });

  it('names a link from the report as such, and refuses any other link too', () => {
    expect(kinds('See wiki.example.org/w/index.php?diff=12345')).toEqual(['report_link']);
    expect(kinds('See https://elsewhere.example.net/thread')).toEqual(['link']);
    expect(kinds('See www.example.net')).toEqual(['link']);
    expect(kinds('See example.net/page')).toEqual(['link']);
    expect(kinds('See Special:Diff/4567')).toEqual(['link']);
    expect(kinds('See [[User talk:Someone]]')).toEqual(['link']);
  });

  it('refuses the other accounts the report names, as whole names only', () => {
    expect(kinds('Harassment of Kind Editor')).toEqual(['name']);
    expect(kinds('Harassment of kind_editor')).toEqual(['name']);
    expect(kinds('Witness99 saw it')).toEqual(['name']);
    expect(kinds('Witness999 is not in the report')).toEqual([]);
  });

  it('does not take a longer sanctioned name for another party', () => {
    const ctx = { involved: [{ name: 'Bob' }, { name: 'Bob Smith' }], links: [] };
    expect(
      checkAnnouncement({ username: 'Bob Smith', basis: 'Harassment by Bob Smith', outcome: 'Banned' }, ctx),
    ).toEqual([]);
    expect(
      checkAnnouncement({ username: 'Bob Smith', basis: 'Harassment of Bob', outcome: 'Banned' }, ctx),
    ).toHaveLength(1);
  });

  it('checks every field and says which', () => {
    const problems = checkAnnouncement(
      { username: 'x@example.com', basis: 'Harassment', outcome: 'Banned; see https://a.example/b' },
      context,
    );
    expect(problems.map((p) => [p.field, p.kind])).toEqual([
      ['username', 'email'],
      ['outcome', 'link'],
    ]);
    for (const p of problems) expect(p.message).toContain(p.found);
  });
});
