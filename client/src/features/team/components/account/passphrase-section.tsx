import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useCallback, useId, useState, type SubmitEvent } from 'react';

import {
  PassphraseFields,
  passphraseProblem,
  withPassphraseCheck,
  type PassphraseValue,
} from '../../../../components/passphrase-fields';
import { RecoveryCode } from '../../../../components/recovery-code';
import { Button, Choice, Fieldset, FormStatus, Notice, TextField } from '../../../../components/ui';
import { useUnlockedSession } from '../../session/use-team-session';
import { ProblemList } from './problem-list';
import { usePassphraseChange, type ChangeStage } from './use-passphrase-change';

/** What the change is doing (translated where shown). */
const STAGE_WORDS: Readonly<Record<ChangeStage, MessageDescriptor>> = {
  proving: msg`Checking your current passphrase in this browser…`,
  wrapping: msg`Protecting your keys with the new passphrase…`,
  saving: msg`Saving…`,
};

const EMPTY: PassphraseValue = { passphrase: '', confirmation: '', check: null };

/** Changing one's passphrase, and perhaps the recovery code with it. */
export function PassphraseSection() {
  const { t } = useLingui();
  const session = useUnlockedSession();
  const currentId = useId();
  const recoveryId = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState<PassphraseValue>(EMPTY);
  const [newRecoveryCode, setNewRecoveryCode] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const { stage, error, changed, change, dismiss } = usePassphraseChange(session.keyring);
  const onNext = useCallback((update: (previous: PassphraseValue) => PassphraseValue) => setNext(update), []);
  const userInputs = [session.member.name, session.team.name, session.team.slug];

  async function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (stage !== null) return;
    const found: string[] = [];
    if (current === '') found.push(t`Enter your current passphrase.`);
    const problem = passphraseProblem(await withPassphraseCheck(next, userInputs));
    if (problem !== null) found.push(problem);
    else if (next.passphrase === current) found.push(t`Choose a new passphrase, not the one you have now.`);
    setProblems(found);
    if (found.length > 0) return;
    const done = await change({ current, next: next.passphrase, newRecoveryCode });
    // A failed attempt empties the current passphrase, so a wrong one is not left in the field.
    setCurrent('');
    if (done) {
      setNext(EMPTY);
      setNewRecoveryCode(false);
    }
  }

  const stageWords = stage !== null ? t(STAGE_WORDS[stage]) : '';
  return (
    <section aria-labelledby="account-passphrase" className="account-section">
      <h2 id="account-passphrase">
        <Trans>Change your passphrase</Trans>
      </h2>
      <p>
        <Trans>
          Your passphrase unlocks your keys in this browser; the server never learns it. Changing it signs you
          out everywhere else.
        </Trans>
      </p>
      {changed !== null ? (
        <>
          <Notice role="status" title={t`Your passphrase was changed.`}>
            <p>
              {changed.recoveryCode !== null ? (
                <Trans>
                  Use the new one from now on. Your other sessions were signed out. Your old recovery code no
                  longer works.
                </Trans>
              ) : (
                <Trans>Use the new one from now on. Your other sessions were signed out.</Trans>
              )}
            </p>
          </Notice>
          {changed.recoveryCode !== null && (
            <RecoveryCode
              code={changed.recoveryCode}
              teamName={session.team.name}
              memberName={session.member.name}
            />
          )}
          <Button variant="secondary" onClick={dismiss}>
            {changed.recoveryCode !== null ? (
              <Trans>I have stored my new recovery code</Trans>
            ) : (
              <Trans>Done</Trans>
            )}
          </Button>
        </>
      ) : (
        <form className="form" onSubmit={(e) => void handleSubmit(e)} noValidate aria-busy={stage !== null}>
          {/* For password managers: whose passphrase this is. Not shown, not focusable. */}
          <input
            type="text"
            name="username"
            autoComplete="username"
            value={session.member.name}
            readOnly
            hidden
          />
          <TextField
            id={currentId}
            label={t`Current passphrase`}
            name="current-passphrase"
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
          <Fieldset legend={t`New passphrase`}>
            <PassphraseFields value={next} onChange={onNext} userInputs={userInputs} />
          </Fieldset>
          <Choice
            type="checkbox"
            id={recoveryId}
            detailId={`${recoveryId}-detail`}
            label={t`Also make a new recovery code (the old one stops working)`}
            detail={t`Do this if someone else may have seen your recovery code. The new code is shown once.`}
            checked={newRecoveryCode}
            onChange={setNewRecoveryCode}
          />
          <Button type="submit" disabled={stage !== null}>
            {stage !== null ? <Trans>Working…</Trans> : <Trans>Change my passphrase</Trans>}
          </Button>
          <FormStatus>{stage !== null && <p>{t`${stageWords} This takes a few seconds.`}</p>}</FormStatus>
          <ProblemList problems={error !== null ? [error] : problems} />
        </form>
      )}
    </section>
  );
}
