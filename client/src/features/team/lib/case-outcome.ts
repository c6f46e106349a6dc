/**
 * How a finished case ended, read in this browser: the case fetched in the background (no read
 * mark, no audit event: nobody looked at it) and opened against the verified roster, then the
 * result a retained record would keep (model/retained-record.ts): the latest decision's outcome,
 * or the result its retained record kept once it was purged.
 */
import type { RetainedResult } from '#contract/enumerations';
import type { Keyring } from '../../../lib/keyring/keyring';
import { getCase } from '../api/cases';
import type { VerifiedTeam } from '../api/roster';
import { caseRecords, latestRecordOfType } from '../model/case-state';
import { retainedResult } from '../model/retained-record';
import { openFetchedCase } from './open-case';

/** The case's result, or null while it is open or when its records cannot be read here. */
export async function finishedCaseResult(
  keyring: Keyring,
  team: VerifiedTeam,
  caseId: string,
  signal: AbortSignal,
): Promise<RetainedResult | null> {
  const detail = await getCase(caseId, { signal, background: true });
  if (detail.status !== 'closed' && detail.status !== 'withdrawn') return null;
  const opened = await openFetchedCase(keyring, team, detail);
  const records = caseRecords(opened.items);
  if (detail.purgedAt !== null) return latestRecordOfType(records, 'retained')?.record.result ?? null;
  return retainedResult(detail.status, records);
}
