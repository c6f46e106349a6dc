// What a suite reports, and the table it turns into.
//
// A suite never prints its results itself: it hands rows to a Reporter, and the
// runner renders them as one aligned table per suite on stdout (progress goes to
// stderr, so `npm run bench > out.txt` captures only the tables) and as JSON in
// bench/results/.

import { formatQuantity, ratio, type Quantity, type Ratio } from './format.js';

/** A goal from the issue. `met` is decided by the suite; the runner only prints it. */
export interface Target {
  /** As the issue states it, e.g. "≤ 1.0 ms" or "≥ 5× faster than OpenPGP.js". */
  readonly text: string;
  readonly met: boolean;
}

export interface Reference {
  /** Who did the same work: "sodium-native", "OpenPGP.js". */
  readonly name: string;
  readonly value: Quantity;
}

export interface Row {
  /** What was measured, e.g. "encrypt 10 KB report, 5 recipients". */
  readonly name: string;
  /** Our figure (the project's code), a median unless the note says otherwise. */
  readonly ours: Quantity;
  /** The same work done by other code in the same run. */
  readonly references?: readonly Reference[];
  readonly targets?: readonly Target[];
  /** One line printed under the row (what exactly was timed, breakdowns). */
  readonly note?: string;
  /** Raw per-run figures by subject, for the JSON file only (e.g. Timing.runsMs). */
  readonly raw?: Readonly<Record<string, readonly number[]>>;
}

export interface Reporter {
  /** Starts a group of rows under a heading (e.g. "reports", "files"). */
  group(title: string): void;
  row(row: Row): void;
  /** A line printed under the suite's table. */
  note(text: string): void;
  /** A progress line on stderr; not part of the results. */
  progress(text: string): void;
}

export interface RecordedRow extends Row {
  readonly group: string;
  readonly ratios: readonly (Ratio & { readonly reference: string })[];
}

export interface SuiteResult {
  readonly suite: string;
  readonly rows: readonly RecordedRow[];
  readonly notes: readonly string[];
  readonly elapsedMs: number;
}

/** Collects one suite's rows. */
export class RecordingReporter implements Reporter {
  readonly rows: RecordedRow[] = [];
  readonly notes: string[] = [];
  private currentGroup = '';

  constructor(private readonly suite: string) {}

  group(title: string): void {
    this.currentGroup = title;
  }

  row(row: Row): void {
    const ratios = (row.references ?? []).map((ref) => ({
      reference: ref.name,
      ...ratio(row.ours, ref.value),
    }));
    this.rows.push({ ...row, group: this.currentGroup, ratios });
    // Echo as we go, so a long run shows its results before the table.
    this.progress(`  ${row.name}: ${formatQuantity(row.ours)}`);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  progress(text: string): void {
    process.stderr.write(`[${this.suite}] ${text}\n`);
  }
}

const HEADERS = ['measurement', 'ours', 'reference', 'reference value', 'ours vs reference', 'target', ''];

/** Renders a suite's rows as a plain-text table (one line per reference or target). */
export function renderTable(result: SuiteResult): string {
  const lines: string[][] = [];
  const groupStarts = new Map<number, string>();
  const notesAfter = new Map<number, string>();
  let lastGroup: string | undefined;
  for (const row of result.rows) {
    if (row.group !== lastGroup) {
      groupStarts.set(lines.length, row.group);
      lastGroup = row.group;
    }
    const refs = row.references ?? [];
    const targets = row.targets ?? [];
    const height = Math.max(1, refs.length, targets.length);
    for (let i = 0; i < height; i++) {
      const ref = refs[i];
      const r = row.ratios[i];
      const target = targets[i];
      lines.push([
        i === 0 ? row.name : '',
        i === 0 ? formatQuantity(row.ours) : '',
        ref?.name ?? '',
        ref ? formatQuantity(ref.value) : '',
        r?.text ?? '',
        target?.text ?? '',
        target ? (target.met ? 'met' : 'MISSED') : '',
      ]);
    }
    if (row.note !== undefined) notesAfter.set(lines.length - 1, row.note);
  }

  const widths = HEADERS.map((h, col) => Math.max(h.length, ...lines.map((l) => l[col]!.length)));
  const rightAligned = new Set([1, 3]);
  const fmt = (cells: readonly string[]): string =>
    cells
      .map((c, col) => (rightAligned.has(col) ? c.padStart(widths[col]!) : c.padEnd(widths[col]!)))
      .join('  ')
      .trimEnd();
  const total = widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);

  const out: string[] = [];
  out.push(`== ${result.suite} ${'='.repeat(Math.max(0, total - result.suite.length - 4))}`);
  out.push(fmt(HEADERS));
  lines.forEach((line, index) => {
    const group = groupStarts.get(index);
    if (group !== undefined && group !== '') out.push('', `-- ${group}`);
    out.push(fmt(line));
    const note = notesAfter.get(index);
    if (note !== undefined) out.push(`     ${note}`);
  });
  if (result.notes.length > 0) out.push('', ...result.notes.map((n) => `* ${n}`));
  const met = result.rows.flatMap((r) => r.targets ?? []);
  if (met.length > 0) {
    const ok = met.filter((t) => t.met).length;
    out.push('', `targets met: ${ok} of ${met.length}`);
  }
  out.push(`(${result.suite} suite ran for ${(result.elapsedMs / 1000).toFixed(0)} s)`);
  return out.join('\n');
}
