// Money as the views show it. formatCents (src/api/cost.ts) rounds to whole cents, right for a bill
// of dollars but not for a unit price of a fraction of a cent ($0.025 per image) or a tiny bill.
import { formatCents } from '../api/cost';

/** A unit price keeps its fraction of a cent to 1/100 ¢: 2.5 → "$0.025", 0.5 → "$0.005", 40 → "$0.40". */
export function formatUnitCents(c: number): string {
  if (!Number.isFinite(c)) return '—';
  if (Number.isInteger(c)) return formatCents(c);
  // Integer hundredths of a cent first: dividing to dollars would inherit binary rounding (0.165 → 0.0016).
  const units = Math.round(c * 100);
  const fraction = String(units % 10_000).padStart(4, '0').replace(/0{1,2}$/, '');
  return `$${Math.floor(units / 10_000)}.${fraction}`;
}

/** A job's cost: whole cents, except that less than a cent is not shown as "$0.00". */
export function formatCostCents(c: number): string {
  return c > 0 && c < 1 ? formatUnitCents(c) : formatCents(c);
}
