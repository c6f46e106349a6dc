// CONFIDE_TEAM_FINGERPRINTS (server/config.ts): team fingerprints pinned by the deployment.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config.js';

const FULL = 'ab297d943cecb480a66f1f687706e4f25f2f2b5bceff1d8659705ff628c74c06';
const OTHER = '5e1f'.repeat(16);

function pins(value: string): Record<string, string> {
  return Object.fromEntries(loadConfig({ CONFIDE_TEAM_FINGERPRINTS: value }).teamFingerprints);
}

function problems(value: string): string[] {
  try {
    loadConfig({ CONFIDE_TEAM_FINGERPRINTS: value });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return expect.unreachable(`"${value}" was accepted`);
}

describe('CONFIDE_TEAM_FINGERPRINTS', () => {
  it('pins nothing when unset or empty', () => {
    expect(loadConfig({}).teamFingerprints.size).toBe(0);
    expect(loadConfig({ CONFIDE_TEAM_FINGERPRINTS: '  ' }).teamFingerprints.size).toBe(0);
  });

  it('reads slug=fingerprint pairs separated by commas', () => {
    expect(pins(`stewards=${FULL},arbitration-committee=${OTHER}`)).toEqual({
      stewards: FULL,
      'arbitration-committee': OTHER,
    });
  });

  it('accepts the fingerprint in upper case, in groups, and with spaces around the separators', () => {
    const grouped = (FULL.toUpperCase().match(/.{4}/g) ?? []).join(' ');
    const hyphens = (FULL.match(/.{8}/g) ?? []).join('-');
    expect(pins(` stewards = ${grouped} , coc=${hyphens} `)).toEqual({ stewards: FULL, coc: FULL });
  });

  it('refuses the 32-digit form shown to people, saying to pin the whole fingerprint', () => {
    const [problem, ...rest] = problems('stewards=ab29 7d94 3cec b480 a66f 1f68 7706 e4f2');
    expect(rest).toEqual([]);
    expect(problem).toContain(
      'CONFIDE_TEAM_FINGERPRINTS: the fingerprint for "stewards" is the 32-digit form',
    );
    expect(problem).toContain('64 hex digits');
  });

  it.each([
    ['stewards', 'entries must be slug=fingerprint'],
    [`stewards=${FULL}=x`, 'entries must be slug=fingerprint'],
    [`stewards=${FULL},`, 'has an empty entry'],
    [`,stewards=${FULL}`, 'has an empty entry'],
    [`=${FULL}`, '"" is not a team address'],
    [`Stewards=${FULL}`, '"Stewards" is not a team address'],
    [`s=${FULL}`, '"s" is not a team address'],
    [`-stewards=${FULL}`, '"-stewards" is not a team address'],
    [`stew ards=${FULL}`, '"stew ards" is not a team address'],
    ['stewards=', 'the fingerprint for "stewards" must be 64 hex digits'],
    [`stewards=${FULL.slice(0, 63)}`, 'must be 64 hex digits'],
    [`stewards=${FULL}00`, 'must be 64 hex digits'],
    [`stewards=${FULL.slice(0, 63)}g`, 'must be 64 hex digits'],
    [`stewards=${Buffer.from(FULL, 'hex').toString('base64url')}`, 'must be 64 hex digits'],
    [`stewards=${FULL.replace(/(..)/g, '$1:').slice(0, -1)}`, 'must be 64 hex digits'],
    [`stewards=${FULL},stewards=${OTHER}`, 'pins "stewards" more than once'],
    [`stewards=${FULL},stewards=${FULL}`, 'pins "stewards" more than once'],
  ])('refuses %j with a message naming the variable', (value, message) => {
    const found = problems(value);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^CONFIDE_TEAM_FINGERPRINTS/);
    expect(found[0]).toContain(message);
  });

  it('reports every bad entry at once, with the other variables’ problems', () => {
    try {
      loadConfig({ PORT: 'x', CONFIDE_TEAM_FINGERPRINTS: `a=${FULL},stewards=12,coc=${OTHER}` });
      expect.unreachable('loadConfig accepted bad values');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const found = (error as ConfigError).problems;
      expect(found).toHaveLength(3);
      expect((error as ConfigError).message).toContain(
        'CONFIDE_TEAM_FINGERPRINTS: "a" is not a team address',
      );
      expect((error as ConfigError).message).toContain(
        'the fingerprint for "stewards" must be 64 hex digits',
      );
    }
  });
});
