/** What a form shows while `submitReport` runs: the step it is at and any proof of work. */
import { useState } from 'react';

import { solvingState, type SolvingState } from '../../../lib/proof-of-work/notice';
import { submitReport, type SubmitInput, type SubmitOutcome, type SubmitStep } from './submit';

export interface SendProgress {
  /** The step `submitReport` is at; undefined when nothing is being sent. */
  readonly step: SubmitStep | undefined;
  readonly solving: SolvingState | undefined;
  readonly sending: boolean;
  /** Sends with the progress shown, and clears it when the attempt ends, whichever way. */
  send(input: Omit<SubmitInput, 'onStep' | 'onProofOfWork'>): Promise<SubmitOutcome>;
}

export function useSendProgress(): SendProgress {
  const [step, setStep] = useState<SubmitStep>();
  const [solving, setSolving] = useState<SolvingState>();
  return {
    step,
    solving,
    sending: step !== undefined,
    async send(input) {
      // Busy at once, before the first await, so a second click does not send twice.
      setStep({ step: 'checking-team' });
      try {
        return await submitReport({
          ...input,
          onStep: setStep,
          onProofOfWork: (event) => setSolving(solvingState(event)),
        });
      } finally {
        setStep(undefined);
        setSolving(undefined);
      }
    },
  };
}
