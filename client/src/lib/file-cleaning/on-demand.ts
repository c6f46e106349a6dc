/**
 * cleanFile (file-cleaning.ts), downloaded when the first file is added rather than with the
 * page: most reports carry no file, and the parsers are code a reporter on a slow line would
 * otherwise wait for before they can write. Same contract: never throws.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import type { CleanOutcome } from '../file-cleaning.js';
import { formatList } from '../format.js';

export type { CleanOutcome, FileChecked, FileWarning } from '../file-cleaning.js';

type FileCleaningModule = typeof import('../file-cleaning.js');

let loading: Promise<FileCleaningModule> | undefined;

function loadFileCleaning(): Promise<FileCleaningModule> {
  loading ??= import('../file-cleaning.js');
  // A dropped connection: the next file tries again.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/**
 * Cleans one file before it is encrypted (see file-cleaning.ts). When the code that does it
 * cannot be downloaded, the file is refused like one that cannot be cleaned: without the code
 * there is no telling what it would reveal.
 */
export async function cleanFile(file: Blob, name: string): Promise<CleanOutcome> {
  let module: FileCleaningModule;
  try {
    module = await loadFileCleaning();
  } catch {
    return {
      status: 'failed',
      reason: i18n._(
        msg`The part of Confide that removes hidden details (such as where a photo was taken) from files could not be downloaded. Check your connection and add the file again, or reload the page.`,
      ),
    };
  }
  return module.cleanFile(file, name);
}

/**
 * What stops sending while files wait for "Send it anyway" (file-cleaning.ts FileWarning), naming
 * them; undefined when none do. One sentence for the report form, replies and the console, in the
 * page's language: call it where it is shown.
 */
export function unconfirmedFilesMessage(names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  if (names.length === 1) {
    const name = names[0] ?? '';
    return i18n._(msg`Read what ${name} may reveal, then choose “Send it anyway” or remove it`);
  }
  const files = formatList(names);
  return i18n._(
    msg`Read what these files may reveal, then choose “Send it anyway” for each or remove it: ${files}`,
  );
}
