// Pure figures for the bench: percentiles, throughput, target checks, a seeded random source and
// the printed table. No I/O here, so every helper is unit-tested (test/unit/bench/stats.test.ts).

export const MiB = 1024 * 1024;

/**
 * The p-th percentile (0–100) by linear interpolation between closest ranks (the common
 * "type 7" definition, as numpy and spreadsheets use): with 20 samples, p95 lies between the
 * 19th and 20th values instead of jumping to the maximum.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile out of range: ${p}`);
  if (values.some((v) => !Number.isFinite(v))) throw new Error('percentile of a non-finite value');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export const median = (values: readonly number[]): number => percentile(values, 50);

export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new Error('mean of no values');
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** MiB per second for `bytes` moved in `ms` milliseconds. */
export function mibPerSecond(bytes: number, ms: number): number {
  if (!(ms > 0)) throw new Error(`elapsed time must be > 0 ms, got ${ms}`);
  return bytes / MiB / (ms / 1000);
}

/** CPU milliseconds per 100 MiB moved: comparable across download sizes. */
export function cpuMsPer100MiB(cpuMs: number, bytes: number): number {
  if (!(bytes > 0)) throw new Error(`bytes must be > 0, got ${bytes}`);
  return (cpuMs * 100 * MiB) / bytes;
}

/** Rounds for display and the JSON file (figures are not more precise than this anyway). */
export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export type Comparison = '<=' | '>=';

export interface Target {
  op: Comparison;
  value: number;
}

export interface TargetCheck {
  pass: boolean;
  /** How far the figure is on the wrong side of the target (0 when met). */
  gap: number;
}

export function checkTarget(actual: number, target: Target): TargetCheck {
  const gap = target.op === '<=' ? actual - target.value : target.value - actual;
  return { pass: gap <= 0, gap: Math.max(0, gap) };
}

/** The simulator's seeded PRNG, so the random completion instants repeat from run to run. */
export { seededRandom } from '../test/simulator/random';

/** Splits items into consecutive groups of at most `size` (the 4-in-flight limit). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!(size >= 1)) throw new Error('group size must be >= 1');
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface TableRow {
  metric: string;
  value: string;
  target: string;
  verdict: string;
  /** The figure we aim for beyond the target, and whether it is reached ('-' when none). */
  aim: string;
}

/**
 * One table row: the verdict says MISSED with the gap, never hides it. An aim (stricter than the
 * target) is shown with 'reached' or 'not yet'; it never makes the row fail.
 */
export function tableRow(metric: string, actual: number, unit: string, target?: Target, digits = 1, aim?: Target): TableRow {
  const value = `${round(actual, digits)} ${unit}`.trim();
  const aimText = aim ? `${aim.op} ${aim.value} ${unit}`.trim() + (checkTarget(actual, aim).pass ? ' reached' : ' not yet') : '-';
  if (!target) return { metric, value, target: '-', verdict: 'info', aim: aimText };
  const check = checkTarget(actual, target);
  return {
    metric,
    value,
    target: `${target.op} ${target.value} ${unit}`.trim(),
    verdict: check.pass ? 'met' : `MISSED by ${round(check.gap, digits)} ${unit}`.trim(),
    aim: aimText,
  };
}

/** A plain fixed-width text table. */
export function formatTable(rows: readonly TableRow[]): string {
  const header: TableRow = { metric: 'metric', value: 'value', target: 'target', verdict: 'result', aim: 'aim' };
  const all = [header, ...rows];
  const keys = ['metric', 'value', 'target', 'verdict', 'aim'] as const;
  const widths = keys.map((k) => Math.max(...all.map((r) => r[k].length)));
  const line = (r: TableRow): string =>
    keys
      .map((k, i) => r[k].padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}
