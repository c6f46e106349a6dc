/**
 * stripImageMetadata (image-metadata.ts), downloaded when the first file is added rather than
 * with the page: most reports carry no file, and the parsers are code a reporter on a slow line
 * would otherwise wait for before they can write. Same contract: never throws.
 */
import type { StripOutcome } from '../image-metadata.js';

export type { StripOutcome } from '../image-metadata.js';

type ImageMetadataModule = typeof import('../image-metadata.js');

let loading: Promise<ImageMetadataModule> | undefined;

function loadImageMetadata(): Promise<ImageMetadataModule> {
  loading ??= import('../image-metadata.js');
  // A dropped connection: the next file tries again.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/**
 * Cleans one file before it is encrypted (see image-metadata.ts). When the code that does it
 * cannot be downloaded, the file is refused like one that cannot be cleaned: without the code
 * there is no telling whether it is an image with a location in it.
 */
export async function stripImageMetadata(file: Blob, name: string): Promise<StripOutcome> {
  let module: ImageMetadataModule;
  try {
    module = await loadImageMetadata();
  } catch {
    return {
      status: 'failed',
      reason:
        'The part of Confide that removes hidden details (such as where a photo was taken) from files could not be downloaded. Check your connection and add the file again, or reload the page.',
    };
  }
  return module.stripImageMetadata(file, name);
}
