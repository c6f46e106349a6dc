import type { NotificationWords } from './types.js';

export const es: NotificationWords = {
  kinds: {
    urgent_case: {
      subject: 'un caso urgente nuevo',
      sentence: 'Ha llegado un caso nuevo marcado como urgente.',
    },
    new_cases: {
      subject: 'casos nuevos',
      sentence: 'Han llegado casos nuevos desde el último mensaje.',
      chat: 'Ha llegado un caso nuevo.',
    },
    reporter_replied: {
      subject: 'un mensaje nuevo en un caso',
      sentence:
        'La persona que informó, o alguien a quien el equipo invitó al caso, escribió en un caso asignado a ti.',
      chat: 'La persona que informó, o alguien a quien el equipo invitó a un caso, escribió en él.',
    },
    check_in_passed: {
      subject: 'ha pasado una fecha de próximas noticias',
      sentence: 'Ha pasado la fecha de próximas noticias de un caso.',
    },
    follow_up_passed: {
      subject: 'ha pasado una fecha de seguimiento',
      sentence: 'Ha pasado la fecha de seguimiento de un caso cerrado.',
    },
    first_response_passed: {
      subject: 'un caso espera una primera respuesta',
      sentence: 'Un caso ha esperado más que el plazo de primera respuesta del equipo.',
    },
    member_pending: {
      subject: 'alguien espera para unirse',
      sentence: 'Alguien aceptó una invitación y espera a que una persona administradora lo añada al equipo.',
    },
    test: {
      subject: 'una notificación de prueba',
      sentence: 'Esto es una prueba: las notificaciones te llegan aquí.',
      chat: 'Esto es una prueba: las notificaciones llegan a esta sala.',
    },
  },
  signIn: (teamName) => `Inicia sesión en la consola de ${teamName} para verlo:`,
  footer: [
    'Confide te envía esto porque elegiste que te avisaran. Qué avisa y dónde: Notificaciones, en tu',
    'configuración de la consola. Este mensaje nunca dice más que el hecho de que algo ha pasado.',
  ],
};
