/**
 * The words of the notifications in one language (server/notifications/texts.ts puts them
 * together). Each language is a file of its own, typed by this, so a language that lacks a
 * sentence does not compile.
 */
import type { NotificationKind } from '#contract/enumerations';

export interface KindWords {
  /** What happened, as the subject's tail ("Team: a new urgent case"). */
  readonly subject: string;
  /** The mail's first sentence. */
  readonly sentence: string;
  /** The same for the team's chat room, which is not one member; the sentence when left out. */
  readonly chat?: string;
}

export interface NotificationWords {
  readonly kinds: Readonly<Record<NotificationKind, KindWords>>;
  /** The line before the console's address. */
  signIn(teamName: string): string;
  /** The mail's signature: why it was sent and where to change that; lines of at most ~90 characters. */
  readonly footer: readonly string[];
}
