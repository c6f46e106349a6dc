import { Type, type Static } from 'typebox';
import { B64Bytes, Envelope, KdfParams, PlainText, PublicKey, Slug, Time, Uuid } from './common.js';
import { MemberStatus, Role } from './enumerations.js';
import { IndexKeyGrant } from './index-keys.js';
import { NewTeam, RosterRow } from './teams.js';

export const MemberName = Type.String({
  minLength: 1,
  maxLength: 64,
  // No leading or trailing space, no control characters.
  pattern: '^[^\\s\\u0000-\\u001f\\u007f]([^\\u0000-\\u001f\\u007f]*[^\\s\\u0000-\\u001f\\u007f])?$',
  description: 'the name the member is known by in the team; no leading or trailing spaces',
});

/** What a new member's browser makes: keys, the passphrase-derived verifier input, the wrapped key bundle. */
export const MemberCredentials = Type.Object(
  {
    id: Uuid,
    name: MemberName,
    enc_pk: PublicKey,
    sign_pk: PublicKey,
    kdf: KdfParams,
    auth: B64Bytes(32, 'kdf(2, "cnfdmbr1", master): the server stores only its hash'),
    keys: Envelope,
    recovery: Type.Optional(Type.Object({ kdf: KdfParams, keys: Envelope }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type MemberCredentials = Static<typeof MemberCredentials>;

export const SetupRequest = Type.Object(
  {
    token: Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }),
    team: NewTeam,
    genesis: RosterRow,
    admin: MemberCredentials,
    /** The team's first index key (epoch 1), sealed to the founding admin and signed by them. */
    index_key_grant: IndexKeyGrant,
  },
  { additionalProperties: false },
);
export type SetupRequest = Static<typeof SetupRequest>;

export const SetupReply = Type.Object({ team: Uuid, slug: Slug, fingerprint: Type.String() });

/** POST /api/setup/check: whether a set-up link can still make a team, before its form is filled. */
export const SetupCheckRequest = Type.Object(
  { token: Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false },
);
export const SetupCheckReply = Type.Object({ valid: Type.Literal(true), expires_at: Time });

export const SessionParamsRequest = Type.Object(
  { team: Slug, name: PlainText({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export const SessionParamsReply = Type.Object({ kdf: KdfParams });

export const SessionRequest = Type.Object(
  { team: Slug, name: PlainText({ minLength: 1, maxLength: 64 }), auth: B64Bytes(32) },
  { additionalProperties: false },
);

export const SessionMember = Type.Object({ id: Uuid, name: Type.String(), role: Role });

export const SessionReply = Type.Object({
  member: SessionMember,
  keys: Envelope,
  kdf: KdfParams,
  team: Type.Object({ id: Uuid, slug: Slug, name: Type.String() }),
  /**
   * The member's signed grant of the team's current index key; null when the team has no signed
   * key yet (index_epoch 0) or holds none for this member.
   */
  index_key: Type.Union([IndexKeyGrant, Type.Null()]),
  /** The team's current index-key epoch; 0 until an admin gives the team its first signed key. */
  index_epoch: Type.Integer({ minimum: 0 }),
  /**
   * A member was removed since the current key was made: an admin's console makes a new one
   * (docs/protocol.md 7). Only a hint: a console rotates after its own removals anyway.
   */
  index_key_due: Type.Boolean(),
  idle_lock_minutes: Type.Integer(),
  /** The team requires a second factor and the member has none: the console asks for one first. */
  must_add_second_factor: Type.Boolean(),
});
export type SessionReply = Static<typeof SessionReply>;

export const MemberView = Type.Object({
  id: Uuid,
  name: Type.String(),
  role: Role,
  status: MemberStatus,
  enc_pk: PublicKey,
  sign_pk: PublicKey,
  created_at: Time,
  open_cases: Type.Integer({ description: 'cases assigned to this member that are not closed' }),
  /** Whether the member holds a second factor (a security key, a passkey or TOTP). */
  second_factor: Type.Boolean(),
});
export type MemberView = Static<typeof MemberView>;
export const MemberList = Type.Object({ members: Type.Array(MemberView) });

export const InvitationRequest = Type.Object({ role: Role }, { additionalProperties: false });
export const InvitationReply = Type.Object({
  id: Uuid,
  token: Type.String({ description: 'shown once; only its hash is stored' }),
  expires_at: Time,
});

export const InvitationToken = Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' });
export const InvitationLookupRequest = Type.Object(
  { token: InvitationToken },
  { additionalProperties: false },
);
export const InvitationLookupReply = Type.Object({
  team: Type.Object({ id: Uuid, slug: Slug, name: Type.String() }),
  role: Role,
  expires_at: Time,
});
export const InvitationAcceptRequest = Type.Object(
  { token: InvitationToken, member: MemberCredentials },
  { additionalProperties: false },
);
export const InvitationAcceptReply = Type.Object({ member: Uuid, status: Type.Literal('pending') });

export const RosterAppendRequest = Type.Object(
  {
    row: RosterRow,
    /**
     * For `add`, when the team has an index key: the new member's grant of it, at the team's
     * current epoch, signed by the admin who signs the entry.
     */
    index_key_grant: Type.Optional(IndexKeyGrant),
  },
  { additionalProperties: false },
);
export const RosterAppendReply = Type.Object({ seq: Type.Integer() });
