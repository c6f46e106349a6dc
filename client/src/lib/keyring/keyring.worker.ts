/**
 * The member keyring: the one place in the browser where a team member's private keys
 * live while the console is unlocked (STYLE.md: keys out of reach, as in Proton's proxy).
 * This is the keyring worker's job; crypto-host.worker.ts runs it in a Worker of its own.
 *
 * The page holds a reference to this worker and asks it to do things: open a case, seal an
 * item, sign a roster entry, re-grant. It never receives a secret key, the key-encryption
 * key, the team index key or a content key K. Locking is terminating this worker.
 */
import {
  boxPublicKeyFromBase64,
  buildRosterEntry,
  ConfideCryptoError,
  fitReportSummary,
  formatProtocolTime,
  generateId,
  generateMemberKeys,
  generateRecoveryCode,
  grantKey,
  keyToBase64,
  openMemberSettings,
  ready,
  rosterMember,
  sealItem,
  sealMemberSettings,
  sealReferral,
  signRecoveryProof,
  signRosterEntry,
  signTargetInvitation,
  unwrapMemberKeys,
  wrapMemberKeys,
  type ItemAudience,
  type KeyEncryptionKey,
  type MemberKeys,
} from '#crypto';
import type { RpcHandlers } from '../worker-rpc';
import type { KeyringApi, KekMessage, KekPurpose, RecoveredKeysMessage } from './api';
import { openCaseDetail, resealGrants, writtenItemBody, type CaseContext } from './case-crypto';
import { readExclusions, readParties, searchBodies } from './body-search';
import { referralPacketBody } from './referral-crypto';
import { dropPages, fetchCaseBoundaries, fetchCasePage, openPageChunk } from './case-pages';
import {
  adoptIndexKeyGrant,
  commitIndexKey,
  dropIndexKey,
  grantIndexKeyTo,
  holdsIndexKey,
  indexKeyState,
  newTeamIndexKey,
  prepareIndexKey,
  tagNames,
} from './index-key-holder';
import { openerFor } from './sealed-box-openers';
import type { MessageThread, PublicIdentity } from './types';

const loaded = ready();

/** How long to wait for a KDF worker's kek after the page says the derivation is done. */
const KEK_WAIT_MS = 15_000;

let keys: MemberKeys | undefined;
let identity: { team: string; memberId: string } | undefined;
let unlocked = false;
const keks = new Map<KekPurpose, Promise<KeyEncryptionKey>>();
let recoveredKeys: Promise<MemberKeys> | undefined;
/** Cases opened in this session: what the keyring will and will not seal to for each. */
const caseContexts = new Map<string, CaseContext>();

function fail(code: string, message: string): never {
  throw Object.assign(new Error(message), { code });
}

function requireKeys(): MemberKeys {
  if (!keys || !unlocked) fail('LOCKED', 'The keyring is locked');
  return keys;
}

function requireIdentity(): { team: string; memberId: string } {
  if (!identity) fail('LOCKED', 'The keyring is locked');
  return identity;
}

/** What the keyring learnt when it opened `caseId` of `team` in this session; refuses any other. */
function requireOpenCase(team: string, caseId: string): CaseContext {
  if (team !== requireIdentity().team) fail('WRONG_TEAM', 'That case belongs to another team');
  const context = caseContexts.get(caseId);
  if (!context) fail('CASE_NOT_OPEN', 'Open the case before writing to it');
  return context;
}

/**
 * The box key of whoever reads a message in `thread` besides the team, as the keyring checked it
 * when the case was opened: never a key the server alone vouches for.
 */
function threadRecipient(context: CaseContext, thread: MessageThread): { id: MessageThread; key: string } {
  // Checked as a value too: the request crossed a postMessage, and a thread left out or misspelt
  // must never fall through to either reader.
  const asked: unknown = thread;
  if (asked === 'reporter') {
    // only ever to the reporter key the reporter wrote into the body.
    if (context.reporterBoxPublicKey === null) {
      fail(
        'REPORTER_KEY_UNTRUSTED',
        "The reporter's key on this case does not match the report: no message can be sent",
      );
    }
    return { id: 'reporter', key: context.reporterBoxPublicKey };
  }
  if (asked === 'target') {
    // docs/protocol.md 8.5: only to the keys a member of the verified roster signed for this case.
    if (context.targetBoxPublicKey === null) {
      fail(
        'TARGET_KEY_UNTRUSTED',
        "No member's signature vouches for the target's key on this case: no message can be sent to them",
      );
    }
    return { id: 'target', key: context.targetBoxPublicKey };
  }
  fail('BAD_THREAD', 'A message goes to the reporter or to the target');
}

function publicIdentity(): PublicIdentity {
  const k = requireKeys();
  const id = requireIdentity();
  return {
    memberId: id.memberId,
    team: id.team,
    encPublicKey: keyToBase64(k.enc.publicKey),
    signPublicKey: keyToBase64(k.sign.publicKey),
  };
}

/** What a KDF worker hands over, once the page says it has: given up on after KEK_WAIT_MS. */
async function waitForHandOver<T>(waiting: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      waiting,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(Object.assign(new Error('The key derivation did not finish'), { code: 'NO_KEK' }));
        }, KEK_WAIT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function takeKek(purpose: KekPurpose): Promise<KeyEncryptionKey> {
  const waiting = keks.get(purpose);
  if (!waiting) fail('NO_KEK', 'No key derivation is under way');
  keks.delete(purpose);
  return waitForHandOver(waiting);
}

/** Forgets the keys held here (the previous ones, before others take their place). */
function dropKeys(): void {
  keys?.enc.secretKey.fill(0);
  keys?.sign.secretKey.fill(0);
  keys = undefined;
  unlocked = false;
  dropIndexKey();
}

/** Refuses keys that are not the ones the verified roster lists for this member (5.3). */
function checkExpected(
  k: MemberKeys,
  expected: { enc_pk: string; sign_pk: string } | null | undefined,
): void {
  if (
    expected != null &&
    (keyToBase64(k.enc.publicKey) !== expected.enc_pk || keyToBase64(k.sign.publicKey) !== expected.sign_pk)
  ) {
    throw new ConfideCryptoError('BAD_KEY', 'The keys in this bundle are not the ones on the team roster');
  }
}

export const keyringHandlers: RpcHandlers<KeyringApi> = {
  receiveKek({ purpose, port }) {
    keks.set(
      purpose,
      new Promise<KeyEncryptionKey>((resolve) => {
        port.onmessage = (event: MessageEvent<KekMessage>) => {
          port.close();
          resolve(event.data.kek);
        };
      }),
    );
    return null;
  },

  async openBundle({ team, memberId, keys: bundle, expected, indexKey }) {
    await loaded;
    const kek = await takeKek('passphrase');
    let opened: MemberKeys;
    try {
      opened = unwrapMemberKeys(bundle, kek, { team, memberId });
    } finally {
      kek.fill(0);
    }
    // 5.3: the bundle must hold the keys the verified roster lists for this member; a server
    // that serves someone else's bundle (or a made-up one) is not believed.
    try {
      checkExpected(opened, expected);
    } catch (error) {
      opened.enc.secretKey.fill(0);
      opened.sign.secretKey.fill(0);
      throw error;
    }
    dropKeys();
    keys = opened;
    identity = { team, memberId };
    unlocked = true;
    adoptIndexKeyGrant(indexKey, identity, opened);
    return publicIdentity();
  },

  async generateKeys({ team, memberId }) {
    await loaded;
    keys = generateMemberKeys();
    identity = { team, memberId };
    unlocked = false;
    return {
      enc_pk: keyToBase64(keys.enc.publicKey),
      sign_pk: keyToBase64(keys.sign.publicKey),
      recoveryCode: generateRecoveryCode(),
    };
  },

  async wrapBundles({ recovery }) {
    if (!keys) fail('NO_KEYS', 'No keys were made');
    const id = requireIdentity();
    const [kek, recoveryKek] = await Promise.all([
      takeKek('passphrase'),
      recovery ? takeKek('recovery') : Promise.resolve(null),
    ]);
    try {
      const context = { team: id.team, memberId: id.memberId };
      return {
        keys: wrapMemberKeys(keys, kek, context),
        recovery: recoveryKek === null ? null : wrapMemberKeys(keys, recoveryKek, context),
      };
    } finally {
      kek.fill(0);
      recoveryKek?.fill(0);
    }
  },

  receiveRecoveredKeys({ port }) {
    recoveredKeys = new Promise<MemberKeys>((resolve) => {
      port.onmessage = (event: MessageEvent<RecoveredKeysMessage>) => {
        port.close();
        resolve(event.data.keys);
      };
    });
    return null;
  },

  async takeRecoveredKeys({ team, memberId }) {
    await loaded;
    const waiting = recoveredKeys;
    if (!waiting) fail('NO_KEYS', 'No recovery is under way');
    recoveredKeys = undefined;
    const recovered = await waitForHandOver(waiting);
    dropKeys();
    keys = recovered;
    identity = { team, memberId };
    // Not unlocked: the page first compares these keys with the roster, and the server must
    // accept the new credentials; adoptIdentity then unlocks them.
    return { enc_pk: keyToBase64(recovered.enc.publicKey), sign_pk: keyToBase64(recovered.sign.publicKey) };
  },

  signRecoveryProof({ nonce, credentials }) {
    if (!keys) fail('NO_KEYS', 'No keys were recovered');
    const id = requireIdentity();
    return signRecoveryProof(keys.sign.secretKey, {
      team: id.team,
      memberId: id.memberId,
      nonce,
      credentials,
    });
  },

  adoptIdentity({ indexKey, expected }) {
    if (!keys) fail('NO_KEYS', 'No keys were made');
    checkExpected(keys, expected);
    unlocked = true;
    // Right after set-up the session may not serve the grant yet: the key made here stays.
    if (indexKey !== null || !holdsIndexKey()) adoptIndexKeyGrant(indexKey, requireIdentity(), keys);
    return publicIdentity();
  },

  signGenesis({ name }) {
    if (!keys) fail('NO_KEYS', 'No keys were made');
    const id = requireIdentity();
    const member = rosterMember({
      id: id.memberId,
      name,
      role: 'admin',
      encPublicKey: keys.enc.publicKey,
      signPublicKey: keys.sign.publicKey,
    });
    const entry = buildRosterEntry(undefined, {
      team: id.team,
      at: formatProtocolTime(new Date()),
      op: 'genesis',
      member,
      by: id.memberId,
    });
    return signRosterEntry(entry, keys.sign.secretKey);
  },

  newIndexKeyGrant() {
    if (!keys) fail('NO_KEYS', 'No keys were made');
    return newTeamIndexKey(requireIdentity(), keys);
  },

  signRosterChange({ previous, op, member }) {
    const k = requireKeys();
    const id = requireIdentity();
    if (previous.entry.team !== id.team) fail('WRONG_TEAM', 'That roster belongs to another team');
    const entry = buildRosterEntry(previous, {
      team: id.team,
      at: formatProtocolTime(new Date()),
      op,
      member,
      by: id.memberId,
    });
    return signRosterEntry(entry, k.sign.secretKey);
  },

  grantIndexKeyTo({ memberId, enc_pk }) {
    return grantIndexKeyTo({ memberId, enc_pk }, requireIdentity(), requireKeys());
  },

  prepareIndexKey({ epoch, members }) {
    return prepareIndexKey(epoch, members, requireIdentity(), requireKeys());
  },

  commitIndexKey({ epoch }) {
    requireKeys();
    return commitIndexKey(epoch);
  },

  indexKeyState() {
    requireKeys();
    return indexKeyState();
  },

  tagNames({ names }) {
    requireKeys();
    return tagNames(names);
  },

  shareDecryptKey({ port }) {
    const k = requireKeys();
    // A copy for a decrypting worker: the page relays only the port, never the bytes.
    const copy = { publicKey: k.enc.publicKey.slice(), secretKey: k.enc.secretKey.slice() };
    port.postMessage(copy, [copy.publicKey.buffer, copy.secretKey.buffer]);
    port.close();
    return null;
  },

  async fetchCasePage({ cursor, until, limit }) {
    requireKeys();
    return fetchCasePage(cursor, until, limit);
  },

  async fetchCaseBoundaries({ every }) {
    requireKeys();
    return fetchCaseBoundaries(every);
  },

  async openPageChunk({ team, pageId, from, to, skip }) {
    const keys = requireKeys().enc;
    return openPageChunk(team, pageId, from, to, skip, keys, await openerFor(keys));
  },

  dropPages() {
    dropPages();
    return null;
  },

  async x25519Engine() {
    return (await openerFor(requireKeys().enc)).engine;
  },

  searchBodies({ team, caseIds }) {
    return searchBodies(team, caseIds, requireKeys().enc);
  },

  readExclusions({ team, caseIds }) {
    return readExclusions(team, caseIds, requireKeys().enc);
  },

  readParties({ team, caseIds }) {
    return readParties(team, caseIds, requireKeys().enc);
  },

  regrant({ objects, to }) {
    const k = requireKeys();
    const recipient = { id: to.id, boxPublicKey: boxPublicKeyFromBase64(to.enc_pk, 'member enc_pk') };
    return resealGrants(objects, k.enc, (key) => {
      const [grant] = grantKey(key, [recipient]);
      if (!grant) fail('REGRANT_FAILED', 'Sealing a key failed');
      return grant.k;
    });
  },

  openCase({ team, detail, authors }) {
    const k = requireKeys();
    const { opened, context } = openCaseDetail(team, detail, k.enc, authors);
    caseContexts.set(detail.id, context);
    return opened;
  },

  sealItem(request) {
    const { team, caseId, kind, recipients } = request;
    const k = requireKeys();
    const id = requireIdentity();
    const context = requireOpenCase(team, caseId);
    // whatever the page or the server says, nothing of this case goes to a member the
    // reporter excluded.
    if (recipients.some((r) => context.excluded.has(r.id))) {
      fail('EXCLUDED_RECIPIENT', 'A member the reporter excluded cannot receive anything about this case');
    }
    const members = recipients.map((r) => ({
      id: r.id,
      boxPublicKey: boxPublicKeyFromBase64(r.enc_pk, 'member enc_pk'),
    }));
    // The page names the thread; the key comes from what this keyring checked, never the page.
    let audience: ItemAudience = 'team';
    let thread: MessageThread | undefined;
    if (request.kind === 'message') {
      const reader = threadRecipient(context, request.to);
      members.push({ id: reader.id, boxPublicKey: boxPublicKeyFromBase64(reader.key) });
      audience = thread = reader.id;
    }
    const files = request.attachments ?? [];
    const body = writtenItemBody(request, thread, formatProtocolTime(new Date()));
    const sealed = sealItem({
      team,
      caseId,
      id: generateId(),
      kind,
      author: id.memberId,
      audience,
      body,
      recipients: members,
      authorSignSecretKey: k.sign.secretKey,
      attachments: files.map((f) => f.id),
    });
    sealed.itemKey.fill(0);
    return { ...sealed.item, kind, audience };
  },

  signTargetInvitation({ team, caseId, box_pk, sign_pk }) {
    const k = requireKeys();
    // Only for a case this member opened (and so may see) in this session.
    requireOpenCase(team, caseId);
    return signTargetInvitation(k.sign.secretKey, { case: caseId, box_pk, sign_pk });
  },

  sealReferral({ team, caseId, to, recipients, body }) {
    const k = requireKeys();
    const id = requireIdentity();
    // docs/protocol.md 10.10: only a case this member opened (and so may see) in this session.
    const context = requireOpenCase(team, caseId);
    if (to === team) fail('WRONG_TEAM', 'A case is referred to another team, not to its own');
    // The reporter may read the packet before they consent: only to the key the report names.
    if (context.reporterBoxPublicKey === null || context.reporterSignPublicKey === null) {
      fail(
        'REPORTER_KEY_UNTRUSTED',
        "The reporter's key on this case does not match the report: it cannot be referred from here",
      );
    }
    const asked: readonly unknown[] = recipients.map((r) => r.id);
    if (recipients.length === 0 || asked.includes('reporter') || asked.includes('target')) {
      fail('BAD_REFERRAL', 'A referral is sealed to the members of the receiving team');
    }
    const packet = referralPacketBody(
      body,
      { team, caseId, memberId: id.memberId },
      { box_pk: context.reporterBoxPublicKey, sign_pk: context.reporterSignPublicKey },
    );
    const referralId = generateId();
    const sealed = sealReferral({
      team: to,
      id: referralId,
      fromCase: caseId,
      body: packet,
      summary: fitReportSummary(packet),
      recipients: recipients.map((r) => ({
        id: r.id,
        boxPublicKey: boxPublicKeyFromBase64(r.enc_pk, 'member enc_pk'),
      })),
      reporterBoxPublicKey: boxPublicKeyFromBase64(context.reporterBoxPublicKey, 'reporter box_pk'),
      memberSignSecretKey: k.sign.secretKey,
    });
    return {
      id: referralId,
      payload: sealed.payload,
      summary: sealed.summary,
      grants: sealed.grants.map((g) => ({ to: g.to, k: g.k })),
      sig: sealed.sig,
    };
  },

  sealMemberSettings({ personalDetails }) {
    const k = requireKeys();
    const { team, memberId } = requireIdentity();
    return sealMemberSettings(
      { schema: 'confide/member-settings/v1', personal_details: [...personalDetails] },
      k.enc.publicKey,
      { team, memberId },
    );
  },

  openMemberSettings({ sealed }) {
    const k = requireKeys();
    const { team, memberId } = requireIdentity();
    const body = openMemberSettings(sealed, k.enc, { team, memberId });
    return { personalDetails: body.personal_details };
  },
};
