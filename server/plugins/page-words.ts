/**
 * The few words the page has before its script runs (index.html): the description a search
 * engine or a link preview shows, and what a browser without JavaScript shows instead of the app.
 * localized-page.ts writes them into each language's page; English is index.html's own.
 */
import type { Language } from '#contract/languages';

export interface PageWords {
  readonly description: string;
  readonly noscript: string;
}

export const PAGE_WORDS: Readonly<Record<Exclude<Language, 'en'>, PageWords>> = {
  es: {
    description:
      'Cuenta a quienes cuidan de tu comunidad lo que está pasando con el acoso, de forma privada y segura.',
    noscript:
      'Confide necesita JavaScript: tu denuncia se cifra en este navegador antes de enviarse, y para eso hace falta JavaScript. Actívalo para este sitio o usa otro navegador.',
  },
  fr: {
    description:
      'Signalez un harcèlement aux personnes qui veillent sur votre communauté, en toute confidentialité et en sécurité.',
    noscript:
      'Confide a besoin de JavaScript : votre signalement est chiffré dans ce navigateur avant d’être envoyé, et cela demande JavaScript. Activez-le pour ce site ou utilisez un autre navigateur.',
  },
  ar: {
    description: 'أخبر القائمين على مجتمعك بالتحرش الذي تتعرض له، بخصوصية وأمان.',
    noscript:
      'يحتاج Confide إلى JavaScript: يُشفَّر بلاغك في هذا المتصفح قبل إرساله، وهذا يتطلب JavaScript. يُرجى تفعيله لهذا الموقع أو استخدام متصفح آخر.',
  },
};
