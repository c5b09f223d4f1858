// Budget periods and chart days in local time: a day starts at local midnight, a month on the
// local 1st. Built with the Date constructor's local fields, so DST days are 23 or 25 hours long.

export const BUDGET_PERIODS = ['day', 'month'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

export interface Range {
  /** Inclusive, ms. */
  start: number;
  /** Exclusive, ms. */
  end: number;
}

/** The local day or month that contains `nowMs`. */
export function periodRange(period: BudgetPeriod, nowMs: number): Range {
  const d = new Date(nowMs);
  if (period === 'month') {
    return { start: new Date(d.getFullYear(), d.getMonth(), 1).getTime(), end: new Date(d.getFullYear(), d.getMonth() + 1, 1).getTime() };
  }
  return { start: new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime(), end: new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime() };
}

/** The last `count` local days, oldest first, ending with the day of `nowMs`. */
export function lastDays(count: number, nowMs: number): Array<Range & { date: string }> {
  const d = new Date(nowMs);
  const out: Array<Range & { date: string }> = [];
  for (let i = count - 1; i >= 0; i--) {
    const start = new Date(d.getFullYear(), d.getMonth(), d.getDate() - i);
    const end = new Date(d.getFullYear(), d.getMonth(), d.getDate() - i + 1);
    out.push({ start: start.getTime(), end: end.getTime(), date: localDate(start) });
  }
  return out;
}

/** "2025-03-09" in local time. */
export function localDate(d: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

export const inRange = (ms: number, r: Range): boolean => ms >= r.start && ms < r.end;
