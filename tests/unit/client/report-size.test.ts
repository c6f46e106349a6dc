// The intake form's size check (client/src/features/report/model/draft.ts, lib/text-budget.ts):
// the largest report the form accepts, with as many files as it may carry, seals to a payload the
// server accepts; one character more is refused on the form, before anything is encrypted.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  generateId,
  generateMemberKeys,
  hashLookup,
  randomBytes,
  ready,
  sealReport,
  toBase64Url,
  type AttachmentRef,
  type LookupKey,
} from '../../../crypto/index.js';
import {
  buildReportBody,
  checkDraft,
  emptyDraft,
  fieldIds,
  TEXT_MAX,
  type Draft,
} from '../../../client/src/features/report/model/draft.js';
import { TEXT_BUDGET_BYTES } from '../../../client/src/lib/text-budget.js';
import { MAX_ATTACHMENTS_PER_OBJECT, MAX_PAYLOAD_B64 } from '#contract/limits';

beforeAll(async () => {
  await ready();
});

const member = 'b6a4c0de-1d0e-4f5a-8b7c-2d3e4f5a6b7c';

/**
 * A complete draft with `extra` as its "where" (a field without a length limit of its own, like
 * the links' notes) and the longest "what happened" the form allows, in the same characters.
 */
function draftWith(extra: string, unit: string): Draft {
  return {
    ...emptyDraft(),
    reporterRole: 'target',
    kinds: ['personal_attack'],
    summary: 'Attacks on my talk page',
    whatHappened: unit.repeat(Math.floor(TEXT_MAX / unit.length)),
    where: extra,
    links: [{ key: 'l', url: 'https://en.wikipedia.org/wiki/User_talk:Me', note: 'the latest' }],
    involved: [{ key: 'i', name: 'SomeAccount', role: 'alleged_harasser' }],
    language: 'de',
  };
}

function whatHappenedError(draft: Draft): string | undefined {
  return checkDraft(draft, [member]).find((e) => e.field === fieldIds.whatHappened)?.message;
}

/** The longest text of `unit` repeated that the form still accepts (binary search). */
function longestAccepted(unit: string): string {
  let low = 0;
  let high = TEXT_BUDGET_BYTES;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (whatHappenedError(draftWith(unit.repeat(mid), unit)) === undefined) low = mid;
    else high = mid - 1;
  }
  return unit.repeat(low);
}

/** A file entry as large as a real one can be: a 255-byte name that JSON escapes six-fold. */
function largestRef(): AttachmentRef {
  return {
    id: generateId(),
    name: '\u0001'.repeat(255),
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    size: 25 * 1024 * 1024,
    key: toBase64Url(randomBytes(32)),
  };
}

function sealedLength(draft: Draft, attachments: AttachmentRef[]): number {
  const reporter = generateMemberKeys();
  const lookup = randomBytes(32) as LookupKey;
  const body = buildReportBody({
    draft,
    attachments,
    reporterKeys: { box_pk: toBase64Url(randomBytes(32)), sign_pk: toBase64Url(randomBytes(32)) },
    fingerprint: 'ab'.repeat(32),
    head: { seq: 123456, hash: toBase64Url(randomBytes(32)) },
    submittedAt: '2026-12-06T12:00:00Z',
  });
  const { report } = sealReport({
    team: generateId(),
    id: generateId(),
    body,
    recipients: [{ id: member, boxPublicKey: generateMemberKeys().enc.publicKey }],
    reporter: { lookup, lookupHash: hashLookup(lookup), box: reporter.enc, sign: reporter.sign },
  });
  return report.payload.c.length;
}

describe('the largest report the intake form accepts', () => {
  for (const [label, unit] of [
    ['plain letters', 'a'],
    ['three-byte characters', '語'],
    ['characters JSON escapes', '\n"'],
  ] as const) {
    it(`fits the server's limit with ${MAX_ATTACHMENTS_PER_OBJECT} files (${label})`, () => {
      const text = longestAccepted(unit);
      expect(text.length).toBeGreaterThan(0);
      const files = Array.from({ length: MAX_ATTACHMENTS_PER_OBJECT }, largestRef);
      expect(sealedLength(draftWith(text, unit), files)).toBeLessThanOrEqual(MAX_PAYLOAD_B64);
      // One unit more is refused on the form, with the way out.
      expect(whatHappenedError(draftWith(text + unit, unit))).toMatch(/too long to send as text.*attach it/);
    });
  }

  it('takes the 20,000 characters the text field allows, in any script', () => {
    expect(whatHappenedError(draftWith('', '語'))).toBeUndefined();
    expect(whatHappenedError(draftWith('', '\u0001'))).toBeUndefined();
  });
});
