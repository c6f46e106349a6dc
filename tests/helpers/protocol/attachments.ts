/**
 * Attachments: encrypted with a fresh file key on this side, uploaded and downloaded as opaque
 * bytes. The key travels only inside a sealed body (an AttachmentRef).
 */
import {
  decryptFile,
  encryptFile,
  fileKeyFromBase64,
  generateFileKey,
  keyToBase64,
  type AttachmentRef,
} from '../../../crypto/index.js';
import { expectReply, UnexpectedReply, type Agent } from './transport.js';

export interface FileToAttach {
  readonly name: string;
  readonly type: string;
  readonly bytes: Uint8Array;
}

/** Encrypts a file with a fresh key and uploads it: POST /api/attachments (octet-stream). */
export async function uploadAttachment(agent: Agent, file: FileToAttach): Promise<AttachmentRef> {
  const key = generateFileKey();
  const stored = encryptFile(file.bytes, key);
  const { id } = expectReply<{ id: string }>(
    await agent.request('POST', '/api/attachments', {
      body: stored,
      contentType: 'application/octet-stream',
    }),
    201,
    'POST /api/attachments',
  );
  return { id, name: file.name, type: file.type, size: file.bytes.length, key: keyToBase64(key) };
}

/** GET /api/attachments/{id}; decrypted with the key from the body it was listed in. */
export async function downloadAttachment(
  agent: Agent,
  ref: Pick<AttachmentRef, 'id' | 'key'>,
): Promise<Uint8Array> {
  const res = await agent.get(`/api/attachments/${ref.id}`);
  if (res.status !== 200) throw new UnexpectedReply(res, [200], 'GET /api/attachments/{id}');
  return decryptFile(new Uint8Array(res.body), fileKeyFromBase64(ref.key));
}
