/**
 * The rules of tagging cases for the blind index of involved accounts (docs/protocol.md 12), apart
 * from the keyring and the server (lib/case-tagging.ts joins them to these): which tags a case
 * sends, and how the console's background pass goes through the cases the server lists as
 * untagged, and always ends.
 */
// With extensions, and without the keyring or the API client (their Workers and fetch do not exist
// under Node), so that unit tests can drive these rules with stand-ins.
import { MAX_INVOLVED_TAGS, type CaseTags } from '#contract/tags';

/** The accounts of one report that get tags (crypto's ReportParties). */
export interface CaseParties {
  /** Every involved account's name as written, in the report's order; repeats left in. */
  readonly involved: readonly string[];
  /** The reporter's own account, when the reporter is the target and names it; else null. */
  readonly reporter: string | null;
}

/** The names to tag for `parties`, in the order `caseTagsFrom` reads their tags: involved, then reporter. */
export function namesToTag(parties: CaseParties): string[] {
  return parties.reporter === null ? [...parties.involved] : [...parties.involved, parties.reporter];
}

/**
 * The body of PUT /api/cases/{id}/tags from the tags of `namesToTag(parties)`, in that order:
 * each involved tag once (two spellings of one account give one tag; the contract wants them
 * distinct), a name that names no account (null) left out, at most MAX_INVOLVED_TAGS (the first
 * ones: a report naming more is cut, not refused); the reporter's tag when there is one.
 */
export function caseTagsFrom(
  parties: CaseParties,
  epoch: number,
  tags: readonly (string | null)[],
): CaseTags {
  const count = parties.involved.length;
  const involved = new Set<string>();
  for (const tag of tags.slice(0, count)) {
    if (tag !== null && involved.size < MAX_INVOLVED_TAGS) involved.add(tag);
  }
  const reporter = parties.reporter === null ? null : (tags[count] ?? null);
  return { epoch, involved: [...involved], reporter: reporter === null ? [] : [reporter] };
}

/** Cuts the tags of all `cases`' names, made in order, into each case's body (see `caseTagsFrom`). */
export function splitTags(
  cases: readonly (CaseParties & { readonly id: string })[],
  epoch: number,
  tags: readonly (string | null)[],
): { id: string; tags: CaseTags }[] {
  let from = 0;
  return cases.map((c) => {
    const count = namesToTag(c).length;
    const own = tags.slice(from, from + count);
    from += count;
    return { id: c.id, tags: caseTagsFrom(c, epoch, own) };
  });
}

/** Cases asked of the server at a time, and the most it lists at once (docs/http-api.md). */
const UNTAGGED_PAGE = 200;
const UNTAGGED_MAX = 500;
/** Tags stored at the same time: a few, so that the pass never competes with the member's own work. */
const STORES_AT_ONCE = 4;

export interface TaggingProgress {
  /** Cases tagged so far by this pass. */
  readonly done: number;
  /** All the pass has to tag, once the server's list ends (null while it says there are more). */
  readonly total: number | null;
}

/** What a tagging pass needs from the keyring and the server, so that its rules can be tested alone. */
export interface TaggingPassIo {
  /** The epoch of the index key the keyring holds, or null when it holds none it may use. */
  heldEpoch(): Promise<number | null>;
  untagged(
    limit: number,
    signal: AbortSignal,
  ): Promise<{ epoch: number | null; cases: string[]; more: boolean }>;
  /** The parties of the cases that could be read; the others are left out. */
  readParties(caseIds: readonly string[], signal: AbortSignal): Promise<(CaseParties & { id: string })[]>;
  tag(cases: readonly (CaseParties & { id: string })[]): Promise<{ id: string; tags: CaseTags }[]>;
  store(caseId: string, tags: CaseTags, signal: AbortSignal): Promise<unknown>;
  /**
   * Whether a failure to store means no more tags can be stored in this session (signed out,
   * offline, the key moved on): the pass ends. Any other failure is the one case's.
   */
  stops(error: unknown): boolean;
}

/**
 * Tags, page after page, the cases the server lists as untagged (GET /api/teams/{slug}/untagged-
 * cases: missing tags, or tags of an older key), while the keyring holds the key of the team's
 * epoch: reads each report's parties in the decrypting workers, makes all their tags in one message
 * to the keyring, stores them a few cases at a time.
 *
 * It always ends: a case that cannot be read or whose tags are refused goes into `failed` (kept for
 * the session by the caller) and is skipped from then on, and so is a case it tagged; a page that
 * tags nothing ends the pass, as the server would list the same cases again. Resolves 'done' when no case is left, 'stopped'
 * otherwise (no key, another epoch, nothing more it can tag); rejects when tagging cannot go on
 * (`io.stops`) or the signal aborted.
 */
export async function runTaggingPass(
  io: TaggingPassIo,
  failed: Set<string>,
  signal: AbortSignal,
  onProgress?: (progress: TaggingProgress) => void,
): Promise<'done' | 'stopped'> {
  // Read through a function: the answer changes across each await.
  const aborted = () => signal.aborted;
  const epoch = await io.heldEpoch();
  if (epoch === null) return 'stopped';
  let done = 0;
  // Cases this pass stored: listed again, they would be tagged again and again.
  const stored = new Set<string>();
  const skip = (id: string) => failed.has(id) || stored.has(id);
  for (;;) {
    if (aborted()) throw abortError();
    // Asks for more when some of the newest cannot be tagged here, to see past them.
    const page = await io.untagged(Math.min(UNTAGGED_MAX, UNTAGGED_PAGE + failed.size), signal);
    // Another epoch than the held key's: tags made here would be refused.
    if (page.epoch !== epoch) return 'stopped';
    const left = page.cases.filter((id) => !skip(id));
    const todo = left.slice(0, UNTAGGED_PAGE);
    if (todo.length === 0) return page.more ? 'stopped' : 'done';
    // The last page: everything the server listed, less what this session cannot tag, is here.
    const last = !page.more && todo.length === left.length;
    const total = last ? done + todo.length : null;
    onProgress?.({ done, total });

    const read = await io.readParties(todo, signal);
    const readable = new Set(read.map((r) => r.id));
    for (const id of todo) if (!readable.has(id)) failed.add(id);
    const tagged = read.length > 0 ? await io.tag(read) : [];

    const before = stored.size;
    // What ended the pass, if anything did: a field, so that the lanes' writes are seen after them.
    const ended: { error: Error | null } = { error: null };
    let next = 0;
    const lanes = Array.from({ length: Math.min(STORES_AT_ONCE, tagged.length) }, async () => {
      for (
        let c = tagged[next++];
        c !== undefined && ended.error === null && !aborted();
        c = tagged[next++]
      ) {
        try {
          await io.store(c.id, c.tags, signal);
          stored.add(c.id);
          done += 1;
          onProgress?.({ done, total });
        } catch (error) {
          if (io.stops(error) || isAbortError(error)) {
            ended.error ??= error instanceof Error ? error : abortError();
          } else {
            failed.add(c.id);
          }
        }
      }
    });
    await Promise.all(lanes);
    if (ended.error !== null) throw ended.error;
    if (aborted()) throw abortError();
    if (stored.size === before) return 'stopped';
    if (last) return 'done';
  }
}

function abortError(): DOMException {
  return new DOMException('Tagging was stopped', 'AbortError');
}

function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
