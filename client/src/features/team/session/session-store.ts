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
import { i18n, type MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import type { SecondFactorMethod } from '#contract/enumerations';
import { ApiError } from '../../../lib/api-client';
import { errorText } from '../../../lib/error-words';
import {
  isKeyringError,
  Keyring,
  type IndexKeyGrantInput,
  type PublicIdentity,
} from '../../../lib/keyring/keyring';
import { loadCrypto } from '../../../lib/load-crypto';
import { completeRecovery, startRecovery } from '../api/account';
import { loadVerifiedTeam, RosterTrustError, type VerifiedTeam } from '../api/roster';
import {
  answerSecondFactor,
  createSession,
  deleteSession,
  getSession,
  getSessionParams,
  type SecondFactorChallenge,
  type SecondFactorProof,
  type SessionReply,
  type SignInOutcome,
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
  /** `notice` is translated where it is shown, in the page's language then. */
  | { readonly status: 'signed-out'; readonly notice: MessageDescriptor | null }
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
      /** The team requires a second factor and the member has none: the console asks for one first. */
      readonly mustAddSecondFactor: boolean;
      /**
       * The team's index-key epoch as the server last said (0: no signed key yet); what the
       * keyring holds is `keyring.indexKeyState()`.
       */
      readonly indexEpoch: number;
      /** The server said a removal left the key due for renewal (as of unlocking). */
      readonly indexKeyDue: boolean;
    };

/**
 * A sign-in (or a recovery) the server accepted up to its second factor. The keys wait in the
 * keyring meanwhile; `answer` opens the console, `cancel` wipes them.
 */
export interface SecondFactorStep {
  readonly methods: readonly SecondFactorMethod[];
  /** Options for navigator.credentials.get, when the member has a security key or passkey. */
  readonly webauthn: Record<string, unknown> | null;
  /**
   * Sends one proof. Resolves once the console is unlocked; rejects with a SignInError whose
   * code is the server's (`second_factor_invalid` for a wrong code: try again;
   * `second_factor_token_invalid` when this step is over: start again).
   */
  answer(proof: SecondFactorProof): Promise<void>;
  cancel(): void;
}

/** Where a recovery is: for the page to say what takes the time. */
export type RecoveryStage = 'opening' | 'wrapping' | 'sending';

export interface RecoveryResult {
  /** The new recovery code, in force with the new passphrase. Secret: shown once, stored nowhere. */
  readonly recoveryCode: string;
  /** The second factor still to give, or null when the console is already unlocked. */
  readonly secondFactor: SecondFactorStep | null;
}

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

/**
 * The words of each failure, translated when the failure happens (in the page's language then).
 * One message for an unknown name and a wrong passphrase: names cannot be probed.
 */
const signInFailed = () => i18n._(msg`That name and passphrase do not match a member of this team.`);
const memberPending = () =>
  i18n._(
    msg`An admin has not approved you yet. Once an admin of your team has compared your key fingerprint with you and added you, you can sign in here with this passphrase.`,
  );
/** A descriptor: the sign-in page shows it, in whatever language the page is in by then. */
const SESSION_ENDED = msg`Your session ended. Please sign in again.`;
const stepOver = () => i18n._(msg`This sign-in has expired or was already used. Please start again.`);
const recoveryCodeWrong = () =>
  i18n._(
    msg`That recovery code does not open the keys of this name in this team. Check the code, the name and the team, and try again.`,
  );
const recoverySignatureRefused = () =>
  i18n._(
    msg`The server did not accept the proof made with your recovered keys, so nothing was changed. Please start again; if it happens again, tell your team’s admins.`,
  );
const recoveryNonceInvalid = () =>
  i18n._(msg`This recovery took too long or was already used, so nothing was changed. Please start again.`);
const notActive = () =>
  i18n._(
    msg`This name is not an active member on the team’s member list. If an admin has not approved you yet, wait for them; if you were removed from the team, ask an admin.`,
  );
const wrongPassphrase = () => i18n._(msg`That passphrase does not unlock your keys. Check it and try again.`);
const weakKdf = () =>
  i18n._(
    msg`The server asked this browser to protect your passphrase with weaker settings than Confide allows. Your passphrase was not used. This may be an attack on the server: tell your team’s admins.`,
  );
const keysMismatch = () =>
  i18n._(
    msg`The keys the server sent for you are not the ones on the team roster. Nothing was unlocked. Tell your team’s admins: the server may have been tampered with.`,
  );
const unexpected = () => i18n._(msg`Something went wrong while unlocking. Please try again.`);
const rosterFailed = () =>
  i18n._(
    msg`The team’s member list did not pass this browser’s checks, so nothing was unlocked. Tell your team’s admins: the server may have been tampered with.`,
  );

function translate(error: unknown): SignInError {
  if (error instanceof SignInError) return error;
  if (isKeyringError(error, 'WRONG_PASSPHRASE'))
    return new SignInError('wrong_passphrase', wrongPassphrase());
  if (isKeyringError(error, 'RECOVERY_CODE_WRONG'))
    return new SignInError('recovery_code_wrong', recoveryCodeWrong());
  if (isKeyringError(error, 'RECEIPT_MALFORMED'))
    return new SignInError('recovery_code_malformed', recoveryCodeWrong());
  if (isKeyringError(error, 'KDF_TOO_WEAK') || isKeyringError(error, 'KDF_UNSUPPORTED'))
    return new SignInError('weak_kdf', weakKdf());
  if (isKeyringError(error, 'BAD_KEY')) return new SignInError('keys_mismatch', keysMismatch());
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'member_pending':
        return new SignInError(error.code, memberPending());
      case 'second_factor_token_invalid':
        return new SignInError(error.code, stepOver());
      case 'recovery_signature_invalid':
        return new SignInError(error.code, recoverySignatureRefused());
      case 'recovery_nonce_invalid':
        return new SignInError(error.code, recoveryNonceInvalid());
      case 'second_factor_invalid':
        // The page words this for the method used (model/second-factor.ts).
        return new SignInError(error.code, errorText(error, unexpected()));
    }
    if (error.status === 401) return new SignInError('sign_in_failed', signInFailed());
    // The client's words for the code, in the page's language, not the server's English.
    return new SignInError(error.code, errorText(error, unexpected()));
  }
  return new SignInError('unexpected', unexpected());
}

/** The roster's public keys of a member, base64url, as the keyring compares them. */
async function rosterKeysOf(
  team: VerifiedTeam,
  memberId: string,
): Promise<{ enc_pk: string; sign_pk: string } | null> {
  const me = team.roster.active.get(memberId);
  if (!me) return null;
  const { keyToBase64 } = await loadCrypto();
  return { enc_pk: keyToBase64(me.encPublicKey), sign_pk: keyToBase64(me.signPublicKey) };
}

/** The team's verified page and roster, or a SignInError saying why it is not trusted. */
async function verifiedTeamOrFail(slug: string): Promise<VerifiedTeam> {
  try {
    return await loadVerifiedTeam(slug);
  } catch (error) {
    if (error instanceof RosterTrustError) throw new SignInError('roster_invalid', error.message);
    if (error instanceof ApiError) throw error;
    throw new SignInError('roster_invalid', rosterFailed());
  }
}

/**
 * The session's index-key grant with its signer's sign_pk, when the verified roster lists the
 * signer as an active admin (review-notes.md R-5): the keyring takes no other grant.
 */
async function indexKeyGrantInput(
  session: SessionReply,
  team: VerifiedTeam,
): Promise<IndexKeyGrantInput | null> {
  const grant = session.indexKey;
  if (grant === null) return null;
  const signer = team.roster.active.get(grant.by);
  if (!signer || signer.role !== 'admin') return { grant, signerSignPk: null };
  const { keyToBase64 } = await loadCrypto();
  return { grant, signerSignPk: keyToBase64(signer.signPublicKey) };
}

/** How the keys of a session are opened: with the passphrase's kek, or already held (recovery). */
type OpenKeys = (
  keyring: Keyring,
  session: SessionReply,
  expected: { enc_pk: string; sign_pk: string },
  indexKey: IndexKeyGrantInput | null,
) => Promise<PublicIdentity>;

const withPassphraseKek: OpenKeys = (keyring, session, expected, indexKey) =>
  keyring.unlock({
    team: session.team.id,
    memberId: session.member.id,
    keys: session.keys,
    expected,
    indexKey,
  });

const alreadyHeld: OpenKeys = (keyring, _session, expected, indexKey) =>
  keyring.adoptIdentity(indexKey, expected);

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

  /**
   * Sign-in: parameters, Argon2id in a worker, session, roster check, unlock. When the member
   * holds a second factor, resolves with the step that asks for it (the console opens once it
   * is answered); otherwise with null, the console open.
   */
  async signIn(slug: string, name: string, passphrase: string): Promise<SecondFactorStep | null> {
    const keyring = Keyring.create();
    try {
      const kdf = await getSessionParams(slug, name);
      const auth = await keyring.deriveAuth(passphrase, kdf);
      return await this.#proceed(keyring, await createSession(slug, name, auth), withPassphraseKek);
    } catch (error) {
      keyring.lock();
      throw translate(error);
    }
  }

  /**
   * Recovery with the recovery code (docs/protocol.md 5.8): the recovery copy of the keys is
   * opened in a worker, its keys compared with the verified roster, wrapped under the new
   * passphrase and a new recovery code, and the new credentials signed with the recovered key
   * over the server's nonce. The server then makes the old passphrase and recovery code useless:
   * at once, or, for a member with a second factor, once that is given.
   *
   * Resolves once the server has accepted the proof, with the new code (to show once the new
   * credentials are in force: from then on it is the only one) and the second factor still to
   * give, or null when the console is already open.
   */
  async recover(args: {
    slug: string;
    name: string;
    recoveryCode: string;
    passphrase: string;
    onStage?: (stage: RecoveryStage) => void;
  }): Promise<RecoveryResult> {
    const keyring = Keyring.create();
    try {
      args.onStage?.('opening');
      const start = await startRecovery(args.slug, args.name);
      const recovered = await keyring.openRecovery({
        team: start.teamId,
        memberId: start.memberId,
        copy: start.recovery,
        code: args.recoveryCode,
      });
      // The server chose which copy to serve: the keys in it must be this member's on the
      // roster this browser verified, or nothing is signed with them.
      const team = await verifiedTeamOrFail(args.slug);
      if (team.id !== start.teamId) throw new SignInError('roster_invalid', rosterFailed());
      const expected = await rosterKeysOf(team, start.memberId);
      if (expected === null) throw new SignInError('not_active', notActive());
      if (expected.enc_pk !== recovered.enc_pk || expected.sign_pk !== recovered.sign_pk) {
        throw new SignInError('keys_mismatch', keysMismatch());
      }

      args.onStage?.('wrapping');
      const rewrapped = await keyring.rewrap({ passphrase: args.passphrase, newRecoveryCode: true });
      if (rewrapped.recovery === null) {
        throw new SignInError('unexpected', i18n._(msg`No new recovery code was made.`));
      }
      const credentials = { ...rewrapped.credentials, recovery: rewrapped.recovery.copy };
      const sig = await keyring.signRecoveryProof(start.nonce, credentials);

      args.onStage?.('sending');
      const outcome = await completeRecovery({
        team: args.slug,
        name: args.name,
        nonce: start.nonce,
        credentials,
        sig,
      });
      const secondFactor = await this.#proceed(keyring, outcome, alreadyHeld);
      return { recoveryCode: rewrapped.recovery.code, secondFactor };
    } catch (error) {
      keyring.lock();
      throw translate(error);
    }
  }

  /** A session opens the console; a challenge becomes a step that opens it once answered. */
  async #proceed(
    keyring: Keyring,
    outcome: SignInOutcome,
    openKeys: OpenKeys,
  ): Promise<SecondFactorStep | null> {
    if (outcome.kind === 'second-factor') return this.#secondFactorStep(keyring, outcome.challenge, openKeys);
    await this.#open(keyring, outcome.session, openKeys);
    return null;
  }

  #secondFactorStep(
    keyring: Keyring,
    challenge: SecondFactorChallenge,
    openKeys: OpenKeys,
  ): SecondFactorStep {
    let over = false;
    const end = () => {
      over = true;
      keyring.lock();
    };
    return {
      methods: challenge.methods,
      webauthn: challenge.webauthn,
      answer: async (proof) => {
        if (over) throw new SignInError('second_factor_token_invalid', stepOver());
        let session: SessionReply;
        try {
          session = await answerSecondFactor(challenge.token, proof);
        } catch (error) {
          // A wrong code may be tried again (within the server's limit); anything else ends the step.
          if (!(error instanceof ApiError && error.code === 'second_factor_invalid')) end();
          throw translate(error);
        }
        over = true;
        try {
          await this.#open(keyring, session, openKeys);
        } catch (error) {
          keyring.lock();
          throw translate(error);
        }
      },
      cancel: () => {
        if (!over) end();
      },
    };
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
          throw new SignInError('session_ended', i18n._(SESSION_ENDED));
        }
        throw error;
      }
      await keyring.deriveAuth(passphrase, session.kdf);
      await this.#open(keyring, session, withPassphraseKek);
    } catch (error) {
      keyring.lock();
      throw translate(error);
    }
  }

  async #open(keyring: Keyring, session: SessionReply, openKeys: OpenKeys): Promise<void> {
    const verifiedTeam = await verifiedTeamOrFail(session.team.slug);
    if (verifiedTeam.id !== session.team.id) throw new SignInError('roster_invalid', rosterFailed());
    const me = verifiedTeam.roster.active.get(session.member.id);
    const expected = await rosterKeysOf(verifiedTeam, session.member.id);
    if (!me || expected === null) throw new SignInError('roster_invalid', rosterFailed());
    const identity = await openKeys(
      keyring,
      session,
      expected,
      await indexKeyGrantInput(session, verifiedTeam),
    );
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
      mustAddSecondFactor: session.mustAddSecondFactor,
      indexEpoch: session.indexEpoch,
      indexKeyDue: session.indexKeyDue,
    });
    this.#startIdleTimer(session.idleLockMinutes);
  }

  /** The member added a second factor: the console stops asking for one first. */
  secondFactorAdded(): void {
    const state = this.#state;
    if (state.status === 'unlocked' && state.mustAddSecondFactor) {
      this.#set({ ...state, mustAddSecondFactor: false });
    }
  }

  /** The team's index key moved to `epoch` (this console issued it, or the server said so). */
  updateIndexEpoch(epoch: number): void {
    const state = this.#state;
    if (state.status === 'unlocked' && state.indexEpoch !== epoch) {
      this.#set({ ...state, indexEpoch: epoch, indexKeyDue: false });
    }
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
      this.#set({ status: 'signed-out', notice: msg`You have signed out.` });
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
