import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { useEffect, useRef, useState } from 'react';

import { ApiError } from '../../../lib/api-client';
import { errorText } from '../../../lib/error-words';
import { downloadAttachment } from '../../../lib/attachments';
import type { AttachmentView } from '../../../lib/keyring/keyring';

export type FileState =
  | { readonly status: 'idle' }
  | { readonly status: 'working'; readonly percent: number | null }
  | { readonly status: 'ready'; readonly url: string }
  | { readonly status: 'error'; readonly message: string };

/** Codes under which a file decrypted to something other than what the reporter sent. */
const ALTERED_CODES: ReadonlySet<string> = new Set(['TAMPERED', 'FILE_TRUNCATED', 'FILE_TRAILING_DATA']);

/** Why the file is not shown, in the page's language. */
function problemOf(error: unknown): string {
  const failed = i18n._(msg`This file could not be decrypted.`);
  // The server's or the client's refusal (not found, offline...), in the page's words for its code.
  if (error instanceof ApiError) return errorText(error, failed);
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (ALTERED_CODES.has(code)) {
    return i18n._(
      msg`This file does not decrypt as the reporter sent it: it was cut short or altered. Nothing of it is shown.`,
    );
  }
  return failed;
}

/**
 * One evidence file, fetched and decrypted in this browser on request (`decrypt`), or at once
 * when `auto` is set. The plaintext lives only as a blob: URL while the component is mounted:
 * leaving the case aborts the download and revokes the URL.
 */
export function useDecryptedFile(
  attachment: AttachmentView,
  { auto }: { auto: boolean },
): { state: FileState; decrypt: () => void } {
  const [state, setState] = useState<FileState>({ status: 'idle' });
  const urlRef = useRef<string | null>(null);
  const abortRef = useRef<AbortController | null>(null);

  useEffect(
    () => () => {
      abortRef.current?.abort();
      if (urlRef.current !== null) URL.revokeObjectURL(urlRef.current);
      urlRef.current = null;
    },
    [],
  );

  async function run(): Promise<void> {
    if (state.status === 'working' || state.status === 'ready') return;
    const controller = new AbortController();
    abortRef.current = controller;
    setState({ status: 'working', percent: null });
    try {
      const blob = await downloadAttachment(attachment, {
        signal: controller.signal,
        onProgress: ({ loaded, total }) => {
          if (total > 0) setState({ status: 'working', percent: Math.round((100 * loaded) / total) });
        },
      });
      if (controller.signal.aborted) return;
      const url = URL.createObjectURL(blob);
      urlRef.current = url;
      setState({ status: 'ready', url });
    } catch (error) {
      if (!controller.signal.aborted) setState({ status: 'error', message: problemOf(error) });
    }
  }

  useEffect(() => {
    if (auto) void run();
    // Once, when the case opens.
  }, []);

  return { state, decrypt: () => void run() };
}
