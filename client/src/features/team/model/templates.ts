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
import type { TemplateKind } from '#contract/enumerations';
import { TEMPLATE_KINDS } from '#contract/enumerations';
import type { Templates } from '#contract/settings';

export { TEMPLATE_KINDS };
export type { TemplateKind };

/** What each template is for, in the words the picker and the settings page show. */
export const TEMPLATE_LABELS: Readonly<Record<TemplateKind, { title: string; use: string }>> = {
  acknowledgement: {
    title: 'Acknowledgement',
    use: 'The first reply: the report was read, what happens next, and when you will check in.',
  },
  request_for_information: {
    title: 'Request for information',
    use: 'Asking the reporter for what the investigation still needs.',
  },
  closure_non_actionable: {
    title: 'Closure: no action possible',
    use: 'Telling the reporter nothing could be done here, with next steps they can take.',
  },
  closure_actionable: {
    title: 'Closure: action taken',
    use: 'Telling the reporter the outcome after the sanctioned user was told.',
  },
  notice_to_reported_user: {
    title: 'Notice to the reported user',
    use: 'To the sanctioned user: what was done, why in general terms, and how to appeal.',
  },
  notice_mistaken_report: {
    title: 'Notice of a mistaken report',
    use: 'To the reported user after a mistaken or malicious report: they are not in trouble.',
  },
};

/** The built-in texts. Placeholders name what to write in plain words. */
export const BUILT_IN_TEMPLATES: Readonly<Record<TemplateKind, string>> = {
  acknowledgement: [
    'Hello,',
    '',
    'Thank you for writing to us. We have read your report, and I understand this has been {hurtful / frightening / upsetting} for you.',
    '',
    'What happens next: {next steps}. We will look at what you sent us carefully, and we may write to ask you a question.',
    '',
    'We cannot say yet how this will end or how long it will take, but we will write to you again by {check-in date}, even if there is nothing new to tell you then.',
    '',
    'If anything changes, or you feel unsafe, you can write to us here at any time.',
    '',
    'With care,',
    '{team name}',
  ].join('\n'),
  request_for_information: [
    'Hello,',
    '',
    'Thank you for your patience while we look into this. Could you help me understand {what we need to understand}?',
    '',
    'It would help us to have {the links, dates or details we need}. Only share what you are comfortable sharing, and please do not post it anywhere public.',
    '',
    'We will write to you again by {check-in date}.',
    '',
    'With care,',
    '{team name}',
  ].join('\n'),
  closure_non_actionable: [
    'Hello,',
    '',
    'Thank you for trusting us with this. We know it took effort to write to us, and I see that this has been {hurtful / upsetting} for you.',
    '',
    'We have looked into your report carefully. What we found is not something our team can act on here, because {reason, in general terms}.',
    '',
    'This does not mean what you went through does not matter. Here is what you can do next: {next steps: other venues, support organisations, ways to protect your account or your information}.',
    '',
    'If something new happens, please write to us again.',
    '',
    'With care,',
    '{team name}',
  ].join('\n'),
  closure_actionable: [
    'Hello,',
    '',
    'Thank you for reporting this to us, and for your patience while we looked into it.',
    '',
    'We have finished our investigation and have taken action: {what was done, in general terms}.',
    '',
    '{support you can offer, or resources that may help}',
    '',
    'If the behaviour starts again, or you are contacted about this, please write to us here.',
    '',
    'With care,',
    '{team name}',
  ].join('\n'),
  notice_to_reported_user: [
    'Hello {username},',
    '',
    'We are writing to let you know that {the action taken} has been placed on your account.',
    '',
    'In general terms, this is because {the behaviour, without naming who reported it}.',
    '',
    'If you wish to appeal this decision, you can {how to appeal}.',
    '',
    '{team name}',
  ].join('\n'),
  notice_mistaken_report: [
    'Hello {username},',
    '',
    'We are writing to let you know that a report involving your account was reviewed and closed. You are not in trouble, and no action has been taken against your account.',
    '',
    '{what, if anything, they should know}',
    '',
    'If you have any questions, you can reply to {how to reach the team}.',
    '',
    '{team name}',
  ].join('\n'),
};

/** The team's own wording where it saved one, otherwise the built-in text. */
export function templateText(kind: TemplateKind, teamTemplates: Templates | null | undefined): string {
  const own = teamTemplates?.[kind];
  return own !== undefined && own.trim() !== '' ? own : BUILT_IN_TEMPLATES[kind];
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
 * Fills the placeholders named in `values` (keys without braces, compared after trimming);
 * others stay for the member to fill by hand. A value is inserted as it is: it is the member's
 * own text, never read as a pattern.
 */
export function fillTemplate(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name.trim()];
    return value === undefined ? whole : value;
  });
}
