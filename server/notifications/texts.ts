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
import type { Language } from '#contract/languages';
import { ar } from './words/ar.js';
import { en } from './words/en.js';
import { es } from './words/es.js';
import { fr } from './words/fr.js';
import type { NotificationWords } from './words/types.js';

export interface NotificationText {
  readonly subject: string;
  /** Plain text, for a mail body. */
  readonly body: string;
  /** One or two lines, for the webhook's `text` (chat bridges show it as a message). */
  readonly chat: string;
}

/** Each shipped language's words; a member's mail is in the language they chose (issue 14). */
const WORDS: Readonly<Record<Language, NotificationWords>> = { en, es, fr, ar };

/** Where in the console to look: the case list, or the members page for someone waiting. */
function pageOf(kind: NotificationKind): 'team' | 'team/members' {
  return kind === 'member_pending' ? 'team/members' : 'team';
}

/** The console page a notification links to, under the deployment's public address. */
export function consoleLink(publicUrl: URL, page: 'team' | 'team/members'): string {
  const base = publicUrl.href.endsWith('/') ? publicUrl.href : `${publicUrl.href}/`;
  return new URL(page, base).href;
}

/**
 * The notification in `language` (a member's choice; the team's webhook is in English). The
 * console's address carries no `?lang=`: a member's console opens in their browser's language.
 */
export function notificationText(
  kind: NotificationKind,
  teamName: string,
  publicUrl: URL,
  language: Language = 'en',
): NotificationText {
  const words = WORDS[language];
  const wording = words.kinds[kind];
  const link = consoleLink(publicUrl, pageOf(kind));
  const body = [wording.sentence, '', words.signIn(teamName), link, '', '-- ', ...words.footer, ''].join(
    '\n',
  );
  return {
    subject: `${teamName}: ${wording.subject}`,
    body,
    chat: `${teamName}: ${wording.chat ?? wording.sentence} ${link}`,
  };
}
