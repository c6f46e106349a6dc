// The target invited in, as the team console shows it (client/src/features/team/model/target-thread.ts,
// docs/protocol.md 8.5): when a member may invite the target, and how the two threads are labelled.
import { describe, expect, it } from 'vitest';

import { CASE_STATUSES } from '../../../contract/enumerations.js';
import {
  canInviteTarget,
  internalNoteLabel,
  invitationRefusalWords,
  messageHeading,
  threadAuthorName,
  threadLabel,
} from '../../../client/src/features/team/model/target-thread.js';

const memberId = '0b8f3a52-5d0e-4d7a-9d0c-3f1b2a4c5d6e';
const open = {
  reporterRole: 'third_party',
  hasTarget: false,
  status: 'investigating',
  purgedAt: null,
} as const;

describe('canInviteTarget', () => {
  it('offers an invitation on a third-party report with no target yet, in every status but withdrawn', () => {
    for (const status of CASE_STATUSES) {
      expect(canInviteTarget({ ...open, status })).toBe(status !== 'withdrawn');
    }
  });

  it('offers none when the reporter is the target, the report could not be read, or a target exists', () => {
    expect(canInviteTarget({ ...open, reporterRole: 'target' })).toBe(false);
    expect(canInviteTarget({ ...open, reporterRole: null })).toBe(false);
    expect(canInviteTarget({ ...open, hasTarget: true })).toBe(false);
  });

  it('offers none once the case was purged', () => {
    expect(canInviteTarget({ ...open, status: 'closed', purgedAt: '2027-01-01T00:00:00.000Z' })).toBe(false);
  });
});

describe('labels of the two threads', () => {
  it('keeps the reporter thread’s labels', () => {
    expect(threadLabel({ audience: 'reporter', author: 'reporter' })).toBe('From the reporter');
    expect(threadLabel({ audience: 'reporter', author: memberId })).toBe('To the reporter');
    expect(threadLabel({ audience: 'team', author: memberId })).toBe(internalNoteLabel());
    expect(internalNoteLabel()).toBe('Internal note — never shown to the reporter');
  });

  it('marks the target’s messages as theirs, and the team’s messages as sent to the target', () => {
    expect(threadLabel({ audience: 'target', author: 'target' })).toBe('From the target');
    expect(threadLabel({ audience: 'target', author: memberId })).toBe('To the target');
  });

  it('heads messages in the print view and the export by thread and writer', () => {
    expect(messageHeading({ audience: 'reporter', author: 'reporter' })).toBe('Message from the reporter');
    expect(messageHeading({ audience: 'reporter', author: memberId })).toBe('Message to the reporter');
    expect(messageHeading({ audience: 'target', author: 'target' })).toBe('Message from the target');
    expect(messageHeading({ audience: 'target', author: memberId })).toBe('Message to the target');
  });

  it('names the reporter and the target, and members by the name given', () => {
    const name = (id: string) => (id === memberId ? 'Ada' : 'a former member');
    expect(threadAuthorName('reporter', name)).toBe('The reporter');
    expect(threadAuthorName('target', name)).toBe('The target');
    expect(threadAuthorName(memberId, name)).toBe('Ada');
  });
});

describe('invitationRefusalWords', () => {
  it('says what each refusal of the server means, and nothing for other codes', () => {
    for (const code of [
      'target_already_invited',
      'receipt_in_use',
      'bad_signature',
      'case_withdrawn',
      'case_purged',
    ]) {
      expect(invitationRefusalWords(code)).toMatch(/\S/);
    }
    expect(invitationRefusalWords('rate_limited')).toBeNull();
    expect(invitationRefusalWords('constructor')).toBeNull();
  });
});
