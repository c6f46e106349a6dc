/**
 * The team's index key inside the keyring worker (docs/protocol.md 7 and 12): taken only from a
 * grant signed by an active admin of the verified roster (review-notes.md R-5), used to tag
 * account names, and sealed on to other members by an admin. The page never receives the key:
 * only tags, and grants sealed to members' public keys.
 */
import {
  blindIndexTagBase64,
  boxPublicKeyFromBase64,
  generateIndexKey,
  namesAnAccount,
  openIndexKeyGrant,
  signIndexKeyGrant,
  type IndexKey,
  type MemberKeys,
} from '#crypto';
import type { IndexKeyGrantInput, IndexKeyState, IssuedIndexKeyGrant, SignedIndexKeyGrant } from './types.js';

interface Held {
  readonly key: IndexKey;
  readonly epoch: number;
}

let held: Held | undefined;
let state: IndexKeyState = { status: 'none' };
/** A key made by `prepare` and sent to the server, waiting for `commit` once the server took it. */
let pending: Held | undefined;

function fail(code: string, message: string): never {
  throw Object.assign(new Error(message), { code });
}

function replaceHeld(next: Held | undefined): void {
  if (held && held.key !== next?.key) held.key.fill(0);
  held = next;
}

/** Forgets the key (locking, or another member's keys taking this worker's place). */
export function dropIndexKey(): void {
  replaceHeld(undefined);
  pending?.key.fill(0);
  pending = undefined;
  state = { status: 'none' };
}

/**
 * Takes the index key of the member's grant, as the session served it. A grant whose signer the
 * page did not find among the verified roster's active admins, whose signature does not verify,
 * or whose wrap does not open is refused: the member then has no index key, which only turns the
 * blind index off and never keeps them from their cases.
 */
export function adoptIndexKeyGrant(
  input: IndexKeyGrantInput | null,
  context: { team: string; memberId: string },
  keys: MemberKeys,
): IndexKeyState {
  replaceHeld(undefined);
  if (input === null) {
    state = { status: 'none' };
    return state;
  }
  if (input.signerSignPk === null) {
    state = { status: 'refused', epoch: input.grant.epoch, reason: 'signer_not_admin' };
    return state;
  }
  try {
    const key = openIndexKeyGrant(
      input.grant,
      { team: context.team, member: context.memberId },
      input.signerSignPk,
      keys.enc,
    );
    held = { key, epoch: input.grant.epoch };
    state = { status: 'held', epoch: input.grant.epoch };
  } catch (error) {
    const reason =
      (error as { code?: string }).code === 'SIGNATURE_INVALID' ? 'bad_signature' : 'does_not_open';
    state = { status: 'refused', epoch: input.grant.epoch, reason };
  }
  return state;
}

export function indexKeyState(): IndexKeyState {
  return state;
}

/** Whether a key is held (a new team's, made at set-up, before the session serves its grant). */
export function holdsIndexKey(): boolean {
  return held !== undefined;
}

/** Set-up: the team's first key (epoch 1), kept here, and the founding admin's own grant of it. */
export function newTeamIndexKey(
  context: { team: string; memberId: string },
  keys: MemberKeys,
): SignedIndexKeyGrant {
  const key = generateIndexKey();
  replaceHeld({ key, epoch: 1 });
  state = { status: 'held', epoch: 1 };
  return signIndexKeyGrant(
    key,
    { team: context.team, member: context.memberId, encPublicKey: keys.enc.publicKey },
    { id: context.memberId, signSecretKey: keys.sign.secretKey },
    1,
  );
}

/** An admin adding a member: the held key sealed to them at its epoch, signed by this admin. */
export function grantIndexKeyTo(
  grantee: { memberId: string; enc_pk: string },
  context: { team: string; memberId: string },
  keys: MemberKeys,
): SignedIndexKeyGrant {
  if (!held) fail('NO_INDEX_KEY', 'This member does not hold the team index key');
  return signIndexKeyGrant(
    held.key,
    {
      team: context.team,
      member: grantee.memberId,
      encPublicKey: boxPublicKeyFromBase64(grantee.enc_pk, 'member enc_pk'),
    },
    { id: context.memberId, signSecretKey: keys.sign.secretKey },
    held.epoch,
  );
}

/**
 * An admin issuing the key of `epoch` to every active member: the held key signed again when
 * `epoch` is the held one's, otherwise a new key (a team's first signed key, or a rotation after a
 * removal), kept aside until `commitIndexKey` says the server took it.
 */
export function prepareIndexKey(
  epoch: number,
  members: readonly { id: string; enc_pk: string }[],
  context: { team: string; memberId: string },
  keys: MemberKeys,
): IssuedIndexKeyGrant[] {
  let source: Held;
  if (held && held.epoch === epoch) {
    source = held;
  } else {
    pending?.key.fill(0);
    pending = { key: generateIndexKey(), epoch };
    source = pending;
  }
  return members.map((m) => {
    const grant = signIndexKeyGrant(
      source.key,
      { team: context.team, member: m.id, encPublicKey: boxPublicKeyFromBase64(m.enc_pk, 'member enc_pk') },
      { id: context.memberId, signSecretKey: keys.sign.secretKey },
      source.epoch,
    );
    return { member: m.id, wrap: grant.wrap, sig: grant.sig };
  });
}

/** The server took the grants of `epoch`: a prepared new key becomes the held one. */
export function commitIndexKey(epoch: number): IndexKeyState {
  if (pending && pending.epoch === epoch) {
    replaceHeld(pending);
    pending = undefined;
  }
  if (!held || held.epoch !== epoch) fail('NO_INDEX_KEY', `No key of epoch ${epoch} was prepared`);
  state = { status: 'held', epoch };
  return state;
}

/**
 * The blind-index tags of `names` (docs/protocol.md 12) with the held key, in order; a name whose
 * normalised form is empty gets null, as it names no account.
 */
export function tagNames(names: readonly string[]): { epoch: number; tags: (string | null)[] } {
  if (!held) fail('NO_INDEX_KEY', 'This member does not hold the team index key');
  const key = held.key;
  return {
    epoch: held.epoch,
    tags: names.map((name) => (namesAnAccount(name) ? blindIndexTagBase64(name, key) : null)),
  };
}
