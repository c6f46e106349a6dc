/**
 * "Search inside whole reports", inside the keyring workers: each fetches the cases it is given
 * (GET /api/cases/bodies, up to 50 report bodies a request, which marks no case read and writes
 * nothing to the audit log: a search is not a member opening the case), opens each report with
 * its grant and keeps only the lowercased text a search looks in: the page receives those words
 * to match against, never the report itself. The re-grant's exclusions (readExclusions) and the
 * blind index's names (readParties) are read the same way.
 *
 * No signature is checked: nothing here is shown, and a case found is opened (and verified) on the
 * case page before anyone reads it.
 */
import { openReport, reportParties, unwrapReportKey, type BoxKeyPair } from '#crypto';
import { CaseBodies, MAX_CASE_BODIES, type CaseBody } from '#contract/cases';
import { api, ApiError, NETWORK_ERROR_STATUS } from '../api-client';
import { decodeWith, envelopeV1 } from '../decode';
import { bodySearchText, bodyExclusions } from './case-crypto';
import type { ReportBody } from '#crypto';

/**
 * Requests under way at once in one worker, when it is given more cases than one request takes:
 * while it opens the bodies of one, the next is on its way. A few, as each brings up to 50 bodies.
 */
const FETCHES_AT_ONCE = 2;

const decodeCaseBodies = decodeWith(CaseBodies);

/**
 * The bodies of `caseIds` (at most MAX_CASE_BODIES, distinct) the server serves, or none when the
 * request fails: its cases cannot be had. Rejects only when going on is pointless: the session
 * ended (401) or the network is down.
 */
async function fetchBodies(caseIds: readonly string[]): Promise<CaseBody[]> {
  try {
    const reply = await api.get(`/cases/bodies?ids=${caseIds.join(',')}`, decodeCaseBodies);
    return reply.cases;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === NETWORK_ERROR_STATUS)) {
      throw error;
    }
    return [];
  }
}

/** One case's report body and the exclusions served with it, or null when it cannot be opened. */
function openOne(
  team: string,
  sealed: CaseBody,
  recipient: BoxKeyPair,
): { body: ReportBody; served: readonly string[] } | null {
  if (sealed.payload === null || sealed.grant === null) return null;
  try {
    const payload = envelopeV1(sealed.payload, 'payload');
    const key = unwrapReportKey(sealed.grant, recipient);
    try {
      return { body: openReport({ team, id: sealed.id, payload }, key), served: sealed.excluded };
    } finally {
      key.fill(0);
    }
  } catch {
    return null;
  }
}

/** `ids` cut into as few requests of at most MAX_CASE_BODIES as they fill, of even sizes. */
function requestsOf(ids: readonly string[]): string[][] {
  const count = Math.ceil(ids.length / MAX_CASE_BODIES);
  const size = Math.ceil(ids.length / Math.max(count, 1));
  const requests: string[][] = [];
  for (let i = 0; i < ids.length; i += size) requests.push(ids.slice(i, i + size));
  return requests;
}

/**
 * `read` of each case of `caseIds` that could be opened, FETCHES_AT_ONCE requests at a time. Cases
 * the server does not serve (gone, purged, not the member's to see) and bodies that do not open are
 * left out; so is a case the reply names that was not asked for.
 */
async function readEach<T>(
  team: string,
  caseIds: readonly string[],
  recipient: BoxKeyPair,
  read: (opened: { body: ReportBody; served: readonly string[] }) => T,
): Promise<{ id: string; value: T }[]> {
  // The server refuses a list naming a case twice.
  const asked = new Set(caseIds);
  const requests = requestsOf([...asked]);
  const found: { id: string; value: T }[] = [];
  let next = 0;
  const lanes = Array.from({ length: Math.min(FETCHES_AT_ONCE, requests.length) }, async () => {
    for (let ids = requests[next++]; ids !== undefined; ids = requests[next++]) {
      for (const sealed of await fetchBodies(ids)) {
        // Each case once, and only those asked for: the reply is only as good as the server.
        if (!asked.delete(sealed.id)) continue;
        const opened = openOne(team, sealed, recipient);
        if (opened !== null) found.push({ id: sealed.id, value: read(opened) });
      }
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
