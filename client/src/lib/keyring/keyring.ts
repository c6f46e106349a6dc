/**
 * The page's handle on a team member's keys (STYLE.md: "the UI holds references, not
 * bytes"). A Keyring owns up to two Web Workers that hold the keys:
 *
 *   primary  both key pairs and the team index key: opens cases, seals items, signs roster
 *            entries, seals the index key to new members;
 *   helper   a copy of the X25519 key pair only, handed over worker-to-worker: the second core
 *            for bulk work (the case list, re-grants);
 *
 * and starts a short-lived third one for each Argon2id run (see kdf.worker.ts), which hands
 * the key-encryption key to the primary directly. Nothing returned from here is secret
 * except what the page must show: decrypted case content and a new recovery code.
 *
 * `lock()` terminates every worker: the keys are gone with them.
 */
import type { Envelope, KdfParams, RecoveredCredentialsWire, RosterRow } from '#crypto';
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
  MemberCredentials,
  OpenedCase,
  OpenedSummary,
  PublicIdentity,
  RegrantInput,
  RegrantOutput,
  RosterChangeRequest,
  SealedCaseInput,
  SealedItemOutput,
  SealedSummaryInput,
  SealItemRequest,
} from './types';

export type * from './types';
export type { MemberSettingsSealed, MemberSettingsView } from './api';

/** Cases per message to a worker: large enough to amortise the hop, small enough to share evenly. */
const SUMMARY_CHUNK = 250;
/** Cases per GET /api/cases (the server's largest page). */
const CASE_PAGE = 1000;
/** Grants per message: each costs two X25519 operations. */
const REGRANT_CHUNK = 100;

/** True when `error` came from a keyring worker with this code (e.g. WRONG_PASSPHRASE, KDF_TOO_WEAK). */
export function isKeyringError(error: unknown, code?: string): error is WorkerError {
  return error instanceof WorkerError && (code === undefined || error.code === code);
}

function startKeyringWorker(): RpcClient<KeyringApi> {
  return connectRpc<KeyringApi>(
    new Worker(new URL('./keyring.worker.ts', import.meta.url), { type: 'module', name: 'confide-keyring' }),
  );
}

function startHelperWorker(): RpcClient<HelperApi> {
  return connectRpc<HelperApi>(
    new Worker(new URL('./decrypt.worker.ts', import.meta.url), { type: 'module', name: 'confide-decrypt' }),
  );
}

function startKdfWorker(): RpcClient<KdfApi> {
  return connectRpc<KdfApi>(
    new Worker(new URL('./kdf.worker.ts', import.meta.url), { type: 'module', name: 'confide-kdf' }),
  );
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
  #helper: RpcClient<HelperApi> | undefined;
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
    indexKeyGrant: string | null;
  }): Promise<PublicIdentity> {
    this.#check();
    const identity = await this.#primary.call('openBundle', args);
    this.#startHelper();
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
    indexKeyGrant: string | null,
    expected?: { enc_pk: string; sign_pk: string },
  ): Promise<PublicIdentity> {
    this.#check();
    const identity = await this.#primary.call(
      'adoptIdentity',
      expected === undefined ? { indexKeyGrant } : { indexKeyGrant, expected },
    );
    this.#startHelper();
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

  newIndexKeyGrant(): Promise<string> {
    this.#check();
    return this.#primary.call('newIndexKeyGrant', null);
  }

  /** Signs the next roster entry after `previous` (the verified head) as this member. */
  signRosterChange(request: RosterChangeRequest): Promise<RosterRow> {
    this.#check();
    return this.#primary.call('signRosterChange', request);
  }

  sealIndexKeyFor(encPublicKey: string): Promise<string> {
    this.#check();
    return this.#primary.call('sealIndexKeyFor', { enc_pk: encPublicKey });
  }

  #startHelper(): void {
    if (this.#helper || this.#locked) return;
    try {
      const helper = startHelperWorker();
      const channel = new MessageChannel();
      this.#helper = helper;
      // The key pair travels primary → helper on this channel; the page only relays the ports.
      void helper.call('receiveKey', { port: channel.port2 }, [channel.port2]).catch(() => undefined);
      void this.#primary
        .call('shareDecryptKey', { port: channel.port1 }, [channel.port1])
        .catch(() => undefined);
    } catch {
      // No second worker: the primary does all the work, only slower.
      this.#helper = undefined;
    }
  }

  /** Spreads chunks of work over the workers; each takes the next chunk when it is free. */
  async #spread<I, O>(
    items: readonly I[],
    chunkSize: number,
    run: (worker: RpcClient<DecryptApi>, chunk: readonly I[]) => Promise<O[]>,
    onProgress?: (progress: Progress) => void,
  ): Promise<O[]> {
    this.#check();
    const chunks: (readonly I[])[] = [];
    for (let i = 0; i < items.length; i += chunkSize) chunks.push(items.slice(i, i + chunkSize));
    const results: O[][] = new Array<O[]>(chunks.length);
    let next = 0;
    let done = 0;
    const workers: RpcClient<DecryptApi>[] = this.#helper ? [this.#primary, this.#helper] : [this.#primary];
    await Promise.all(
      workers.map(async (worker) => {
        while (next < chunks.length) {
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
   * Decrypts the list view of many cases on both cores, in the order given. A case that
   * does not open comes back `{ ok: false, code }`, never as an empty case.
   */
  openCaseSummaries(
    team: string,
    cases: readonly SealedSummaryInput[],
    onProgress?: (progress: Progress) => void,
  ): Promise<OpenedSummary[]> {
    return this.#spread(
      cases,
      SUMMARY_CHUNK,
      (worker, chunk) => worker.call('openSummaries', { team, cases: chunk }),
      onProgress,
    );
  }

  /**
   * Every case granted to this member, for the list: each worker fetches a page of
   * GET /api/cases in turn and decrypts it, so the page's thread never parses or copies
   * ciphertext and the network keeps going while the other worker decrypts. Cases whose id
   * is in `skip` (already open in this session) are not decrypted again.
   *
   * Rejects with the API's error code (e.g. `unauthorized`) as a WorkerError.
   */
  async openCaseList(
    team: string,
    options: {
      skip?: ReadonlySet<string>;
      signal?: AbortSignal;
      onProgress?: (progress: { fetched: number; decrypted: number; more: boolean }) => void;
    } = {},
  ): Promise<{ rows: CaseMeta[]; opened: OpenedSummary[] }> {
    this.#check();
    const skip = options.skip ?? new Set<string>();
    const workers: RpcClient<DecryptApi>[] = this.#helper ? [this.#primary, this.#helper] : [this.#primary];
    // Decryption is queued per worker one chunk at a time, so that a page fetch sent to a busy
    // worker runs between two chunks instead of after all of them.
    const queues = workers.map(() => Promise.resolve());
    const rows: CaseMeta[] = [];
    const opened: OpenedSummary[] = [];
    const work: Promise<void>[] = [];
    let fetched = 0;
    let decrypted = 0;
    let more = true;
    let cursor: string | null = null;
    const report = () => options.onProgress?.({ fetched, decrypted, more });
    try {
      for (let n = 0; more && options.signal?.aborted !== true; n++) {
        const w = n % workers.length;
        const worker = workers[w] ?? this.#primary;
        const page: { pageId: number; next: string | null; rows: CaseMeta[] } = await worker.call(
          'fetchCasePage',
          { cursor, limit: CASE_PAGE },
        );
        cursor = page.next;
        more = cursor !== null;
        rows.push(...page.rows);
        fetched += page.rows.length;
        const known = page.rows.filter((r) => skip.has(r.id)).map((r) => r.id);
        decrypted += known.length;
        report();
        for (let from = 0; from < Math.max(page.rows.length, 1); from += SUMMARY_CHUNK) {
          const to = from + SUMMARY_CHUNK;
          const chunk = (queues[w] ?? Promise.resolve()).then(async () => {
            if (this.#locked) return;
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
          });
          queues[w] = chunk.catch(() => undefined);
          work.push(chunk);
        }
      }
      await Promise.all(work);
    } catch (error) {
      // Chunks already under way must not end as unhandled rejections.
      await Promise.allSettled(work);
      throw error;
    } finally {
      if (options.signal?.aborted === true && !this.#locked) {
        for (const worker of workers) void worker.call('dropPages', null).catch(() => undefined);
      }
    }
    return { rows, opened };
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

  /** Encrypts and signs a message to the reporter or an internal note of an opened case. */
  sealItem(request: SealItemRequest): Promise<SealedItemOutput> {
    this.#check();
    return this.#primary.call('sealItem', request);
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
    this.#helper?.terminate();
    this.#helper = undefined;
    for (const kdf of this.#kdfWorkers) kdf.terminate();
    this.#kdfWorkers.clear();
  }
}
