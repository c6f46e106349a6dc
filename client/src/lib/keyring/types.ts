/**
 * What crosses the boundary between the page and the keyring workers.
 *
 * Only public values and decrypted content the page is about to show travel this way:
 * public keys, signed roster rows, sealed grants, envelopes, and the plain fields of a
 * report or item. Member secret keys, the key-encryption key, the team index key and
 * content keys (K) never appear in these types; they stay in the workers.
 */
import type {
  ConfideCryptoErrorCode,
  Envelope,
  KdfParams,
  ReportBody,
  ReportParties,
  RosterMember,
  RosterRow,
  SealedItem,
} from '#crypto';
import type { Audience, CaseStatus, ItemKind } from '#contract/enumerations';
import type { IndexKeyGrant, IssuedGrant } from '#contract/index-keys';
import type { RecordBody, RetainedRecord } from '#contract/records';
import type { Static } from 'typebox';

/** The public half of the unlocked member: what the page may know about "who is signed in". */
export interface PublicIdentity {
  readonly memberId: string;
  readonly team: string;
  /** base64url of the member's X25519 public key (`enc_pk`). */
  readonly encPublicKey: string;
  /** base64url of the member's Ed25519 public key (`sign_pk`). */
  readonly signPublicKey: string;
}

/** What a new member's browser sends the server (POST /api/setup, /api/invitations/accept). */
export interface MemberCredentials {
  readonly id: string;
  readonly name: string;
  readonly enc_pk: string;
  readonly sign_pk: string;
  readonly kdf: KdfParams;
  readonly auth: string;
  readonly keys: Envelope;
  readonly recovery: { readonly kdf: KdfParams; readonly keys: Envelope };
}

// ---------------------------------------------------------------------------
// Reports as the team console shows them
// ---------------------------------------------------------------------------

export type Danger = 'none' | 'life' | 'minor';
export type InvolvedRole = 'alleged_harasser' | 'target' | 'witness' | 'other';

export interface AttachmentView {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly size: number;
  /** b64(F): the file key, as found inside the decrypted body. */
  readonly key: string;
}

/**
 * A report body after reading: every field checked for its type, unknown fields dropped,
 * missing ones empty or null. The body is written by an anonymous reporter, so nothing
 * in it is trusted beyond "it is what they wrote".
 */
export interface ReportView {
  readonly reporterRole: 'target' | 'third_party' | null;
  readonly kinds: readonly string[];
  /** The reporter's one-line summary, or the start of what happened. */
  readonly summary: string;
  readonly whatHappened: string;
  readonly where: string;
  readonly links: readonly { readonly url: string; readonly note: string }[];
  readonly involved: readonly { readonly name: string; readonly role: InvolvedRole }[];
  readonly privateInfoExposed: boolean;
  readonly danger: Danger | null;
  readonly contact: { readonly by: 'receipt' } | { readonly by: 'email'; readonly email: string } | null;
  readonly language: string | null;
  readonly attachments: readonly AttachmentView[];
  readonly submittedAt: string | null;
  /** docs/review-notes.md R-1: the reporter's keys as the reporter wrote them, inside the ciphertext. */
  readonly reporterKeys: { readonly box_pk: string; readonly sign_pk: string } | null;
  /** docs/review-notes.md R-3: the members the reporter excluded, inside the ciphertext. */
  readonly excluded: readonly string[] | null;
  /** docs/review-notes.md R-2: the team (hex genesis hash) and roster head the report was encrypted to. */
  readonly teamFingerprint: string | null;
  readonly rosterHead: { readonly seq: number; readonly hash: string } | null;
  /**
   * The accounts the blind index tags (docs/protocol.md 12), read from the body as written, names
   * untrimmed: the case page tags the case from these, as the background pass does from the body.
   */
  readonly parties: ReportParties;
  /**
   * On a referral packet (docs/protocol.md 10.10): what the referring member wrote about it, read
   * defensively. Null on a report a reporter sent, and whenever `OpenedCase.referral` is not
   * verified (the keyring drops it then: a reporter could write one into their own report).
   */
  readonly referral: ReferralFieldsView | null;
}

/** A link in a referral packet: an address and what it shows. */
export interface ReferralLink {
  readonly url: string;
  readonly note: string;
}

/**
 * The `referral` field of a referral packet's body (docs/protocol.md 10.10), as the referring
 * member's browser writes it beside the report fields copied from the case it refers.
 */
export interface ReferralFields {
  readonly from_team: { readonly id: string; readonly slug: string; readonly name: string };
  readonly from_case: string;
  readonly from_case_number: number;
  readonly referred_by: { readonly id: string; readonly name: string };
  /** How the receiving team reaches the referring member. */
  readonly contact_referrer: string;
  /** How the receiving team reaches the reporter. */
  readonly contact_reporter: string;
  readonly preliminary_work: string;
  readonly links: readonly ReferralLink[];
  readonly diffs: readonly ReferralLink[];
}

/** ReferralFields as read from an opened packet: every field type-checked, missing ones empty. */
export interface ReferralFieldsView {
  readonly fromTeam: { readonly id: string; readonly slug: string; readonly name: string };
  readonly fromCase: string;
  readonly fromCaseNumber: number | null;
  readonly referredBy: { readonly id: string; readonly name: string };
  readonly contactReferrer: string;
  readonly contactReporter: string;
  readonly preliminaryWork: string;
  readonly links: readonly ReferralLink[];
  readonly diffs: readonly ReferralLink[];
}

/** What the case list needs of a report (a subset of ReportView, kept small for 10,000 cases). */
export interface SummaryView {
  readonly summary: string;
  readonly kinds: readonly string[];
  readonly danger: Danger | null;
  readonly privateInfoExposed: boolean;
  readonly involved: readonly { readonly name: string; readonly role: InvolvedRole }[];
  readonly where: string;
  readonly excluded: readonly string[] | null;
  /**
   * Lowercased text of the summary line, the place and the involved accounts' names: what the list's
   * filter searches. Words found only further in a report are found by Keyring.searchReportBodies.
   */
  readonly searchText: string;
  /**
   * Only for a purged case: its retained record (docs/protocol.md 10.8), all that is left of it.
   * The fields above then come from it (`involved` from its parties; no summary, kinds or danger).
   */
  readonly retained: RetainedRecord | null;
}

/** The plaintext metadata of one case of GET /api/cases: what the server knows and serves. */
export interface CaseMeta {
  readonly id: string;
  readonly status: CaseStatus;
  readonly urgent: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly checkInBy: string | null;
  readonly assignee: string | null;
  /** The case's short number in its team (#42). */
  readonly number: number;
  readonly followUpBy: string | null;
  /** The reporter's latest message, and the team's latest message to the reporter. */
  readonly reporterRepliedAt: string | null;
  readonly teamRepliedAt: string | null;
  /** When the signed-in member last opened the case; null if never. */
  readonly readAt: string | null;
  /** As the server serves it; the body's own list (SummaryView.excluded) is authoritative. */
  readonly excluded: readonly string[];
  /** When the case was last closed or withdrawn; null while it is open. */
  readonly finishedAt: string | null;
  /** The id of its retained record (docs/protocol.md 10.8), or null while it has none. */
  readonly retained: string | null;
  /** When the team's retention will delete its details; null when that is not planned. */
  readonly purgeAfter: string | null;
  /** When its details were deleted; null while they are kept. */
  readonly purgedAt: string | null;
  /** On an appeal (docs/protocol.md 10.9): the case it appeals; null on every other case. */
  readonly appealOf: { readonly id: string; readonly number: number } | null;
}

/**
 * One case of GET /api/cases, as the workers need it: its summary envelope (docs/protocol.md 9.7);
 * for a report written before summaries its whole body; for a purged case (no report left) its
 * retained record, null when the server sent none.
 */
export type SealedSummaryInput =
  | { readonly id: string; readonly summary: Envelope; readonly grant: string }
  | {
      readonly id: string;
      readonly payload: Envelope;
      readonly grant: string;
      /** None: such a case is listed from its body. */
      readonly summary?: null;
    }
  | {
      readonly id: string;
      readonly purged: true;
      readonly number: number;
      readonly retained: SealedItemInput | null;
    };

export type OpenedSummary =
  | { readonly id: string; readonly ok: true; readonly view: SummaryView }
  | { readonly id: string; readonly ok: false; readonly code: string };

// ---------------------------------------------------------------------------
// One case, opened
// ---------------------------------------------------------------------------

/** GET /api/cases/{id}, the parts the keyring reads. */
export interface SealedCaseInput {
  readonly id: string;
  readonly urgent: boolean;
  readonly excluded: readonly string[];
  /** Both null once the case was purged: only its items (the retained record) are left. */
  readonly payload: Envelope | null;
  readonly grant: string | null;
  /**
   * The summary envelope the reporter signed with the payload (docs/protocol.md 9.7); null for a
   * report written before summaries, and once purged. Pass what the server served: a report signed
   * with a summary does not verify without it.
   */
  readonly summary: Envelope | null;
  readonly reporter: { readonly box_pk: string; readonly sign_pk: string };
  readonly sig: string;
  readonly items: readonly SealedItemInput[];
  /**
   * The target a member invited in with a receipt of their own (docs/protocol.md 8.5), as the
   * server serves it; null or absent: nobody was. Believed only once its signature verifies
   * against a member of the verified roster.
   */
  readonly target?: SealedTargetInput | null;
  /**
   * On a case a referral made (docs/protocol.md 10.10): where the server says it came from, and
   * the referring team's verified roster keys. The case's `sig` is then the referring member's
   * signature over the packet, never a reporter's. Null or absent: a report a reporter sent.
   */
  readonly referral?: SealedReferralInput | null;
}

/** GET /api/cases/{id} `referral`, the parts the keyring checks, with the referring team's keys. */
export interface SealedReferralInput {
  /** The case it was referred from: signed with the packet. */
  readonly from_case: string;
  /** The referring team's id, as the server says (the packet names it too). */
  readonly from_team: string;
  /** The server's word on who referred it; null once that member's account was deleted. */
  readonly referred_by: string | null;
  /**
   * Every member the referring team's verified roster has ever listed → their `sign_pk`; null
   * when that roster could not be verified in this browser (then nothing verifies the packet).
   */
  readonly authors: Readonly<Record<string, string>> | null;
}

/**
 * A referral's signature, as the keyring checked it (docs/protocol.md 10.10).
 *
 * verified: a member of the referring team's verified roster signed this packet, from this case;
 * unverified: `roster` the referring team's roster could not be verified here; `signature` no member
 *          of it signed this packet from the case the server names (or a reporter's signature was
 *          passed off as a referral); `packet` the signature holds, but the packet names another
 *          team, case or member than the one it came from.
 */
export type ReferralCheck =
  | {
      readonly status: 'verified';
      /** The member whose signature verified (from the referring roster, not the server's word). */
      readonly referredBy: string;
    }
  | {
      readonly status: 'unverified';
      readonly reason: 'roster' | 'signature' | 'packet';
      /** Who the server says referred it: only to name in a warning. */
      readonly claimedBy: string | null;
    };

/** GET /api/cases/{id} `target`: the public keys of the target's receipt, and who signed them. */
export interface SealedTargetInput {
  readonly box_pk: string;
  readonly sign_pk: string;
  /** The server's word on who invited the target; null once that member's account was deleted. */
  readonly invited_by: string | null;
  readonly invited_at: string;
  /** The inviting member's signature over the case and both keys (crypto's signTargetInvitation). */
  readonly sig: string;
}

/**
 * The target of a case, as the keyring checked it (docs/protocol.md 8.5).
 *
 * trusted: a member of the verified roster signed this case and these keys, so messages go to
 *          them and messages signed as the target are believed;
 * unverified: no member's signature verifies: the server may have put its own keys there, so
 *          nothing is sent to them and nothing signed as the target is shown.
 */
export type TargetView =
  | {
      readonly status: 'trusted';
      /** The member whose signature verified (from the roster, not from the server's word). */
      readonly invitedBy: string;
      readonly invitedAt: string;
    }
  | {
      readonly status: 'unverified';
      /** Who the server says invited them: only to name in a warning. */
      readonly claimedBy: string | null;
      readonly invitedAt: string;
    };

export interface SealedItemInput {
  readonly id: string;
  readonly case: string;
  readonly kind: string;
  readonly author: string;
  readonly audience: string;
  readonly payload: Envelope;
  readonly sig: string;
  readonly created_at: string;
  readonly grant: string;
}

export type OpenedItem =
  | {
      readonly id: string;
      readonly verified: true;
      readonly kind: ItemKind;
      readonly audience: Audience;
      /**
       * A member id, "reporter" or "target"; only set once the signature verified against that
       * author's key. The reporter writes only in the reporter's thread, the target only in theirs.
       */
      readonly author: string;
      readonly createdAt: string;
      readonly writtenAt: string | null;
      /** Messages and notes; empty for a record. */
      readonly text: string;
      /** A record's typed body, checked against contract/records.ts; null for messages and notes. */
      readonly record: RecordBody | null;
      readonly attachments: readonly AttachmentView[];
    }
  | {
      readonly id: string;
      readonly verified: false;
      readonly createdAt: string;
      /** Why it is withheld. */
      readonly problem: ItemProblem;
    };

/**
 * Why an item or a report did not open, as crypto says it: its error code where the console has
 * words for it, UNREADABLE for anything else.
 */
export type CryptoProblemCode =
  | Extract<
      ConfideCryptoErrorCode,
      'SIGNATURE_INVALID' | 'TAMPERED' | 'BAD_PADDING' | 'BAD_ENCODING' | 'UNKNOWN_VERSION' | 'BAD_NONCE'
    >
  | 'UNREADABLE';

/**
 * Why an item is withheld (the checks of docs/protocol.md 10.3 and R-6). A code, never words: the
 * keyring runs in Workers, which translate nothing; the console words each code in the page's
 * language (features/team/model/integrity-words.ts).
 */
export type ItemProblem =
  /** Its kind is none the protocol knows. */
  | { readonly code: 'unknown_kind' }
  /** Its audience does not fit its kind (a note labelled a message, or the reverse). */
  | { readonly code: 'audience_not_of_kind' }
  /** The reporter or the target wrote it, but it is not a message in their own thread. */
  | { readonly code: 'outside_own_thread'; readonly author: MessageThread }
  /** The server serves it with another case. */
  | { readonly code: 'other_case' }
  /** Signed as the target, whose keys no roster member signed for this case (docs/protocol.md 8.5). */
  | { readonly code: 'target_not_invited' }
  /** Its author is not on the verified roster. */
  | { readonly code: 'author_not_on_roster' }
  /** Its signature does not verify, or it does not decrypt. */
  | { readonly code: 'crypto'; readonly error: CryptoProblemCode }
  /** Its body's schema is not its kind's. */
  | { readonly code: 'content_not_of_kind' }
  /** A message whose body names one thread, served in the other. */
  | {
      readonly code: 'moved_between_threads';
      readonly writtenFor: MessageThread;
      readonly shownIn: MessageThread;
    }
  /** A message whose body names something else than its served thread, where one of them is no thread. */
  | { readonly code: 'not_its_thread' }
  /** A record of a shape this console does not know (contract/records.ts). */
  | { readonly code: 'unknown_record' };

/** Why a case's report could not be opened; a code the console words, as for ItemProblem. */
export type ReportProblem =
  /** Purged under the team's retention: only its record is left. */
  | { readonly code: 'purged' }
  /** It does not decrypt. */
  | { readonly code: 'crypto'; readonly error: CryptoProblemCode };

export interface OpenedCase {
  /** null when the report could not be opened at all (see `reportProblem`). */
  readonly report: ReportView | null;
  readonly reportProblem: ReportProblem | null;
  /** The reporter's signature over the payload, checked against the reporter's key. */
  readonly signatureValid: boolean;
  /**
   * bound: the body names the reporter's keys and they match what the server served;
   * unbound: an older report without them (the server could have swapped them);
   * altered: the server serves other keys than the reporter wrote: tampering.
   */
  readonly reporterKeys: 'bound' | 'unbound' | 'altered';
  /** Exclusions as the reporter wrote them, as the server serves them, and what this client applies (the union). */
  readonly excluded: {
    readonly served: readonly string[];
    readonly body: readonly string[] | null;
    readonly effective: readonly string[];
    readonly altered: boolean;
  };
  /** The server's `urgent` flag disagrees with the body's `danger`. */
  readonly urgentMismatch: boolean;
  /** Whether the keyring will seal a message to this reporter (never to a key the body contradicts). */
  readonly canMessageReporter: boolean;
  /** The target invited into the case, as checked here; null when the server says nobody was. */
  readonly target: TargetView | null;
  /** Whether the keyring will seal a message to the target: only to keys a member signed. */
  readonly canMessageTarget: boolean;
  /**
   * On a case a referral made: the referring member's signature as checked here (`signatureValid`
   * is then this check, not a reporter's signature); null on a report a reporter sent.
   */
  readonly referral: ReferralCheck | null;
  /**
   * What the list's summary says that the report does not (crypto's summaryDisagreements): the
   * names of the fields that differ, SUMMARY_UNREADABLE when the summary does not open at all, empty
   * when it agrees; null when there is nothing to compare (a report written before summaries, or
   * one that could not be opened).
   */
  readonly summaryDisagrees: readonly string[] | null;
  readonly items: readonly OpenedItem[];
}

/** In OpenedCase.summaryDisagrees: the summary envelope itself did not open. */
export const SUMMARY_UNREADABLE = 'unreadable';

/** A recipient of a new item: a member's id and roster `enc_pk`. */
export interface RecipientInput {
  readonly id: string;
  readonly enc_pk: string;
}

/** The kinds of item a member writes in the console. */
export type WrittenItemKind = ItemKind;

/** A record's own fields: what the page chooses; the keyring adds `schema` and `written_at`. */
export type RecordFields = RecordBody extends infer R
  ? R extends RecordBody
    ? Omit<R, 'schema' | 'written_at' | 'attachments'>
    : never
  : never;

/**
 * Whose thread a member's message goes to (its audience): the reporter's, or the target's on a
 * case a member invited the target into (docs/protocol.md 8.5).
 */
export type MessageThread = 'reporter' | 'target';

export type SealItemRequest = {
  readonly team: string;
  readonly caseId: string;
  /**
   * The team: active roster members minus the case's effective exclusions and recusals. The
   * keyring adds the reporter or the target for a message, with the key it checked itself.
   */
  readonly recipients: readonly RecipientInput[];
  /** Files already uploaded (encrypted in this browser) for this item, with their keys. */
  readonly attachments?: readonly AttachmentView[];
} & (
  | {
      /** A message in the thread `to` (its audience). */
      readonly kind: 'message';
      readonly to: MessageThread;
      readonly text: string;
    }
  | {
      /** An internal note (audience team). */
      readonly kind: 'note';
      readonly text: string;
    }
  | { readonly kind: 'record'; readonly record: RecordFields }
);

/** What a member's browser sends to invite the case's target in (contract TargetInvitation). */
export interface TargetInvitationOutput {
  readonly box_pk: string;
  readonly sign_pk: string;
  readonly lookup_hash: string;
  /** The member's signature over the case and the two public keys (crypto's signTargetInvitation). */
  readonly sig: string;
}

/**
 * A receipt made for the case's target: the receipt itself (secret: shown once to the member, to
 * hand over privately, never sent or stored) and the invitation to POST.
 */
export interface TargetReceipt {
  readonly receipt: string;
  readonly invitation: TargetInvitationOutput;
}

/**
 * A referral packet's body as the page builds it (docs/protocol.md 10.10): a `confide/report/v1`
 * body with the fields copied from the opened case, the receiving roster's fingerprint and head,
 * and `referral`. The keyring writes `reporter_keys` itself, from what it checked on the case.
 */
export type ReferralPacketDraft = ReportBody & {
  readonly excluded: readonly string[];
  readonly team_fingerprint: string;
  readonly roster_head: { readonly seq: number; readonly hash: string };
  readonly referral: ReferralFields;
};

/** What the page asks the keyring to seal and sign to refer an opened case to another team. */
export interface SealReferralRequest {
  /** The member's own team, and the case referred (opened in this session). */
  readonly team: string;
  readonly caseId: string;
  /** The receiving team's id. */
  readonly to: string;
  /** Every active member of the receiving team's verified roster. */
  readonly recipients: readonly RecipientInput[];
  readonly body: ReferralPacketDraft;
}

/** A sealed referral packet, as POST /api/cases/{id}/referrals takes its sealed parts. */
export interface SealedReferralOutput {
  /** The receiving case's id, made here. */
  readonly id: string;
  readonly payload: Envelope;
  readonly summary: Envelope;
  readonly grants: readonly { readonly to: string; readonly k: string }[];
  readonly sig: string;
}

/**
 * The item as POST /api/cases/{id}/items takes it (contract ItemSubmission): what crypto's
 * sealItem makes, without the item key, of the kinds a member writes here.
 */
export type SealedItemOutput = Omit<SealedItem['item'], 'kind'> & { readonly kind: WrittenItemKind };

/** One object of GET /api/regrants. */
export interface RegrantInput {
  readonly object: string;
  readonly case: string;
  readonly grant: string;
}

export interface RegrantOutput {
  readonly object: string;
  readonly k: string;
}

export interface RosterChangeRequest {
  readonly previous: RosterRow;
  readonly op: 'add' | 'remove' | 'role';
  readonly member: RosterMember;
}

/** A member's grant of the team's index key, as the session serves it (docs/protocol.md 7). */
export type SignedIndexKeyGrant = IndexKeyGrant;

/** One member's grant in an admin's issue of the index key (PUT /api/teams/{slug}/index-key). */
export type IssuedIndexKeyGrant = Static<typeof IssuedGrant>;

/**
 * The session's grant, with the sign_pk of its signer when the page found them among the verified
 * roster's active admins, or null when it did not (the keyring then refuses the grant).
 */
export interface IndexKeyGrantInput {
  readonly grant: SignedIndexKeyGrant;
  readonly signerSignPk: string | null;
}

/** What the keyring holds of the team's index key. */
export type IndexKeyState =
  | { readonly status: 'held'; readonly epoch: number }
  /** The session carried no grant: the team has no signed key yet, or none for this member. */
  | { readonly status: 'none' }
  /** A grant came but was not taken (review-notes.md R-5): no tags are made with it. */
  | {
      readonly status: 'refused';
      readonly epoch: number;
      readonly reason: 'signer_not_admin' | 'bad_signature' | 'does_not_open';
    };
