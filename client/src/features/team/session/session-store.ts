/**
 * The signed-in member's console session, outside React so that moving between pages (even
 * to the public ones) neither drops the keys nor the idle timer.
 *
 *   checking    asking the server whether a session cookie is live
 *   signed-out  no session: the sign-in form
 *   locked      a live session, but the keys are gone (reload, idle, "Lock"): passphrase only
 *   unlocked    keys in the keyring workers; the console is usable
 *
 * Locking terminates the keyring workers. Pages unmount their decrypted content when the
 * state leaves `unlocked`, so nothing decrypted outlives the keys.
 */
import { ApiError } from '../../../lib/api-client';
import { isKeyringError, Keyring, type PublicIdentity } from '../../../lib/keyring/keyring';
import { loadCrypto } from '../../../lib/load-crypto';
import { loadVerifiedTeam, RosterTrustError, type VerifiedTeam } from '../api/roster';
import {
  createSession,
  deleteSession,
  getSession,
  getSessionParams,
  type SessionReply,
} from '../api/session';
import { ACTIVITY_EVENTS, createIdleTimer, type IdleTimer } from '../lib/idle-timer';

export interface SessionMember {
  readonly id: string;
  readonly name: string;
  readonly role: 'admin' | 'member';
}

export interface SessionTeam {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
}

export type LockReason = 'reload' | 'idle' | 'manual';

export type SessionState =
  | { readonly status: 'checking' }
  | { readonly status: 'signed-out'; readonly notice: string | null }
  | {
      readonly status: 'locked';
      readonly member: SessionMember;
      readonly team: SessionTeam;
      readonly reason: LockReason;
    }
  | {
      readonly status: 'unlocked';
      readonly member: SessionMember;
      readonly team: SessionTeam;
      readonly keyring: Keyring;
      readonly identity: PublicIdentity;
      /** The team's public page and verified roster as of unlocking (pages re-verify before use). */
      readonly verifiedTeam: VerifiedTeam;
      readonly idleLockMinutes: number;
    };

/** A failure a person can act on, in words; `code` for tests and branching. */
export class SignInError extends Error {
  override readonly name = 'SignInError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** One message for an unknown name and a wrong passphrase: names cannot be probed. */
export const SIGN_IN_FAILED = 'That name and passphrase do not match a member of this team.';
const SESSION_ENDED = 'Your session ended. Please sign in again.';
const WRONG_PASSPHRASE = 'That passphrase does not unlock your keys. Check it and try again.';
const WEAK_KDF =
  'The server asked this browser to protect your passphrase with weaker settings than Confide allows. ' +
  'Your passphrase was not used. This may be an attack on the server: tell your team’s admins.';
const KEYS_MISMATCH =
  'The keys the server sent for you are not the ones on the team roster. Nothing was unlocked. ' +
  'Tell your team’s admins: the server may have been tampered with.';
const ROSTER_FAILED =
  'The team’s member list did not pass this browser’s checks, so nothing was unlocked. ' +
  'Tell your team’s admins: the server may have been tampered with.';

function translate(error: unknown): SignInError {
  if (error instanceof SignInError) return error;
  if (isKeyringError(error, 'WRONG_PASSPHRASE')) return new SignInError('wrong_passphrase', WRONG_PASSPHRASE);
  if (isKeyringError(error, 'KDF_TOO_WEAK') || isKeyringError(error, 'KDF_UNSUPPORTED'))
    return new SignInError('weak_kdf', WEAK_KDF);
  if (isKeyringError(error, 'BAD_KEY')) return new SignInError('keys_mismatch', KEYS_MISMATCH);
  if (error instanceof ApiError) {
    if (error.status === 401) return new SignInError('sign_in_failed', SIGN_IN_FAILED);
    return new SignInError(error.code, error.message);
  }
  return new SignInError('unexpected', 'Something went wrong while unlocking. Please try again.');
}

type Listener = () => void;

/**
 * "This tab signed in to the console": a flag in sessionStorage (this tab only, gone when it
 * closes; no name, no key), so that a page load checks GET /api/session only when a session
 * can exist. Everyone else, reporters included, gets the sign-in form without a request that
 * would answer 401.
 */
const SESSION_FLAG = 'confide.team-session';

function flagSession(on: boolean): void {
  try {
    if (on) sessionStorage.setItem(SESSION_FLAG, '1');
    else sessionStorage.removeItem(SESSION_FLAG);
  } catch {
    // Storage refused: the check below then always asks the server.
  }
}

function mayHaveSession(): boolean {
  try {
    return sessionStorage.getItem(SESSION_FLAG) === '1';
  } catch {
    return true;
  }
}

class TeamSessionStore {
  #state: SessionState = { status: 'checking' };
  #listeners = new Set<Listener>();
  #idle: IdleTimer | undefined;
  #removeActivityListeners: (() => void) | undefined;
  #checking: Promise<void> | undefined;

  subscribe = (listener: Listener): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): SessionState => this.#state;

  #set(state: SessionState): void {
    this.#state = state;
    for (const listener of this.#listeners) listener();
  }

  /** Once per page load: a live cookie means "locked" (keys never survive a reload). */
  check(): Promise<void> {
    this.#checking ??= (async () => {
      if (!mayHaveSession()) {
        if (this.#state.status === 'checking') this.#set({ status: 'signed-out', notice: null });
        return;
      }
      try {
        const session = await getSession();
        if (this.#state.status === 'checking') {
          this.#set({ status: 'locked', member: session.member, team: session.team, reason: 'reload' });
        }
      } catch {
        flagSession(false);
        if (this.#state.status === 'checking') this.#set({ status: 'signed-out', notice: null });
      }
    })();
    return this.#checking;
  }

  /** Sign-in: parameters, Argon2id in a worker, session, roster check, unlock. */
  async signIn(slug: string, name: string, passphrase: string): Promise<void> {
    const keyring = Keyring.create();
    try {
      const kdf = await getSessionParams(slug, name);
      const auth = await keyring.deriveAuth(passphrase, kdf);
      const session = await createSession(slug, name, auth);
      await this.#open(keyring, session);
    } catch (error) {
      keyring.lock();
      throw translate(error);
    }
  }

  /** The locked screen: the session is live, only the keys must be opened again. */
  async unlock(passphrase: string): Promise<void> {
    const keyring = Keyring.create();
    try {
      let session: SessionReply;
      try {
        session = await getSession();
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          this.sessionEnded();
          throw new SignInError('session_ended', SESSION_ENDED);
        }
        throw error;
      }
      await keyring.deriveAuth(passphrase, session.kdf);
      await this.#open(keyring, session);
    } catch (error) {
      keyring.lock();
      throw translate(error);
    }
  }

  async #open(keyring: Keyring, session: SessionReply): Promise<void> {
    let verifiedTeam: VerifiedTeam;
    try {
      verifiedTeam = await loadVerifiedTeam(session.team.slug);
    } catch (error) {
      if (error instanceof RosterTrustError) throw new SignInError('roster_invalid', error.message);
      if (error instanceof ApiError) throw error;
      throw new SignInError('roster_invalid', ROSTER_FAILED);
    }
    if (verifiedTeam.id !== session.team.id) throw new SignInError('roster_invalid', ROSTER_FAILED);
    const me = verifiedTeam.roster.active.get(session.member.id);
    if (!me) throw new SignInError('roster_invalid', ROSTER_FAILED);
    const { keyToBase64 } = await loadCrypto();
    const identity = await keyring.unlock({
      team: session.team.id,
      memberId: session.member.id,
      keys: session.keys,
      expected: { enc_pk: keyToBase64(me.encPublicKey), sign_pk: keyToBase64(me.signPublicKey) },
      indexKeyGrant: session.indexKeyGrant,
    });
    this.#release();
    flagSession(true);
    this.#set({
      status: 'unlocked',
      member: { id: session.member.id, name: session.member.name, role: me.role },
      team: session.team,
      keyring,
      identity,
      verifiedTeam,
      idleLockMinutes: session.idleLockMinutes,
    });
    this.#startIdleTimer(session.idleLockMinutes);
  }

  /** Keeps the unlocked state's roster current after a page verified a newer one. */
  updateVerifiedTeam(verifiedTeam: VerifiedTeam): void {
    const state = this.#state;
    if (state.status !== 'unlocked' || verifiedTeam.id !== state.team.id) return;
    const me = verifiedTeam.roster.active.get(state.member.id);
    this.#set({
      ...state,
      verifiedTeam,
      member: me ? { ...state.member, role: me.role } : state.member,
    });
  }

  #startIdleTimer(minutes: number): void {
    this.#idle?.stop();
    const timer = createIdleTimer({ timeoutMs: minutes * 60_000, onIdle: () => this.lock('idle') });
    this.#idle = timer;
    const onActivity = () => timer.activity();
    for (const type of ACTIVITY_EVENTS)
      window.addEventListener(type, onActivity, { passive: true, capture: true });
    this.#removeActivityListeners = () => {
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, onActivity, { capture: true });
    };
  }

  /** Ends the keys and timers of the current state, whatever it is. */
  #release(): void {
    this.#idle?.stop();
    this.#idle = undefined;
    this.#removeActivityListeners?.();
    this.#removeActivityListeners = undefined;
    if (this.#state.status === 'unlocked') this.#state.keyring.lock();
  }

  /** Terminates the keyring workers; the session cookie stays, so only the passphrase is asked. */
  lock(reason: LockReason = 'manual'): void {
    const state = this.#state;
    if (state.status !== 'unlocked') return;
    this.#release();
    this.#set({ status: 'locked', member: state.member, team: state.team, reason });
  }

  async signOut(): Promise<void> {
    this.#release();
    flagSession(false);
    try {
      await deleteSession();
    } finally {
      this.#set({ status: 'signed-out', notice: 'You have signed out.' });
    }
  }

  /** The server said the session is gone (401 on a console call): keys go too. */
  sessionEnded(): void {
    if (this.#state.status === 'signed-out') return;
    this.#release();
    flagSession(false);
    this.#set({ status: 'signed-out', notice: SESSION_ENDED });
  }
}

export const teamSession = new TeamSessionStore();
