/**
 * The team's message templates: the seed's messages, written once here as built-in texts, and
 * replaced by the team's own wording where an admin saved one (GET /api/team/settings).
 *
 * The texts follow the training module's advice on talking to people: empathetic ("I understand",
 * "that must be upsetting"), no promise of an outcome or a date, a check-in date instead of a
 * deadline, next steps when nothing could be done, and nothing about the reporter or the target
 * when writing to the reported user. What only the member can know is a `{placeholder}` in curly
 * braces, and the composer refuses to send while one is left.
 */
import { i18n, type MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import type { TemplateKind } from '#contract/enumerations';
import { TEMPLATE_KINDS } from '#contract/enumerations';
import type { Templates } from '#contract/settings';

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
 * A placeholder of a built-in text, braces included, in the page's language. The braces are not
 * part of the message: a translator translates the words, and the composer still finds `{…}`.
 */
function placeholder(words: MessageDescriptor): string {
  return `{${i18n._(words)}}`;
}

/**
 * A built-in text in the page's language. Each text is one message, its placeholders ICU
 * variables whose values are the bracketed words, translated on their own (a literal brace in a
 * message would be read as ICU syntax). The comment goes to translators with each text.
 */
function builtInText(kind: TemplateKind): string {
  const teamName = placeholder(msg`team name`);
  switch (kind) {
    case 'acknowledgement': {
      const feelings = placeholder(msg`hurtful / frightening / upsetting`);
      const nextSteps = placeholder(msg`next steps`);
      const checkInDate = placeholder(msg`check-in date`);
      return i18n._(
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
      const whatWeNeedToUnderstand = placeholder(msg`what we need to understand`);
      const whatWeNeed = placeholder(msg`the links, dates or details we need`);
      const checkInDate = placeholder(msg`check-in date`);
      return i18n._(
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
      const feelings = placeholder(msg`hurtful / upsetting`);
      const reason = placeholder(msg`reason, in general terms`);
      const nextSteps = placeholder(
        msg`next steps: other venues, support organisations, ways to protect your account or your information`,
      );
      return i18n._(
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
      const whatWasDone = placeholder(msg`what was done, in general terms`);
      const support = placeholder(msg`support you can offer, or resources that may help`);
      return i18n._(
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
      const username = placeholder(msg`username`);
      const actionTaken = placeholder(msg`the action taken`);
      const behaviour = placeholder(msg`the behaviour, without naming who reported it`);
      const howToAppeal = placeholder(msg`how to appeal`);
      return i18n._(
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
      const username = placeholder(msg`username`);
      const whatToKnow = placeholder(msg`what, if anything, they should know`);
      const howToReachUs = placeholder(msg`how to reach the team`);
      return i18n._(
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
 * The names `name` goes by in a text: itself and, for a placeholder the console fills, its words
 * in the page's language, as the built-in texts write it.
 */
function namesOf(name: string): string[] {
  const words = Object.hasOwn(FILLED_PLACEHOLDERS, name) ? FILLED_PLACEHOLDERS[name] : undefined;
  const translated = words === undefined ? name : i18n._(words).trim();
  return translated === name ? [name] : [name, translated];
}

/** A placeholder the console fills as the built-in texts write it in the page's language: `{check-in date}`. */
export function placeholderAsWritten(name: string): string {
  return `{${namesOf(name).at(-1) ?? name}}`;
}

/** Whether `text` still has the placeholder `name` (in English, or as the page's language says it). */
export function hasPlaceholder(text: string, name: string): boolean {
  const names = namesOf(name);
  return unfilledPlaceholders(text).some((found) => names.includes(found));
}

/**
 * Fills the placeholders named in `values` (keys without braces, compared after trimming);
 * others stay for the member to fill by hand. A placeholder the console fills is found under its
 * English name and under its name in the page's language, so a built-in text in any language and
 * a team's own English text are both filled. A value is inserted as it is: it is the member's
 * own text, never read as a pattern.
 */
export function fillTemplate(text: string, values: Readonly<Record<string, string>>): string {
  const byName = new Map<string, string>();
  for (const [name, value] of Object.entries(values)) {
    for (const alias of namesOf(name)) if (!byName.has(alias)) byName.set(alias, value);
  }
  return text.replace(PLACEHOLDER, (whole, name: string) => byName.get(name.trim()) ?? whole);
}
