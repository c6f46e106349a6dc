/**
 * The words of every notification. Each names the team and the kind of event and links to the
 * console; nothing else. That is not modesty but the point: a mail passes through mail servers
 * and mailboxes the team does not control, and a webhook message lands in a chat room that may
 * have more readers than the team. So no case number, title, kind of harm, reporter, summary or
 * reason for urgency ever appears here, and neither does a count (how many cases a team gets is
 * itself something to keep from a mailbox provider). The functions take nothing that could
 * carry such a thing: a kind, the team's name and the console's address.
 */
import type { NotificationKind } from '#contract/enumerations';

export interface NotificationText {
  readonly subject: string;
  /** Plain text, for a mail body. */
  readonly body: string;
  /** One or two lines, for the webhook's `text` (chat bridges show it as a message). */
  readonly chat: string;
}

interface Wording {
  /** What happened, as the subject's tail and the first sentence's verb phrase. */
  readonly subject: string;
  readonly sentence: string;
  /** The same for the team's chat room, which is not one member. */
  readonly chat?: string;
  /** Where in the console to look; the case list by default. */
  readonly page?: 'team' | 'team/members';
}

const WORDING: Record<NotificationKind, Wording> = {
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
    page: 'team/members',
  },
  test: {
    subject: 'a test notification',
    sentence: 'This is a test: notifications reach you here.',
    chat: 'This is a test: notifications reach this room.',
  },
};

/** The console page a notification links to, under the deployment's public address. */
export function consoleLink(publicUrl: URL, page: 'team' | 'team/members'): string {
  const base = publicUrl.href.endsWith('/') ? publicUrl.href : `${publicUrl.href}/`;
  return new URL(page, base).href;
}

export function notificationText(kind: NotificationKind, teamName: string, publicUrl: URL): NotificationText {
  const wording = WORDING[kind];
  const link = consoleLink(publicUrl, wording.page ?? 'team');
  const body = [
    wording.sentence,
    '',
    `Sign in to the ${teamName} console to see it:`,
    link,
    '',
    '-- ',
    'Confide sends this because you chose to be told. What it tells and where: Notifications, in',
    'your settings in the console. This message never says more than that something happened.',
    '',
  ].join('\n');
  return {
    subject: `${teamName}: ${wording.subject}`,
    body,
    chat: `${teamName}: ${wording.chat ?? wording.sentence} ${link}`,
  };
}
