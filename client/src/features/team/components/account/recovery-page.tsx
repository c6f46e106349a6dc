/**
 * /team/recover: a member who forgot their passphrase uses their recovery code. The recovery
 * copy of their keys is opened in this browser, wrapped under a new passphrase and a new
 * recovery code, and the server accepts the new credentials only with a signature by the
 * recovered key. A member with a second factor gives it next: only then are the new credentials
 * in force. The new recovery code is shown last, once, before the console.
 */
import { useLingui } from '@lingui/react/macro';
import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';

import type { RecoveryResult, SecondFactorStep } from '../../session/session-store';
import { NewRecoveryCode } from './new-recovery-code';
import { RecoveryForm } from './recovery-form';
import { SecondFactorForm } from './second-factor-form';

interface Who {
  readonly teamName: string;
  readonly memberName: string;
}

type Step =
  | { readonly name: 'form'; readonly notice: string | null }
  | {
      readonly name: 'second-factor';
      readonly step: SecondFactorStep;
      readonly code: string;
      readonly who: Who;
    }
  | { readonly name: 'code'; readonly code: string; readonly who: Who };

/** What the sign-in page passes on (router state, never the address): the team and name typed there. */
function prefillFrom(state: unknown): { team: string; name: string } {
  const s = typeof state === 'object' && state !== null ? (state as Record<string, unknown>) : {};
  return {
    team: typeof s.team === 'string' ? s.team : '',
    name: typeof s.name === 'string' ? s.name : '',
  };
}

export function RecoveryPage() {
  const { t } = useLingui();
  const location = useLocation();
  const navigate = useNavigate();
  const [prefill] = useState(() => prefillFrom(location.state));
  const [step, setStep] = useState<Step>({ name: 'form', notice: null });
  const pending = step.name === 'second-factor' ? step.step : null;

  // Leaving the page before the second factor is given wipes the keys held for it.
  useEffect(() => () => pending?.cancel(), [pending]);

  function recovered(result: RecoveryResult, who: Who) {
    if (result.secondFactor === null) setStep({ name: 'code', code: result.recoveryCode, who });
    else setStep({ name: 'second-factor', step: result.secondFactor, code: result.recoveryCode, who });
  }

  switch (step.name) {
    case 'form':
      return <RecoveryForm prefill={prefill} notice={step.notice} onRecovered={recovered} />;
    case 'second-factor':
      return (
        <SecondFactorOfRecovery
          step={step.step}
          onDone={() => setStep({ name: 'code', code: step.code, who: step.who })}
          onRestart={(problem) =>
            setStep({
              name: 'form',
              // Without the second factor the server keeps the recovery pending, then drops it.
              notice:
                problem === null
                  ? t`Nothing was changed: without your second factor, your old passphrase and recovery code stay as they were.`
                  : t`${problem} Nothing was changed: without your second factor, your old passphrase and recovery code stay as they were.`,
            })
          }
        />
      );
    case 'code':
      return (
        <NewRecoveryCode
          code={step.code}
          teamName={step.who.teamName}
          memberName={step.who.memberName}
          onContinue={() => void navigate('/team')}
        />
      );
  }
}

/** The second factor of a recovery: once it is given, the new credentials are in force. */
function SecondFactorOfRecovery({
  step,
  onDone,
  onRestart,
}: {
  step: SecondFactorStep;
  onDone: () => void;
  onRestart: (message: string | null) => void;
}) {
  const { t } = useLingui();
  const [answering] = useState<SecondFactorStep>(() => ({
    ...step,
    answer: async (proof) => {
      await step.answer(proof);
      onDone();
    },
  }));
  return (
    <SecondFactorForm
      step={answering}
      heading={t`One more step: your second factor`}
      lead={t`Your recovery code was right. Your account also has a second factor: give it, and your new passphrase takes effect.`}
      onRestart={onRestart}
    />
  );
}
