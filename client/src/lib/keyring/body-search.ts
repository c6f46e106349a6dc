/**
 * "Search inside whole reports", inside the keyring workers: each fetches the cases it is given
 * (GET /api/cases/{id}?background=1, so that neither the read marks nor the audit log take a
 * search for a member opening the case), opens each report with its grant and keeps only the
 * lowercased text a search looks in: the page receives those words to match against, never the
 * report itself.
 *
 * No signature is checked: nothing here is shown, and a case found is opened (and verified) on the
 * case page before anyone reads it.
 */
import { openReport, reportParties, unwrapReportKey, type BoxKeyPair } from '#crypto';
import { CaseSummary } from '#contract/cases';
import { Type } from 'typebox';
import { api, ApiError, NETWORK_ERROR_STATUS } from '../api-client';
import { decodeWith, envelopeV1 } from '../decode';
import { bodySearchText, bodyExclusions } from './case-crypto';
import type { ReportBody } from '#crypto';

/** Fetches under way at once in one worker: enough to hide the round trips, few enough to share. */
const FETCHES_AT_ONCE = 4;

/** Only what a search needs of GET /api/cases/{id}: the rest of the case is not even checked. */
const decodeSealedReport = decodeWith(
  Type.Object({
    id: CaseSummary.properties.id,
    excluded: CaseSummary.properties.excluded,
    payload: CaseSummary.properties.payload,
    grant: CaseSummary.properties.grant,
  }),
);

/**
 * One case's report body and the exclusions the server serves with it, or null when it cannot be
 * had (gone, purged, not decryptable). Rejects only when going on is pointless: the session ended
 * (401) or the network is down.
 */
async function openOne(
  team: string,
  caseId: string,
  recipient: BoxKeyPair,
): Promise<{ body: ReportBody; served: readonly string[] } | null> {
  let sealed: ReturnType<typeof decodeSealedReport>;
  try {
    sealed = await api.get(`/cases/${encodeURIComponent(caseId)}?background=1`, decodeSealedReport);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === NETWORK_ERROR_STATUS)) {
      throw error;
    }
    return null;
  }
  if (sealed.id !== caseId || sealed.payload === null || sealed.grant === null) return null;
  try {
    const payload = envelopeV1(sealed.payload, 'payload');
    const key = unwrapReportKey(sealed.grant, recipient);
    try {
      return { body: openReport({ team, id: caseId, payload }, key), served: sealed.excluded };
    } finally {
      key.fill(0);
    }
  } catch {
    return null;
  }
}

/** `read` of each case of `caseIds` that could be opened, FETCHES_AT_ONCE at a time. */
async function readEach<T>(
  team: string,
  caseIds: readonly string[],
  recipient: BoxKeyPair,
  read: (opened: { body: ReportBody; served: readonly string[] }) => T,
): Promise<{ id: string; value: T }[]> {
  const found: { id: string; value: T }[] = [];
  let next = 0;
  const lanes = Array.from({ length: Math.min(FETCHES_AT_ONCE, caseIds.length) }, async () => {
    for (let id = caseIds[next++]; id !== undefined; id = caseIds[next++]) {
      const opened = await openOne(team, id, recipient);
      if (opened !== null) found.push({ id, value: read(opened) });
    }
  });
  await Promise.all(lanes);
  return found;
}

/** The search text of each case of `caseIds` that could be read. */
export async function searchBodies(
  team: string,
  caseIds: readonly string[],
  recipient: BoxKeyPair,
): Promise<{ id: string; text: string }[]> {
  const found = await readEach(team, caseIds, recipient, ({ body }) => bodySearchText(body));
  return found.map(({ id, value }) => ({ id, text: value }));
}

/**
 * docs/review-notes.md R-3: the exclusions of each case as the server serves them and as the
 * reporter wrote them inside the report (null when the body has no list), for an admin's re-grant.
 * A summary envelope carries no exclusions, so the list alone cannot tell; cases that cannot be
 * read are left out, and the re-grant then leaves them closed.
 */
export async function readExclusions(
  team: string,
  caseIds: readonly string[],
  recipient: BoxKeyPair,
): Promise<{ id: string; served: readonly string[]; body: readonly string[] | null }[]> {
  const found = await readEach(team, caseIds, recipient, ({ body, served }) => ({
    served,
    body: bodyExclusions(body),
  }));
  return found.map(({ id, value }) => ({ id, ...value }));
}

/**
 * docs/protocol.md 12: the account names each case's report gives to tag for the blind index
 * (crypto's reportParties: every involved account as written, and the reporter's own when the
 * reporter is the target), for the console's background tagging and the seen-before panel. Only
 * the names come to the page, never the rest of the report; cases that cannot be read are left out.
 */
export async function readParties(
  team: string,
  caseIds: readonly string[],
  recipient: BoxKeyPair,
): Promise<{ id: string; involved: readonly string[]; reporter: string | null }[]> {
  const found = await readEach(team, caseIds, recipient, ({ body }) => reportParties(body));
  return found.map(({ id, value }) => ({ id, involved: value.involved, reporter: value.reporter }));
}
