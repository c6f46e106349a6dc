/**
 * One opener of sealed boxes per key pair a worker holds (crypto's sealedBoxOpener: the
 * platform's X25519 where it has it, checked against libsodium first), made once and kept while
 * the key pair is: its private key imported into WebCrypto, non-extractable, in this worker only.
 */
import { sealedBoxOpener, type BoxKeyPair, type SealedBoxOpener } from '#crypto';

const openers = new WeakMap<BoxKeyPair, Promise<SealedBoxOpener>>();

export function openerFor(recipient: BoxKeyPair): Promise<SealedBoxOpener> {
  let opener = openers.get(recipient);
  if (opener === undefined) {
    opener = sealedBoxOpener(recipient);
    openers.set(recipient, opener);
  }
  return opener;
}
