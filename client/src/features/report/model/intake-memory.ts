/**
 * The intake's state, kept in this page's memory (a module variable) so that a reporter who
 * looks at another page of Confide and comes back finds everything as they left it. Never in
 * localStorage, sessionStorage or the address: closing the tab ends it, and so does "Leave now"
 * (lib/leave-now.ts).
 */
import { onLeave } from '../../../lib/leave-now';
import type { Draft } from './draft';
import type { Evidence } from './evidence';
import type { SubmissionMemory } from './submit';

export interface SentReport {
  readonly receipt: string;
  readonly receivedAt: string;
  readonly teamName: string;
  readonly firstResponseHours: number;
  readonly urgent: boolean;
  readonly earlierAttempt: boolean;
}

export interface IntakeMemory {
  slug: string | undefined;
  draft: Draft | undefined;
  evidence: Evidence[];
  submission: SubmissionMemory;
  fingerprintConfirmed: boolean;
  /** After sending: the receipt, shown until the reporter says they have kept it. */
  sent: SentReport | undefined;
}

export const intake: IntakeMemory = {
  slug: undefined,
  draft: undefined,
  evidence: [],
  submission: {},
  fingerprintConfirmed: false,
  sent: undefined,
};

/** Forgets everything (after the reporter has kept their receipt, or to start again). */
export function resetIntake(): void {
  intake.slug = undefined;
  intake.draft = undefined;
  intake.evidence = [];
  intake.submission = {};
  intake.fingerprintConfirmed = false;
  intake.sent = undefined;
}

onLeave(resetIntake);
