/**
 * The target invited in (docs/protocol.md 8.5), as the console shows it: when a member may
 * invite the target of a third-party report, how the messages of the two threads (the
 * reporter's and the target's) are labelled, and what a refused invitation means.
 */
import { i18n, type MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import type { Audience, CaseStatus } from '#contract/enumerations';

/** What decides whether the "Invite the target" panel offers to make a receipt. */
export interface InvitableCase {
  /** As the reporter wrote it in the opened report; null when it could not be read. */
  readonly reporterRole: 'target' | 'third_party' | null;
  /** The server lists a target for the case already (verified or not). */
  readonly hasTarget: boolean;
  readonly status: CaseStatus;
  readonly purgedAt: string | null;
}

/**
 * Only a report someone sent about another person has a target to invite, once; and only while
 * the case can still change (the server refuses a withdrawn or purged case).
 */
export function canInviteTarget(c: InvitableCase): boolean {
  return c.reporterRole === 'third_party' && !c.hasTarget && c.status !== 'withdrawn' && c.purgedAt === null;
}

/** The parts of an opened item that say which thread it belongs to and who wrote it. */
export interface ThreadPlace {
  readonly audience: Audience;
  /** A member id, "reporter" or "target". */
  readonly author: string;
}

/** The label of an internal note, in the page's language: call it where it is shown. */
export function internalNoteLabel(): string {
  return i18n._(msg`Internal note — never shown to the reporter`);
}

/**
 * The label of a message or note in the timeline. The training module asks that the target's
 * words be marked as theirs: never mistaken for the reporter's, nor for the team's.
 */
export function threadLabel({ audience, author }: ThreadPlace): string {
  if (audience === 'team') return internalNoteLabel();
  if (author === 'reporter') return i18n._(msg`From the reporter`);
  if (author === 'target') return i18n._(msg`From the target`);
  return audience === 'target' ? i18n._(msg`To the target`) : i18n._(msg`To the reporter`);
}

/** A message's heading in the print view and the export: "Message to the target", and so on. */
export function messageHeading(place: ThreadPlace): string {
  if (place.author === 'reporter') return i18n._(msg`Message from the reporter`);
  if (place.author === 'target') return i18n._(msg`Message from the target`);
  return place.audience === 'target'
    ? i18n._(msg`Message to the target`)
    : i18n._(msg`Message to the reporter`);
}

/** Who wrote an item, in words: the reporter, the target, or the member (`name` of their id). */
export function threadAuthorName(author: string, name: (memberId: string) => string): string {
  if (author === 'reporter') return i18n._(msg`The reporter`);
  if (author === 'target') return i18n._(msg`The target`);
  return name(author);
}

/** Why the server refused an invitation (its error code), in words a member can act on. */
const INVITATION_REFUSALS: Readonly<Record<string, MessageDescriptor>> = {
  target_already_invited: msg`Another member invited the target into this case already. Only one receipt is made for a target.`,
  receipt_in_use: msg`The receipt this browser made is already in use. Try again to make another.`,
  bad_signature: msg`The server did not accept your signature on the invitation. Reload the page and try again; if it happens again, tell your team’s admins.`,
  case_withdrawn: msg`The reporter withdrew this case: nobody can be invited into it any more.`,
  case_purged: msg`This case’s details were deleted: nobody can be invited into it any more.`,
};

/**
 * The words for a refused invitation with this error code, in the page's language, or null when it
 * has none of its own.
 */
export function invitationRefusalWords(code: string): string | null {
  const words = Object.hasOwn(INVITATION_REFUSALS, code) ? INVITATION_REFUSALS[code] : undefined;
  return words === undefined ? null : i18n._(words);
}
