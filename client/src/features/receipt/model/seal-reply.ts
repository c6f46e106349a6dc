/**
 * A receipt holder's message to the team, sealed (PROTOCOL.md "Messages and notes";
 * docs/protocol.md 8.5): a `message` item whose author and audience are the receipt's role
 * (`reporter` or `target`), granted to the team's active members minus those left out, and to
 * the holder's own box key under the role's name so they can read it again, signed with the
 * receipt's sign key. Never to the other receipt's holder: the two threads stay apart. The body
 * names its `thread` (the role too, docs/protocol.md 10.2), so the team sees if it is moved.
 * Pure: the caller uploads files and posts the item.
 */
import type { ActiveMember, AttachmentRef, ItemBody, ReceiptKeys, SealedItem, VerifiedRoster } from '#crypto';
import type { ReceiptRole } from '#contract/enumerations';
import type { CryptoModule } from '../../../lib/load-crypto.js';

export interface ReplyToSeal {
  readonly caseId: string;
  readonly teamId: string;
  readonly role: ReceiptRole;
  readonly keys: ReceiptKeys;
  /** The team's verified and trusted roster: the one the message is encrypted to. */
  readonly roster: VerifiedRoster;
  /**
   * Members the message must leave out: the server's list, and for the reporter their
   * report's list too. Those no longer active are dropped: they get nothing anyway.
   */
  readonly excluded: readonly string[];
  readonly text: string;
  readonly attachments: readonly AttachmentRef[];
  readonly now?: Date;
}

/** Those left out who are still on the team: members no longer active get nothing anyway. */
function activeExcluded(roster: VerifiedRoster, excluded: readonly string[]): string[] {
  return excluded.filter((id) => roster.active.has(id));
}

/** The members a new message is encrypted for (besides its writer), in the roster's order. */
export function messageReaders(roster: VerifiedRoster, excluded: readonly string[]): ActiveMember[] {
  const left = new Set(activeExcluded(roster, excluded));
  return [...roster.active.values()].filter((member) => !left.has(member.id));
}

export function sealReply(C: CryptoModule, reply: ReplyToSeal): SealedItem {
  const { roster, keys, role } = reply;
  const excluded = activeExcluded(roster, reply.excluded);
  const body: ItemBody & { roster_head: { seq: number; hash: string } } = {
    schema: 'confide/message/v1',
    // the thread it is written for, inside the encryption; the served audience is not signed.
    thread: role,
    text: reply.text.trim(),
    attachments: [...reply.attachments],
    written_at: C.formatProtocolTime(reply.now ?? new Date()),
    // the roster this message was encrypted to, so forks surface when the team reads it.
    roster_head: { seq: roster.head.seq, hash: roster.head.hash },
  };
  return C.sealItem({
    team: reply.teamId,
    caseId: reply.caseId,
    id: C.generateId(),
    kind: 'message',
    author: role,
    audience: role,
    body,
    recipients: [...C.recipientsFromRoster(roster, excluded), { id: role, boxPublicKey: keys.box.publicKey }],
    authorSignSecretKey: keys.sign.secretKey,
    attachments: reply.attachments.map((a) => a.id),
  });
}
