/**
 * The team's message templates: the seed's messages, written once here as built-in texts, and
 * replaced by the team's own wording where an admin saved one (GET /api/team/settings). A team may
 * also write them in other languages; a case's template is picked by the language its report was
 * written in (chooseTemplate, below).
 *
 * The texts follow the training module's advice on talking to people: empathetic ("I understand",
 * "that must be upsetting"), no promise of an outcome or a date, a check-in date instead of a
 * deadline, next steps when nothing could be done, and nothing about the reporter or the target
 * when writing to the reported user. What only the member can know is a `{placeholder}` in curly
 * braces, and the composer refuses to send while one is left.
 */
import { i18n, type I18n, type MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import type { TemplateKind } from '#contract/enumerations';
import { TEMPLATE_KINDS } from '#contract/enumerations';
import type { Templates, TemplateTranslations } from '#contract/settings';
import { pageLocale } from '../../../i18n/locale.js';
import { languageName } from '../../../lib/format.js';
import { primarySubtag, variantFor } from '../../../lib/language-variant.js';

export { TEMPLATE_KINDS };
export type { TemplateKind };

const LABELS: Readonly<Record<TemplateKind, { title: MessageDescriptor; use: MessageDescriptor }>> = {
  acknowledgement: {
    title: msg`Acknowledgement`,
    use: msg`The first reply: the report was read, what happens next, and when you will check in.`,
  },
  request_for_information: {
    title: msg`Request for information`,
    use: msg`Asking the reporter for what the investigation still needs.`,
  },
  closure_non_actionable: {
    title: msg`Closure: no action possible`,
    use: msg`Telling the reporter nothing could be done here, with next steps they can take.`,
  },
  closure_actionable: {
    title: msg`Closure: action taken`,
    use: msg`Telling the reporter the outcome after the sanctioned user was told.`,
  },
  notice_to_reported_user: {
    title: msg`Notice to the reported user`,
    use: msg`To the sanctioned user: what was done, why in general terms, and how to appeal.`,
  },
  notice_mistaken_report: {
    title: msg`Notice of a mistaken report`,
    use: msg`To the reported user after a mistaken or malicious report: they are not in trouble.`,
  },
};

/**
 * What each template is for, in the words the picker and the settings page show: read in the
 * page's language each time.
 */
export const TEMPLATE_LABELS: Readonly<
  Record<TemplateKind, { readonly title: string; readonly use: string }>
> = Object.freeze(
  Object.fromEntries(
    TEMPLATE_KINDS.map((kind) => [
      kind,
      Object.freeze({
        get title() {
          return i18n._(LABELS[kind].title);
        },
        get use() {
          return i18n._(LABELS[kind].use);
        },
      }),
    ]),
  ) as Record<TemplateKind, { readonly title: string; readonly use: string }>,
);

/**
 * The placeholders the console fills itself, by their English name: the team's name (composer),
 * the check-in date (acknowledgement form) and how to appeal (model/appeals.ts).
 */
const FILLED_PLACEHOLDERS: Readonly<Record<string, MessageDescriptor>> = {
  'team name': msg`team name`,
  'check-in date': msg`check-in date`,
  'how to appeal': msg`how to appeal`,
};

/**
 * A placeholder of a built-in text, braces included, in `language`. The braces are not part of
 * the message: a translator translates the words, and the composer still finds `{…}`.
 */
function placeholder(words: MessageDescriptor, language: I18n): string {
  return `{${language._(words)}}`;
}

/**
 * A built-in text in `language`: the page's unless another catalog is given (a report's language,
 * template-languages.ts). Each text is one message, its placeholders ICU variables whose values are
 * the bracketed words, translated on their own (a literal brace in a message would be read as ICU
 * syntax). The comment goes to translators with each text.
 */
export function builtInText(kind: TemplateKind, language: I18n = i18n): string {
  const teamName = placeholder(msg`team name`, language);
  switch (kind) {
    case 'acknowledgement': {
      const feelings = placeholder(msg`hurtful / frightening / upsetting`, language);
      const nextSteps = placeholder(msg`next steps`, language);
      const checkInDate = placeholder(msg`check-in date`, language);
      return language._(
        msg({
          comment:
            'A message a team member sends in a harassment case. Each {variable} is a placeholder the member fills in, with its braces: keep every one, and keep the line breaks.',
          message: `Hello,

Thank you for writing to us. We have read your report, and I understand this has been ${feelings} for you.

What happens next: ${nextSteps}. We will look at what you sent us carefully, and we may write to ask you a question.

We cannot say yet how this will end or how long it will take, but we will write to you again by ${checkInDate}, even if there is nothing new to tell you then.

If anything changes, or you feel unsafe, you can write to us here at any time.

With care,
${teamName}`,
        }),
      );
    }
    case 'request_for_information': {
      const whatWeNeedToUnderstand = placeholder(msg`what we need to understand`, language);
      const whatWeNeed = placeholder(msg`the links, dates or details we need`, language);
      const checkInDate = placeholder(msg`check-in date`, language);
      return language._(
        msg({
          comment:
            'A message a team member sends in a harassment case. Each {variable} is a placeholder the member fills in, with its braces: keep every one, and keep the line breaks.',
          message: `Hello,

Thank you for your patience while we look into this. Could you help me understand ${whatWeNeedToUnderstand}?

It would help us to have ${whatWeNeed}. Only share what you are comfortable sharing, and please do not post it anywhere public.

We will write to you again by ${checkInDate}.

With care,
${teamName}`,
        }),
      );
    }
    case 'closure_non_actionable': {
      const feelings = placeholder(msg`hurtful / upsetting`, language);
      const reason = placeholder(msg`reason, in general terms`, language);
      const nextSteps = placeholder(
        msg`next steps: other venues, support organisations, ways to protect your account or your information`,
        language,
      );
      return language._(
        msg({
          comment:
            'A message a team member sends in a harassment case. Each {variable} is a placeholder the member fills in, with its braces: keep every one, and keep the line breaks.',
          message: `Hello,

Thank you for trusting us with this. We know it took effort to write to us, and I see that this has been ${feelings} for you.

We have looked into your report carefully. What we found is not something our team can act on here, because ${reason}.

This does not mean what you went through does not matter. Here is what you can do next: ${nextSteps}.

If something new happens, please write to us again.

With care,
${teamName}`,
        }),
      );
    }
    case 'closure_actionable': {
      const whatWasDone = placeholder(msg`what was done, in general terms`, language);
      const support = placeholder(msg`support you can offer, or resources that may help`, language);
      return language._(
        msg({
          comment:
            'A message a team member sends in a harassment case. Each {variable} is a placeholder the member fills in, with its braces: keep every one, and keep the line breaks.',
          message: `Hello,

Thank you for reporting this to us, and for your patience while we looked into it.

We have finished our investigation and have taken action: ${whatWasDone}.

${support}

If the behaviour starts again, or you are contacted about this, please write to us here.

With care,
${teamName}`,
        }),
      );
    }
    case 'notice_to_reported_user': {
      const username = placeholder(msg`username`, language);
      const actionTaken = placeholder(msg`the action taken`, language);
      const behaviour = placeholder(msg`the behaviour, without naming who reported it`, language);
      const howToAppeal = placeholder(msg`how to appeal`, language);
      return language._(
        msg({
          comment:
            'A message a team member sends in a harassment case. Each {variable} is a placeholder the member fills in, with its braces: keep every one, and keep the line breaks.',
          message: `Hello ${username},

We are writing to let you know that ${actionTaken} has been placed on your account.

In general terms, this is because ${behaviour}.

If you wish to appeal this decision, you can ${howToAppeal}.

${teamName}`,
        }),
      );
    }
    case 'notice_mistaken_report': {
      const username = placeholder(msg`username`, language);
      const whatToKnow = placeholder(msg`what, if anything, they should know`, language);
      const howToReachUs = placeholder(msg`how to reach the team`, language);
      return language._(
        msg({
          comment:
            'A message a team member sends in a harassment case. Each {variable} is a placeholder the member fills in, with its braces: keep every one, and keep the line breaks.',
          message: `Hello ${username},

We are writing to let you know that a report involving your account was reviewed and closed. You are not in trouble, and no action has been taken against your account.

${whatToKnow}

If you have any questions, you can reply to ${howToReachUs}.

${teamName}`,
        }),
      );
    }
  }
}

/**
 * The built-in texts, in the page's language each time one is read. Placeholders name what to
 * write in plain words.
 */
export const BUILT_IN_TEMPLATES: Readonly<Record<TemplateKind, string>> = Object.freeze(
  Object.defineProperties(
    {},
    Object.fromEntries(
      TEMPLATE_KINDS.map((kind) => [kind, { enumerable: true, get: () => builtInText(kind) }]),
    ),
  ) as Record<TemplateKind, string>,
);

/** The team's own wording where it saved one, otherwise the built-in text. */
export function templateText(kind: TemplateKind, teamTemplates: Templates | null | undefined): string {
  const own = teamTemplates?.[kind];
  return own !== undefined && own.trim() !== '' ? own : builtInText(kind);
}

/** A text a team saved, unless it is only blanks (which the settings page never stores). */
function written(text: string | null | undefined): text is string {
  return text != null && text.trim() !== '';
}

/** A case's template, where it came from, and the language it is in. */
export interface TemplateChoice {
  readonly text: string;
  /** The team's wording in the report's language, its default wording, or the built-in text. */
  readonly source: 'team-language' | 'team-default' | 'built-in';
  /**
   * The language the text is in: the report's (a tag as the report gave it) or the page's. Null
   * for the team's default wording, whose language the team does not name.
   */
  readonly language: { readonly tag: string; readonly of: 'report' | 'page' } | null;
}

export interface TemplateChoiceOptions {
  /** The language the report was written in (its body's BCP 47 tag), or null when it says none. */
  readonly reportLanguage: string | null;
  /** The team's default wording; null while loading or when it could not be read. */
  readonly templates: Templates | null | undefined;
  /** The team's wording in other languages, by primary subtag. */
  readonly translations: TemplateTranslations | null | undefined;
  /**
   * The built-in texts' catalog in the report's language (template-languages.ts), or null: none is
   * shipped in it, or it could not be downloaded, and the built-in text is in the page's language.
   */
  readonly builtIn: I18n | null;
}

/**
 * A case's template of `kind`: the team's wording in the report's language, else the team's
 * default wording when it wrote one, else the built-in text, in the report's language when Confide
 * ships it, else in the page's.
 */
export function chooseTemplate(kind: TemplateKind, options: TemplateChoiceOptions): TemplateChoice {
  const { reportLanguage, builtIn } = options;
  const variant = variantFor(reportLanguage, options.translations)?.[kind];
  if (reportLanguage !== null && written(variant)) {
    return { text: variant, source: 'team-language', language: { tag: reportLanguage, of: 'report' } };
  }
  const own = options.templates?.[kind];
  if (written(own)) return { text: own, source: 'team-default', language: null };
  if (reportLanguage !== null && builtIn !== null) {
    return {
      text: builtInText(kind, builtIn),
      source: 'built-in',
      language: { tag: reportLanguage, of: 'report' },
    };
  }
  return { text: builtInText(kind), source: 'built-in', language: { tag: pageLocale(), of: 'page' } };
}

/**
 * Which language a chosen template is in, in the page's language: "In Spanish (the report's
 * language)". A language is named by its primary subtag: the team wrote its `pt` wording for
 * `pt-BR` and `pt-PT` alike.
 */
export function templateLanguageWords(choice: TemplateChoice, reportLanguage: string | null): string {
  const { language } = choice;
  if (language === null) {
    const subtag = primarySubtag(reportLanguage);
    if (subtag === null) return i18n._(msg`In the team’s default wording.`);
    const reportLanguageName = languageName(subtag);
    return i18n._(
      msg`In the team’s default wording: the team did not write this template in ${reportLanguageName}, the report’s language.`,
    );
  }
  const name = languageName(primarySubtag(language.tag) ?? language.tag);
  return language.of === 'report'
    ? i18n._(msg`In ${name} (the report’s language).`)
    : i18n._(msg`In ${name} (this page’s language).`);
}

/** `{anything but braces}`, on one line. */
const PLACEHOLDER = /\{([^{}\n]{1,120})\}/g;

/** Each placeholder still in `text`, as written (without the braces), once, in order. */
export function unfilledPlaceholders(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1]?.trim() ?? '';
    if (name !== '' && !found.includes(name)) found.push(name);
  }
  return found;
}

/**
 * The catalogs built-in texts were read in besides the page's (a report's language:
 * template-languages.ts adds each one it loads), so that their placeholders are found and filled
 * on a page in another language.
 */
const templateLanguages = new Set<I18n>();

/** Makes the placeholders of built-in texts in `language` known to fillTemplate and hasPlaceholder. */
export function addTemplateLanguage(language: I18n): void {
  templateLanguages.add(language);
}

/**
 * The names `name` goes by in a text: itself and, for a placeholder the console fills, its words
 * in the page's language and in each language a built-in text was read in, as those texts write it.
 */
function namesOf(name: string): string[] {
  const words = Object.hasOwn(FILLED_PLACEHOLDERS, name) ? FILLED_PLACEHOLDERS[name] : undefined;
  if (words === undefined) return [name];
  const names = [name];
  for (const language of [i18n, ...templateLanguages]) {
    const translated = language._(words).trim();
    if (!names.includes(translated)) names.push(translated);
  }
  return names;
}

/**
 * A placeholder the console fills as the built-in texts write it in `language` (the page's
 * unless another is given): `{check-in date}`.
 */
export function placeholderAsWritten(name: string, language: I18n = i18n): string {
  const words = Object.hasOwn(FILLED_PLACEHOLDERS, name) ? FILLED_PLACEHOLDERS[name] : undefined;
  return `{${words === undefined ? name : language._(words).trim()}}`;
}

/**
 * Whether `text` still has the placeholder `name` (in English, as the page's language says it, or
 * as a language a built-in text was read in says it).
 */
export function hasPlaceholder(text: string, name: string): boolean {
  const names = namesOf(name);
  return unfilledPlaceholders(text).some((found) => names.includes(found));
}

/**
 * Fills the placeholders named in `values` (keys without braces, compared after trimming);
 * others stay for the member to fill by hand. A placeholder the console fills is found under its
 * English name and under its name in the page's language and in each language a built-in text was
 * read in, so a built-in text in any language and a team's own English text are both filled. A value is inserted as it is: it is the member's
 * own text, never read as a pattern.
 */
export function fillTemplate(text: string, values: Readonly<Record<string, string>>): string {
  const byName = new Map<string, string>();
  for (const [name, value] of Object.entries(values)) {
    for (const alias of namesOf(name)) if (!byName.has(alias)) byName.set(alias, value);
  }
  return text.replace(PLACEHOLDER, (whole, name: string) => byName.get(name.trim()) ?? whole);
}
