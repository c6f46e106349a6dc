// The composer's wording check (client/src/features/team/model/wording-check.ts): the phrases the
// training module warns against, each with its reason, and the member's own personal details, in
// every language Confide ships, whatever the page's language.
import { i18n } from '@lingui/core';
import { generateMessageId } from '@lingui/message-utils/generateMessageId';
import { afterEach, describe, expect, it } from 'vitest';

import { checkWording, WORDING_FLAG_TITLES } from '../../../client/src/features/team/model/wording-check.js';

const kinds = (text: string, details: string[] = []) => checkWording(text, details).map((f) => f.kind);

describe('wording check', () => {
  it('flags skepticism', () => {
    expect(kinds('Honestly, I disagree with your reading.')).toEqual(['skepticism']);
    expect(kinds("I don't believe that happened")).toEqual(['skepticism']);
    expect(kinds('I don’t believe that happened')).toEqual(['skepticism']);
    expect(kinds('I do not believe it')).toEqual(['skepticism']);
  });

  it('flags dismissal', () => {
    expect(kinds('Sorry, there is nothing we can do.')).toEqual(['dismissal']);
    expect(kinds('NOTHING I CAN DO about it')).toEqual(['dismissal']);
  });

  it('flags talk of reputation', () => {
    expect(kinds('The user has a good reputation here.')).toEqual(['reputation']);
    expect(kinds('She is well respected.')).toEqual(['reputation']);
    expect(kinds('a well-respected admin')).toEqual(['reputation']);
  });

  it('flags promises of outcomes', () => {
    expect(kinds('I promise this will stop.')).toEqual(['promise']);
    expect(kinds('We will ban them.')).toEqual(['promise']);
    expect(kinds('we’ll block the account')).toEqual(['promise']);
  });

  it('flags promised dates, but not a check-in date', () => {
    expect(kinds('You will have an answer by Tuesday.')).toEqual(['promise', 'promise']);
    expect(kinds('This will be resolved by Friday.')).toEqual(['promise']);
    expect(kinds('It will be done by 3 March.')).toEqual(['promise']);
    expect(kinds('Expect a decision by 2026-03-03.')).toEqual(['promise']);
    expect(kinds('We will sort it within 2 days.')).toEqual(['promise']);
    expect(kinds('We will write to you again by Tuesday.')).toEqual([]);
    expect(kinds('We will check in with you by 3 March, even with nothing new.')).toEqual([]);
    // A check-in that promises an answer is a promise again.
    expect(kinds('We will get back to you with a decision by Tuesday.')).toEqual(['promise']);
  });

  it('respects word boundaries and ignores case', () => {
    expect(kinds('I disagreed at first')).toEqual([]);
    expect(kinds('Nothing we can document yet')).toEqual([]);
    expect(kinds('standby Monday')).toEqual([]);
    expect(kinds('i PROMISE')).toEqual(['promise']);
    expect(kinds('I promised nothing')).toEqual([]);
  });

  it('gives the seed’s reason with each flag, the words as written and where they are', () => {
    const [flag] = checkWording('Well, I Disagree.');
    expect(flag).toMatchObject({ kind: 'skepticism', match: 'I Disagree', index: 6 });
    expect(flag?.reason).toMatch(/understand/);
    expect(checkWording('nothing we can do')[0]?.reason).toMatch(/way forward/);
    expect(checkWording('has a good reputation')[0]?.reason).toMatch(/behaviour/);
  });

  it('lists each flag once, in the order of the text', () => {
    const flags = checkWording('I promise. Nothing we can do. I promise again. I disagree.');
    expect(flags.map((f) => f.kind)).toEqual(['promise', 'dismissal', 'skepticism']);
  });

  it('flags the member’s own personal details, as whole words, case-insensitive', () => {
    const details = ['Ada Lovelace', 'ada@example.org', 'Mumbai', ' ', 'x'];
    expect(kinds('When I lived in mumbai I saw this too.', details)).toEqual(['personal_detail']);
    expect(kinds('Write to ADA@example.org', details)).toEqual(['personal_detail']);
    expect(kinds('Regards, Ada   Lovelace', details)).toEqual(['personal_detail']);
    expect(kinds('Mumbaikar', details)).toEqual([]);
    expect(kinds('Ada wrote this', details)).toEqual([]);
    // Too short to be useful, and blank details, flag nothing.
    expect(kinds('x marks the spot', details)).toEqual([]);
    expect(checkWording('Ada Lovelace', details)[0]?.reason).toMatch(/privacy/);
  });

  it('reads details as text, not as patterns', () => {
    expect(kinds('a.b', ['a+b'])).toEqual([]);
    expect(kinds('call (555) 123', ['(555) 123'])).toEqual(['personal_detail']);
  });
});

describe('wording check in Spanish', () => {
  it('flags skepticism', () => {
    expect(kinds('No estoy de acuerdo con su versión.')).toEqual(['skepticism']);
    expect(kinds('Sinceramente, no te creo.')).toEqual(['skepticism']);
    expect(kinds('Dudo que eso haya pasado.')).toEqual(['skepticism']);
    expect(kinds('Me cuesta creer lo que cuentas.')).toEqual(['skepticism']);
  });

  it('flags dismissal', () => {
    expect(kinds('Lo siento, no podemos hacer nada.')).toEqual(['dismissal']);
    expect(kinds('No hay nada que podamos hacer.')).toEqual(['dismissal']);
    expect(kinds('Eso no es nuestro problema.')).toEqual(['dismissal']);
  });

  it('flags talk of reputation', () => {
    expect(kinds('Tiene una buena reputación en la comunidad.')).toEqual(['reputation']);
    expect(kinds('Es un editor muy respetado.')).toEqual(['reputation']);
    expect(kinds('Él nunca haría eso.')).toEqual(['reputation']);
  });

  it('flags promises of outcomes', () => {
    expect(kinds('Te lo prometo.')).toEqual(['promise']);
    expect(kinds('Vamos a bloquearlo.')).toEqual(['promise']);
    expect(kinds('Será expulsado sin duda.')).toEqual(['promise']);
    expect(kinds('Tendrás una respuesta pronto.')).toEqual(['promise']);
  });

  it('flags promised dates, but not a check-in date', () => {
    expect(kinds('Estará resuelto para el viernes.')).toEqual(['promise']);
    expect(kinds('Lo resolveremos antes del 3 de marzo.')).toEqual(['promise']);
    expect(kinds('Tendrá una decisión en 48 horas.')).toEqual(['promise']);
    expect(kinds('Te escribiremos de nuevo para el martes.')).toEqual([]);
    expect(kinds('Volveremos a escribirte antes del 3 de marzo, aunque no haya novedades.')).toEqual([]);
    expect(kinds('Te escribiremos con una decisión para el martes.')).toEqual(['promise']);
  });

  it('takes a phrase with or without its accents, and leaves ordinary words alone', () => {
    expect(kinds('tiene buena reputacion')).toEqual(['reputation']);
    expect(kinds('Nos comprometemos a revisarlo todo.')).toEqual([]);
    expect(kinds('Respetamos tu decisión.')).toEqual([]);
    expect(kinds('Gracias por escribirnos. Entiendo que esto ha sido doloroso para ti.')).toEqual([]);
  });
});

describe('wording check in French', () => {
  it('flags skepticism', () => {
    expect(kinds("Je ne suis pas d'accord avec vous.")).toEqual(['skepticism']);
    expect(kinds('Je ne vous crois pas.')).toEqual(['skepticism']);
    expect(kinds('J’ai du mal à croire cela.')).toEqual(['skepticism']);
    expect(kinds('Je doute que ce soit arrivé.')).toEqual(['skepticism']);
  });

  it('flags dismissal', () => {
    expect(kinds('Nous ne pouvons rien faire.')).toEqual(['dismissal']);
    expect(kinds("Malheureusement, il n'y a rien à faire.")).toEqual(['dismissal']);
    expect(kinds('Ce n’est pas notre problème.')).toEqual(['dismissal']);
  });

  it('flags talk of reputation', () => {
    expect(kinds('Il a une très bonne réputation.')).toEqual(['reputation']);
    expect(kinds('C’est un contributeur très respecté.')).toEqual(['reputation']);
    expect(kinds('Elle ne ferait jamais ça.')).toEqual(['reputation']);
  });

  it('flags promises of outcomes', () => {
    expect(kinds('Je vous le promets.')).toEqual(['promise']);
    expect(kinds('Nous allons le bannir.')).toEqual(['promise']);
    expect(kinds('Il sera banni.')).toEqual(['promise']);
    expect(kinds('Vous aurez une réponse bientôt.')).toEqual(['promise']);
  });

  it('flags promised dates, but not a check-in date', () => {
    expect(kinds("Ce sera réglé d'ici vendredi.")).toEqual(['promise']);
    expect(kinds('Nous aurons fini avant la fin de la semaine.')).toEqual(['promise']);
    expect(kinds('Une décision sous 48 heures.')).toEqual(['promise']);
    expect(kinds("Nous vous écrirons à nouveau d'ici mardi.")).toEqual([]);
    expect(kinds('Nous reviendrons vers vous avant le 3 mars, même sans nouvelles.')).toEqual([]);
    expect(kinds("Nous vous écrirons avec une décision d'ici mardi.")).toEqual(['promise']);
  });

  it('leaves ordinary words alone', () => {
    expect(kinds('Je ne crois pas que nous ayons reçu le fichier.')).toEqual([]);
    expect(kinds('Vos droits sont bien respectés.')).toEqual([]);
    expect(kinds("Merci de nous avoir écrit. Je comprends que c'est éprouvant.")).toEqual([]);
  });
});

describe('wording check in Arabic', () => {
  it('flags skepticism', () => {
    expect(kinds('لا أتفق مع ما كتبته.')).toEqual(['skepticism']);
    expect(kinds('لا أصدقك.')).toEqual(['skepticism']);
    expect(kinds('من الصعب تصديق هذا.')).toEqual(['skepticism']);
  });

  it('flags dismissal, also with "and" joined on', () => {
    expect(kinds('لا يمكننا فعل أي شيء.')).toEqual(['dismissal']);
    expect(kinds('للأسف، ولا يمكننا فعل أي شيء.')).toEqual(['dismissal']);
    expect(kinds('هذه ليست مشكلتنا.')).toEqual(['dismissal']);
  });

  it('flags talk of reputation, with or without short vowels', () => {
    expect(kinds('لديه سمعة طيبة في المجتمع.')).toEqual(['reputation']);
    expect(kinds('إنه محترم جدًا.')).toEqual(['reputation']);
    expect(kinds('إنه محترم جدا.')).toEqual(['reputation']);
  });

  it('flags promises of outcomes and dates, but not a check-in date', () => {
    expect(kinds('أعدك بأن هذا سيتوقف.')).toEqual(['promise']);
    expect(kinds('سيتم حظره.')).toEqual(['promise']);
    expect(kinds('ستحصل على إجابة قريبا.')).toEqual(['promise']);
    expect(kinds('سيتم حل المشكلة بحلول الثلاثاء.')).toEqual(['promise']);
    expect(kinds('سنكتب إليك مرة أخرى بحلول الثلاثاء.')).toEqual([]);
  });

  it('does not take a word that begins another for it', () => {
    // "أشكرك" (I thank you) begins with "أشك" (I doubt).
    expect(kinds('شكرا لك. أشكرك على ثقتك.')).toEqual([]);
    expect(kinds('أشك في ذلك.')).toEqual(['skepticism']);
  });
});

describe('languages', () => {
  afterEach(() => {
    i18n.loadAndActivate({ locale: 'en', messages: {} });
  });

  it('checks every shipped language whatever the page’s', () => {
    i18n.loadAndActivate({ locale: 'fr', messages: {} });
    expect(kinds('I promise. No podemos hacer nada. Je ne vous crois pas. سمعة طيبة')).toEqual([
      'promise',
      'dismissal',
      'skepticism',
      'reputation',
    ]);
  });

  it('gives titles and reasons in the page’s language at the time of the check', () => {
    const title = 'Sounds dismissive';
    const reason = checkWording('nothing we can do')[0]?.reason ?? '';
    i18n.loadAndActivate({
      locale: 'es',
      messages: {
        [generateMessageId(title)]: 'Suena displicente',
        [generateMessageId(reason)]: 'Ofrezca un camino.',
      },
    });
    expect(WORDING_FLAG_TITLES.dismissal).toBe('Suena displicente');
    expect(checkWording('nothing we can do')[0]?.reason).toBe('Ofrezca un camino.');
  });
});
