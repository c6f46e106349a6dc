import { Type, type Static } from 'typebox';
import { Hash32, PlainText, PublicKey, Signature, Slug, Time, Uuid } from './common.js';
import { Role } from './enumerations.js';
import { LanguageVariants } from './language-variants.js';

/**
 * The community a team serves, as a short lowercase label a team's admins choose (a team setting),
 * e.g. `en.wikipedia`, `global`, `wikimedia-commons`: 1 to 64 ASCII lowercase letters, digits, dots
 * and hyphens, starting and ending with a letter or digit. Reporters see it beside the team.
 * migrations/0008_team_community.ts keeps its own copy of the pattern in a CHECK constraint
 * (migrations are frozen); tests/integration/contract-migrations.test.ts holds the two together.
 */
export const Community = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[a-z0-9](?:[a-z0-9.-]{0,62}[a-z0-9])?$',
  description: 'community label: lowercase letters, digits, dots, hyphens; e.g. en.wikipedia',
});
export type Community = Static<typeof Community>;

/** A team's community label, or null: the team names none (the default). */
export const TeamCommunity = Type.Union([Community, Type.Null()]);
export type TeamCommunity = Static<typeof TeamCommunity>;

export const TeamSummary = Type.Object({
  id: Uuid,
  slug: Slug,
  name: Type.String(),
  description: Type.String(),
  /** The description in other languages, keyed by primary subtag; `description` for the rest. */
  description_translations: LanguageVariants(Type.String()),
  handles_life_threats: Type.Boolean(),
  handles_child_safety: Type.Boolean(),
  first_response_hours: Type.Integer(),
  community: TeamCommunity,
});
export type TeamSummary = Static<typeof TeamSummary>;

export const TeamList = Type.Object({ teams: Type.Array(TeamSummary) });
export type TeamList = Static<typeof TeamList>;

export const RosterMember = Type.Object(
  {
    id: Uuid,
    name: PlainText({ minLength: 1, maxLength: 64 }),
    role: Role,
    enc_pk: PublicKey,
    sign_pk: PublicKey,
  },
  { additionalProperties: false },
);

export const RosterEntry = Type.Object(
  {
    v: Type.Literal(1),
    team: Uuid,
    seq: Type.Integer({ minimum: 0 }),
    prev: Hash32,
    at: Time,
    op: Type.Union([
      Type.Literal('genesis'),
      Type.Literal('add'),
      Type.Literal('remove'),
      Type.Literal('role'),
    ]),
    member: RosterMember,
    by: Uuid,
  },
  { additionalProperties: false },
);
export type RosterEntryWire = Static<typeof RosterEntry>;

export const RosterRow = Type.Object(
  { entry: RosterEntry, sig: Signature, hash: Hash32 },
  { additionalProperties: false },
);
export type RosterRowWire = Static<typeof RosterRow>;

export const TeamDetail = Type.Intersect([
  TeamSummary,
  Type.Object({
    fingerprint: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'hex of the genesis entry hash' }),
    roster: Type.Array(RosterRow),
  }),
]);
export type TeamDetail = Static<typeof TeamDetail>;

export const TeamSlugParams = Type.Object({ slug: Slug });

export const NewTeam = Type.Object(
  {
    id: Uuid,
    slug: Slug,
    name: PlainText({ minLength: 1, maxLength: 120 }),
    // Descriptions may have line breaks; other control characters are refused.
    description: Type.String({
      maxLength: 2000,
      pattern: '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$',
    }),
    handles_life_threats: Type.Optional(Type.Boolean()),
    handles_child_safety: Type.Optional(Type.Boolean()),
    first_response_hours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 30 })),
    /** Left out or null: the team names no community. */
    community: Type.Optional(TeamCommunity),
  },
  { additionalProperties: false },
);
export type NewTeam = Static<typeof NewTeam>;
