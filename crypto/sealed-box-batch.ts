/**
 * Opening many sealed boxes to one recipient (the case list: one grant per case), with the X25519
 * step computed by the platform where it has it (WebCrypto: Chromium, Firefox, Safari 17, Node)
 * and everything else by libsodium, as crypto_box_seal_open composes it:
 *
 *   shared = X25519(recipient_sk, epk)                      WebCrypto deriveBits (libsodium: crypto_scalarmult)
 *   k      = crypto_core_hsalsa20(0^16, shared)             = crypto_box_beforenm
 *   nonce  = crypto_generichash(24, epk || recipient_pk)
 *   m      = crypto_secretbox_open_easy(c, nonce, k)        XSalsa20-Poly1305
 *
 * This is the one place crypto/ composes below whole libsodium calls (docs/protocol.md 2, notes, says
 * why it is allowed): libsodium's WebAssembly X25519 is most of the cost of listing cases, and
 * the platform's native one is faster. The result is the same bytes; the vectors' grants are
 * opened both ways in the tests, and an opener checks itself against libsodium before it is
 * used (sealedBoxOpener), falling back to libsodium whenever the platform's X25519 is missing or
 * disagrees.
 *
 * Both ways refuse the same boxes: X25519 of a small-order point gives the all-zero secret, which
 * libsodium's crypto_scalarmult and WebCrypto's deriveBits both refuse, and anything altered fails
 * Poly1305. Either is TAMPERED, as in openSealed.
 */
import { BOX_NONCE_BYTES, BOX_PUBLIC_KEY_BYTES, SEAL_OVERHEAD_BYTES } from './constants.js';
import { ConfideCryptoError } from './errors.js';
import { randomBytes } from './random.js';
import { openSealed, sealToRecipient } from './sealed-box.js';
import { lib } from './sodium.js';
import type { BoxKeyPair } from './types.js';

/** Which code computed the X25519 step. */
export type X25519Engine = 'webcrypto' | 'libsodium';

export interface SealedBoxOpener {
  readonly engine: X25519Engine;
  /**
   * crypto_box_seal_open of each box, in order; a box that does not open is a TAMPERED
   * ConfideCryptoError in its place (never a rejection for one bad box).
   */
  openAll(sealed: readonly Uint8Array[], what: string): Promise<(Uint8Array | ConfideCryptoError)[]>;
}

/** RFC 8410's PKCS #8 prefix for a raw X25519 private key (OID 1.3.101.110). */
const PKCS8_X25519_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20,
]);

const X25519 = { name: 'X25519' } as const;

/**
 * What is used of WebCrypto's SubtleCrypto, typed here: crypto/ is compiled without the DOM's
 * types or Node's, as it runs under both.
 */
type PlatformKey = object;
interface PlatformSubtle {
  importKey(
    format: 'raw' | 'pkcs8',
    keyData: Uint8Array,
    algorithm: typeof X25519,
    extractable: boolean,
    usages: readonly 'deriveBits'[],
  ): Promise<PlatformKey>;
  deriveBits(
    algorithm: { name: 'X25519'; public: PlatformKey },
    baseKey: PlatformKey,
    length: number,
  ): Promise<ArrayBuffer>;
}
const HSALSA20_ZERO_NONCE = new Uint8Array(16);

function tampered(what: string): ConfideCryptoError {
  return new ConfideCryptoError(
    'TAMPERED',
    `${what} does not open with this key: altered, or sealed to someone else`,
  );
}

/** libsodium for every box: the fallback, and the reference the platform's way is checked against. */
function libsodiumOpener(recipient: BoxKeyPair): SealedBoxOpener {
  return {
    engine: 'libsodium',
    openAll(sealed, what) {
      return Promise.resolve(
        sealed.map((box) => {
          try {
            return openSealed(box, recipient, what);
          } catch (error) {
            return error instanceof ConfideCryptoError ? error : tampered(what);
          }
        }),
      );
    },
  };
}

function webCryptoOpener(
  recipient: BoxKeyPair,
  subtle: PlatformSubtle,
  privateKey: PlatformKey,
): SealedBoxOpener {
  const sodium = lib();
  const nonceInput = new Uint8Array(2 * BOX_PUBLIC_KEY_BYTES);
  nonceInput.set(recipient.publicKey, BOX_PUBLIC_KEY_BYTES);

  async function sharedSecret(epk: Uint8Array): Promise<Uint8Array | null> {
    try {
      const publicKey = await subtle.importKey('raw', epk, X25519, false, []);
      return new Uint8Array(await subtle.deriveBits({ name: 'X25519', public: publicKey }, privateKey, 256));
    } catch {
      // A point WebCrypto will not take, or the all-zero secret: libsodium refuses both.
      return null;
    }
  }

  return {
    engine: 'webcrypto',
    async openAll(sealed, what) {
      // Every X25519 of the batch is asked for at once: the platform queues them without a
      // round trip through this thread between two.
      const secrets = await Promise.all(
        sealed.map((box) =>
          box.length < SEAL_OVERHEAD_BYTES
            ? Promise.resolve(null)
            : sharedSecret(box.slice(0, BOX_PUBLIC_KEY_BYTES)),
        ),
      );
      return sealed.map((box, i) => {
        const shared = secrets[i];
        if (shared == null) {
          return box.length < SEAL_OVERHEAD_BYTES
            ? new ConfideCryptoError('TAMPERED', `${what} is shorter than a sealed box`)
            : tampered(what);
        }
        const key = sodium.crypto_core_hsalsa20(HSALSA20_ZERO_NONCE, shared, null);
        shared.fill(0);
        try {
          nonceInput.set(box.subarray(0, BOX_PUBLIC_KEY_BYTES), 0);
          const nonce = sodium.crypto_generichash(BOX_NONCE_BYTES, nonceInput, null);
          return sodium.crypto_secretbox_open_easy(box.subarray(BOX_PUBLIC_KEY_BYTES), nonce, key);
        } catch {
          return tampered(what);
        } finally {
          key.fill(0);
        }
      });
    },
  };
}

/** The platform's SubtleCrypto, if it has one (a secure context in browsers; Node). */
function platformSubtle(): PlatformSubtle | null {
  const subtle = (globalThis as { crypto?: { subtle?: PlatformSubtle } }).crypto?.subtle;
  return subtle ?? null;
}

/**
 * An opener of boxes sealed to `recipient`: the platform's X25519 when it is there and gives
 * what libsodium gives for a box sealed here and now, else libsodium. `engine: 'libsodium'`
 * forces the fallback. The recipient's secret key is imported into WebCrypto as non-extractable.
 */
export async function sealedBoxOpener(
  recipient: BoxKeyPair,
  options: { engine?: 'auto' | 'libsodium' } = {},
): Promise<SealedBoxOpener> {
  const fallback = libsodiumOpener(recipient);
  const subtle = platformSubtle();
  if (options.engine === 'libsodium' || subtle === null) return fallback;
  const pkcs8 = new Uint8Array(PKCS8_X25519_PREFIX.length + recipient.secretKey.length);
  try {
    pkcs8.set(PKCS8_X25519_PREFIX, 0);
    pkcs8.set(recipient.secretKey, PKCS8_X25519_PREFIX.length);
    const privateKey = await subtle.importKey('pkcs8', pkcs8, X25519, false, ['deriveBits']);
    const opener = webCryptoOpener(recipient, subtle, privateKey);
    // The self-check: a fresh box opened both ways must give the message sealed.
    const message = randomBytes(32);
    const box = sealToRecipient(message, recipient.publicKey);
    const [opened] = await opener.openAll([box], 'self-check box');
    const agrees = opened instanceof Uint8Array && lib().memcmp(opened, message);
    return agrees ? opener : fallback;
  } catch {
    return fallback;
  } finally {
    pkcs8.fill(0);
  }
}
