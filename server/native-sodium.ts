/**
 * Native libsodium (sodium-native) for the server's hot checks, when it loads.
 *
 * The server verifies the Ed25519 signature of every report and item before storing it. Through
 * libsodium's WebAssembly build that is a sixth of the intake path's CPU; the native build of the
 * same library, with the same verification rules, takes a third of the time. sodium-native ships
 * prebuilt binaries for the usual platforms and needs no install script; where it cannot load,
 * the server falls back to the WebAssembly build the browser uses, with the same results.
 *
 * Only signature verification goes through here. What is signed is composed by crypto/ (one
 * definition of the protocol), and everything else stays in crypto/.
 */
import { createRequire } from 'node:module';

export interface NativeVerifier {
  /** crypto_sign_verify_detached; the caller has checked the 64-byte signature and 32-byte key. */
  verifyDetached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}

interface SodiumNativeSign {
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}

function load(): NativeVerifier | undefined {
  if (process.env.CONFIDE_NATIVE_SODIUM === 'off') return undefined;
  try {
    const sodium = createRequire(import.meta.url)('sodium-native') as SodiumNativeSign;
    return {
      verifyDetached: (signature, message, publicKey) =>
        sodium.crypto_sign_verify_detached(signature, message, publicKey),
    };
  } catch {
    return undefined;
  }
}

/** Undefined where sodium-native is not installed or has no binary for this platform. */
export const nativeVerifier: NativeVerifier | undefined = load();
