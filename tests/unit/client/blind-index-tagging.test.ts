// The console's half of the blind index (docs/protocol.md 12, issue 13): the tags a case sends
// (client/src/features/team/model/case-tags.ts), the background pass's rules for ending, and the
// seen-before reply turned into words with the names side by side (model/seen-before.ts).
import { describe, expect, it } from 'vitest';

import type { CaseTags, CaseTagsBatch, SeenBefore } from '../../../contract/tags.js';
import {
  caseTagsFrom,
  namesToTag,
  runTaggingPass,
  splitTags,
  tagBatches,
  type CaseParties,
  type TaggingPassIo,
  type TaggingProgress,
} from '../../../client/src/features/team/model/case-tags.js';
import {
  accountWords,
  casesToRead,
  namesWithTag,
  otherCasesWords,
  seenAccounts,
  asMisuse,
  casesToCheckForMisuse,
  misuseWords,
} from '../../../client/src/features/team/model/seen-before.js';

/** A failure of the server's, as the API client's ApiError carries it. */
class FakeApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

/** A stand-in tag: 22 characters, distinct per name (the real ones come from the keyring). */
const tag = (n: number) => `${'A'.repeat(21 - String(n).length)}${String(n)}A`;

describe('the tags a case sends', () => {
  it('tags the involved names, then the reporter', () => {
    expect(namesToTag({ involved: ['A', 'B'], reporter: 'A' })).toEqual(['A', 'B', 'A']);
    expect(namesToTag({ involved: ['A'], reporter: null })).toEqual(['A']);
  });

  it('sends each involved tag once, drops names that name no account, and the reporter tag apart', () => {
    const parties: CaseParties = { involved: ['Jane_Doe', 'jane doe', '_', 'Bob'], reporter: 'Bob' };
    const tags = [tag(1), tag(1), null, tag(2), tag(2)];
    expect(caseTagsFrom(parties, 3, tags)).toEqual({
      epoch: 3,
      involved: [tag(1), tag(2)],
      reporter: [tag(2)],
    });
  });

  it('sends empty lists for a report that names no account, so that the case counts as tagged', () => {
    expect(caseTagsFrom({ involved: [], reporter: null }, 1, [])).toEqual({
      epoch: 1,
      involved: [],
      reporter: [],
    });
  });

  it('keeps the first 100 involved tags of a report naming more', () => {
    const names = Array.from({ length: 120 }, (_, i) => `user ${String(i)}`);
    const body = caseTagsFrom(
      { involved: names, reporter: null },
      1,
      names.map((_, i) => tag(i)),
    );
    expect(body.involved).toHaveLength(100);
    expect(body.involved[99]).toBe(tag(99));
  });

  it('cuts the tags of many cases, made in one message, back into each case', () => {
    const cases = [
      { id: 'c1', involved: ['A', 'B'], reporter: 'A' },
      { id: 'c2', involved: [], reporter: null },
      { id: 'c3', involved: ['C'], reporter: null },
    ];
    expect(splitTags(cases, 2, [tag(1), tag(2), tag(1), tag(3)])).toEqual([
      { id: 'c1', tags: { epoch: 2, involved: [tag(1), tag(2)], reporter: [tag(1)] } },
      { id: 'c2', tags: { epoch: 2, involved: [], reporter: [] } },
      { id: 'c3', tags: { epoch: 2, involved: [tag(3)], reporter: [] } },
    ]);
  });

  it('puts the tags of many cases into as few batches as they fill, each of one epoch', () => {
    const tagged = (n: number, epoch: number) =>
      Array.from({ length: n }, (_, i) => ({
        id: `c${String(i)}`,
        tags: { epoch, involved: [tag(i)], reporter: [] },
      }));
    expect(tagBatches([])).toEqual([]);
    const [only, ...none] = tagBatches(tagged(3, 2));
    expect(none).toEqual([]);
    expect(only).toEqual({
      epoch: 2,
      cases: [
        { case: 'c0', involved: [tag(0)], reporter: [] },
        { case: 'c1', involved: [tag(1)], reporter: [] },
        { case: 'c2', involved: [tag(2)], reporter: [] },
      ],
    });
    expect(tagBatches(tagged(450, 1)).map((b) => b.cases.length)).toEqual([200, 200, 50]);
    const mixed = tagBatches([...tagged(2, 1), ...tagged(1, 2)]);
    expect(mixed.map((b) => [b.epoch, b.cases.length])).toEqual([
      [1, 2],
      [2, 1],
    ]);
  });
});

/**
 * A server with `untagged` cases (newest first) and a keyring that reads every case but those in
 * `unreadable`. Storing removes a case from the list, unless `sticky` (a server that keeps listing
 * it); the server skips the cases in `refused` (the member may not see them).
 */
function fakeIo(options: {
  untagged: string[];
  unreadable?: string[];
  refused?: string[];
  sticky?: boolean;
  epoch?: number | null;
  held?: number | null;
  storeError?: (batch: CaseTagsBatch) => unknown;
}) {
  const untagged = [...options.untagged];
  const stored: { id: string; tags: CaseTags }[] = [];
  const pages: number[] = [];
  const batches: number[] = [];
  const io: TaggingPassIo = {
    heldEpoch: () => Promise.resolve(options.held === undefined ? 1 : options.held),
    untagged: (limit) => {
      pages.push(limit);
      return Promise.resolve({
        epoch: options.epoch === undefined ? 1 : options.epoch,
        cases: untagged.slice(0, limit),
        more: untagged.length > limit,
      });
    },
    readParties: (ids) =>
      Promise.resolve(
        ids
          .filter((id) => !(options.unreadable ?? []).includes(id))
          .map((id) => ({ id, involved: [`name of ${id}`], reporter: null })),
      ),
    tag: (cases) =>
      Promise.resolve(
        splitTags(
          cases,
          1,
          cases.map((_, i) => tag(i)),
        ),
      ),
    store: (batch) => {
      batches.push(batch.cases.length);
      const error = options.storeError?.(batch);
      if (error !== undefined) return Promise.reject(error instanceof Error ? error : new Error('refused'));
      const reply = { stored: [] as string[], skipped: [] as string[] };
      for (const { case: id, involved, reporter } of batch.cases) {
        if ((options.refused ?? []).includes(id)) {
          reply.skipped.push(id);
          continue;
        }
        stored.push({ id, tags: { epoch: batch.epoch, involved, reporter } });
        reply.stored.push(id);
        if (options.sticky !== true) untagged.splice(untagged.indexOf(id), 1);
      }
      return Promise.resolve(reply);
    },
    // As lib/case-tagging.ts's stopsTagging: a signed-out session or a key that moved on.
    stops: (error) =>
      error instanceof FakeApiError && (error.status === 401 || error.code === 'index_epoch_changed'),
  };
  return { io, stored, pages, batches };
}

const ids = (n: number, prefix = 'case') => Array.from({ length: n }, (_, i) => `${prefix}-${String(i)}`);

describe('the background pass', () => {
  it('tags every untagged case, page after page, each page stored in one request, and ends', async () => {
    const { io, stored, pages, batches } = fakeIo({ untagged: ids(450) });
    const progress: TaggingProgress[] = [];
    const outcome = await runTaggingPass(io, new Set(), new AbortController().signal, (p) =>
      progress.push(p),
    );
    expect(outcome).toBe('done');
    expect(stored).toHaveLength(450);
    expect(stored[0]).toEqual({ id: 'case-0', tags: { epoch: 1, involved: [tag(0)], reporter: [] } });
    // Each page after the first asks for as many more as are being stored (they are left out).
    expect(pages).toEqual([200, 400, 400]);
    expect(batches).toEqual([200, 200, 50]);
    // The total is known once the server's list ends.
    expect(progress).toEqual([
      { done: 0, total: null },
      { done: 200, total: null },
      { done: 200, total: null },
      { done: 400, total: null },
      { done: 400, total: 450 },
      { done: 450, total: 450 },
    ]);
  });

  it('lists and reads the next page while the page before is being stored, leaving its cases out', async () => {
    const fake = fakeIo({ untagged: ids(300) });
    const { stored, pages } = fake;
    const read: string[][] = [];
    // The server holds the first page's request until the second page has been read.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let requests = 0;
    const io: TaggingPassIo = {
      ...fake.io,
      readParties: (caseIds, signal) => {
        read.push([...caseIds]);
        return fake.io.readParties(caseIds, signal);
      },
      store: async (batch, signal) => {
        if (requests++ === 0) await held;
        return fake.io.store(batch, signal);
      },
    };
    const pass = runTaggingPass(io, new Set(), new AbortController().signal);
    await expect.poll(() => read.length).toBe(2);
    expect(stored).toEqual([]);
    expect(pages).toEqual([200, 400]);
    // Still listed by the server, the first page's cases are not read again.
    expect(read[1]).toEqual(ids(300).slice(200));
    release();
    expect(await pass).toBe('done');
    expect(stored.map((s) => s.id)).toEqual(ids(300));
  });

  it('skips cases it cannot read, remembers them, and asks for more to see past them', async () => {
    const failed = new Set<string>();
    const { io, stored, pages } = fakeIo({ untagged: ids(260), unreadable: ['case-0', 'case-1'] });
    expect(await runTaggingPass(io, failed, new AbortController().signal)).toBe('done');
    expect(stored).toHaveLength(258);
    expect([...failed].sort()).toEqual(['case-0', 'case-1']);
    // 200 more than the 2 it cannot read and the 198 being stored.
    expect(pages[1]).toBe(400);

    // The next pass of the session does not fetch them again.
    const again = fakeIo({ untagged: ['case-0', 'case-1'] });
    expect(await runTaggingPass(again.io, failed, new AbortController().signal)).toBe('done');
    expect(again.stored).toEqual([]);
  });

  it('stops when a whole page yields nothing new, instead of asking for it again', async () => {
    const { io, stored, pages } = fakeIo({ untagged: ids(700), unreadable: ids(600) });
    expect(await runTaggingPass(io, new Set(), new AbortController().signal)).toBe('stopped');
    expect(stored).toEqual([]);
    expect(pages.length).toBeLessThanOrEqual(4);
  });

  it('does not go round when the server keeps listing cases it tagged', async () => {
    const { io, stored, pages } = fakeIo({ untagged: ids(300), sticky: true });
    expect(await runTaggingPass(io, new Set(), new AbortController().signal)).toBe('done');
    expect(stored.map((s) => s.id)).toEqual(ids(300));
    expect(pages).toEqual([200, 400]);

    const longer = fakeIo({ untagged: ids(700), sticky: true });
    expect(await runTaggingPass(longer.io, new Set(), new AbortController().signal)).toBe('stopped');
    expect(new Set(longer.stored.map((s) => s.id)).size).toBe(longer.stored.length);
    expect(longer.pages.length).toBeLessThanOrEqual(4);
  });

  it('remembers a case the server skips and goes on with the others', async () => {
    const failed = new Set<string>();
    const { io, stored } = fakeIo({ untagged: ids(5), refused: ['case-2'] });
    expect(await runTaggingPass(io, failed, new AbortController().signal)).toBe('done');
    expect(stored.map((s) => s.id).sort()).toEqual(['case-0', 'case-1', 'case-3', 'case-4']);
    expect([...failed]).toEqual(['case-2']);
  });

  it('remembers the cases of a batch refused for another reason; the next pass goes on past them', async () => {
    const failed = new Set<string>();
    let calls = 0;
    const { io, stored, pages } = fakeIo({
      untagged: ids(300),
      // The first batch meets a server error; the rest go through.
      storeError: () => (calls++ === 0 ? new FakeApiError(500, 'internal_error') : undefined),
    });
    // A page that stored nothing ends the pass, as any page that tags nothing.
    expect(await runTaggingPass(io, failed, new AbortController().signal)).toBe('stopped');
    expect(failed.size).toBe(200);
    expect(stored).toEqual([]);
    expect(await runTaggingPass(io, failed, new AbortController().signal)).toBe('done');
    expect(stored.map((s) => s.id)).toEqual(ids(300).slice(200));
    expect(pages).toEqual([200, 400, 400]);
  });

  it('counts only the cases it sent among those the server says it stored', async () => {
    const failed = new Set<string>();
    const fake = fakeIo({ untagged: ids(3) });
    const io: TaggingPassIo = {
      ...fake.io,
      store: async (batch, signal) => {
        const reply = await fake.io.store(batch, signal);
        return { stored: [...reply.stored.slice(1), 'not-sent'], skipped: reply.skipped };
      },
    };
    const progress: TaggingProgress[] = [];
    expect(await runTaggingPass(io, failed, new AbortController().signal, (p) => progress.push(p))).toBe(
      'done',
    );
    expect(progress.at(-1)).toEqual({ done: 2, total: 3 });
    // The case the reply left out is not tried again in this session.
    expect([...failed]).toEqual(['case-0']);
  });

  it('stops at once when the key moved on (409 index_epoch_changed)', async () => {
    const { io, stored } = fakeIo({
      untagged: ids(50),
      storeError: () => new FakeApiError(409, 'index_epoch_changed'),
    });
    await expect(runTaggingPass(io, new Set(), new AbortController().signal)).rejects.toMatchObject({
      code: 'index_epoch_changed',
    });
    expect(stored).toEqual([]);
  });

  it('does nothing without a key, or when the team is at another epoch than the key held', async () => {
    const none = fakeIo({ untagged: ids(3), held: null });
    expect(await runTaggingPass(none.io, new Set(), new AbortController().signal)).toBe('stopped');
    expect(none.pages).toEqual([]);
    const other = fakeIo({ untagged: ids(3), epoch: 2 });
    expect(await runTaggingPass(other.io, new Set(), new AbortController().signal)).toBe('stopped');
    expect(other.stored).toEqual([]);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const { io, stored, pages } = fakeIo({ untagged: ids(450) });
    const pass = runTaggingPass(io, new Set(), controller.signal, (p) => {
      if (p.done > 0) controller.abort();
    });
    await expect(pass).rejects.toMatchObject({ name: 'AbortError' });
    // The second page may have been listed and read while the first was stored; not stored.
    expect(stored).toHaveLength(200);
    expect(pages.length).toBeLessThanOrEqual(2);
  });

  it('stops with the refusal of a page stored while the next was read, and leaves nothing unhandled', async () => {
    const { io, stored, pages } = fakeIo({
      untagged: ids(450),
      storeError: () => new FakeApiError(401, 'unauthorized'),
    });
    await expect(runTaggingPass(io, new Set(), new AbortController().signal)).rejects.toMatchObject({
      code: 'unauthorized',
    });
    expect(stored).toEqual([]);
    expect(pages).toEqual([200, 400]);
  });
});

describe('seen before, in words', () => {
  const THIS_CASE = 5;
  const other = (
    id: string,
    number: number,
    createdAt: string,
    kind: 'involved' | 'reporter' = 'involved',
  ) => ({
    id,
    number,
    status: 'closed' as const,
    created_at: createdAt,
    kind,
  });

  it('gives one entry a tag, each other case once, with the names as written on both sides', () => {
    const reply: SeenBefore = {
      epoch: 1,
      matches: [
        {
          tag: tag(1),
          kind: 'involved',
          cases: [other('c2', 2, '2026-12-02T00:00:00Z'), other('c1', 1, '2026-12-01T00:00:00Z')],
        },
        // The same account is also the reporter's own here; case 2 lists it as both kinds.
        { tag: tag(1), kind: 'reporter', cases: [other('c2', 2, '2026-12-02T00:00:00Z', 'reporter')] },
      ],
    };
    const own = { names: ['example troll', 'Someone Else', 'example troll'], tags: [tag(1), tag(2), tag(1)] };
    const others = new Map([['c1', { names: ['Example_Troll', 'Bystander'], tags: [tag(1), tag(3)] }]]);
    const [account, ...rest] = seenAccounts(reply, own, others);
    expect(rest).toEqual([]);
    expect(account).toMatchObject({ tag: tag(1), names: ['example troll'], reporter: true });
    expect(account?.cases.map((c) => [c.number, c.reporter, c.names])).toEqual([
      [2, true, null],
      [1, false, ['Example_Troll']],
    ]);
    if (account) {
      expect(accountWords(account, THIS_CASE)).toBe(
        'The reporter’s own account, “example troll”, also appears in 2 earlier cases.',
      );
    }
  });

  it('says earlier, later or other by case number, and counts one case as one', () => {
    const earlier = [{ number: 2 }];
    const later = [{ number: 9 }];
    expect(otherCasesWords(earlier, THIS_CASE)).toBe('1 earlier case');
    expect(otherCasesWords([...later, ...later], THIS_CASE)).toBe('2 later cases');
    expect(otherCasesWords([...later, ...earlier], THIS_CASE)).toBe('2 other cases');
  });

  it('words an involved account by its names in this case', () => {
    const [account] = seenAccounts(
      {
        epoch: 1,
        matches: [{ tag: tag(1), kind: 'involved', cases: [other('c1', 1, '2026-12-01T00:00:00Z')] }],
      },
      { names: ['Jane_Doe', 'jane doe'], tags: [tag(1), tag(1)] },
    );
    expect(account && accountWords(account, THIS_CASE)).toBe(
      '“Jane_Doe” / “jane doe” appears in 1 earlier case.',
    );
  });

  it('reads the newest other cases first, each once', () => {
    const accounts = seenAccounts(
      {
        epoch: 1,
        matches: [
          { tag: tag(1), kind: 'involved', cases: [other('c1', 1, '2026-12-01T00:00:00Z')] },
          {
            tag: tag(2),
            kind: 'involved',
            cases: [other('c3', 3, '2026-12-03T00:00:00Z'), other('c1', 1, '2026-12-01T00:00:00Z')],
          },
        ],
      },
      { names: ['a', 'b'], tags: [tag(1), tag(2)] },
    );
    expect(casesToRead(accounts, 5)).toEqual(['c3', 'c1']);
    expect(casesToRead(accounts, 1)).toEqual(['c3']);
  });

  it('opens for their outcome only the finished reports by the same reporter account, newest first', () => {
    const open = { ...other('c7', 7, '2026-12-07T00:00:00Z', 'reporter'), status: 'investigating' as const };
    const accounts = seenAccounts(
      {
        epoch: 1,
        matches: [
          // This case's reporter account: reported c1 and c3 (closed), c7 (still open); only
          // involved in c2, which is not a report by the same person.
          {
            tag: tag(1),
            kind: 'reporter',
            cases: [
              open,
              other('c3', 3, '2026-12-03T00:00:00Z', 'reporter'),
              other('c2', 2, '2026-12-02T00:00:00Z'),
              other('c1', 1, '2026-12-01T00:00:00Z', 'reporter'),
            ],
          },
          // An involved account that reported c4: not this case's reporter, so not looked at.
          { tag: tag(2), kind: 'involved', cases: [other('c4', 4, '2026-12-04T00:00:00Z', 'reporter')] },
        ],
      },
      { names: ['Me', 'Them'], tags: [tag(1), tag(2)] },
    );
    expect(casesToCheckForMisuse(accounts, 5).map((c) => c.id)).toEqual(['c3', 'c1']);
    expect(casesToCheckForMisuse(accounts, 1).map((c) => c.id)).toEqual(['c3']);
  });

  it('warns only of mistaken and malicious outcomes, as a hint and not a verdict', () => {
    expect(
      ['actionable', 'non_actionable', 'withdrawn', 'closed_without_decision', null].map((r) =>
        asMisuse(r as never),
      ),
    ).toEqual([null, null, null, null, null]);
    expect(asMisuse('malicious')).toBe('malicious');
    expect(asMisuse('mistaken')).toBe('mistaken');
    expect(misuseWords([{ id: 'c3', number: 3, result: 'malicious' }])).toBe(
      'An earlier report by this reporter’s own account was closed as a misuse of the reporting system: Case #3 (malicious). Read it before acting on this one; a report after a mistaken one can still be made in good faith.',
    );
    expect(
      misuseWords([
        { id: 'c3', number: 3, result: 'malicious' },
        { id: 'c1', number: 1, result: 'mistaken' },
      ]),
    ).toMatch(
      /^2 earlier reports by this reporter’s own account were closed .*: Case #3 \(malicious\), Case #1 \(mistaken\)\. Read them/,
    );
  });

  it('finds each name of a tag once', () => {
    expect(
      namesWithTag({ names: ['A', 'a', 'A', 'B'], tags: [tag(1), tag(1), tag(1), null] }, tag(1)),
    ).toEqual(['A', 'a']);
  });
});
