// The support kit (client/src/features/team/model/support-kit.ts): the seed's assistance by
// harassment kind, the team's own list, and keys a support record can hold.
import { describe, expect, it } from 'vitest';

import { OFF_WIKI_KINDS, ON_WIKI_KINDS } from '../../../client/src/features/report/model/kinds.js';
import {
  BUILT_IN_KIT,
  supportOptions,
  supportWords,
} from '../../../client/src/features/team/model/support-kit.js';

const keysFor = (kinds: string[]) => supportOptions(kinds, []).suggested.map((o) => o.key);

describe('supportOptions', () => {
  it('suggests removal, privacy and suppression for doxing', () => {
    expect(keysFor(['doxing'])).toEqual(
      expect.arrayContaining(['kit:people_search_removal', 'kit:social_media_privacy', 'kit:suppression']),
    );
  });

  it('suggests passwords, the site’s Trust & Safety and 2FA for a compromised account', () => {
    expect(keysFor(['account_compromise'])).toEqual([
      'kit:reset_passwords',
      'kit:contact_site_trust_safety',
      'kit:two_factor',
    ]);
  });

  it('suggests local authorities for threats', () => {
    expect(keysFor(['threat'])).toContain('kit:local_authorities');
  });

  it('keeps the rest of the kit one step away, and adds the team’s own list', () => {
    const { suggested, others, team } = supportOptions(
      ['account_compromise'],
      [{ title: 'Our helpline', details: 'Call the foundation' }],
    );
    expect(suggested.length + others.length).toBe(BUILT_IN_KIT.length);
    expect(team).toEqual([
      { key: 'team:Our helpline', title: 'Our helpline', details: 'Call the foundation' },
    ]);
    expect(supportOptions([], []).suggested).toEqual([]);
  });

  it('only names kinds a report can have', () => {
    const known = new Set([...ON_WIKI_KINDS, ...OFF_WIKI_KINDS].map((k) => k.code as string));
    for (const entry of BUILT_IN_KIT) for (const kind of entry.kinds) expect(known).toContain(kind);
  });

  it('makes keys a support record accepts (200 characters at most)', () => {
    const long = 'x'.repeat(120);
    const { suggested, others, team } = supportOptions([], [{ title: long, details: '' }]);
    for (const o of [...suggested, ...others, ...team]) expect(o.key.length).toBeLessThanOrEqual(200);
  });
});

describe('supportWords', () => {
  it('reads stored keys back, whatever they are', () => {
    expect(supportWords('kit:two_factor')).toMatch(/two-factor/);
    expect(supportWords('team:Our helpline')).toBe('Our helpline');
    expect(supportWords('kit:gone')).toBe('gone');
    expect(supportWords('free text')).toBe('free text');
  });
});
