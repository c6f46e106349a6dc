import { useEffect, useId, useState } from 'react';

import { Field, TextField } from './ui';
import './passphrase-fields.css';

/** Scores below this are refused (zxcvbn: 3 = "safely unguessable: moderate protection from offline attacks"). */
export const MIN_PASSPHRASE_SCORE = 3;

export interface PassphraseCheck {
  readonly score: 0 | 1 | 2 | 3 | 4;
  readonly warning: string | null;
  readonly suggestions: readonly string[];
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
    const zxcvbn = new core.ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
    });
    return (passphrase, userInputs) => {
      const result = zxcvbn.check(passphrase, [...userInputs]);
      return {
        score: result.score,
        warning: result.feedback.warning,
        suggestions: result.feedback.suggestions,
      };
    };
  });
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

const WORDS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;

export interface PassphraseValue {
  readonly passphrase: string;
  readonly confirmation: string;
  /** null until the strength checker has looked at the current passphrase. */
  readonly check: PassphraseCheck | null;
}

/** Why the passphrase cannot be used yet, or null when it can. */
export function passphraseProblem(value: PassphraseValue): string | null {
  if (value.passphrase === '') return 'Choose a passphrase.';
  if (value.check === null) return 'Wait a moment: the passphrase is still being checked.';
  if (value.check.score < MIN_PASSPHRASE_SCORE) {
    return 'This passphrase is too easy to guess. Use four or more unrelated words, or a longer sentence only you would think of.';
  }
  if (value.confirmation !== value.passphrase) return 'The two passphrases are not the same.';
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
  return (
    <>
      <Field
        id={passphraseId}
        label="Passphrase"
        hint="It unlocks your keys, and nobody can reset it for you. Four or more unrelated words that only you would put together work well."
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
                    aria-label="Passphrase strength"
                  />
                  <p className={strong ? 'strength__words' : 'strength__words strength__words--weak'}>
                    Strength: {WORDS[check.score]}
                    {strong ? '.' : ' — not strong enough yet.'}
                  </p>
                  {!strong && (check.warning !== null || check.suggestions.length > 0) && (
                    <ul className="strength__advice">
                      {check.warning !== null && <li>{check.warning}</li>}
                      {check.suggestions.map((s) => (
                        <li key={s}>{s}</li>
                      ))}
                    </ul>
                  )}
                </>
              )}
              {checkerFailed && (
                <p className="muted">The strength check could not load. Reload the page to try again.</p>
              )}
            </div>
          </>
        )}
      </Field>
      <TextField
        id={confirmId}
        label="The same passphrase again"
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
