// The deployment's pinned team fingerprints in the browser (client/src/lib/pinned-fingerprints.ts):
// reading them, comparing a verified roster with them, and the words for a roster that differs
// (roster-trust.ts and the team console use them; tests/browser/pinned-fingerprint.test.ts
// shows them on the pages).
import { describe, expect, it } from 'vitest';

import {
  checkPin,
  decodePinnedFingerprints,
  describePinMismatch,
  describePinMismatchForTeam,
} from '../../../client/src/lib/pinned-fingerprints.js';

const PINNED = 'ab297d943cecb480a66f1f687706e4f25f2f2b5bceff1d8659705ff628c74c06';
const SERVED = '392dfd902c0a36ec3b8d62315de14e1ade00ab851475705084001b75753be992';

function config(pinned: unknown): unknown {
  return {
    idle_lock_minutes: 30,
    max_attachment_bytes: 1,
    max_report_attachment_bytes: 1,
    pinned_fingerprints: pinned,
  };
}

describe('decoding the pins from GET /api/config', () => {
  it('reads slug → fingerprint', () => {
    const pins = decodePinnedFingerprints(config({ stewards: PINNED, coc: SERVED }));
    expect([...pins]).toEqual([
      ['stewards', PINNED],
      ['coc', SERVED],
    ]);
  });

  it('reads no pins as none', () => {
    expect(decodePinnedFingerprints(config({})).size).toBe(0);
  });

  it.each([
    ['a reply without the field', undefined],
    ['a list instead of an object', [PINNED]],
    ['a value that is not a string', { stewards: 1 }],
    ['the 32-digit display form', { stewards: PINNED.slice(0, 32) }],
    ['upper case', { stewards: PINNED.toUpperCase() }],
    ['grouped digits', { stewards: (PINNED.match(/.{4}/g) ?? []).join(' ') }],
    ['too long', { stewards: `${PINNED}00` }],
  ])('refuses %s, rather than reading it as "nothing pinned"', (_what, pinned) => {
    expect(() => decodePinnedFingerprints(config(pinned))).toThrow(/pinned_fingerprints/);
  });

  it('refuses a reply that is not an object', () => {
    expect(() => decodePinnedFingerprints(null)).toThrow();
    expect(() => decodePinnedFingerprints('stewards')).toThrow();
  });

  it('keeps a slug such as __proto__ as a plain key, not a property of every object', () => {
    const pins = decodePinnedFingerprints(JSON.parse(`{"pinned_fingerprints":{"__proto__":"${PINNED}"}}`));
    expect(pins.get('__proto__')).toBe(PINNED);
    expect(checkPin(pins, 'stewards', SERVED)).toEqual({ status: 'none' });
  });
});

describe('checking a verified roster’s fingerprint against the pin', () => {
  const pins = new Map([['stewards', PINNED]]);

  it('is "none" for a team without a pin', () => {
    expect(checkPin(pins, 'coc', SERVED)).toEqual({ status: 'none' });
  });

  it('matches the exact fingerprint', () => {
    expect(checkPin(pins, 'stewards', PINNED)).toEqual({ status: 'matches', pinned: PINNED });
  });

  it('differs for any other fingerprint, including one sharing the first 16 bytes shown to people', () => {
    expect(checkPin(pins, 'stewards', SERVED)).toEqual({ status: 'differs', pinned: PINNED });
    const lookAlike = `${PINNED.slice(0, 32)}${'0'.repeat(32)}`;
    expect(checkPin(pins, 'stewards', lookAlike).status).toBe('differs');
  });

  it('goes by the address asked for: another slug’s pin never vouches for a team', () => {
    expect(checkPin(new Map([['coc', SERVED]]), 'stewards', SERVED)).toEqual({ status: 'none' });
  });
});

describe('the words for a roster that is not the pinned one', () => {
  it('warn a reporter like a changed fingerprint, in plain language', () => {
    expect(describePinMismatch('Stewards')).toBe(
      'The security fingerprint of “Stewards” is not the one the people who run this site have set for the team. Someone may be pretending to be this team.',
    );
  });

  it('tell the team console both fingerprints as people read them, and who can act', () => {
    const text = describePinMismatchForTeam(PINNED, SERVED);
    expect(text).toContain('ab29 7d94 3cec b480 a66f 1f68 7706 e4f2');
    expect(text).toContain('392d fd90 2c0a 36ec 3b8d 6231 5de1 4e1a');
    expect(text).toContain('Reports to the team are refused');
    expect(text).toContain('tell whoever runs this site');
    expect(text).toContain('CONFIDE_TEAM_FINGERPRINTS');
  });
});
