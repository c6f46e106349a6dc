/**
 * The crypto module (crypto/index.ts), loaded on first use.
 *
 * libsodium's WebAssembly is a few hundred kilobytes: a person who only reads the start page
 * should not wait for it, so pages import it through here instead of statically. The promise
 * is shared, so libsodium is compiled once per page.
 */
export type CryptoModule = typeof import('#crypto');

let loading: Promise<CryptoModule> | undefined;

/** The crypto module with `ready()` already awaited. */
export function loadCrypto(): Promise<CryptoModule> {
  loading ??= import('#crypto').then(async (module) => {
    await module.ready();
    return module;
  });
  // A failed load (a dropped connection) may be retried by the next call.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
