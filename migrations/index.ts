/**
 * The explicit list of migrations, in order. An index (rather than reading a folder) works
 * the same from TypeScript sources and from the compiled build. Forward-only: never edit or
 * remove an entry that has been released; add the next number.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';

export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
};
