// The appeal page's pure parts (client/src/features/report/appeal/model/appeal.ts): the reference as
// typed, the refusals in words, what the appellant writes, and the report body it becomes.
import { beforeAll, describe, expect, it } from 'vitest';

import * as C from '../../../crypto/index.js';
import {
  APPEAL_SUMMARY,
  appealDraft,
  appealFieldIds,
  checkAppealText,
  checkReferenceInput,
  refusalMessage,
} from '../../../client/src/features/report/appeal/model/appeal.js';
import { buildReportBody } from '../../../client/src/features/report/model/draft.js';

beforeAll(async () => {
  await C.ready();
});

describe('the reference as typed', () => {
  it('takes lower case, spaces and any dash, and reads O as 0 and I, L as 1', () => {
    const reference = C.generateAppealReference();
    const compact = reference.replace(/-/g, '');
    const typed = ` ${reference.toLowerCase().replace(/-/g, ' ')}\n`;
    expect(checkReferenceInput(C, typed)).toEqual({ ok: true, reference: compact });
    expect(checkReferenceInput(C, reference.replace(/-/g, '\u2013'))).toEqual({
      ok: true,
      reference: compact,
    });
    expect(checkReferenceInput(C, 'oooo-iiii-llll-0000-1111')).toEqual({
      ok: true,
      reference: '00001111111100001111',
    });
  });

  it('names what is wrong: nothing typed, too short, a character no reference has', () => {
    expect(checkReferenceInput(C, '  ')).toMatchObject({ ok: false, message: /Enter the reference/ });
    expect(checkReferenceInput(C, 'ABCD-EFGH')).toMatchObject({ ok: false, message: /this has 8/ });
    expect(checkReferenceInput(C, 'UUUU-0000-0000-0000-0000')).toMatchObject({
      ok: false,
      message: /never U/,
    });
  });
});

describe('refusals in words', () => {
  it('says each of the server’s refusals plainly, with the date from which an appeal is taken', () => {
    expect(refusalMessage('appeal_reference_unknown', null)).toMatch(/could not find this reference/);
    expect(refusalMessage('appeals_off', null)).toMatch(/does not take appeals through Confide/);
    expect(refusalMessage('appeal_limit_reached', null)).toMatch(/already been appealed/);
    expect(refusalMessage('appeal_too_early', '2027-03-04T12:00:00Z')).toContain('from March 4, 2027');
    expect(refusalMessage('appeal_too_early', null)).toMatch(/looking at this case again/);
  });
});

describe('what the appellant writes', () => {
  it('needs the appeal, and an email address only when they chose to be reached by email', () => {
    expect(checkAppealText({ text: ' ', contact: 'receipt', email: '' }).map((e) => e.field)).toEqual([
      appealFieldIds.text,
    ]);
    expect(checkAppealText({ text: 'Please look again.', contact: 'receipt', email: '' })).toEqual([]);
    expect(checkAppealText({ text: 'Please look again.', contact: 'email', email: 'me@' })).toEqual([
      { field: appealFieldIds.email, message: 'Enter an email address in the form name@example.org' },
    ]);
  });

  it('becomes a report body: the appeal as what happened, the appeal summary, no kinds, the contact', () => {
    const body = buildReportBody({
      draft: appealDraft({ text: '  I did not do it.  ', contact: 'email', email: 'me@example.org' }, 'de'),
      attachments: [],
      reporterKeys: { box_pk: 'b', sign_pk: 's' },
      fingerprint: 'f',
      head: { seq: 1, hash: 'h' },
      submittedAt: '2027-01-01T00:00:00Z',
    });
    expect(body).toMatchObject({
      schema: 'confide/report/v1',
      reporter_role: 'target',
      kinds: [],
      summary: APPEAL_SUMMARY,
      what_happened: 'I did not do it.',
      links: [],
      involved: [],
      danger: 'none',
      contact: { by: 'email', email: 'me@example.org' },
      language: 'de',
      excluded: [],
    });
  });
});
