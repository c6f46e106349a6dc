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

/**
 * The parts of libsodium.js's raw Emscripten module used here (not in the public typings): the
 * heap, its allocator, and the two secretstream calls. 64-bit lengths are passed as two 32-bit
 * halves (low, high), as libsodium.js's own wrappers pass them.
 */
interface RawModule {
  _malloc(size: number): number;
  _free(address: number): void;
  HEAPU8: Uint8Array;
  _crypto_secretstream_xchacha20poly1305_push(
    state: number,
    c: number,
    clenPointer: number,
    m: number,
    mlenLow: number,
    mlenHigh: number,
    ad: number,
    adlenLow: number,
    adlenHigh: number,
    tag: number,
  ): number;
  _crypto_secretstream_xchacha20poly1305_pull(
    state: number,
    m: number,
    mlenPointer: number,
    tagPointer: number,
    c: number,
    clenLow: number,
    clenHigh: number,
    ad: number,
    adlenLow: number,
    adlenHigh: number,
  ): number;
}

let checkedModule: RawModule | undefined;

function raw(): RawModule {
  if (checkedModule !== undefined) return checkedModule;
  const module = (lib() as unknown as { libsodium?: RawModule }).libsodium;
  if (module === undefined) {
    throw new ConfideCryptoError(
      'NOT_READY',
      'this libsodium.js build does not expose its WebAssembly module',
    );
  }
  // A build that passed 64-bit lengths as one BigInt would take 7 and 8 arguments: refuse it
  // here rather than fail later with a bare TypeError.
  if (
    module._crypto_secretstream_xchacha20poly1305_push.length !== 10 ||
    module._crypto_secretstream_xchacha20poly1305_pull.length !== 10
  ) {
    throw new ConfideCryptoError(
      'NOT_READY',
      'this libsodium.js build passes 64-bit lengths differently than crypto/sodium.ts expects',
    );
  }
  checkedModule = module;
  return module;
}

/** Size of crypto_secretstream_xchacha20poly1305_state in libsodium. */
const SECRETSTREAM_STATE_BYTES = 52;
/** A secretstream message's overhead: the encrypted tag byte and the 16-byte MAC. */
const SECRETSTREAM_ABYTES = 17;

/**
 * One region of the WebAssembly heap for every secretstream call: [input | output | tag byte].
 * libsodium.js's own push/pull allocate an input and an output buffer per call, copy the result
 * into a new array and free both without wiping them, which for a 25 MB file is 800 allocations
 * and a copy of every byte more than needed, and leaves plaintext on the heap. Calls are
 * synchronous and JavaScript runs one at a time, so one region serves every stream; it grows
 * to the largest message seen (64 KiB + 17 for files).
 */
let scratch = { address: 0, messageCapacity: 0 };

function scratchFor(messageLength: number): { input: number; output: number; tag: number } {
  if (!Number.isSafeInteger(messageLength) || messageLength < 0) {
    throw new ConfideCryptoError('INVALID_ARGUMENT', 'a secretstream message has a length of 0 or more');
  }
  // Also for an empty message: address 0 is no allocation.
  if (scratch.address === 0 || scratch.messageCapacity < messageLength) {
    const module = raw();
    if (scratch.address !== 0) module._free(scratch.address);
    scratch = { address: 0, messageCapacity: 0 };
    const address = module._malloc(2 * (messageLength + SECRETSTREAM_ABYTES) + 1);
    if (address === 0) throw new ConfideCryptoError('INVALID_ARGUMENT', 'out of WebAssembly memory');
    scratch = { address, messageCapacity: messageLength };
  }
  const input = scratch.address;
  const output = input + scratch.messageCapacity + SECRETSTREAM_ABYTES;
  return { input, output, tag: output + scratch.messageCapacity + SECRETSTREAM_ABYTES };
}

/**
 * crypto_secretstream_xchacha20poly1305_push of `message` with `tag`, the result (message.length
 * + 17 bytes) written into `out` at `outOffset`. The plaintext is wiped from the heap after.
 */
export function secretstreamPushInto(
  state: number,
  message: Uint8Array,
  tag: number,
  out: Uint8Array,
  outOffset: number,
): void {
  const module = raw();
  refuseHeapViews(module, message, out);
  const { input, output } = scratchFor(message.length);
  const resultLength = message.length + SECRETSTREAM_ABYTES;
  // HEAPU8 is read after every call that may allocate: growing the memory replaces it.
  module.HEAPU8.set(message, input);
  try {
    const status = module._crypto_secretstream_xchacha20poly1305_push(
      state,
      output,
      0,
      input,
      message.length,
      0,
      0,
      0,
      0,
      tag,
    );
    if (status !== 0) throw new ConfideCryptoError('INVALID_ARGUMENT', 'secretstream push failed');
    out.set(module.HEAPU8.subarray(output, output + resultLength), outOffset);
  } finally {
    module.HEAPU8.fill(0, input, input + message.length);
  }
}

/**
 * crypto_secretstream_xchacha20poly1305_pull of one stored chunk (17 bytes or more), the
 * plaintext (stored.length - 17 bytes) written into `out` at `outOffset`. Returns the chunk's
 * tag, or undefined when the chunk does not authenticate (then nothing is written). The tag is
 * the caller's to check. The plaintext is wiped from the heap after, also when copying fails.
 */
export function secretstreamPullInto(
  state: number,
  stored: Uint8Array,
  out: Uint8Array,
  outOffset: number,
): number | undefined {
  const module = raw();
  refuseHeapViews(module, stored, out);
  const messageLength = stored.length - SECRETSTREAM_ABYTES;
  const { input, output, tag } = scratchFor(messageLength);
  module.HEAPU8.set(stored, input);
  try {
    const status = module._crypto_secretstream_xchacha20poly1305_pull(
      state,
      output,
      0,
      tag,
      input,
      stored.length,
      0,
      0,
      0,
      0,
    );
    if (status !== 0) return undefined;
    out.set(module.HEAPU8.subarray(output, output + messageLength), outOffset);
    return module.HEAPU8[tag];
  } finally {
    module.HEAPU8.fill(0, output, output + messageLength);
  }
}

/**
 * Arrays that are views of the WebAssembly memory are refused: the scratch region may grow that
 * memory, which detaches every view of it mid-call.
 */
function refuseHeapViews(module: RawModule, ...arrays: readonly Uint8Array[]): void {
  if (arrays.some((array) => array.buffer === module.HEAPU8.buffer)) {
    throw new ConfideCryptoError(
      'INVALID_ARGUMENT',
      'pass ordinary arrays, not views of the WebAssembly memory',
    );
  }
}

/**
 * Zeroes and frees a secretstream state. libsodium.js allocates the state on the WebAssembly
 * heap and never frees it, which would leak 52 bytes and leave key material behind for every
 * file.
 */
export function disposeStreamState(state: number): void {
  const module = raw();
  module.HEAPU8.fill(0, state, state + SECRETSTREAM_STATE_BYTES);
  module._free(state);
}

/** crypto_secretstream_xchacha20poly1305_init_push: a new state (a heap address) and its header. */
export function secretstreamInitPush(key: Uint8Array): { state: number; header: Uint8Array } {
  const { state, header } = lib().crypto_secretstream_xchacha20poly1305_init_push(key);
  return { state: stateAddress(state), header };
}

/** crypto_secretstream_xchacha20poly1305_init_pull: the state (a heap address) for this header and key. */
export function secretstreamInitPull(header: Uint8Array, key: Uint8Array): number {
  return stateAddress(lib().crypto_secretstream_xchacha20poly1305_init_pull(header, key));
}

/** libsodium.js types a state as an object; it is the state's address on the heap. */
function stateAddress(state: unknown): number {
  if (typeof state !== 'number') {
    throw new ConfideCryptoError(
      'NOT_READY',
      'this libsodium.js build returns no secretstream state address',
    );
  }
  return state;
}
