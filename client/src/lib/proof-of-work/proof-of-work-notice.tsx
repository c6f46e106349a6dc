import type { ProofOfWorkEvent } from './solve';
import { PROOF_OF_WORK_NOTICE, proofOfWorkProgress } from './notice';

export type SolvingState = Extract<ProofOfWorkEvent, { state: 'solving' }>;

/** The state a page keeps from `onProofOfWork` events: what is being solved, or nothing. */
export function solvingState(event: ProofOfWorkEvent): SolvingState | undefined {
  return event.state === 'solving' ? event : undefined;
}

/**
 * Tells the person their browser is doing a proof of work. Render it always, so its live region
 * exists before there is anything to say: screen readers announce changes to a live region,
 * not one that appears with its text already in it.
 */
export function ProofOfWorkNotice({ solving }: { solving: SolvingState | undefined }) {
  return (
    <div className="proof-of-work" role="status">
      {solving && (
        <div className="notice proof-of-work__notice">
          <p className="notice__title">One moment, please</p>
          <p>{PROOF_OF_WORK_NOTICE}</p>
          <progress
            className="proof-of-work__progress"
            max={1}
            value={proofOfWorkProgress(solving.attempts, solving.expected)}
            aria-label="Check in progress"
          />
        </div>
      )}
    </div>
  );
}
