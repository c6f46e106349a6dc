/**
 * The rules of tagging cases for the blind index of involved accounts (docs/protocol.md 12), apart
 * from the keyring and the server (lib/case-tagging.ts joins them to these): which tags a case
 * sends, and how the console's background pass goes through the cases the server lists as
 * untagged, and always ends.
 */
// With extensions, and without the keyring or the API client (their Workers and fetch do not exist
// under Node), so that unit tests can drive these rules with stand-ins.
import { MAX_CASE_TAGS_BATCH, MAX_INVOLVED_TAGS, type CaseTags, type CaseTagsBatch } from '#contract/tags';

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

/**
 * The tags of `tagged` as bodies of PUT /api/teams/{slug}/case-tags: as few as they fill (at most
 * MAX_CASE_TAGS_BATCH cases each), in order, each of one epoch (the cases' tags made by one
 * message to the keyring share theirs).
 */
export function tagBatches(tagged: readonly { id: string; tags: CaseTags }[]): CaseTagsBatch[] {
  const batches: CaseTagsBatch[] = [];
  for (const { id, tags } of tagged) {
    let batch = batches.at(-1);
    if (batch?.epoch !== tags.epoch || batch.cases.length >= MAX_CASE_TAGS_BATCH) {
      batch = { epoch: tags.epoch, cases: [] };
      batches.push(batch);
    }
    batch.cases.push({ case: id, involved: tags.involved, reporter: tags.reporter });
  }
  return batches;
}

/**
 * Cases asked of the server at a time, and the most it lists at once (docs/http-api.md). A page's
 * tags go back in one request: the batch route takes as many.
 */
const UNTAGGED_PAGE = MAX_CASE_TAGS_BATCH;
const UNTAGGED_MAX = 500;

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
  /**
   * Stores the tags of a batch of cases in one request: which were stored, and which the server
   * skipped (cases this member may no longer see).
   */
  store(
    batch: CaseTagsBatch,
    signal: AbortSignal,
  ): Promise<{ readonly stored: readonly string[]; readonly skipped: readonly string[] }>;
  /**
   * Whether a failure to store means no more tags can be stored in this session (signed out,
   * offline, the key moved on): the pass ends. Any other failure is the one batch's.
   */
  stops(error: unknown): boolean;
}

/**
 * Tags, page after page, the cases the server lists as untagged (GET /api/teams/{slug}/untagged-
 * cases: missing tags, or tags of an older key), while the keyring holds the key of the team's
 * epoch: reads each report's parties in the decrypting workers, makes all their tags in one message
 * to the keyring, stores them in one request (PUT /api/teams/{slug}/case-tags). A page's tags are
 * on their way to the server while the next page is listed and read: the server lists the cases
 * being stored until they land, and the pass leaves them out (asking for as many more).
 *
 * It always ends: a case that cannot be read, or that the server skips or whose batch it refuses,
 * goes into `failed` (kept for the session by the caller) and is skipped from then on, and so is a
 * case it tagged; a page that tags nothing ends the pass, as the server would list the same cases
 * again. Resolves 'done' when no case is left, 'stopped' otherwise (no key, another epoch, nothing
 * more it can tag); rejects when tagging cannot go on (`io.stops`) or the signal aborted.
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
  // Cases this pass stored: listed again, they would be tagged again and again.
  const stored = new Set<string>();
  let total: number | null = null;
  const report = () => onProgress?.({ done: stored.size, total });

  /** Stores a page's tags, batch after batch: whether any was stored. Rejects when the pass must end. */
  const storePage = async (tagged: readonly { id: string; tags: CaseTags }[]): Promise<boolean> => {
    const before = stored.size;
    for (const batch of tagBatches(tagged)) {
      if (aborted()) throw abortError();
      const sent = new Set(batch.cases.map((c) => c.case));
      let reply: Awaited<ReturnType<TaggingPassIo['store']>>;
      try {
        reply = await io.store(batch, signal);
      } catch (error) {
        if (io.stops(error) || isAbortError(error)) throw error instanceof Error ? error : abortError();
        // Refused for another reason: the batch's cases are not tried again in this session.
        for (const id of sent) failed.add(id);
        continue;
      }
      // Only what was sent counts: the reply is only as good as the server.
      for (const id of reply.stored) {
        if (sent.delete(id)) stored.add(id);
      }
      // Skipped, or left out of the reply: not tried again in this session.
      for (const id of sent) failed.add(id);
      report();
    }
    return stored.size > before;
  };

  // The page whose tags are on their way to the server, if any.
  let storing: { readonly cases: ReadonlySet<string>; readonly stored: Promise<boolean> } | null = null;
  /** Waits for the page being stored: whether it stored any case. Rejects as `storePage`. */
  const landed = async (): Promise<boolean> => {
    const page = storing;
    storing = null;
    return page === null || (await page.stored);
  };
  const skip = (id: string) => failed.has(id) || stored.has(id) || storing?.cases.has(id) === true;

  try {
    for (;;) {
      if (aborted()) throw abortError();
      const pending = storing?.cases.size ?? 0;
      // Asks for more when some of the newest cannot be tagged here, or are being stored, to see
      // past them.
      const page = await io.untagged(Math.min(UNTAGGED_MAX, UNTAGGED_PAGE + failed.size + pending), signal);
      // Another epoch than the held key's: tags made here would be refused.
      if (page.epoch !== epoch) return 'stopped';
      const left = page.cases.filter((id) => !skip(id));
      const todo = left.slice(0, UNTAGGED_PAGE);
      if (todo.length === 0) {
        // Only cases being stored, or that cannot be tagged here, hid the rest: once those being
        // stored land, the list is asked again.
        if (pending === 0) return page.more ? 'stopped' : 'done';
        if (!(await landed())) return 'stopped';
        if (!page.more) return 'done';
        continue;
      }
      // The last page: everything the server listed, less what this session cannot tag, is here.
      const last = !page.more && todo.length === left.length;
      // Those being stored count as still to do until their reply says otherwise.
      const unsettled = [...(storing?.cases ?? [])].filter((id) => !stored.has(id) && !failed.has(id));
      total = last ? stored.size + unsettled.length + todo.length : null;
      report();

      const read = await io.readParties(todo, signal);
      const readable = new Set(read.map((r) => r.id));
      for (const id of todo) if (!readable.has(id)) failed.add(id);
      const tagged = read.length > 0 ? await io.tag(read) : [];
      // A page that stored nothing, or has nothing to store, ends the pass.
      if (!(await landed()) || tagged.length === 0) return 'stopped';
      const storingPage = storePage(tagged);
      // Awaited later (`landed`); a failure in the meantime is not unhandled.
      void storingPage.catch(() => undefined);
      storing = { cases: new Set(tagged.map((c) => c.id)), stored: storingPage };
      if (last) return (await landed()) ? 'done' : 'stopped';
    }
  } finally {
    // Whatever ended the pass, the request under way ends before it does.
    await storing?.stored.catch(() => undefined);
  }
}

function abortError(): DOMException {
  return new DOMException('Tagging was stopped', 'AbortError');
}

function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
