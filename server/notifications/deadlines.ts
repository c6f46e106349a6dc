/**
 * Dates that passed: a case's check-in date (open cases), its follow-up date (closed cases), and
 * the team's first-response target (cases nobody has answered yet). The worker runs this scan
 * every minute or so; each kind of date is one statement that marks the cases announced and
 * writes their notifications together, skipping cases another process is marking at that moment,
 * so every date is announced once however many processes scan.
 */
import { OPEN_CASE_STATUSES } from '#contract/enumerations';
import type { Db } from '../db/executor.js';
import {
  announcePassedCheckIns,
  announcePassedFirstResponses,
  announcePassedFollowUps,
} from '../repositories/outbox.js';

/** Cases announced per statement; a longer backlog is worked through in further rounds. */
const BATCH = 200;
/** Rounds per scan at most, so one scan stays short; the next scan carries on. */
const MAX_ROUNDS = 10;

async function drain(announce: () => Promise<number>): Promise<number> {
  let total = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const announced = await announce();
    total += announced;
    if (announced < BATCH) break;
  }
  return total;
}

/** Announces every date that passed; returns how many cases were announced. */
export async function announcePassedDates(db: Db): Promise<number> {
  return (
    (await drain(() => announcePassedCheckIns(db, OPEN_CASE_STATUSES, BATCH))) +
    (await drain(() => announcePassedFollowUps(db, BATCH))) +
    (await drain(() => announcePassedFirstResponses(db, BATCH)))
  );
}
