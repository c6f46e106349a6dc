/**
 * A decrypting worker's job (started by keyring.ts, one a core; run by crypto-host.worker.ts):
 * bulk decryption beside the keyring. It is given only the member's X25519 key pair (by the
 * keyring worker, over a port the page created but never reads), so it can open grants and
 * re-seal them, and nothing else: no signing key, no index key. Terminated with the keyring when
 * the console locks.
 */
import { boxPublicKeyFromBase64, grantKey, ready, type BoxKeyPair } from '#crypto';
import type { RpcHandlers } from '../worker-rpc';
import type { HelperApi } from './api';
import { resealGrants } from './case-crypto';
import { readExclusions, readParties, searchBodies } from './body-search';
import { dropPages, fetchCaseBoundaries, fetchCasePage, openPageChunk } from './case-pages';
import { openerFor } from './sealed-box-openers';

const loaded = ready();
let encKeys: Promise<BoxKeyPair> | undefined;

/** How long to wait for the primary worker to hand over the key before giving up. */
const KEY_WAIT_MS = 15_000;

function locked(): Error {
  return Object.assign(new Error('The keyring is locked'), { code: 'LOCKED' });
}

function keyPair(): Promise<BoxKeyPair> {
  if (!encKeys) return Promise.reject(locked());
  const waiting = encKeys;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(locked()), KEY_WAIT_MS);
    waiting.then(
      (keys) => {
        clearTimeout(timer);
        resolve(keys);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : locked());
      },
    );
  });
}

export const decryptHandlers: RpcHandlers<HelperApi> = {
  receiveKey({ port }) {
    encKeys = new Promise<BoxKeyPair>((resolve) => {
      port.onmessage = (event: MessageEvent<BoxKeyPair>) => {
        port.close();
        resolve(event.data);
      };
    });
    return null;
  },
  async fetchCasePage({ cursor, until, limit }) {
    await keyPair();
    return fetchCasePage(cursor, until, limit);
  },
  async fetchCaseBoundaries({ every }) {
    await keyPair();
    return fetchCaseBoundaries(every);
  },
  async openPageChunk({ team, pageId, from, to, skip }) {
    await loaded;
    const keys = await keyPair();
    return openPageChunk(team, pageId, from, to, skip, keys, await openerFor(keys));
  },
  dropPages() {
    dropPages();
    return null;
  },
  async x25519Engine() {
    await loaded;
    return (await openerFor(await keyPair())).engine;
  },
  async searchBodies({ team, caseIds }) {
    await loaded;
    return searchBodies(team, caseIds, await keyPair());
  },
  async readExclusions({ team, caseIds }) {
    await loaded;
    return readExclusions(team, caseIds, await keyPair());
  },
  async readParties({ team, caseIds }) {
    await loaded;
    return readParties(team, caseIds, await keyPair());
  },
  async regrant({ objects, to }) {
    await loaded;
    const recipient = { id: to.id, boxPublicKey: boxPublicKeyFromBase64(to.enc_pk, 'member enc_pk') };
    return resealGrants(objects, await keyPair(), (key) => {
      const [grant] = grantKey(key, [recipient]);
      if (!grant) throw Object.assign(new Error('Sealing a key failed'), { code: 'REGRANT_FAILED' });
      return grant.k;
    });
  },
};
