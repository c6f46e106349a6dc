import type { NotificationWords } from './types.js';

export const en: NotificationWords = {
  kinds: {
    urgent_case: {
      subject: 'a new urgent case',
      sentence: 'A new case marked urgent has arrived.',
    },
    new_cases: {
      subject: 'new cases',
      sentence: 'New cases have arrived since the last message.',
      chat: 'A new case has arrived.',
    },
    reporter_replied: {
      // The reporter's messages and those of a target the team invited in (protocol 8.5): a mail
      // that said "a reporter" would mislead, and one that said "the target" would tell a mailbox
      // provider what kind of case it is.
      subject: 'a new message on a case',
      sentence: 'The reporter, or someone the team invited to the case, wrote on a case assigned to you.',
      chat: 'The reporter, or someone the team invited to a case, wrote on it.',
    },
    check_in_passed: {
      subject: 'a check-in date passed',
      sentence: 'The check-in date of a case has passed.',
    },
    follow_up_passed: {
      subject: 'a follow-up date passed',
      sentence: 'The follow-up date of a closed case has passed.',
    },
    first_response_passed: {
      subject: 'a case is waiting for a first answer',
      sentence: "A case has waited longer than the team's first-response target.",
    },
    member_pending: {
      subject: 'someone is waiting to join',
      sentence: 'Someone accepted an invitation and is waiting for an admin to add them to the team.',
    },
    test: {
      subject: 'a test notification',
      sentence: 'This is a test: notifications reach you here.',
      chat: 'This is a test: notifications reach this room.',
    },
  },
  signIn: (teamName) => `Sign in to the ${teamName} console to see it:`,
  footer: [
    'Confide sends this because you chose to be told. What it tells and where: Notifications, in',
    'your settings in the console. This message never says more than that something happened.',
  ],
};
