/**
 * The only file that imports libsodium.
 *
 * The sumo build is required: since libsodium.js 0.7.11 the standard build has
 * no crypto_pwhash (Argon2id), although its type declarations still claim it.
 *
 * Everything else in crypto/ calls `lib()`, which throws NOT_READY instead of a
 * confusing "undefined is not a function" when `ready()` was not awaited.
 */
import sodiumModule from 'libsodium-wrappers-sumo';
import { ConfideCryptoError } from './errors.js';

export type Sodium = typeof sodiumModule;

let loaded = false;

/** Resolves once libsodium's WebAssembly is loaded. Await it once before any other call. */
export async function ready(): Promise<void> {
  if (loaded) return;
  await sodiumModule.ready;
  loaded = true;
}

/** The libsodium instance; throws NOT_READY before `ready()` has resolved. */
export function lib(): Sodium {
  if (!loaded) {
    throw new ConfideCryptoError('NOT_READY', 'libsodium is not loaded yet: await ready() first');
  }
  return sodiumModule;
}

/** The parts of the raw Emscripten module used to free secretstream state. Not in the public typings. */
interface RawModule {
  _free(address: number): void;
  HEAPU8: Uint8Array;
}

/** Size of crypto_secretstream_xchacha20poly1305_state in libsodium. */
const SECRETSTREAM_STATE_BYTES = 52;

/**
 * Zeroes and frees a secretstream state. libsodium.js allocates the state on the
 * WebAssembly heap and never frees it, which would leak 52 bytes and leave key
 * material behind for every file. Best effort: a no-op if the build does not
 * expose its raw module.
 */
export function disposeStreamState(state: unknown): void {
  const raw = (sodiumModule as unknown as { libsodium?: RawModule }).libsodium;
  const address = typeof state === 'number' ? state : undefined;
  if (raw === undefined || address === undefined) return;
  raw.HEAPU8.fill(0, address, address + SECRETSTREAM_STATE_BYTES);
  raw._free(address);
}
