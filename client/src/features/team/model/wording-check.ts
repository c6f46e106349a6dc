/**
 * The composer's wording check: what the training module warns against in messages, flagged
 * before sending, each with the module's reason. It is a warning the member may overrule, so it
 * errs towards a few clear phrases rather than guessing at tone.
 *
 * A member writes to a reporter in the reporter's language, which need not be the page's, so a
 * message is checked against the phrases of every language Confide ships (English, Spanish,
 * French, Arabic); the titles and reasons are in the page's language, for the member.
 *
 * Matching is case-insensitive and word-boundary aware ("I disagree" does not match inside
 * "I disagreed" nor "nothing we can do" inside "nothing we can document"); straight and curly
 * apostrophes are the same; runs of spaces are one; an accented letter of a phrase also matches
 * the letter without its accent, and Arabic matches whatever its hamza, short vowels and tatweel.
 */
import { i18n, type MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import { translatedRecord } from '../../../i18n/translated-record.js';

export type WordingFlagKind = 'skepticism' | 'dismissal' | 'reputation' | 'promise' | 'personal_detail';

export interface WordingFlag {
  readonly kind: WordingFlagKind;
  /** The words as written in the text. */
  readonly match: string;
  /** Where they start in the text. */
  readonly index: number;
  /** Why the training module advises against it, in words for the member (the page's language). */
  readonly reason: string;
}

export const WORDING_FLAG_TITLES: Readonly<Record<WordingFlagKind, string>> = translatedRecord({
  skepticism: msg`Sounds doubtful`,
  dismissal: msg`Sounds dismissive`,
  reputation: msg`An opinion on someone’s reputation`,
  promise: msg`A promise`,
  personal_detail: msg`One of your personal details`,
});

const REASONS = {
  skepticism: msg`The reporter is telling you the situation as they understand it. Disagreement or doubt will not help you understand it better, and may make them believe you are not here to help. Try “Could you help me understand…”.`,
  dismissal: msg`Even when you cannot act, there is a difference between “nothing we can do” and offering a way forward: other venues, new ways of communicating, support organisations.`,
  reputation: msg`Do not offer opinions on the person accused: a good reputation can act as a shield. Focus on the reported behaviour or actions.`,
  outcome: msg`Do not promise a result you may not be able to deliver: the reassurance backfires if you cannot follow through. Say what you will do, not how it will end.`,
  date: msg`Do not promise a closure date. Offer a check-in date instead (“we will write to you again by…”), and say so if there is a delay.`,
  personal: msg`This is one of your own personal details (from “My settings”). Do not give personal details in your communications: protect your own privacy.`,
} satisfies Record<string, MessageDescriptor>;

/** A letter, digit or underscore: what a word boundary must not have on either side. */
const BEFORE = '(?<![\\p{L}\\p{N}_])';
const AFTER = '(?![\\p{L}\\p{N}_])';
const APOSTROPHE = "['’]";

/** Arabic's short vowels, other marks written over or under a letter, and the tatweel. */
const ARABIC_MARKS = '[\\u0640\\u064B-\\u065F\\u0670]*';

/** Letters written in more than one way: each stands for all of them. */
const LETTER_VARIANTS: Readonly<Record<string, string>> = {
  á: '[aá]',
  à: '[aà]',
  â: '[aâ]',
  é: '[eé]',
  è: '[eè]',
  ê: '[eê]',
  ë: '[eë]',
  í: '[ií]',
  î: '[iî]',
  ï: '[iï]',
  ó: '[oó]',
  ô: '[oô]',
  ú: '[uú]',
  ù: '[uù]',
  û: '[uû]',
  ü: '[uü]',
  ñ: '[nñ]',
  ç: '[cç]',
  // Alef with or without hamza or madda, alef maqsura or ya, ta marbuta or ha: people type either.
  ا: '[اأإآ]',
  أ: '[اأإآ]',
  إ: '[اأإآ]',
  آ: '[اأإآ]',
  ى: '[يى]',
  ي: '[يى]',
  ة: '[ةه]',
  ه: '[ةه]',
};

/**
 * A phrase of the rules below as a regular expression source: spaces stretch, apostrophes vary,
 * accents may be left out, and Arabic letters may carry marks. Letters inside a `[…]` class of
 * the phrase are left as written.
 */
function phrase(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] ?? '';
    if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === ' ') {
      out += '\\s+';
    } else if (c === "'") {
      out += APOSTROPHE;
    } else if (/\p{Script=Arabic}/u.test(c) && /\p{L}/u.test(c)) {
      // A group, so that a quantifier after the letter applies to it and its marks.
      out += `(?:${LETTER_VARIANTS[c] ?? c}${ARABIC_MARKS})`;
    } else {
      out += LETTER_VARIANTS[c] ?? c;
    }
  }
  return out;
}

/** The phrases of one rule in each language; Arabic's may begin with "and" or "so" (و, ف) joined on. */
interface Phrases {
  readonly en: readonly string[];
  readonly es?: readonly string[];
  readonly fr?: readonly string[];
  readonly ar?: readonly string[];
}

/** The phrases as one pattern's source, each its own alternative. */
function phrasesSource({ en, es = [], fr = [], ar = [] }: Phrases): string {
  const latin = [...en, ...es, ...fr].map(phrase);
  const arabic = ar.map((p) => `(?:و|ف)?${phrase(p)}`);
  return [...latin, ...arabic].join('|');
}

interface Rule {
  readonly kind: WordingFlagKind;
  readonly reason: MessageDescriptor;
  readonly pattern: RegExp;
  /** Leaves a match out when its sentence shows it is fine (a check-in date). */
  readonly allow?: (sentence: string) => boolean;
}

function rule(
  kind: WordingFlagKind,
  reason: MessageDescriptor,
  phrases: Phrases,
  allow?: Rule['allow'],
): Rule {
  const source = `${BEFORE}(?:${phrasesSource(phrases)})${AFTER}`;
  return { kind, reason, pattern: new RegExp(source, 'giu'), ...(allow ? { allow } : {}) };
}

/** Whether any of the phrases is in `text`, as whole words. */
function anyOf(phrases: Phrases): RegExp {
  return new RegExp(`${BEFORE}(?:${phrasesSource(phrases)})${AFTER}`, 'iu');
}

/** Numbers of hours, days or weeks as people write them. */
const COUNT_EN = '(?:\\d+|a|an|one|two|three|four|five|six|seven|ten|twenty-four|forty-eight)';
const COUNT_ES = '(?:\\d+|un|una|dos|tres|cuatro|cinco|seis|siete|diez|quince|veinticuatro|cuarenta y ocho)';
const COUNT_FR = '(?:\\d+|un|une|deux|trois|quatre|cinq|six|sept|dix|quinze|vingt-quatre|quarante-huit)';
const COUNT_AR = '(?:[\\d٠-٩]+)';

const WEEKDAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const MONTH =
  '(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?';
const WEEKDAY_ES = '(?:lunes|martes|miércoles|jueves|viernes|sábado|domingo)';
const MONTH_ES =
  '(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)';
const WEEKDAY_FR = '(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)';
const MONTH_FR = '(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)';
const WEEKDAY_AR = '(?:الاثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد)';

/**
 * "by Tuesday", "by tomorrow", "by 3 March", "by March 3rd", "by 2026-03-03", "by the end of the
 * week", "within 2 days"; in Spanish "para el martes", "antes del 3 de marzo", "en 48 horas"; in
 * French "d'ici mardi", "avant la fin de la semaine", "sous 48 heures"; in Arabic "بحلول الثلاثاء",
 * "خلال ٣ أيام".
 */
const DATE_PROMISES: Phrases = {
  en: [
    `by (?:next )?${WEEKDAY}`,
    'by tomorrow',
    'by tonight',
    'by the end of (?:the |this |next )?(?:day|week|month|year)',
    'by end of (?:day|week|month)',
    `by (?:the )?\\d{1,2}(?:st|nd|rd|th)?(?: of)? ${MONTH}`,
    `by ${MONTH} \\d{1,2}(?:st|nd|rd|th)?`,
    'by \\d{4}-\\d{2}-\\d{2}',
    'by \\d{1,2}/\\d{1,2}(?:/\\d{2,4})?',
    `within ${COUNT_EN} (?:hours?|days?|weeks?|months?)`,
  ],
  es: [
    `(?:para|antes de) el (?:próximo )?${WEEKDAY_ES}`,
    `antes del (?:próximo )?${WEEKDAY_ES}`,
    '(?:para|antes de) mañana',
    '(?:para|antes de) esta noche',
    '(?:para|antes de) (?:el )?(?:fin|final) de (?:la |esta |la próxima )?(?:semana|mes|año|día)',
    '(?:para|antes de) (?:el )?(?:fin|final) del (?:mes|año|día)',
    `(?:para el|antes del) \\d{1,2} de ${MONTH_ES}`,
    '(?:para el|antes del) \\d{1,2}/\\d{1,2}(?:/\\d{2,4})?',
    `(?:en|dentro de) (?:un plazo (?:máximo )?de |menos de |los próximos |las próximas )?${COUNT_ES} (?:horas?|días?|semanas?)`,
  ],
  fr: [
    `(?:d'ici|avant|pour) (?:le )?${WEEKDAY_FR}(?: prochain)?`,
    "(?:d'ici|avant|pour) demain",
    "(?:d'ici|avant) ce soir",
    "(?:d'ici|avant|pour) la fin (?:de la |de cette |du |de ce |de l')(?:journée|semaine|mois|année)",
    `(?:d'ici|avant|pour) le \\d{1,2}(?:er)? ${MONTH_FR}`,
    "(?:d'ici|avant|pour) le \\d{1,2}/\\d{1,2}(?:/\\d{2,4})?",
    `(?:sous|d'ici|dans les) ${COUNT_FR} (?:heures?|jours?|semaines?)`,
  ],
  ar: [
    `بحلول (?:يوم )?${WEEKDAY_AR}`,
    'بحلول (?:الغد|غد|الليلة)',
    'بحلول نهاية (?:اليوم|الأسبوع|الشهر|العام|السنة)',
    `خلال ${COUNT_AR} (?:ساعة|ساعات|يوم|أيام|أسبوع|أسابيع)`,
    'خلال (?:ساعة|ساعتين|يومين|أسبوع|أسبوعين)',
  ],
};

/** A sentence about when the team will next write is a check-in date, which the module recommends... */
const CHECK_IN = anyOf({
  en: [
    'write to you',
    'write again',
    'check in',
    'check-in',
    'get back to you',
    'update you',
    'contact you',
    'hear from us',
    'be in touch',
  ],
  es: [
    '(?:te|le|les|os) (?:escribiremos|volveremos a escribir)',
    'volveremos a escribir(?:te|le|les|os)',
    'nos pondremos en contacto',
    '(?:te|le|les|os) contactaremos',
    '(?:te|le|les|os) informaremos',
    '(?:te|le|les|os) daremos noticias',
    '(?:te|le|les|os) mantendremos informad[oa]s?',
    'tendrás noticias nuestras',
    'tendrá noticias nuestras',
  ],
  fr: [
    "(?:vous |t')(?:réécrirons|écrirons|écrirai|réécrirai)",
    'reviendr(?:ons|ai) vers (?:vous|toi)',
    '(?:vous|te) recontacter(?:ons|ai)',
    '(?:vous|te) tiendr(?:ons|ai) au courant',
    '(?:vous|te) tiendr(?:ons|ai) informée?s?',
    '(?:vous|te) donner(?:ons|ai) des nouvelles',
    'de nos nouvelles',
    'faire le point',
  ],
  ar: ['(?:سن|سوف ن)(?:كتب|راسل|تواصل|عود)(?:ك|كم)?', 'سنطلعك(?:م)?', 'سنوافيك(?:م)?'],
});
/** ...unless it promises an answer or an outcome by then. */
const OUTCOME = anyOf({
  en: [
    'answers?',
    'decision',
    'decided',
    'outcome',
    'result',
    'resolved',
    'sorted',
    'fixed',
    'closed',
    'banned',
    'blocked',
    'stopped',
  ],
  es: [
    'respuestas?',
    'decisión',
    'decidid[oa]',
    'resultado',
    'resuelt[oa]',
    'solucionad[oa]',
    'arreglad[oa]',
    'cerrad[oa]',
    'bloquead[oa]s?',
    'banead[oa]s?',
    'expulsad[oa]s?',
  ],
  fr: [
    'réponses?',
    'décision',
    'décidée?',
    'résultat',
    'résolue?',
    'réglée?',
    'fermée?',
    'close?',
    'bannie?s?',
    'bloquée?s?',
    'exclue?s?',
  ],
  ar: ['جواب', 'إجابة', 'قرار', 'نتيجة', 'حل', 'حظر(?:ه|ها|هم)?', 'طرد(?:ه|ها|هم)?'],
});

const RULES: readonly Rule[] = [
  rule('skepticism', REASONS.skepticism, {
    en: [
      'I disagree',
      "I don't believe",
      'I do not believe',
      'I doubt',
      'I find that hard to believe',
      "I'm not sure I believe",
    ],
    es: [
      'no estoy de acuerdo',
      'discrepo',
      'no (?:te|le|les|os) creo',
      'no me lo creo',
      'dudo (?:que|de)',
      'lo dudo',
      'me cuesta creer',
      'me resulta difícil creer',
      'es difícil de creer',
      'no creo que (?:eso|esto) (?:sea (?:cierto|verdad)|haya (?:pasado|ocurrido|sucedido))',
    ],
    fr: [
      "je (?:ne )?suis pas d'accord",
      'je (?:ne )?(?:vous|te) crois pas',
      "je n'y crois pas",
      'je doute',
      "j'en doute",
      "j'ai du mal à (?:le |vous |te )?croire",
      '(?:difficile|dur) à croire',
    ],
    ar: [
      'لا (?:أتفق|أوافق)',
      'أختلف معك(?:م)?',
      'لا أصدق(?:ك|كم|ه|ها|هم)?',
      'أشك',
      'من الصعب تصديق',
      'يصعب تصديق',
      'لا أعتقد أن (?:هذا|ذلك) (?:حدث|صحيح)',
    ],
  }),
  rule('dismissal', REASONS.dismissal, {
    en: [
      'nothing (?:we|I) (?:can|could) do',
      "there's nothing to be done",
      'nothing can be done',
      'not our problem',
      'nothing to be done',
    ],
    es: [
      'no (?:podemos|puedo|se puede|podremos|podría|podríamos) hacer nada',
      'no hay nada que (?:podamos |pueda |se pueda )?hacer',
      'nada que (?:podamos|pueda) hacer',
      'no es (?:nuestro|mi) problema',
    ],
    fr: [
      '(?:nous ne pouvons|je ne peux|on ne peut|nous ne pourrons|je ne pourrai) rien (?:y )?faire',
      "il n'y a rien à faire",
      "rien (?:que nous puissions|que je puisse|que l'on puisse|qu'on puisse) faire",
      "ce n'est pas (?:notre|mon) problème",
      'pas notre problème',
    ],
    ar: [
      '(?:لا|لن) (?:يمكننا|يمكنني|نستطيع|أستطيع) (?:أن )?(?:فعل|عمل|نفعل|نعمل|أفعل|أعمل) (?:أي )?(?:شيء|شيئا)',
      'لا شيء (?:يمكننا|يمكنني|يمكن|نستطيع) (?:فعله|عمله)',
      'ليس (?:بوسعنا|بإمكاننا|في وسعنا|بيدنا) (?:فعل |عمل )?(?:أي )?(?:شيء|شيئا)',
      'ليست مشكلتنا',
    ],
  }),
  rule('reputation', REASONS.reputation, {
    en: [
      '(?:has|have|had) (?:a |an )?(?:very )?(?:good|great|excellent|solid|strong) reputation',
      'good reputation',
      'well respected',
      'well-respected',
      'highly respected',
      'respected (?:member|editor|user|contributor)',
      'trusted (?:member|editor|user|contributor)',
      'would never do (?:that|this|such a thing)',
    ],
    es: [
      '(?:tiene|tienen|tenía) (?:una )?(?:muy )?(?:buena|excelente|gran|sólida) reputación',
      'buena reputación',
      '(?:muy|altamente) respetad[oa]s?',
      '(?:usuari[oa]|editora?|miembro|colaboradora?|administradora?)s? (?:muy )?respetad[oa]s?',
      '(?:usuari[oa]|editora?|miembro|colaboradora?|administradora?)s? de (?:total )?confianza',
      '(?:nunca|jamás) (?:haría|hará|hizo) (?:eso|algo así|tal cosa)',
    ],
    fr: [
      '(?:a|ont|avait) (?:une )?(?:très )?(?:bonne|excellente|solide) réputation',
      'bonne réputation',
      '(?:très|hautement) respectée?s?',
      '(?:membre|contributeur|contributrice|éditeur|éditrice|utilisateur|utilisatrice|administrateur|administratrice)s? (?:très )?respectée?s?',
      '(?:membre|contributeur|contributrice|éditeur|éditrice|utilisateur|utilisatrice)s? de confiance',
      'ne ferait jamais (?:ça|cela|une chose pareille|une telle chose)',
    ],
    ar: [
      'سمعة (?:طيبة|جيدة|حسنة|ممتازة)',
      'سمعته (?:طيبة|جيدة|حسنة|ممتازة)',
      'سمعتها (?:طيبة|جيدة|حسنة|ممتازة)',
      'محترم(?:ة|ون|ين)? جدا',
      '(?:يحظى|تحظى) (?:باحترام|بالاحترام)',
      '(?:عضو|محرر|مستخدم|مساهم) (?:محترم|موثوق)',
      'لا يمكن أن (?:يفعل|تفعل) (?:ذلك|هذا|شيئا كهذا)',
      'لن (?:يفعل|تفعل) (?:ذلك|هذا) أبدا',
    ],
  }),
  rule('promise', REASONS.outcome, {
    en: [
      'I promise',
      'we promise',
      'I guarantee',
      'we guarantee',
      "(?:we will|we'll) (?:ban|block|remove|stop|punish|sanction)",
      'will (?:definitely |certainly )?be (?:banned|blocked)',
      'you will have an answer',
      "you'll have an answer",
    ],
    es: [
      'prometo',
      'prometemos',
      'garantizo',
      'garantizamos',
      'vamos a (?:banear|bloquear|expulsar|sancionar|castigar|detener|suspender|eliminar)(?:l[oa]s?|les?)?',
      '(?:l[oa]s? |le |les )?(?:banearemos|bloquearemos|expulsaremos|sancionaremos|castigaremos|detendremos|suspenderemos|eliminaremos)',
      '(?:será|serán) (?:definitivamente |sin duda |seguramente )?(?:bloquead|banead|expulsad|sancionad|suspendid)[oa]s?',
      'tendr(?:ás|á|éis|án) una respuesta',
    ],
    fr: [
      'je (?:vous |te )?(?:le )?promets',
      'nous (?:vous |te )?(?:le )?promettons',
      'je (?:vous |te )?(?:le )?garantis',
      'nous (?:vous |te )?(?:le )?garantissons',
      '(?:nous allons|on va) (?:le |la |les )?(?:bannir|bloquer|exclure|sanctionner|punir|suspendre|supprimer|arrêter)',
      'nous (?:le |la |les )?(?:bannirons|bloquerons|exclurons|sanctionnerons|punirons|suspendrons|arrêterons)',
      '(?:sera|seront) (?:certainement |forcément |sans doute |définitivement )?(?:banni|bloqué|exclu|sanctionné|suspendu)e?s?',
      '(?:vous aurez|tu auras) une réponse',
    ],
    ar: [
      'أعدك(?:م)?',
      'نعدك(?:م)?',
      'أضمن لك(?:م)?',
      'نضمن لك(?:م)?',
      '(?:سن|سوف ن)(?:حظر|طرد|عاقب|وقف|منع|حذف)(?:ه|ها|هم)?',
      '(?:سيتم|سوف يتم) (?:حظر|طرد|معاقبة|إيقاف)(?:ه|ها|هم)?',
      '(?:ستحصل|ستحصلون) على (?:رد|إجابة|جواب)',
      'سيكون لديك(?:م)? (?:رد|إجابة|جواب)',
    ],
  }),
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
  const add = (kind: WordingFlagKind, match: string, index: number, reason: MessageDescriptor) => {
    const key = `${kind}\u0000${match.toLowerCase().replace(/\s+/gu, ' ')}`;
    if (seen.has(key)) return;
    seen.add(key);
    flags.push({ kind, match, index, reason: i18n._(reason) });
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
