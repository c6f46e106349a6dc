/**
 * The KDF worker's job (run by crypto-host.worker.ts in a Worker of its own).
 *
 * Argon2id, once, then this worker is terminated by the page (keyring.ts): libsodium grows
 * its WebAssembly memory to 256 MiB for the derivation and never shrinks it again.
 *
 * The key-encryption key goes straight to the keyring worker over the MessagePort the page
 * created for that purpose; only `auth` (which the server receives anyway) comes back. Keys
 * opened from a recovery copy travel the same way: the page sees their public halves only.
 * A receipt made for a case's target comes back as the receipt and its public values only.
 */
import {
  authToken,
  deriveMemberSecrets,
  deriveReceiptKeys,
  deriveRecoveryKek,
  generateKdfParams,
  generateReceipt,
  generateRecoveryCode,
  keyToBase64,
  openRecoveryBundle,
  ready,
  reporterPublicKeys,
} from '#crypto';
import type { RpcHandlers } from '../worker-rpc';
import type { KdfApi, KekMessage, RecoveredKeysMessage } from './api';

const loaded = ready();

function hand(port: MessagePort, message: KekMessage): void {
  port.postMessage(message, [message.kek.buffer]);
  port.close();
}

export const kdfHandlers: RpcHandlers<KdfApi> = {
  async deriveMember({ passphrase, kdf, port }) {
    await loaded;
    const params = kdf ?? generateKdfParams();
    // deriveMemberSecrets refuses parameters below ops 2 / 64 MiB (KDF_TOO_WEAK): a server
    // that lowers them is attacking, and the passphrase must not be stretched weakly.
    const secrets = deriveMemberSecrets(passphrase, params);
    const auth = authToken(secrets.auth);
    secrets.auth.fill(0);
    hand(port, { purpose: 'passphrase', kek: secrets.kek });
    return { auth, kdf: params };
  },
  async deriveAuthOnly({ passphrase, kdf }) {
    await loaded;
    const secrets = deriveMemberSecrets(passphrase, kdf);
    const auth = authToken(secrets.auth);
    secrets.auth.fill(0);
    secrets.kek.fill(0);
    return { auth };
  },
  async deriveRecovery({ code, port }) {
    await loaded;
    const params = generateKdfParams();
    const recoveryCode = code ?? generateRecoveryCode();
    hand(port, { purpose: 'recovery', kek: deriveRecoveryKek(recoveryCode, params) });
    return { kdf: params, code: recoveryCode };
  },
  async openRecovery({ code, copy, team, memberId, port }) {
    await loaded;
    // RECEIPT_MALFORMED (not a code), KDF_TOO_WEAK (a weakened copy), RECOVERY_CODE_WRONG.
    const keys = openRecoveryBundle(code, copy, { team, memberId });
    const publicKeys = { enc_pk: keyToBase64(keys.enc.publicKey), sign_pk: keyToBase64(keys.sign.publicKey) };
    // Copies of their own buffers, transferred, and the originals wiped: this worker keeps no
    // secret key once it has answered (and never transfers a buffer it does not own alone).
    const message: RecoveredKeysMessage = {
      keys: {
        enc: { publicKey: keys.enc.publicKey.slice(), secretKey: keys.enc.secretKey.slice() },
        sign: { publicKey: keys.sign.publicKey.slice(), secretKey: keys.sign.secretKey.slice() },
      } as typeof keys,
    };
    keys.enc.secretKey.fill(0);
    keys.sign.secretKey.fill(0);
    port.postMessage(message, [message.keys.enc.secretKey.buffer, message.keys.sign.secretKey.buffer]);
    port.close();
    return publicKeys;
  },
  async createTargetReceipt() {
    await loaded;
    const receipt = generateReceipt();
    const keys = deriveReceiptKeys(receipt);
    // The same public values a reporter's browser sends with a report (docs/protocol.md 8).
    const publicValues = reporterPublicKeys(keys);
    keys.lookup.fill(0);
    keys.box.secretKey.fill(0);
    keys.sign.secretKey.fill(0);
    return { receipt, ...publicValues };
  },
};
