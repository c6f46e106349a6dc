/**
 * The case list's opening of summaries (client/src/lib/keyring/case-crypto.ts), its grants opened
 * by the platform's X25519 (WebCrypto, as in Chromium and in Node) or, with `engine: 'libsodium'`,
 * by libsodium alone: what the unit tests of the keyring's list code call.
 */
import { sealedBoxOpener, type BoxKeyPair } from '../../crypto/index.js';
import { openSummaries as openWith } from '../../client/src/lib/keyring/case-crypto.js';

export async function openSummaries(
  team: string,
  cases: Parameters<typeof openWith>[1],
  recipient: BoxKeyPair,
  engine: 'auto' | 'libsodium' = 'auto',
): ReturnType<typeof openWith> {
  return openWith(team, cases, recipient, await sealedBoxOpener(recipient, { engine }));
}
