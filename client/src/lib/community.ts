/**
 * A team's community label ("en.wikipedia", "global") as typed into the console's settings and
 * the set-up form. Both forms lowercase and trim it, then check it against the contract's own
 * schema, so what passes here the server takes.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans } from '@lingui/react';
import { createElement } from 'react';
import { Community } from '#contract/teams';
// Value's interpreter, not Compile: no eval under the page's Content-Security-Policy.
import { Check } from 'typebox/value';

/** What the set-up form and the settings say of the field, the same in both. */
export const COMMUNITY_HINT_MESSAGE = msg`A short label for the community this team serves, such as en.wikipedia or global. Reporters see it beside the team’s name.`;

/**
 * The same as an element, for a field's `hint`: translated when it is shown, into the page's
 * language then (a string made here, as this module loads, would stay in the first language).
 */
export const COMMUNITY_HINT = createElement(Trans, COMMUNITY_HINT_MESSAGE);

/** The label to save: trimmed and lowercased, null when nothing was typed (no community). */
export function communityToSave(text: string): string | null {
  const label = text.trim().toLowerCase();
  return label === '' ? null : label;
}

/** What is wrong with a label typed in, or null when it will do (empty: no community). */
export function communityProblem(text: string): string | null {
  const label = communityToSave(text);
  if (label === null || Check(Community, label)) return null;
  return i18n._(
    msg`A community label is up to 64 letters, digits, dots and hyphens, starting and ending with a letter or digit, such as en.wikipedia or global.`,
  );
}
