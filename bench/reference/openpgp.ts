// Reference: OpenPGP.js v6, as the peer project Hush Line uses it in browsers:
// a message encrypted to each recipient's Curve25519 key, ASCII-armored, and
// decrypted with one recipient's private key. Keys are "ECC curve25519" in
// OpenPGP terms (v4 keys, EdDSA primary + ECDH Curve25519 subkey, which v6 calls
// `curve25519Legacy`), the kind Proton Mail and GnuPG hand out and Hush Line's
// users upload. No signature: Hush Line does not sign submissions, so this
// reference does strictly less work than ours (which also signs/verifies).

import * as openpgp from 'openpgp';

export interface PgpRecipient {
  readonly publicKey: openpgp.PublicKey;
  readonly privateKey: openpgp.PrivateKey;
}

/** Makes `count` unencrypted Curve25519 key pairs (setup only; never timed). */
export async function pgpRecipients(count: number): Promise<PgpRecipient[]> {
  const out: PgpRecipient[] = [];
  for (let i = 0; i < count; i++) {
    const { publicKey, privateKey } = await openpgp.generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ name: `Recipient ${i}`, email: `recipient${i}@example.org` }],
      format: 'object',
    });
    out.push({ publicKey, privateKey });
  }
  return out;
}

// OpenPGP.js's declarations type results through @openpgp/web-stream-tools,
// which is not installed, so they arrive as `any`: take them as `unknown` and
// check the shape at run time instead.

/** Encrypts `body` to every recipient; returns the armored message (what goes on the wire). */
export async function pgpEncrypt(body: Uint8Array, recipients: readonly PgpRecipient[]): Promise<string> {
  const message = await openpgp.createMessage({ binary: body });
  const armored: unknown = await openpgp.encrypt({
    message,
    encryptionKeys: recipients.map((r) => r.publicKey),
    format: 'armored',
  });
  if (typeof armored !== 'string') throw new Error('OpenPGP.js returned no armored text');
  return armored;
}

/** Parses an armored message and decrypts it with one recipient's private key. */
export async function pgpDecrypt(armored: string, recipient: PgpRecipient): Promise<Uint8Array> {
  const message = await openpgp.readMessage({ armoredMessage: armored });
  const result: unknown = await openpgp.decrypt({
    message,
    decryptionKeys: recipient.privateKey,
    format: 'binary',
  });
  const data = (result as { data?: unknown }).data;
  if (!(data instanceof Uint8Array)) throw new Error('OpenPGP.js returned no binary data');
  return data;
}

export function pgpVersion(): string {
  return openpgp.config.versionString;
}
