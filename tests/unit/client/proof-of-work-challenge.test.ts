// Challenges as the browser reads them (client/src/lib/proof-of-work/challenge.ts): which it will
// solve, and the small ones (the 1-bit pass an upload is given under its address's limit,
// docs/protocol.md 14.4) solved at once, in one call, without a Worker. Solutions are found with
// crypto's solver and checked with Node's own SHA-256.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  challengeFrom,
  parseChallenge,
  QUIET_BITS,
  solveQuietly,
} from '../../../client/src/lib/proof-of-work/challenge.js';
import { UploadChallengeRequest } from '../../../contract/uploads.js';
import { ready, searchProofOfWork } from '../../../crypto/index.js';
import { MIN_ATTACHMENT_BYTES } from '../../../server/services/attachments.js';

const TOKEN = 'AQES'.padEnd(83, 'x');

function leadingZeroBits(proof: string): number {
  const hash = createHash('sha256').update(proof, 'ascii').digest();
  let bits = 0;
  for (const byte of hash) {
    if (byte !== 0) return bits + Math.clz32(byte) - 24;
    bits += 8;
  }
  return bits;
}

beforeAll(async () => {
  await ready();
});

describe('parseChallenge and challengeFrom', () => {
  it('take a base64url token and a bit count from 1 to 32, and nothing else', () => {
    expect(parseChallenge({ token: TOKEN, bits: 1, expires_at: 'x' })).toEqual({ token: TOKEN, bits: 1 });
    expect(parseChallenge({ token: TOKEN, bits: 32 })).toEqual({ token: TOKEN, bits: 32 });
    for (const bad of [
      null,
      'x',
      { token: TOKEN },
      { token: TOKEN, bits: 0 },
      { token: TOKEN, bits: 33 },
      { token: TOKEN, bits: 1.5 },
      { token: TOKEN, bits: '8' },
      { token: 'a.b', bits: 8 },
      { token: '', bits: 8 },
      { token: 'x'.repeat(513), bits: 8 },
    ]) {
      expect(parseChallenge(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });

  it('find a challenge only in a 429 that asks for work', () => {
    const body = (code: string) => ({ error: { code, message: 'm', challenge: { token: TOKEN, bits: 12 } } });
    expect(challengeFrom(429, body('proof_of_work_required'))).toEqual({ token: TOKEN, bits: 12 });
    expect(challengeFrom(429, body('proof_of_work_spent'))).toEqual({ token: TOKEN, bits: 12 });
    expect(challengeFrom(429, body('proof_of_work_expired'))).toEqual({ token: TOKEN, bits: 12 });
    expect(challengeFrom(429, body('rate_limited'))).toBeUndefined();
    expect(challengeFrom(503, body('proof_of_work_required'))).toBeUndefined();
    expect(challengeFrom(200, { challenge: { token: TOKEN, bits: 12 } })).toBeUndefined();
  });
});

describe('solveQuietly', () => {
  it('solves every challenge up to QUIET_BITS in one call', () => {
    for (let bits = 1; bits <= QUIET_BITS; bits++) {
      let calls = 0;
      const proof = solveQuietly({ token: TOKEN, bits }, (...args) => {
        calls += 1;
        return searchProofOfWork(...args);
      });
      expect(proof?.startsWith(`${TOKEN}.`)).toBe(true);
      expect(proof?.slice(TOKEN.length + 1)).toMatch(/^[0-9]{1,16}$/);
      expect(leadingZeroBits(proof ?? '')).toBeGreaterThanOrEqual(bits);
      expect(calls).toBe(1);
    }
  });

  it('leaves anything larger to the Worker, and gives up where no solution turned up', () => {
    let called = false;
    const search = () => {
      called = true;
      return undefined;
    };
    expect(solveQuietly({ token: TOKEN, bits: QUIET_BITS + 1 }, search)).toBeUndefined();
    expect(called).toBe(false);
    expect(solveQuietly({ token: TOKEN, bits: 1 }, search)).toBeUndefined();
    expect(called).toBe(true);
  });
});

describe('the question before an upload', () => {
  it('takes sizes from the smallest encrypted file the server stores', () => {
    expect((UploadChallengeRequest.properties.size as { minimum?: number }).minimum).toBe(
      MIN_ATTACHMENT_BYTES,
    );
  });
});
