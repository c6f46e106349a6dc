import { i18n as globalI18n, type MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import type { TranslationKeys } from '@zxcvbn-ts/core';
import { useEffect, useId, useState } from 'react';

import { Field, TextField } from './ui';
import './passphrase-fields.css';

/** Scores below this are refused (zxcvbn: 3 = "safely unguessable: moderate protection from offline attacks"). */
export const MIN_PASSPHRASE_SCORE = 3;

/** zxcvbn's names for what makes a passphrase weak, and for what would make it stronger. */
type WarningKey = keyof TranslationKeys['warnings'];
type SuggestionKey = keyof TranslationKeys['suggestions'];

export interface PassphraseCheck {
  readonly score: 0 | 1 | 2 | 3 | 4;
  readonly warning: WarningKey | null;
  readonly suggestions: readonly SuggestionKey[];
}

/**
 * zxcvbn's advice in our catalogs: it is given no translations, so it answers with these keys,
 * and the words are chosen when shown, in the page's language (zxcvbn's own word lists are
 * English only). The English is zxcvbn's.
 */
const WARNINGS: Readonly<Record<WarningKey, MessageDescriptor>> = {
  straightRow: msg`Straight rows of keys on your keyboard are easy to guess.`,
  keyPattern: msg`Short keyboard patterns are easy to guess.`,
  simpleRepeat: msg`Repeated characters like "aaa" are easy to guess.`,
  extendedRepeat: msg`Repeated character patterns like "abcabcabc" are easy to guess.`,
  sequences: msg`Common character sequences like "abc" are easy to guess.`,
  recentYears: msg`Recent years are easy to guess.`,
  dates: msg`Dates are easy to guess.`,
  topTen: msg`This is a heavily used password.`,
  topHundred: msg`This is a frequently used password.`,
  common: msg`This is a commonly used password.`,
  similarToCommon: msg`This is similar to a commonly used password.`,
  wordByItself: msg`Single words are easy to guess.`,
  namesByThemselves: msg`Single names or surnames are easy to guess.`,
  commonNames: msg`Common names and surnames are easy to guess.`,
  userInputs: msg`There should not be any personal or page related data.`,
  pwned: msg`Your password was exposed by a data breach on the Internet.`,
};

const SUGGESTIONS: Readonly<Record<SuggestionKey, MessageDescriptor>> = {
  l33t: msg`Avoid predictable letter substitutions like '@' for 'a'.`,
  reverseWords: msg`Avoid reversed spellings of common words.`,
  allUppercase: msg`Capitalize some, but not all letters.`,
  capitalization: msg`Capitalize more than the first letter.`,
  dates: msg`Avoid dates and years that are associated with you.`,
  recentYears: msg`Avoid recent years.`,
  associatedYears: msg`Avoid years that are associated with you.`,
  sequences: msg`Avoid common character sequences.`,
  repeated: msg`Avoid repeated words and characters.`,
  longerKeyboardPattern: msg`Use longer keyboard patterns and change typing direction multiple times.`,
  anotherWord: msg`Add more words that are less common.`,
  useWords: msg`Use multiple words, but avoid common phrases.`,
  noNeed: msg`You can create strong passwords without using symbols, numbers, or uppercase letters.`,
  pwned: msg`If you use this password elsewhere, you should change it.`,
};

/** One of `record`'s keys: zxcvbn types its feedback as any string. */
function isKeyOf<K extends string>(record: Readonly<Record<K, unknown>>, key: string | null): key is K {
  return key !== null && Object.hasOwn(record, key);
}

type Checker = (passphrase: string, userInputs: readonly string[]) => PassphraseCheck;
let loading: Promise<Checker> | undefined;

/**
 * zxcvbn and its word lists (about a megabyte) load only when someone chooses a passphrase:
 * the reporter's pages never pay for them. Runs in the page: the passphrase is already here.
 */
function loadChecker(): Promise<Checker> {
  loading ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]).then(([core, common, en]) => {
    // No `translations`: the feedback comes as keys, put into words by WARNINGS and SUGGESTIONS.
    const zxcvbn = new core.ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
    });
    return (passphrase, userInputs) => {
      const { score, feedback } = zxcvbn.check(passphrase, [...userInputs]);
      return {
        score,
        warning: isKeyOf(WARNINGS, feedback.warning) ? feedback.warning : null,
        suggestions: feedback.suggestions.filter((key) => isKeyOf(SUGGESTIONS, key)),
      };
    };
  });
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** The meter's words, by zxcvbn's score. */
const STRENGTH_WORDS: Readonly<Record<PassphraseCheck['score'], MessageDescriptor>> = {
  0: msg`Very weak`,
  1: msg`Weak`,
  2: msg`Fair`,
  3: msg`Strong`,
  4: msg`Very strong`,
};

export interface PassphraseValue {
  readonly passphrase: string;
  readonly confirmation: string;
  /** null until the strength checker has looked at the current passphrase. */
  readonly check: PassphraseCheck | null;
}

/** Why the passphrase cannot be used yet (in the page's language), or null when it can. */
export function passphraseProblem(value: PassphraseValue): string | null {
  if (value.passphrase === '') return globalI18n._(msg`Choose a passphrase.`);
  if (value.check === null) return globalI18n._(msg`Wait a moment: the passphrase is still being checked.`);
  if (value.check.score < MIN_PASSPHRASE_SCORE) {
    return globalI18n._(
      msg`This passphrase is too easy to guess. Use four or more unrelated words, or a longer sentence only you would think of.`,
    );
  }
  if (value.confirmation !== value.passphrase)
    return globalI18n._(msg`The two passphrases are not the same.`);
  return null;
}

/**
 * The value with its strength check, waiting for the checker when it has not looked at this
 * passphrase yet: a passphrase pasted (or filled by a password manager) and sent at once is
 * checked, not refused with "wait a moment". A checker that cannot load leaves `check` null,
 * and passphraseProblem then still says so.
 */
export async function withPassphraseCheck(
  value: PassphraseValue,
  userInputs: readonly string[],
): Promise<PassphraseValue> {
  if (value.check !== null || value.passphrase === '') return value;
  try {
    const check = await loadChecker();
    return { ...value, check: check(value.passphrase, userInputs) };
  } catch {
    return value;
  }
}

/**
 * A new passphrase, typed twice, with a strength meter. Anyone who gets hold of the
 * server's database can try guesses against it offline, so weak ones are refused.
 */
export function PassphraseFields({
  value,
  onChange,
  userInputs,
}: {
  value: PassphraseValue;
  /** Takes an update function, like a state setter (the check arrives after the typing). */
  onChange: (update: (previous: PassphraseValue) => PassphraseValue) => void;
  /** Words a guesser would try first: the person's and the team's names. */
  userInputs: readonly string[];
}) {
  const { t, i18n } = useLingui();
  const passphraseId = useId();
  const strengthId = useId();
  const confirmId = useId();
  const [checkerFailed, setCheckerFailed] = useState(false);
  const { passphrase } = value;
  const inputsKey = userInputs.join('\n');

  useEffect(() => {
    let cancelled = false;
    if (passphrase === '') return;
    loadChecker().then(
      (check) => {
        if (cancelled) return;
        const result = check(passphrase, inputsKey.split('\n'));
        onChange((previous) =>
          previous.passphrase === passphrase ? { ...previous, check: result } : previous,
        );
      },
      () => {
        if (!cancelled) setCheckerFailed(true);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [passphrase, inputsKey, onChange]);

  const check = passphrase === '' ? null : value.check;
  const strong = check !== null && check.score >= MIN_PASSPHRASE_SCORE;
  const strength = check === null ? '' : i18n._(STRENGTH_WORDS[check.score]);
  return (
    <>
      <Field
        id={passphraseId}
        label={t`Passphrase`}
        hint={t`It unlocks your keys, and nobody can reset it for you. Four or more unrelated words that only you would put together work well.`}
        describedBy={strengthId}
      >
        {(control) => (
          <>
            <input
              {...control}
              className="input"
              type="password"
              autoComplete="new-password"
              value={passphrase}
              onChange={(e) => {
                const next = e.target.value;
                onChange((previous) => ({ ...previous, passphrase: next, check: null }));
              }}
            />
            <div id={strengthId} className="strength" aria-live="polite">
              {passphrase !== '' && check !== null && (
                <>
                  <meter
                    className="strength__meter"
                    min={0}
                    max={4}
                    low={2}
                    high={3}
                    optimum={4}
                    value={check.score}
                    aria-label={t`Passphrase strength`}
                  />
                  <p className={strong ? 'strength__words' : 'strength__words strength__words--weak'}>
                    {strong ? (
                      <Trans>Strength: {strength}.</Trans>
                    ) : (
                      <Trans>Strength: {strength} — not strong enough yet.</Trans>
                    )}
                  </p>
                  {!strong && (check.warning !== null || check.suggestions.length > 0) && (
                    <ul className="strength__advice">
                      {check.warning !== null && <li>{i18n._(WARNINGS[check.warning])}</li>}
                      {check.suggestions.map((key) => (
                        <li key={key}>{i18n._(SUGGESTIONS[key])}</li>
                      ))}
                    </ul>
                  )}
                </>
              )}
              {checkerFailed && (
                <p className="muted">
                  <Trans>The strength check could not load. Reload the page to try again.</Trans>
                </p>
              )}
            </div>
          </>
        )}
      </Field>
      <TextField
        id={confirmId}
        label={t`The same passphrase again`}
        type="password"
        autoComplete="new-password"
        value={value.confirmation}
        onChange={(e) => {
          const next = e.target.value;
          onChange((previous) => ({ ...previous, confirmation: next }));
        }}
      />
    </>
  );
}
