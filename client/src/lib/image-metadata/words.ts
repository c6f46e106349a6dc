/**
 * What the image parsers remove, in words for the list after "Removed:" (components/upload-list.tsx).
 * The parsers collect these descriptors and put them into words as they return, so the list is
 * in the page's language when the file is checked; the same descriptor twice is said once.
 */
import { i18n, type MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';

export const REMOVED = {
  exif: msg({
    message: 'camera, time and location details (EXIF)',
    comment: 'Hidden details removed from an image, in a list after “Removed:”',
  }),
  xmp: msg({
    message: 'editing details (XMP)',
    comment: 'Hidden details removed from an image, in a list after “Removed:”',
  }),
  iptc: msg({
    message: 'captions, names and keywords (IPTC)',
    comment: 'Hidden details removed from an image, in a list after “Removed:”',
  }),
  thumbnail: msg({
    message: 'an embedded thumbnail',
    comment: 'A small copy of the picture removed from an image, in a list after “Removed:”',
  }),
  extraImages: msg({
    message: 'extra images or camera data (MPF, FlashPix)',
    comment: 'Hidden details removed from an image, in a list after “Removed:”',
  }),
  comments: msg({
    message: 'comments',
    comment: 'Comments hidden in an image file, removed; in a list after “Removed:”',
  }),
  text: msg({
    message: 'text details (author, software, comments)',
    comment: 'Hidden details removed from an image, in a list after “Removed:”',
  }),
  time: msg({
    message: 'the time it was last changed',
    comment: 'Hidden details removed from an image, in a list after “Removed:”',
  }),
  other: msg({
    message: 'other embedded data',
    comment: 'Hidden details removed from an image, in a list after “Removed:”',
  }),
  appended: msg({
    message: 'data appended after the image',
    comment: 'Hidden details removed from an image, in a list after “Removed:”',
  }),
} as const satisfies Record<string, MessageDescriptor>;

/** What was removed, in the page's language, in the order it was found. */
export function inWords(removed: Iterable<MessageDescriptor>): string[] {
  return Array.from(removed, (what) => i18n._(what));
}
