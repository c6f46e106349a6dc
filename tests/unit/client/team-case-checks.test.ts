// Checks the case page makes on what a report says (client/src/features/team/model/):
// the team and roster the report was encrypted to; and which of its links may be
// opened at all.
import { describe, expect, it } from 'vitest';

import { openableUrl } from '../../../client/src/features/team/model/openable-url.js';
import { reportRosterMismatch } from '../../../client/src/features/team/model/report-roster.js';

describe('reportRosterMismatch', () => {
  const roster = { fingerprint: 'ab'.repeat(32), rows: [{ hash: 'h0' }, { hash: 'h1' }, { hash: 'h2' }] };

  it('agrees when the report names this team and an entry of this roster', () => {
    const claims = { teamFingerprint: 'AB'.repeat(32), rosterHead: { seq: 1, hash: 'h1' } };
    expect(reportRosterMismatch(claims, roster)).toBeNull();
  });

  it('agrees when an older report makes no claim', () => {
    expect(reportRosterMismatch({ teamFingerprint: null, rosterHead: null }, roster)).toBeNull();
  });

  it('flags a report encrypted to another team', () => {
    const claims = { teamFingerprint: 'cd'.repeat(32), rosterHead: { seq: 1, hash: 'h1' } };
    expect(reportRosterMismatch(claims, roster)).toBe('other-team');
  });

  it('flags a report encrypted to a roster entry this browser does not hold (fork)', () => {
    const claims = { teamFingerprint: 'ab'.repeat(32), rosterHead: { seq: 1, hash: 'forked' } };
    expect(reportRosterMismatch(claims, roster)).toBe('unknown-roster');
  });

  it('flags a report encrypted to a roster longer than the one served (rollback)', () => {
    const claims = { teamFingerprint: null, rosterHead: { seq: 5, hash: 'h5' } };
    expect(reportRosterMismatch(claims, roster)).toBe('unknown-roster');
  });
});

describe('openableUrl', () => {
  it('opens web addresses', () => {
    expect(openableUrl('https://example.org/w/index.php?diff=1')?.hostname).toBe('example.org');
    expect(openableUrl('http://example.org/')?.hostname).toBe('example.org');
  });

  it('never makes a link of a script, data or file address, or of text', () => {
    for (const text of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,<b>x</b>',
      'file:///etc/passwd',
      'example.org',
      '',
    ]) {
      expect(openableUrl(text), text).toBeNull();
    }
  });
});
