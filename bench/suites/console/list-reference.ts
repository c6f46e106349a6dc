// The case list's decryption done by sodium-native on one core of this process: the same pages of
// GET /api/cases the console fetched, each case's grant unwrapped and its summary (or, for a
// case without one, its body) decrypted, unpadded and parsed. What the decryption costs without
// WebAssembly, Workers or a page.

import { median } from '../../lib/stats.js';
import {
  nativeOpenEnvelope,
  nativeOpenSummary,
  nativeUnwrapKey,
  type NativeBoxKeyPair,
  type NativeEnvelope,
} from '../../reference/native.js';

export interface ListedCaseJson {
  id: string;
  grant: string | null;
  summary?: NativeEnvelope | null;
  payload: NativeEnvelope | null;
}

/** Every page of GET /api/cases, 1,000 a page, as the member with `cookie`. */
export async function fetchAllCases(url: string, cookie: string): Promise<ListedCaseJson[]> {
  const all: ListedCaseJson[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: '1000' });
    if (cursor !== null) query.set('cursor', cursor);
    const reply = await fetch(new URL(`/api/cases?${query.toString()}`, url), { headers: { cookie } });
    if (!reply.ok) throw new Error(`GET /api/cases answered ${reply.status}`);
    const page = (await reply.json()) as { cases: ListedCaseJson[]; next: string | null };
    all.push(...page.cases);
    cursor = page.next;
  } while (cursor !== null);
  return all;
}

export interface NativeListTiming {
  /** One figure per timed run (ms). */
  readonly runs: number[];
  readonly medianMs: number;
  /** Cases opened from their summary, from their body, and served with neither (not opened). */
  readonly fromSummary: number;
  readonly fromBody: number;
  readonly withNeither: number;
}

/** Opens every listed case `runs` times after one untimed run. */
export function timeNativeList(
  listed: readonly ListedCaseJson[],
  options: { readonly team: string; readonly me: NativeBoxKeyPair; readonly runs: number },
): NativeListTiming {
  let fromSummary = 0;
  let fromBody = 0;
  let withNeither = 0;
  const runs: number[] = [];
  for (let run = 0; run <= options.runs; run++) {
    fromSummary = fromBody = withNeither = 0;
    const started = performance.now();
    for (const c of listed) {
      if (c.grant === null || (!c.summary && !c.payload)) {
        withNeither++;
        continue;
      }
      const key = nativeUnwrapKey(c.grant, options.me);
      const context = { team: options.team, id: c.id };
      if (c.summary) {
        JSON.parse(nativeOpenSummary(c.summary, key, context).toString());
        fromSummary++;
      } else if (c.payload) {
        JSON.parse(nativeOpenEnvelope(c.payload, key, { kind: 'report', ...context }).toString());
        fromBody++;
      }
    }
    if (run > 0) runs.push(performance.now() - started);
  }
  return { runs, medianMs: median(runs), fromSummary, fromBody, withNeither };
}
