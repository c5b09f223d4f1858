// The README's performance table: each figure with its range over the rounds, its target and
// whether it was met, in Markdown. Pure: unit-tested.
import { checkTarget, round, type Target } from './stats';
import type { Spread } from './downloadFigures';

export interface ReadmeRow {
  metric: string;
  value: number;
  unit: string;
  digits?: number;
  /** Min–max over the rounds (or loads) the value is the median of. */
  range?: Pick<Spread, 'min' | 'max'>;
  /** A note on what the value is (e.g. "worst of 7"). */
  note?: string;
  target?: Target;
}

const withUnit = (text: string, unit: string): string => (unit ? `${text} ${unit}` : text);

export function readmeTable(rows: readonly ReadmeRow[]): string {
  const lines = ['| Figure | Value | Range | Target | Result |', '| --- | --- | --- | --- | --- |'];
  for (const r of rows) {
    const digits = r.digits ?? 1;
    const value = withUnit(String(round(r.value, digits)), r.unit) + (r.note ? ` (${r.note})` : '');
    const range = r.range ? withUnit(`${round(r.range.min, digits)}–${round(r.range.max, digits)}`, r.unit) : '–';
    const target = r.target ? withUnit(`${r.target.op === '<=' ? '≤' : '≥'} ${r.target.value}`, r.unit) : '–';
    let result = 'info';
    if (r.target) {
      const check = checkTarget(r.value, r.target);
      result = check.pass ? 'met' : `missed by ${withUnit(String(round(check.gap, digits)), r.unit)}`;
    }
    lines.push(`| ${r.metric} | ${value} | ${range} | ${target} | ${result} |`);
  }
  return lines.join('\n');
}
