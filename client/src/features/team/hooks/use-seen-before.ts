import { ApiError } from '../../../lib/api-client';
import type { Load } from '../../../hooks/use-load';
import type { Keyring } from '../../../lib/keyring/keyring';
import { getSeenBefore } from '../api/case-tags';
import { caseTagsFrom, namesToTag, storeCaseTags, type CaseParties } from '../lib/case-tagging';
import { finishedCaseResult } from '../lib/case-outcome';
import type { VerifiedTeam } from '../api/roster';
import {
  asMisuse,
  casesToCheckForMisuse,
  casesToRead,
  seenAccounts,
  type EarlierMisuse,
  type SeenAccount,
  type TaggedNames,
} from '../model/seen-before';
import type { LoadedCase } from './use-case';
import { useTeamLoad } from './use-team-load';

/** Other cases whose names are read for the panel: each is a whole report fetched and decrypted. */
const CASES_READ = 20;
/** Earlier reports by the same reporter's account opened for their outcome: whole cases each. */
const MISUSE_CHECKS = 5;

/** Why the panel cannot compare accounts: no key this browser may use. */
export type NoIndexKey =
  /** The team has no signed index key yet (an admin's console makes one at sign-in). */
  | 'team-has-none'
  /** The team has one, but this member's session carried no grant of it. */
  | 'no-grant'
  /** A grant came, but its signature or signer did not check out (review-notes.md R-5). */
  | 'refused'
  /** The key held is older than the one the case's tags were made with (rotated since sign-in). */
  | 'old-key';

export type SeenBeforeResult =
  | { readonly status: 'no-key'; readonly why: NoIndexKey }
  /** The report names no account: nothing to look for. */
  | { readonly status: 'no-names' }
  /** The case carries no tags of the held key (not verified here, and no other browser tagged it yet). */
  | { readonly status: 'not-indexed' }
  | {
      readonly status: 'ready';
      readonly accounts: readonly SeenAccount[];
      /** Other cases left unread (beyond CASES_READ): their names are not shown. */
      readonly unread: number;
      /** Earlier reports by this reporter's own account closed as mistaken or malicious. */
      readonly misuse: readonly EarlierMisuse[];
    };

/**
 * The "Seen before" panel of a case (docs/protocol.md 12). First tags the case from its opened
 * report, when it is verified and its tags are missing or of another epoch than the held key's
 * (quietly: a refusal, such as a key that moved on since sign-in, leaves the tags as they are).
 * Then asks the server which other cases the member may see carry the same tags, and reads those
 * cases' names (the newest few) to show beside this case's.
 *
 * `indexEpoch`: the team's epoch as the session last heard it (0: no signed key yet).
 */
export function useSeenBefore(
  loaded: LoadedCase,
  keyring: Keyring,
  indexEpoch: number,
): Load<SeenBeforeResult> {
  const { detail, opened, team } = loaded;
  const report = opened.report;
  const verified = report !== null && opened.signatureValid;
  // The accounts as the body names them (the keyring read them, untrimmed, as the background pass
  // does), and as a key: a refresh of the same case (a reply sent) does not ask again.
  const parties: CaseParties = report?.parties ?? { involved: [], reporter: null };
  const named = JSON.stringify(parties);
  return useTeamLoad(
    async (signal) =>
      seenBefore(keyring, {
        caseId: detail.id,
        team,
        tagEpoch: detail.tagEpoch,
        verified,
        parties,
        indexEpoch,
        signal,
      }),
    [keyring, detail.id, team.id, named, verified, indexEpoch],
  );
}

async function seenBefore(
  keyring: Keyring,
  c: {
    caseId: string;
    team: VerifiedTeam;
    tagEpoch: number | null;
    verified: boolean;
    parties: CaseParties;
    indexEpoch: number;
    signal: AbortSignal;
  },
): Promise<SeenBeforeResult> {
  const held = await keyring.indexKeyState();
  if (held.status === 'refused') return { status: 'no-key', why: 'refused' };
  if (held.status === 'none')
    return { status: 'no-key', why: c.indexEpoch === 0 ? 'team-has-none' : 'no-grant' };

  const names = namesToTag(c.parties);
  const tagged = names.length > 0 ? await keyring.tagNames(names) : { epoch: held.epoch, tags: [] };
  const own: TaggedNames = { names, tags: tagged.tags };
  if (c.verified && c.tagEpoch !== tagged.epoch) {
    try {
      await storeCaseTags(c.caseId, caseTagsFrom(c.parties, tagged.epoch, own.tags), { signal: c.signal });
    } catch (error) {
      // Quietly: another browser may tag it, and the list's background pass tries again. A signed-
      // out session is the exception: the page says so.
      if (error instanceof ApiError && error.status === 401) throw error;
    }
  }
  if (names.length === 0) return { status: 'no-names' };

  const reply = await getSeenBefore(c.caseId, { signal: c.signal });
  // No tags, or tags of an older key than the one held: this browser could not tag it (yet).
  if (reply.epoch === null || reply.epoch < tagged.epoch) return { status: 'not-indexed' };
  if (reply.epoch > tagged.epoch) return { status: 'no-key', why: 'old-key' };
  const found = seenAccounts(reply, own);
  if (found.length === 0) return { status: 'ready', accounts: [], unread: 0, misuse: [] };

  // The other cases' names as written there, to be compared with this case's.
  const toRead = casesToRead(found, CASES_READ);
  const read = await keyring.readReportParties(c.team.id, toRead, { signal: c.signal });
  const theirNames = read.map(namesToTag);
  const theirTags = await keyring.tagNames(theirNames.flat());
  const others = new Map<string, TaggedNames>();
  let from = 0;
  read.forEach((r, i) => {
    const caseNames = theirNames[i] ?? [];
    others.set(r.id, { names: caseNames, tags: theirTags.tags.slice(from, from + caseNames.length) });
    from += caseNames.length;
  });
  const all = new Set(found.flatMap((a) => a.cases.map((x) => x.id)));
  return {
    status: 'ready',
    accounts: seenAccounts(reply, own, others),
    unread: all.size - toRead.length,
    misuse: await earlierMisuse(keyring, c.team, found, c.signal),
  };
}

/**
 * Issue 13: a case closed as mistaken or malicious surfaces when the same reporter's account
 * reports again. Its outcome is inside its records, so each such earlier report is opened here.
 */
async function earlierMisuse(
  keyring: Keyring,
  team: VerifiedTeam,
  accounts: readonly SeenAccount[],
  signal: AbortSignal,
): Promise<EarlierMisuse[]> {
  const found: EarlierMisuse[] = [];
  for (const c of casesToCheckForMisuse(accounts, MISUSE_CHECKS)) {
    try {
      const result = asMisuse(await finishedCaseResult(keyring, team, c.id, signal));
      if (result !== null) found.push({ id: c.id, number: c.number, result });
    } catch (error) {
      // A case this browser cannot open says nothing here; a signed-out session does.
      if (error instanceof ApiError && error.status === 401) throw error;
    }
  }
  return found;
}
