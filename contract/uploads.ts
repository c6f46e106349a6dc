/**
 * Asking before an upload (docs/http-api.md 10.2, docs/protocol.md 14.4): the browser tells
 * `POST /api/attachments/challenge` the encrypted size of the file it is about to send, and
 * is told what the upload needs, so the file's bytes cross the network once.
 */
import { Type, type Static } from 'typebox';

/** An encrypted file is at least a 24-byte header and one 17-byte final chunk. */
const MIN_ENCRYPTED_FILE_BYTES = 41;

export const UploadChallengeRequest = Type.Object(
  {
    size: Type.Integer({
      minimum: MIN_ENCRYPTED_FILE_BYTES,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'the encrypted size of the file about to be sent, in bytes',
    }),
  },
  { additionalProperties: false },
);
export type UploadChallengeRequest = Static<typeof UploadChallengeRequest>;

export const UploadChallengeReply = Type.Object({
  challenge: Type.Union(
    [
      Type.Object({
        token: Type.String({ description: 'opaque, 83 base64url characters (docs/protocol.md 14.1)' }),
        bits: Type.Integer({ minimum: 1, maximum: 32 }),
        expires_at: Type.String(),
      }),
      Type.Null(),
    ],
    {
      description:
        'to solve (docs/protocol.md 14.2) and send with the upload as X-Confide-Proof; null when rate limits are off',
    },
  ),
});
export type UploadChallengeReply = Static<typeof UploadChallengeReply>;
