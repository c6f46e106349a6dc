/**
 * Argon2id, once, then this worker is terminated by the page (keyring.ts): libsodium grows
 * its WebAssembly memory to 256 MiB for the derivation and never shrinks it again.
 *
 * The key-encryption key goes straight to the keyring worker over the MessagePort the page
 * created for that purpose; only `auth` (which the server receives anyway) comes back.
 */
import { authToken, deriveMemberSecrets, deriveRecoveryKek, generateKdfParams, ready } from '#crypto';
import { serveRpc } from '../worker-rpc';
import type { KdfApi, KekMessage } from './api';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const loaded = ready();

function hand(port: MessagePort, message: KekMessage): void {
  port.postMessage(message, [message.kek.buffer]);
  port.close();
}

serveRpc<KdfApi>(scope, {
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
  async deriveRecovery({ code, port }) {
    await loaded;
    const params = generateKdfParams();
    hand(port, { purpose: 'recovery', kek: deriveRecoveryKek(code, params) });
    return { kdf: params };
  },
});
