import { msg } from '@lingui/core/macro';

import type { ProofOfWorkEvent } from './solve';

/**
 * What a person is told while their browser does a proof of work (solve.ts). They may be in
 * distress and on a shared network through no fault of theirs: say what is happening, that it
 * is short, that nothing is lost and that there is nothing to do. A message to translate where it
 * is shown (`i18n._(PROOF_OF_WORK_NOTICE)`); the Worker that does the work never imports this file.
 */
export const PROOF_OF_WORK_NOTICE = msg`Checking that this is not an automated attack. This takes a few seconds on a phone; you do not need to do anything, and nothing you wrote is lost.`;

/**
 * How far along the check probably is, from 0 towards 1: the chance it would have finished by
 * now. The work is luck, not a fixed amount, so the bar slows near the end rather than promising
 * an end it cannot know.
 */
export function proofOfWorkProgress(attempts: number, expected: number): number {
  return expected > 0 ? 1 - Math.exp(-attempts / expected) : 0;
}

export type SolvingState = Extract<ProofOfWorkEvent, { state: 'solving' }>;

/** The state a page keeps from `onProofOfWork` events: what is being solved, or nothing. */
export function solvingState(event: ProofOfWorkEvent): SolvingState | undefined {
  return event.state === 'solving' ? event : undefined;
}
