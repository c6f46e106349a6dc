/**
 * The page's handle on a team member's keys (STYLE.md: "the UI holds references, not
 * bytes"). A Keyring owns the Web Workers that hold the keys:
 *
 *   primary     both key pairs and the team index key: opens cases, seals items, signs roster
 *               entries, seals the index key to new members;
 *   decrypting  one a core beside it (navigator.hardwareConcurrency, 2 to 8 Workers in all):
 *               each a copy of the X25519 key pair only, handed over worker-to-worker, for
 *               bulk work (the case list, searching whole reports, re-grants);
 *
 * and starts a short-lived one for each Argon2id run (see kdf.worker.ts), which hands the
 * key-encryption key to the primary directly. All of them run the one crypto Worker script
 * (crypto-workers.ts), each for its own job. Nothing returned from here is secret except what
 * the page must show: decrypted case content, a new recovery code, and a receipt made for a
 * case's target.
 *
 * `lock()` terminates every worker: the keys are gone with them.
 */
import type { Envelope, KdfParams, RecoveredCredentialsWire, RosterRow, X25519Engine } from '#crypto';
import { startCryptoWorker } from '../crypto-workers';
import { connectRpc, WorkerError, type RpcClient } from '../worker-rpc';
import type {
  DecryptApi,
  HelperApi,
  KdfApi,
  KekPurpose,
  KeyringApi,
  MemberSettingsSealed,
  MemberSettingsView,
} from './api';
import type {
  CaseMeta,
  IndexKeyGrantInput,
  IndexKeyState,
  IssuedIndexKeyGrant,
  MemberCredentials,
  OpenedCase,
  OpenedSummary,
  PublicIdentity,
  RegrantInput,
  RegrantOutput,
  RosterChangeRequest,
  SealedCaseInput,
  SealedItemOutput,
  SealedReferralOutput,
  SealItemRequest,
  SealReferralRequest,
  SignedIndexKeyGrant,
  TargetReceipt,
} from './types';

export type * from './types';
export { SUMMARY_UNREADABLE } from './types';
export type { MemberSettingsSealed, MemberSettingsView } from './api';

/** Cases per message to a worker: large enough to amortise the hop, small enough to share evenly. */
const SUMMARY_CHUNK = 250;
/**
 * The first chunk of the list: the first screen of rows (the newest cases) is on the page after
 * 50 cases are open, not 250.
 */
const FIRST_CHUNK = 50;
/** Cases per GET /api/cases (the server's largest page). */
const CASE_PAGE = 1000;
/** The first page is smaller, so that its rows arrive (and show) sooner. */
const FIRST_CASE_PAGE = 200;
/**
 * Ranges of the list fetched side by side (GET /api/cases/boundaries). Two: with one, every page
 * waits for the round trip of the one before; with more, the server and the decrypting workers
 * (which share the machine's cores with the browser) gain nothing.
 */
const RANGES_AT_ONCE = 2;
/** Grants per message: each costs two X25519 operations. */
const REGRANT_CHUNK = 100;
/** Reports per message when searching whole reports: each is fetched and decrypted whole. */
const BODY_SEARCH_CHUNK = 12;
/**
 * Workers that decrypt, the primary included: one a core, at least two (a second core is
 * almost always there, and the network waits less), at most eight (each holds its own
 * WebAssembly memory, and the server's pages come one after another anyway).
 */
const MIN_DECRYPT_WORKERS = 2;
const MAX_DECRYPT_WORKERS = 8;

/** True when `error` came from a keyring worker with this code (e.g. WRONG_PASSPHRASE, KDF_TOO_WEAK). */
export function isKeyringError(error: unknown, code?: string): error is WorkerError {
  return error instanceof WorkerError && (code === undefined || error.code === code);
}

function startKeyringWorker(): RpcClient<KeyringApi> {
  return connectRpc<KeyringApi>(startCryptoWorker('confide-keyring'));
}

function startHelperWorker(): RpcClient<HelperApi> {
  return connectRpc<HelperApi>(startCryptoWorker('confide-decrypt'));
}

function startKdfWorker(): RpcClient<KdfApi> {
  return connectRpc<KdfApi>(startCryptoWorker('confide-kdf'));
}

function decryptWorkerCount(): number {
  const cores = typeof navigator === 'undefined' ? undefined : navigator.hardwareConcurrency;
  const count = typeof cores === 'number' && Number.isInteger(cores) ? cores : MIN_DECRYPT_WORKERS;
  return Math.min(MAX_DECRYPT_WORKERS, Math.max(MIN_DECRYPT_WORKERS, count));
}

/** Where each chunk of a fetched page of `length` cases starts and ends. */
function chunkBounds(length: number, firstPage: boolean): [number, number][] {
  const bounds: [number, number][] = [];
  let from = 0;
  let size = firstPage ? FIRST_CHUNK : SUMMARY_CHUNK;
  // One chunk even for an empty page: asking for its last chunk is what frees it in the worker.
  do {
    bounds.push([from, from + size]);
    from += size;
    size = SUMMARY_CHUNK;
  } while (from < length);
  return bounds;
}

function abortError(): DOMException {
  return new DOMException('The search was stopped', 'AbortError');
}

/** The keys wrapped anew (`rewrap`): under a new passphrase, and perhaps a new recovery code. */
export interface RewrappedCredentials {
  readonly credentials: { readonly kdf: KdfParams; readonly auth: string; readonly keys: Envelope };
  /** The new recovery copy and its code (secret: shown once), when one was made. */
  readonly recovery: {
    readonly copy: { readonly kdf: KdfParams; readonly keys: Envelope };
    readonly code: string;
  } | null;
}

export interface Progress {
  readonly done: number;
  readonly total: number;
}

export class Keyring {
  readonly #primary: RpcClient<KeyringApi>;
  #helpers: RpcClient<HelperApi>[] = [];
  readonly #kdfWorkers = new Set<RpcClient<KdfApi>>();
  #locked = false;

  private constructor(primary: RpcClient<KeyringApi>) {
    this.#primary = primary;
  }

  /** A new, empty keyring (one worker). Unlock it, or make keys in it. */
  static create(): Keyring {
    return new Keyring(startKeyringWorker());
  }

  get locked(): boolean {
    return this.#locked;
  }

  #check(): void {
    if (this.#locked) throw new WorkerError('LOCKED', 'The keyring is locked');
  }

  /** Runs Argon2id in a throw-away worker whose kek goes straight to the primary. */
  async #derive<T>(
    purpose: KekPurpose,
    run: (kdf: RpcClient<KdfApi>, port: MessagePort) => Promise<T>,
  ): Promise<T> {
    this.#check();
    const kdf = startKdfWorker();
    this.#kdfWorkers.add(kdf);
    const channel = new MessageChannel();
    try {
      await this.#primary.call('receiveKek', { purpose, port: channel.port2 }, [channel.port2]);
      return await run(kdf, channel.port1);
    } finally {
      kdf.terminate();
      this.#kdfWorkers.delete(kdf);
    }
  }

  /**
   * Stretches the passphrase with the member's parameters. Returns `auth` for
   * POST /api/session; the kek waits in the primary worker for `unlock`. Rejects with
   * KDF_TOO_WEAK when the server asks for parameters below the protocol's floor.
   */
  deriveAuth(passphrase: string, kdf: KdfParams): Promise<string> {
    return this.#derive('passphrase', async (worker, port) => {
      const reply = await worker.call('deriveMember', { passphrase, kdf, port }, [port]);
      return reply.auth;
    });
  }

  /**
   * Opens the key bundle with the kek from `deriveAuth`. `expected` are the member's public
   * keys from the verified roster: a bundle with other keys is refused (BAD_KEY). A wrong
   * passphrase rejects with WRONG_PASSPHRASE.
   */
  async unlock(args: {
    team: string;
    memberId: string;
    keys: Envelope;
    expected: { enc_pk: string; sign_pk: string } | null;
    indexKey: IndexKeyGrantInput | null;
  }): Promise<PublicIdentity> {
    this.#check();
    const identity = await this.#primary.call('openBundle', args);
    this.#startHelpers();
    return identity;
  }

  /**
   * Makes a new member's keys in the primary worker and wraps them under the passphrase
   * and a new recovery code (both Argon2id runs in parallel, one per core).
   */
  async enrol(args: {
    team: string;
    memberId: string;
    name: string;
    passphrase: string;
  }): Promise<{ credentials: MemberCredentials; recoveryCode: string }> {
    this.#check();
    const made = await this.#primary.call('generateKeys', { team: args.team, memberId: args.memberId });
    const [member, recovery] = await Promise.all([
      this.#derive('passphrase', (worker, port) =>
        worker.call('deriveMember', { passphrase: args.passphrase, kdf: null, port }, [port]),
      ),
      this.#derive('recovery', (worker, port) =>
        worker.call('deriveRecovery', { code: made.recoveryCode, port }, [port]),
      ),
    ]);
    const bundles = await this.#primary.call('wrapBundles', { recovery: true });
    if (bundles.recovery === null) throw new WorkerError('NO_KEK', 'The recovery copy was not made');
    return {
      recoveryCode: made.recoveryCode,
      credentials: {
        id: args.memberId,
        name: args.name,
        enc_pk: made.enc_pk,
        sign_pk: made.sign_pk,
        kdf: member.kdf,
        auth: member.auth,
        keys: bundles.keys,
        recovery: { kdf: recovery.kdf, keys: bundles.recovery },
      },
    };
  }

  /**
   * The keys made by `enrol` (after set-up) or recovered by `openRecovery` (after the server
   * accepted the new credentials) become the unlocked identity, without another Argon2id run.
   * With `expected` (the roster's public keys), other keys are refused (BAD_KEY).
   */
  async adoptIdentity(
    indexKey: IndexKeyGrantInput | null,
    expected?: { enc_pk: string; sign_pk: string },
  ): Promise<PublicIdentity> {
    this.#check();
    const identity = await this.#primary.call(
      'adoptIdentity',
      expected === undefined ? { indexKey } : { indexKey, expected },
    );
    this.#startHelpers();
    return identity;
  }

  /**
   * Opens the recovery copy of a member's keys with their recovery code: Argon2id in a
   * throw-away worker, which hands the keys to the primary directly. Returns their public keys,
   * to compare with the roster before anything is signed with them. Rejects with
   * RECOVERY_CODE_WRONG for a code that does not open the copy, RECEIPT_MALFORMED for text
   * that is not a recovery code, KDF_TOO_WEAK for a copy whose parameters were weakened.
   */
  async openRecovery(args: {
    team: string;
    memberId: string;
    copy: { kdf: KdfParams; keys: Envelope };
    code: string;
  }): Promise<{ enc_pk: string; sign_pk: string }> {
    this.#check();
    const kdf = startKdfWorker();
    this.#kdfWorkers.add(kdf);
    const channel = new MessageChannel();
    try {
      await this.#primary.call('receiveRecoveredKeys', { port: channel.port2 }, [channel.port2]);
      await kdf.call(
        'openRecovery',
        { code: args.code, copy: args.copy, team: args.team, memberId: args.memberId, port: channel.port1 },
        [channel.port1],
      );
    } finally {
      kdf.terminate();
      this.#kdfWorkers.delete(kdf);
    }
    return this.#primary.call('takeRecoveredKeys', { team: args.team, memberId: args.memberId });
  }

  /**
   * Wraps the keys held here under a new passphrase, and under a new recovery code when
   * `newRecoveryCode` (always after a recovery): each Argon2id run in its own throw-away worker,
   * in parallel. The new code comes back to be shown once.
   */
  async rewrap(args: { passphrase: string; newRecoveryCode: boolean }): Promise<RewrappedCredentials> {
    this.#check();
    const [member, recovery] = await Promise.all([
      this.#derive('passphrase', (worker, port) =>
        worker.call('deriveMember', { passphrase: args.passphrase, kdf: null, port }, [port]),
      ),
      args.newRecoveryCode
        ? this.#derive('recovery', (worker, port) =>
            worker.call('deriveRecovery', { code: null, port }, [port]),
          )
        : Promise.resolve(null),
    ]);
    const bundles = await this.#primary.call('wrapBundles', { recovery: recovery !== null });
    const credentials = { kdf: member.kdf, auth: member.auth, keys: bundles.keys };
    if (recovery === null || bundles.recovery === null) return { credentials, recovery: null };
    return {
      credentials,
      recovery: { copy: { kdf: recovery.kdf, keys: bundles.recovery }, code: recovery.code },
    };
  }

  /** `auth` of the passphrase the member has now, to prove it (nothing is unlocked with it). */
  async proveCurrentPassphrase(passphrase: string, kdf: KdfParams): Promise<string> {
    this.#check();
    const worker = startKdfWorker();
    this.#kdfWorkers.add(worker);
    try {
      return (await worker.call('deriveAuthOnly', { passphrase, kdf })).auth;
    } finally {
      worker.terminate();
      this.#kdfWorkers.delete(worker);
    }
  }

  /** Signs the new credentials of a recovery with the server's nonce, with the recovered key. */
  signRecoveryProof(nonce: string, credentials: RecoveredCredentialsWire): Promise<string> {
    this.#check();
    return this.#primary.call('signRecoveryProof', { nonce, credentials });
  }

  signGenesis(name: string): Promise<RosterRow> {
    this.#check();
    return this.#primary.call('signGenesis', { name });
  }

  /** Set-up: the new team's first index key, kept here; the founding admin's signed grant of it. */
  newIndexKeyGrant(): Promise<SignedIndexKeyGrant> {
    this.#check();
    return this.#primary.call('newIndexKeyGrant', null);
  }

  /** Signs the next roster entry after `previous` (the verified head) as this member. */
  signRosterChange(request: RosterChangeRequest): Promise<RosterRow> {
    this.#check();
    return this.#primary.call('signRosterChange', request);
  }

  /** The held index key for a member being added: sealed to `encPublicKey`, signed by this admin. */
  grantIndexKeyTo(memberId: string, encPublicKey: string): Promise<SignedIndexKeyGrant> {
    this.#check();
    return this.#primary.call('grantIndexKeyTo', { memberId, enc_pk: encPublicKey });
  }

  /**
   * Grants of the index key of `epoch` for every member of `members`, signed by this admin: the
   * held key signed again when `epoch` is its epoch, otherwise a new key, which becomes the held
   * one only at `commitIndexKey(epoch)`, once the server took the grants.
   */
  prepareIndexKey(
    epoch: number,
    members: readonly { id: string; enc_pk: string }[],
  ): Promise<IssuedIndexKeyGrant[]> {
    this.#check();
    return this.#primary.call('prepareIndexKey', { epoch, members });
  }

  commitIndexKey(epoch: number): Promise<IndexKeyState> {
    this.#check();
    return this.#primary.call('commitIndexKey', { epoch });
  }

  /** What this keyring holds of the team's index key. */
  indexKeyState(): Promise<IndexKeyState> {
    this.#check();
    return this.#primary.call('indexKeyState', null);
  }

  /**
   * The blind-index tags of account names (docs/protocol.md 12), made in the primary worker with
   * the held index key, in order (null for a name that normalises to nothing). Rejects with
   * NO_INDEX_KEY when no key is held.
   */
  tagNames(names: readonly string[]): Promise<{ epoch: number; tags: (string | null)[] }> {
    this.#check();
    return this.#primary.call('tagNames', { names });
  }

  /** Starts the decrypting workers, each given the X25519 key pair by the primary. */
  #startHelpers(): void {
    if (this.#helpers.length > 0 || this.#locked) return;
    for (let i = 1; i < decryptWorkerCount(); i++) {
      let helper: RpcClient<HelperApi>;
      try {
        helper = startHelperWorker();
      } catch {
        // No more workers: those there are do all the work, only slower.
        return;
      }
      const channel = new MessageChannel();
      this.#helpers.push(helper);
      // The key pair travels primary → helper on this channel; the page only relays the ports.
      void helper.call('receiveKey', { port: channel.port2 }, [channel.port2]).catch(() => undefined);
      void this.#primary
        .call('shareDecryptKey', { port: channel.port1 }, [channel.port1])
        .catch(() => undefined);
    }
  }

  /** Every worker that decrypts: the primary first, then the decrypting ones. */
  #decryptWorkers(): RpcClient<DecryptApi>[] {
    return [this.#primary, ...this.#helpers];
  }

  /** Spreads chunks of work over the workers; each takes the next chunk when it is free. */
  async #spread<I, O>(
    items: readonly I[],
    chunkSize: number,
    run: (worker: RpcClient<DecryptApi>, chunk: readonly I[]) => Promise<O[]>,
    onProgress?: (progress: Progress) => void,
    signal?: AbortSignal,
  ): Promise<O[]> {
    this.#check();
    const chunks: (readonly I[])[] = [];
    for (let i = 0; i < items.length; i += chunkSize) chunks.push(items.slice(i, i + chunkSize));
    const results: O[][] = new Array<O[]>(chunks.length);
    let next = 0;
    let done = 0;
    await Promise.all(
      this.#decryptWorkers().map(async (worker) => {
        while (next < chunks.length && signal?.aborted !== true) {
          const index = next++;
          const chunk = chunks[index] ?? [];
          results[index] = await run(worker, chunk);
          done += chunk.length;
          onProgress?.({ done, total: items.length });
        }
      }),
    );
    return results.flat();
  }

  /**
   * Every case granted to this member, for the list. The workers fetch the pages of
   * GET /api/cases and each opens the summaries of the pages it fetched, a chunk at a time, so the
   * page's thread never parses or copies ciphertext. The first page (small, for the first screen)
   * is fetched beside GET /api/cases/boundaries; the list's ranges of CASE_PAGE cases are then
   * fetched RANGES_AT_ONCE at a time, each page of a range after the one before (its `next`), so
   * that one page's round trip does not wait for the last. Without boundaries (an older server),
   * the pages come one after another. Each page goes to the worker with the least decrypting still
   * queued. Cases whose id is in `skip` (already open in this session) are not decrypted again.
   *
   * `onBatch` hears each chunk as it is done: the metadata of its cases (skipped ones included,
   * so the page can show them at once) and the summaries opened, in the order the workers finish
   * (roughly newest first). The result is all of it together. Aborting stops fetching and
   * decrypting; what was done by then is the result.
   *
   * Rejects with the API's error code (e.g. `unauthorized`) as a WorkerError; the batches given
   * before then stay valid.
   */
  async openCaseList(
    team: string,
    options: {
      skip?: ReadonlySet<string>;
      signal?: AbortSignal;
      /** `total`: the list's size as the first page told it, once known. */
      onProgress?: (progress: { fetched: number; decrypted: number; more: boolean; total?: number }) => void;
      onBatch?: (batch: { rows: CaseMeta[]; opened: OpenedSummary[] }) => void;
    } = {},
  ): Promise<{ rows: CaseMeta[]; opened: OpenedSummary[] }> {
    this.#check();
    const skip = options.skip ?? new Set<string>();
    const stopped = () => options.signal?.aborted === true || this.#locked;
    const workers = this.#decryptWorkers();
    // Decryption is queued per worker one chunk at a time, so that a page fetch sent to a busy
    // worker runs between two chunks instead of after all of them.
    const queues = workers.map(() => Promise.resolve());
    const queued = workers.map(() => 0);
    const rows: CaseMeta[] = [];
    const opened: OpenedSummary[] = [];
    const work: Promise<void>[] = [];
    let fetched = 0;
    let decrypted = 0;
    /** Pages are still to be fetched. */
    let more = true;
    let total: number | undefined;
    const report = () =>
      options.onProgress?.({ fetched, decrypted, more, ...(total === undefined ? {} : { total }) });
    const leastBusy = (): number => queued.indexOf(Math.min(...queued));

    /** One page of a range: fetched by the least busy worker, its chunks queued on that worker. */
    const fetchPage = async (cursor: string | null, until: string | null, first: boolean) => {
      const w = leastBusy();
      const worker = workers[w] ?? this.#primary;
      // A page on its way counts as work queued there, so the other range's goes elsewhere.
      queued[w] = (queued[w] ?? 0) + 1;
      const page = await worker
        .call('fetchCasePage', { cursor, until, limit: first ? FIRST_CASE_PAGE : CASE_PAGE })
        .finally(() => {
          queued[w] = (queued[w] ?? 1) - 1;
        });
      // Never below what has arrived: cases added since the list was counted.
      if (page.total !== null) total = page.total;
      if (total !== undefined) total = Math.max(total, fetched + page.rows.length);
      rows.push(...page.rows);
      fetched += page.rows.length;
      const known = page.rows.filter((r) => skip.has(r.id)).map((r) => r.id);
      decrypted += known.length;
      for (const [from, to] of chunkBounds(page.rows.length, first)) {
        queued[w] = (queued[w] ?? 0) + 1;
        const chunk = (queues[w] ?? Promise.resolve())
          .then(async () => {
            if (stopped()) return;
            const result = await worker.call('openPageChunk', {
              team,
              pageId: page.pageId,
              from,
              to,
              skip: known,
            });
            opened.push(...result);
            decrypted += result.length;
            report();
            const batchRows = page.rows.slice(from, to);
            if (batchRows.length > 0 && !stopped()) options.onBatch?.({ rows: batchRows, opened: result });
          })
          .finally(() => {
            queued[w] = (queued[w] ?? 1) - 1;
          });
        queues[w] = chunk.catch(() => undefined);
        work.push(chunk);
      }
      return page.next;
    };

    /** Every page of one range, from `cursor` (exclusive) down to `until` (inclusive). */
    const walkRange = async (cursor: string, until: string | null) => {
      let next: string | null = cursor;
      do {
        next = await fetchPage(next, until, false);
        report();
      } while (next !== null && !stopped());
    };

    try {
      // The first page and the boundaries side by side; without boundaries, one walk.
      const boundaries = this.#caseBoundaries();
      const firstNext = await fetchPage(null, null, true);
      report();
      const cut = await boundaries;
      if (cut !== null && total === undefined) total = cut.total;
      if (firstNext !== null && !stopped()) {
        const edges = cut?.boundaries ?? [];
        // Range 0 goes on from the first page; range i + 1 starts after boundary i.
        const ranges: [string, string | null][] = [[firstNext, edges[0] ?? null]];
        edges.forEach((edge, i) => ranges.push([edge, edges[i + 1] ?? null]));
        let nextRange = 0;
        await Promise.all(
          Array.from({ length: Math.min(RANGES_AT_ONCE, ranges.length) }, async () => {
            for (let range = ranges[nextRange++]; range && !stopped(); range = ranges[nextRange++]) {
              await walkRange(range[0], range[1]);
            }
          }),
        );
      }
      more = false;
      report();
      await Promise.all(work);
    } catch (error) {
      // Chunks already under way must not end as unhandled rejections.
      await Promise.allSettled(work);
      throw error;
    } finally {
      if (options.signal?.aborted === true && !this.#locked) {
        // Pages fetched but not decrypted would wait in their workers for ever.
        await Promise.allSettled(work);
        for (const worker of workers) void worker.call('dropPages', null).catch(() => undefined);
      }
    }
    return { rows, opened };
  }

  /**
   * GET /api/cases/boundaries for ranges of CASE_PAGE cases, through the least busy worker; null
   * when the server cannot say (an older server): the list is then fetched page after page.
   */
  #caseBoundaries(): Promise<{ total: number; boundaries: string[] } | null> {
    const workers = this.#decryptWorkers();
    const worker = workers[workers.length - 1] ?? this.#primary;
    // Any failure only costs speed: a session that ended fails the first page as well.
    return worker.call('fetchCaseBoundaries', { every: CASE_PAGE }).catch(() => null);
  }

  /**
   * Which code computes X25519 for the list in the decrypting workers: 'webcrypto' when every
   * one of them uses the platform's (crypto's sealedBoxOpener), else 'libsodium'. For the
   * list's User Timing detail, read by benchmarks and tests.
   */
  async x25519Engine(): Promise<X25519Engine> {
    this.#check();
    const engines = await Promise.all(this.#decryptWorkers().map((w) => w.call('x25519Engine', null)));
    return engines.every((e) => e === 'webcrypto') ? 'webcrypto' : 'libsodium';
  }

  /**
   * "Search inside whole reports": for each case of `caseIds`, the lowercased search text of its
   * whole report (what happened, links and their notes, names, place, summary), fetched with
   * GET /api/cases/bodies, 50 at a time (neither read marks nor the audit log change) and decrypted
   * inside the decrypting workers, spread over all of them. Cases that cannot be read (gone,
   * purged, not decryptable) are not in the map. Only the text comes to the page, never the body.
   *
   * Aborting rejects with an AbortError once the chunks under way are back. Rejects with code
   * `unauthorized` when the session ended, and with the API's network code when it is offline.
   */
  async searchReportBodies(
    team: string,
    caseIds: readonly string[],
    options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<Map<string, string>> {
    const { signal, onProgress } = options;
    // Read through a function: the answer changes across the await below.
    const aborted = () => signal?.aborted === true;
    if (aborted()) throw abortError();
    const found = await this.#spread(
      caseIds,
      BODY_SEARCH_CHUNK,
      (worker, chunk) => worker.call('searchBodies', { team, caseIds: chunk }),
      onProgress && ((progress) => onProgress(progress.done, progress.total)),
      signal,
    );
    if (aborted()) throw abortError();
    return new Map(found.map((f) => [f.id, f.text]));
  }

  /**
   * docs/review-notes.md R-3, for an admin's re-grant: each case's exclusions as served and as the
   * reporter wrote them inside the report, read from the whole body (a summary carries none), on
   * every decrypting worker with progress. Cases that cannot be read are left out of the answer.
   */
  readReportExclusions(
    team: string,
    caseIds: readonly string[],
    onProgress?: (progress: Progress) => void,
  ): Promise<{ id: string; served: readonly string[]; body: readonly string[] | null }[]> {
    return this.#spread(
      caseIds,
      BODY_SEARCH_CHUNK,
      (worker, chunk) => worker.call('readExclusions', { team, caseIds: chunk }),
      onProgress,
    );
  }

  /**
   * docs/protocol.md 12, for the blind index: the account names each case of `caseIds` gives to
   * tag (crypto's reportParties: the involved accounts as written, in order, and the reporter's
   * own account when the reporter is the target), read from the whole body fetched with
   * GET /api/cases/bodies on every decrypting worker, as `searchReportBodies` does.
   * Cases that cannot be read (gone, purged, not decryptable) are left out. Nothing is verified
   * here: the names only make tags, or are shown beside a case the member can open and check.
   *
   * Aborting rejects with an AbortError once the chunks under way are back. Rejects with code
   * `unauthorized` when the session ended, and with the API's network code when it is offline.
   */
  async readReportParties(
    team: string,
    caseIds: readonly string[],
    options: { signal?: AbortSignal; onProgress?: (progress: Progress) => void } = {},
  ): Promise<{ id: string; involved: string[]; reporter: string | null }[]> {
    const { signal, onProgress } = options;
    // Read through a function: the answer changes across the await below.
    const aborted = () => signal?.aborted === true;
    if (aborted()) throw abortError();
    const found = await this.#spread(
      caseIds,
      BODY_SEARCH_CHUNK,
      (worker, chunk) => worker.call('readParties', { team, caseIds: chunk }),
      onProgress,
      signal,
    );
    if (aborted()) throw abortError();
    return found.map((f) => ({ id: f.id, involved: [...f.involved], reporter: f.reporter }));
  }

  /**
   * Verifies and opens one case with its items. `authors` maps member ids to `sign_pk` from
   * the verified roster (everyone it ever listed). Remembers the case's reporter key and
   * exclusions, so that `sealItem` refuses what the report forbids.
   */
  openCase(team: string, detail: SealedCaseInput, authors: Record<string, string>): Promise<OpenedCase> {
    this.#check();
    return this.#primary.call('openCase', { team, detail, authors });
  }

  /**
   * Encrypts and signs an item of an opened case: a message in the reporter's or the target's
   * thread, an internal note, or a record. A message is sealed to the reporter's or the target's
   * key as `openCase` checked it: REPORTER_KEY_UNTRUSTED or TARGET_KEY_UNTRUSTED when it did not.
   */
  sealItem(request: SealItemRequest): Promise<SealedItemOutput> {
    this.#check();
    return this.#primary.call('sealItem', request);
  }

  /**
   * A receipt for the target of an opened case (docs/protocol.md 8.5), and the invitation to POST
   * to /api/cases/{id}/target. Argon2id (64 MiB) runs in a throw-away worker, which keeps nothing
   * of the receipt's secret keys; the primary signs the case and the receipt's public keys as this
   * member. The receipt is secret: show it once, never send or store it. Rejects with
   * CASE_NOT_OPEN for a case not opened with `openCase` in this session.
   */
  async makeTargetReceipt(team: string, caseId: string): Promise<TargetReceipt> {
    this.#check();
    const worker = startKdfWorker();
    this.#kdfWorkers.add(worker);
    let made: { receipt: string; box_pk: string; sign_pk: string; lookup_hash: string };
    try {
      made = await worker.call('createTargetReceipt', null);
    } finally {
      worker.terminate();
      this.#kdfWorkers.delete(worker);
    }
    const { receipt, box_pk, sign_pk, lookup_hash } = made;
    const sig = await this.#primary.call('signTargetInvitation', { team, caseId, box_pk, sign_pk });
    return { receipt, invitation: { box_pk, sign_pk, lookup_hash, sig } };
  }

  /**
   * Seals and signs a referral of an opened case to another team (docs/protocol.md 10.10): the
   * packet body the page built, to every active member of the receiving team's verified roster
   * and to the reporter (with the keys `openCase` checked, written into the packet here), signed
   * with this member's key. Rejects with CASE_NOT_OPEN for a case not opened in this session,
   * REPORTER_KEY_UNTRUSTED when its reporter keys did not check out, BAD_REFERRAL for a packet
   * that does not refer that case as this member.
   */
  sealReferral(request: SealReferralRequest): Promise<SealedReferralOutput> {
    this.#check();
    return this.#primary.call('sealReferral', request);
  }

  /** Encrypts the member's own settings to their own key (docs/protocol.md 5.7). */
  sealMemberSettings(personalDetails: readonly string[]): Promise<MemberSettingsSealed> {
    this.#check();
    return this.#primary.call('sealMemberSettings', { personalDetails });
  }

  /** Opens the member's own settings, as GET /api/me/settings returned them. */
  openMemberSettings(sealed: MemberSettingsSealed): Promise<MemberSettingsView> {
    this.#check();
    return this.#primary.call('openMemberSettings', { sealed });
  }

  /** Re-seals content keys this member holds to a member who joined after them. */
  async regrant(
    objects: readonly RegrantInput[],
    to: { id: string; enc_pk: string },
    onProgress?: (progress: Progress) => void,
  ): Promise<{ grants: RegrantOutput[]; failed: number }> {
    let failed = 0;
    const grants = await this.#spread(
      objects,
      REGRANT_CHUNK,
      async (worker, chunk) => {
        const reply = await worker.call('regrant', { objects: chunk, to });
        failed += reply.failed;
        return reply.grants;
      },
      onProgress,
    );
    return { grants, failed };
  }

  /** Ends every worker of this keyring. Its keys are gone; make a new Keyring to unlock again. */
  lock(): void {
    this.#locked = true;
    this.#primary.terminate();
    for (const helper of this.#helpers) helper.terminate();
    this.#helpers = [];
    for (const kdf of this.#kdfWorkers) kdf.terminate();
    this.#kdfWorkers.clear();
  }
}
