/**
 * The messages a receipt's holder reads (docs/review-notes.md R-6; docs/protocol.md 8.5): each
 * signature is checked before any name is shown, against the receipt's own key for the holder's
 * own messages, or the author's key in the verified roster for a member's. A receipt reads one
 * thread: the reporter's (audience `reporter`) or the target's (audience `target`), and anything
 * written for another is shown with a warning: by its served audience, or by the `thread` inside
 * its body (docs/protocol.md 10.2), which the server cannot move. Pure: no fetch.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import type { ItemBody, ReceiptKeys, VerifiedRoster } from '#crypto';
import type { ReceiptRole } from '#contract/enumerations';
import type { CryptoModule } from '../../../lib/load-crypto.js';
import type { ReceiptItem } from '../api/receipt-types.js';

export type ItemAuthor =
  | { readonly kind: 'you' }
  | { readonly kind: 'member'; readonly name: string }
  /**
   * The signature did not verify (or could not be checked): never show a name. `reason`, like an
   * item's `problem`, is in the page's language as it was when the case was opened.
   */
  | { readonly kind: 'unverified'; readonly reason: string };

export interface OpenedItem {
  readonly id: string;
  readonly createdAt: string;
  readonly author: ItemAuthor;
  /** Undefined when it could not be decrypted (`problem` says why). */
  readonly body: ItemBody | undefined;
  readonly problem: string | undefined;
}

/** What an item is checked against. */
export interface ThreadContext {
  readonly caseId: string;
  readonly teamId: string;
  /** Whose receipt this is: also the author and audience of the holder's own messages. */
  readonly role: ReceiptRole;
  readonly keys: ReceiptKeys;
  /** The team's roster when it verified and is the team served; undefined otherwise. */
  readonly roster: VerifiedRoster | undefined;
  /** False when the roster verified but with a warning: then no member's name is shown. */
  readonly rosterTrusted: boolean;
}

const CONTENT_NOT_KIND = msg`Its content does not match its kind.`;
const NOT_THIS_THREAD = msg`It was written for someone else’s conversation with the team, not yours: it may have been moved on the way.`;

/** Checks and opens one item of the holder's thread. Never throws. */
export function openItem(C: CryptoModule, context: ThreadContext, item: ReceiptItem): OpenedItem {
  const base = { id: item.id, createdAt: item.created_at };
  const author = authorOf(C, context, item);
  try {
    const itemKey = C.unwrapItemKey(item.grant, context.keys.box);
    const body = C.openItem(item, context.teamId, itemKey);
    itemKey.fill(0);
    const expectedSchema = item.kind === 'message' ? 'confide/message/v1' : undefined;
    if (expectedSchema && body.schema !== expectedSchema) {
      const problem = i18n._(CONTENT_NOT_KIND);
      return { ...base, author: unverifiedKeep(author, problem), body, problem };
    }
    // Written for the other receipt's thread, though served (and perhaps sealed) to this one.
    // Messages written before `thread` have none, and are read as before.
    if (item.kind === 'message' && body.thread !== undefined && body.thread !== context.role) {
      const problem = i18n._(NOT_THIS_THREAD);
      return { ...base, author: unverifiedKeep(author, problem), body, problem };
    }
    return { ...base, author, body, problem: undefined };
  } catch {
    return {
      ...base,
      author,
      body: undefined,
      problem: i18n._(msg`This message could not be opened: it may have been damaged or changed on the way.`),
    };
  }
}

function authorOf(C: CryptoModule, context: ThreadContext, item: ReceiptItem): ItemAuthor {
  const { role, roster } = context;
  if (item.case !== context.caseId) {
    return { kind: 'unverified', reason: i18n._(msg`It names another case.`) };
  }
  // only messages in the holder's own thread belong here, whoever wrote them.
  const inThread = item.kind === 'message' && item.audience === role;
  if (item.author === role) {
    return inThread && verifies(C, item, context.keys.sign.publicKey)
      ? { kind: 'you' }
      : {
          kind: 'unverified',
          reason: i18n._(msg`It says it is from you, but your receipt’s signature does not match.`),
        };
  }
  if (!inThread) {
    return { kind: 'unverified', reason: i18n._(msg`It was not written as a message to you.`) };
  }
  if (!roster || !context.rosterTrusted) {
    return {
      kind: 'unverified',
      reason: i18n._(msg`The team’s keys could not be checked, so neither can the sender.`),
    };
  }
  // The other receipt's holder ('reporter' or 'target') is never on the roster, so lands here too.
  const member = roster.known.get(item.author);
  if (!member) {
    return { kind: 'unverified', reason: i18n._(msg`The sender is not on the team’s member list.`) };
  }
  if (!verifies(C, item, member.signPublicKey)) {
    const memberName = member.name;
    return { kind: 'unverified', reason: i18n._(msg`It is not signed by ${memberName}’s key.`) };
  }
  return { kind: 'member', name: member.name };
}

/** An author already unverified keeps its first reason; a verified one loses its name. */
function unverifiedKeep(author: ItemAuthor, reason: string): ItemAuthor {
  return author.kind === 'unverified' ? author : { kind: 'unverified', reason };
}

function verifies(
  C: CryptoModule,
  item: ReceiptItem,
  key: Parameters<CryptoModule['verifyItemSignature']>[1],
): boolean {
  try {
    C.verifyItemSignature(item, key);
    return true;
  } catch {
    return false;
  }
}
