/**
 * Writing a case's retained record (docs/protocol.md 10.8) from this browser: built from the
 * opened case (model/retained-record.ts), sealed and signed in the keyring like every record,
 * to the case's members (the active roster minus the reporter's exclusions and the recusals),
 * and sent to POST /api/cases/{id}/retained.
 *
 * It runs in the background, from the case page once a finished case without a record is shown
 * (right after a member closes it, too) and from the case list's sweep (hooks/use-retention-
 * sweep.ts), so it is quiet: a refusal (409: the case was reopened or purged meanwhile) or a
 * failure leaves the case as it was, and the next console that sees it tries again.
 */
import type { Keyring } from '../../../lib/keyring/keyring';
import { getCase, postRetainedRecord } from '../api/cases';
import type { VerifiedTeam } from '../api/roster';
import type { LoadedCase } from '../hooks/use-case';
import { handlingRecipients } from '../hooks/use-case-sealer';
import { caseRecords } from '../model/case-state';
import { needsRetainedRecord, retainedRecordFields } from '../model/retained-record';
import { openFetchedCase } from './open-case';
import { loadReferringRoster } from './referring-roster';

/**
 * Cases whose record this session is writing or has written, or could not write because it
 * cannot read the report, by case id and finishing time: the case page and the sweep may meet on
 * one case, a list shown from memory may still say a case needs one, and a report this browser
 * cannot open will not open on the next visit to the list either. A case reopened and closed
 * again has a new finishing time, so it is written again. Tied to the Keyring, like the
 * decrypted cases (case-store.ts).
 */
const sessions = new WeakMap<object, Set<string>>();

function claimed(keyring: Keyring): Set<string> {
  let set = sessions.get(keyring);
  if (!set) {
    set = new Set();
    sessions.set(keyring, set);
  }
  return set;
}

const claimOf = (c: { id: string; finishedAt: string | null }) => `${c.id}@${c.finishedAt ?? ''}`;

/** Whether this session already wrote (or is writing, or cannot write) this case's record. */
export function handledInSession(keyring: Keyring, c: { id: string; finishedAt: string | null }): boolean {
  return claimed(keyring).has(claimOf(c));
}

export type RetainedOutcome =
  /** Sent and stored. */
  | 'written'
  /** Nothing to do: not finished, already kept, purged, or already under way in this session. */
  | 'not-needed'
  /** The report could not be read here: another member's browser may write it. */
  | 'unreadable';

/**
 * Writes the retained record of an opened case if it still needs one. Rejects (with the API's or
 * the keyring's error) when sending or sealing failed; the claim is then released, so a later
 * attempt in this session may try again.
 */
export async function writeRetainedRecord(keyring: Keyring, loaded: LoadedCase): Promise<RetainedOutcome> {
  const { detail, opened, team } = loaded;
  if (!needsRetainedRecord(detail)) return 'not-needed';
  const claim = claimOf(detail);
  const mine = claimed(keyring);
  if (mine.has(claim)) return 'not-needed';
  mine.add(claim);
  const fields = retainedRecordFields({
    number: detail.number,
    status: detail.status,
    finishedAt: detail.finishedAt,
    report: opened.report,
    records: caseRecords(opened.items),
  });
  if (fields === null) return 'unreadable';
  try {
    const item = await keyring.sealItem({
      team: team.id,
      caseId: detail.id,
      kind: 'record',
      record: fields,
      recipients: handlingRecipients(loaded),
    });
    await postRetainedRecord(detail.id, item);
    return 'written';
  } catch (error) {
    mine.delete(claim);
    throw error;
  }
}

/**
 * Fetches case `caseId` afresh (another member may have written its record since the list was
 * loaded), opens it in the keyring against the verified roster, and writes its record if it
 * still needs one.
 */
export async function fetchAndWriteRetainedRecord(
  keyring: Keyring,
  team: VerifiedTeam,
  caseId: string,
  signal: AbortSignal,
): Promise<RetainedOutcome> {
  const detail = await getCase(caseId, { signal, background: true });
  if (!needsRetainedRecord(detail)) return 'not-needed';
  const referring = await loadReferringRoster(detail);
  const opened = await openFetchedCase(keyring, team, detail, referring);
  if (signal.aborted) return 'not-needed';
  return writeRetainedRecord(keyring, { detail, opened, team, referring });
}
