/**
 * The one Worker script of the app (crypto-workers.ts starts it). The page names the job in the
 * Worker's `name`; this loads that job's handlers and answers the page's calls with them
 * (serveRpc attaches its listener at once, so calls made while they load wait rather than
 * getting lost). A Worker named for no job answers every call with UNKNOWN_ROLE.
 *
 * Each job is a chunk of its own: a reporter's receipt Worker never fetches the keyring's code.
 * They share the libsodium chunk, which vite.config.ts (`worker`) builds so that its bytes, and so
 * its file name, are the same wherever libsodium is chunked that way.
 */
import type { ReceiptWorkerApi } from './crypto.worker';
import type { HelperApi, KdfApi, KeyringApi } from './keyring/api';
import { serveRpc, WorkerError } from './worker-rpc';
import { isWorkerRole, type WorkerRole } from './worker-roles';

const scope = self as unknown as DedicatedWorkerGlobalScope;

/** How each job starts; the type makes every role of worker-roles.ts have one. */
const jobs: Record<WorkerRole, () => void> = {
  'confide-keyring': () => {
    serveRpc<KeyringApi>(
      scope,
      import('./keyring/keyring.worker').then((m) => m.keyringHandlers),
    );
  },
  'confide-decrypt': () => {
    serveRpc<HelperApi>(
      scope,
      import('./keyring/decrypt.worker').then((m) => m.decryptHandlers),
    );
  },
  'confide-kdf': () => {
    serveRpc<KdfApi>(
      scope,
      import('./keyring/kdf.worker').then((m) => m.kdfHandlers),
    );
  },
  'confide-receipt': () => {
    serveRpc<ReceiptWorkerApi>(
      scope,
      import('./crypto.worker').then((m) => m.receiptHandlers),
    );
  },
};

if (isWorkerRole(scope.name)) {
  jobs[scope.name]();
} else {
  serveRpc(scope, Promise.reject(new WorkerError('UNKNOWN_ROLE', `No worker job is called "${scope.name}"`)));
}
