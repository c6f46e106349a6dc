/**
 * Team settings (admins change them, members read them) and each member's own encrypted settings.
 * Templates and the support kit hold no case data, so they are plain team settings the server
 * sees (docs/protocol.md 13); a member's personal details are encrypted to that member alone.
 */
import { Type, type Static } from 'typebox';
import { Envelope, PlainText, SealedKey } from './common.js';
import { TEMPLATE_KINDS } from './enumerations.js';
import { LanguageVariants } from './language-variants.js';
import { NotificationDefaults } from './notifications.js';
import { TeamCommunity } from './teams.js';

export const MAX_QUORUM = 15;
export const MAX_TEMPLATE_CHARS = 4000;
export const MAX_SUPPORT_KIT_ENTRIES = 50;
export const MAX_DESCRIPTION_CHARS = 2000;

const MultilineText = (maxLength: number) =>
  Type.String({ maxLength, pattern: '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$' });

/**
 * The team's own wording of each template; a kind left out uses the built-in text. Partial drops
 * the inner object's options, so additionalProperties is given to it: an unknown kind is refused.
 */
export const Templates = Type.Partial(
  Type.Object(
    Object.fromEntries(TEMPLATE_KINDS.map((kind) => [kind, MultilineText(MAX_TEMPLATE_CHARS)])) as Record<
      (typeof TEMPLATE_KINDS)[number],
      ReturnType<typeof MultilineText>
    >,
  ),
  { additionalProperties: false },
);
export type Templates = Static<typeof Templates>;

/** The team's description in other languages, keyed by primary subtag (contract/language-variants.ts). */
export const DescriptionTranslations = LanguageVariants(MultilineText(MAX_DESCRIPTION_CHARS));
export type DescriptionTranslations = Static<typeof DescriptionTranslations>;

/** The team's templates in other languages: per language, the kinds the team wrote in it. */
export const TemplateTranslations = LanguageVariants(Templates);
export type TemplateTranslations = Static<typeof TemplateTranslations>;

/** One entry of the team's own support list, offered beside the built-in kit. */
export const SupportKitEntry = Type.Object(
  { title: PlainText({ minLength: 1, maxLength: 120 }), details: MultilineText(1000) },
  { additionalProperties: false },
);

/** Days after a case is closed or withdrawn before its details are deleted; null: kept. */
export const MAX_RETENTION_DAYS = 3650;
export const RetentionDays = Type.Union([
  Type.Integer({ minimum: 1, maximum: MAX_RETENTION_DAYS }),
  Type.Null(),
]);

/**
 * Appeals of a closed case the team takes (docs/protocol.md 10.9): at most this many per case; 0:
 * the team takes no appeals through Confide. And days after a case is closed before one is taken.
 */
export const MAX_APPEALS_PER_CASE = 100;
export const AppealsPerCase = Type.Integer({ minimum: 0, maximum: MAX_APPEALS_PER_CASE });
export const MAX_APPEAL_WAIT_DAYS = 3650;
export const AppealWaitDays = Type.Integer({ minimum: 0, maximum: MAX_APPEAL_WAIT_DAYS });

export const TeamSettings = Type.Object({
  name: Type.String(),
  description: Type.String(),
  first_response_hours: Type.Integer(),
  /** Votes a round needs before a case may close; 0: the team closes without a vote. */
  quorum: Type.Integer({ minimum: 0, maximum: MAX_QUORUM }),
  templates: Templates,
  /**
   * The description and templates in other languages; `description` and `templates` are the
   * default wording, used for a language the team did not write in.
   */
  description_translations: DescriptionTranslations,
  template_translations: TemplateTranslations,
  support_kit: Type.Array(SupportKitEntry),
  /** What the intake page tells reporters the team handles (set at set-up, changed here). */
  handles_life_threats: Type.Boolean(),
  handles_child_safety: Type.Boolean(),
  /** The community the team serves, shown to reporters beside the team; null: none named. */
  community: TeamCommunity,
  retention_days: RetentionDays,
  /** Members must hold a second factor; one without is asked to add one before anything else. */
  require_second_factor: Type.Boolean(),
  notification_defaults: NotificationDefaults,
  appeals_per_case: AppealsPerCase,
  appeal_wait_days: AppealWaitDays,
});
export type TeamSettings = Static<typeof TeamSettings>;

export const TeamSettingsPatch = Type.Object(
  {
    name: Type.Optional(PlainText({ minLength: 1, maxLength: 120 })),
    description: Type.Optional(MultilineText(MAX_DESCRIPTION_CHARS)),
    first_response_hours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 30 })),
    quorum: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_QUORUM })),
    templates: Type.Optional(Templates),
    description_translations: Type.Optional(DescriptionTranslations),
    template_translations: Type.Optional(TemplateTranslations),
    support_kit: Type.Optional(Type.Array(SupportKitEntry, { maxItems: MAX_SUPPORT_KIT_ENTRIES })),
    handles_life_threats: Type.Optional(Type.Boolean()),
    handles_child_safety: Type.Optional(Type.Boolean()),
    /** null clears the label. */
    community: Type.Optional(TeamCommunity),
    retention_days: Type.Optional(RetentionDays),
    require_second_factor: Type.Optional(Type.Boolean()),
    notification_defaults: Type.Optional(NotificationDefaults),
    appeals_per_case: Type.Optional(AppealsPerCase),
    appeal_wait_days: Type.Optional(AppealWaitDays),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type TeamSettingsPatch = Static<typeof TeamSettingsPatch>;

/**
 * A member's own settings (the personal details the wording check warns about), encrypted in their
 * browser: an envelope under a fresh key, that key sealed to the member's own `enc_pk`
 * (docs/protocol.md 5.7).
 */
export const SealedMemberSettings = Type.Object(
  { payload: Envelope, k: SealedKey },
  { additionalProperties: false },
);
export type SealedMemberSettings = Static<typeof SealedMemberSettings>;
export const MemberSettingsReply = Type.Object({
  settings: Type.Union([SealedMemberSettings, Type.Null()]),
});
