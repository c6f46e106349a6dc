/**
 * The explicit list of migrations, in order. An index (rather than reading a folder) works
 * the same from TypeScript sources and from the compiled build. Forward-only: never edit or
 * remove an entry that has been released; add the next number.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_case_list_order_index.js';
import * as m0003 from './0003_hostile_load.js';
import * as m0004 from './0004_case_handling.js';
import * as m0005 from './0005_operations.js';
import * as m0006 from './0006_summaries.js';
import * as m0007 from './0007_legacy_regrant_events.js';
import * as m0008 from './0008_team_community.js';
import * as m0009 from './0009_case_tags.js';
import * as m0010 from './0010_signed_index_keys.js';
import * as m0011 from './0011_upload_reservations.js';
import * as m0012 from './0012_appeals.js';
import * as m0013 from './0013_case_receipts.js';
import * as m0014 from './0014_referrals.js';
import * as m0015 from './0015_notification_language.js';
import * as m0016 from './0016_team_language_variants.js';

export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_case_list_order_index': m0002,
  '0003_hostile_load': m0003,
  '0004_case_handling': m0004,
  '0005_operations': m0005,
  '0006_summaries': m0006,
  '0007_legacy_regrant_events': m0007,
  '0008_team_community': m0008,
  '0009_case_tags': m0009,
  '0010_signed_index_keys': m0010,
  '0011_upload_reservations': m0011,
  '0012_appeals': m0012,
  '0013_case_receipts': m0013,
  '0014_referrals': m0014,
  '0015_notification_language': m0015,
  '0016_team_language_variants': m0016,
};
