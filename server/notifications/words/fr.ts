import type { NotificationWords } from './types.js';

export const fr: NotificationWords = {
  kinds: {
    urgent_case: {
      subject: 'un nouveau dossier urgent',
      sentence: 'Un nouveau dossier marqué urgent est arrivé.',
    },
    new_cases: {
      subject: 'de nouveaux dossiers',
      sentence: 'De nouveaux dossiers sont arrivés depuis le dernier message.',
      chat: 'Un nouveau dossier est arrivé.',
    },
    reporter_replied: {
      subject: 'un nouveau message dans un dossier',
      sentence:
        'La personne qui a signalé, ou une personne que l’équipe a invitée dans le dossier, a écrit dans un dossier qui vous est attribué.',
      chat: 'La personne qui a signalé, ou une personne que l’équipe a invitée dans un dossier, y a écrit.',
    },
    check_in_passed: {
      subject: 'une date de point d’étape est passée',
      sentence: 'La date du point d’étape d’un dossier est passée.',
    },
    follow_up_passed: {
      subject: 'une date de suivi est passée',
      sentence: 'La date de suivi d’un dossier clôturé est passée.',
    },
    first_response_passed: {
      subject: 'un dossier attend une première réponse',
      sentence: 'Un dossier a attendu plus longtemps que le délai de première réponse de l’équipe.',
    },
    member_pending: {
      subject: 'quelqu’un attend de rejoindre l’équipe',
      sentence: 'Quelqu’un a accepté une invitation et attend qu’un administrateur l’ajoute à l’équipe.',
    },
    test: {
      subject: 'une notification de test',
      sentence: 'Ceci est un test : les notifications vous parviennent ici.',
      chat: 'Ceci est un test : les notifications parviennent à ce salon.',
    },
  },
  signIn: (teamName) => `Connectez-vous à la console de ${teamName} pour le voir :`,
  footer: [
    'Confide vous envoie ceci parce que vous avez choisi d’être prévenu. Ce qui est signalé et où :',
    'Notifications, dans vos réglages de la console. Ce message ne dit jamais plus que le fait que',
    'quelque chose s’est passé.',
  ],
};
