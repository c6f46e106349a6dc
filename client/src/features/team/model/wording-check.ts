/**
 * The composer's wording check: what the training module warns against in messages, flagged
 * before sending, each with the module's reason. It is a warning the member may overrule, so it
 * errs towards a few clear phrases rather than guessing at tone.
 *
 * Matching is case-insensitive and word-boundary aware ("I disagree" does not match inside
 * "I disagreed" nor "nothing we can do" inside "nothing we can document"); straight and curly
 * apostrophes are the same; runs of spaces are one.
 */

export type WordingFlagKind = 'skepticism' | 'dismissal' | 'reputation' | 'promise' | 'personal_detail';

export interface WordingFlag {
  readonly kind: WordingFlagKind;
  /** The words as written in the text. */
  readonly match: string;
  /** Where they start in the text. */
  readonly index: number;
  /** Why the training module advises against it, in words for the member. */
  readonly reason: string;
}

export const WORDING_FLAG_TITLES: Readonly<Record<WordingFlagKind, string>> = {
  skepticism: 'Sounds doubtful',
  dismissal: 'Sounds dismissive',
  reputation: 'An opinion on someone’s reputation',
  promise: 'A promise',
  personal_detail: 'One of your personal details',
};

const REASONS = {
  skepticism:
    'The reporter is telling you the situation as they understand it. Disagreement or doubt will not help you understand it better, and may make them believe you are not here to help. Try “Could you help me understand…”.',
  dismissal:
    'Even when you cannot act, there is a difference between “nothing we can do” and offering a way forward: other venues, new ways of communicating, support organisations.',
  reputation:
    'Do not offer opinions on the person accused: a good reputation can act as a shield. Focus on the reported behaviour or actions.',
  outcome:
    'Do not promise a result you may not be able to deliver: the reassurance backfires if you cannot follow through. Say what you will do, not how it will end.',
  date: 'Do not promise a closure date. Offer a check-in date instead (“we will write to you again by…”), and say so if there is a delay.',
  personal:
    'This is one of your own personal details (from “My settings”). Do not give personal details in your communications: protect your own privacy.',
} as const;

/** A letter, digit or underscore: what a word boundary must not have on either side. */
const BEFORE = '(?<![\\p{L}\\p{N}_])';
const AFTER = '(?![\\p{L}\\p{N}_])';
const APOSTROPHE = "['’]";

interface Rule {
  readonly kind: WordingFlagKind;
  readonly reason: string;
  readonly pattern: RegExp;
  /** Leaves a match out when its sentence shows it is fine (a check-in date). */
  readonly allow?: (sentence: string) => boolean;
}

/** A phrase of the rules below as a regular expression source: spaces stretch, apostrophes vary. */
function phrase(source: string): string {
  return source.replace(/ /g, '\\s+').replace(/'/g, APOSTROPHE);
}

function rule(
  kind: WordingFlagKind,
  reason: string,
  phrases: readonly string[],
  allow?: Rule['allow'],
): Rule {
  const source = `${BEFORE}(?:${phrases.map(phrase).join('|')})${AFTER}`;
  return { kind, reason, pattern: new RegExp(source, 'giu'), ...(allow ? { allow } : {}) };
}

const WEEKDAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const MONTH =
  '(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?';
/** "by Tuesday", "by tomorrow", "by 3 March", "by March 3rd", "by 2026-03-03", "by the end of the week", "within 2 days". */
const DATE_PROMISES = [
  `by (?:next )?${WEEKDAY}`,
  'by tomorrow',
  'by tonight',
  'by the end of (?:the |this |next )?(?:day|week|month|year)',
  'by end of (?:day|week|month)',
  `by (?:the )?\\d{1,2}(?:st|nd|rd|th)?(?: of)? ${MONTH}`,
  `by ${MONTH} \\d{1,2}(?:st|nd|rd|th)?`,
  'by \\d{4}-\\d{2}-\\d{2}',
  'by \\d{1,2}/\\d{1,2}(?:/\\d{2,4})?',
  'within (?:\\d+|a|an|one|two|three|four|five|six|seven|ten|twenty-four|forty-eight) (?:hours?|days?|weeks?|months?)',
];

/** A sentence about when the team will next write is a check-in date, which the module recommends... */
const CHECK_IN =
  /\b(?:write to you|write again|check in|check-in|get back to you|update you|contact you|hear from us|be in touch)\b/iu;
/** ...unless it promises an answer or an outcome by then. */
const OUTCOME =
  /\b(?:answers?|decision|decided|outcome|result|resolved|sorted|fixed|closed|banned|blocked|stopped)\b/iu;

const RULES: readonly Rule[] = [
  rule('skepticism', REASONS.skepticism, [
    'I disagree',
    "I don't believe",
    'I do not believe',
    'I doubt',
    'I find that hard to believe',
    "I'm not sure I believe",
  ]),
  rule('dismissal', REASONS.dismissal, [
    'nothing (?:we|I) (?:can|could) do',
    "there's nothing to be done",
    'nothing can be done',
    'not our problem',
    'nothing to be done',
  ]),
  rule('reputation', REASONS.reputation, [
    '(?:has|have|had) (?:a |an )?(?:very )?(?:good|great|excellent|solid|strong) reputation',
    'good reputation',
    'well respected',
    'well-respected',
    'highly respected',
    'respected (?:member|editor|user|contributor)',
    'trusted (?:member|editor|user|contributor)',
    'would never do (?:that|this|such a thing)',
  ]),
  rule('promise', REASONS.outcome, [
    'I promise',
    'we promise',
    'I guarantee',
    'we guarantee',
    "(?:we will|we'll) (?:ban|block|remove|stop|punish|sanction)",
    'will (?:definitely |certainly )?be (?:banned|blocked)',
    'you will have an answer',
    "you'll have an answer",
  ]),
  rule(
    'promise',
    REASONS.date,
    DATE_PROMISES,
    (sentence) => CHECK_IN.test(sentence) && !OUTCOME.test(sentence),
  ),
];

/** The sentence (or line) around `index`: what a rule's `allow` reads. */
function sentenceAround(text: string, index: number, length: number): string {
  const ends = /[.!?\n]/u;
  let start = index;
  while (start > 0 && !ends.test(text[start - 1] ?? '')) start--;
  let end = index + length;
  while (end < text.length && !ends.test(text[end] ?? '')) end++;
  return text.slice(start, end);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A member's own detail as a pattern: whole words, any run of spaces, case ignored. */
function detailPattern(detail: string): RegExp | null {
  const words = detail
    .trim()
    .split(/\s+/u)
    .filter((w) => w !== '');
  // One letter or digit would flag half of every message.
  if (words.join('').length < 2) return null;
  return new RegExp(`${BEFORE}${words.map(escapeRegExp).join('\\s+')}${AFTER}`, 'giu');
}

/**
 * Every distinct flag in `text`, in the order they appear. `personalDetails` is the member's own
 * list (their real name, e-mail, city...), decrypted from their settings.
 */
export function checkWording(text: string, personalDetails: readonly string[] = []): WordingFlag[] {
  const flags: WordingFlag[] = [];
  const seen = new Set<string>();
  const add = (kind: WordingFlagKind, match: string, index: number, reason: string) => {
    const key = `${kind}\u0000${match.toLowerCase().replace(/\s+/gu, ' ')}`;
    if (seen.has(key)) return;
    seen.add(key);
    flags.push({ kind, match, index, reason });
  };
  for (const r of RULES) {
    for (const m of text.matchAll(r.pattern)) {
      if (r.allow?.(sentenceAround(text, m.index, m[0].length))) continue;
      add(r.kind, m[0], m.index, r.reason);
    }
  }
  for (const detail of personalDetails) {
    const pattern = detailPattern(detail);
    if (pattern === null) continue;
    for (const m of text.matchAll(pattern)) add('personal_detail', m[0], m.index, REASONS.personal);
  }
  return flags.sort((a, b) => a.index - b.index);
}
