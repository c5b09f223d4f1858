// Money as the views show it, in the display language (`locale`: vscode.env.language on the host, the
// page's lang in the webview). formatCents (src/api/cost.ts) rounds to whole cents, right for a bill
// of dollars but not for a unit price of a fraction of a cent ($0.025 per image) or a tiny bill.
import { formatCents } from '../api/cost';
import { DEFAULT_LOCALE, formatUsd } from '../l10n/format';

/** A unit price keeps its fraction of a cent to 1/100 ¢: 2.5 → "$0.025", 0.5 → "$0.005", 40 → "$0.40". */
export function formatUnitCents(c: number, locale: string = DEFAULT_LOCALE): string {
  if (!Number.isFinite(c)) return '—';
  if (Number.isInteger(c)) return formatCents(c, locale);
  // Integer hundredths of a cent first: dividing to dollars would inherit binary rounding (0.165 → 0.0016).
  const units = Math.round(c * 100);
  return formatUsd(units / 10_000, locale, 2, 4);
}

/** A job's cost: whole cents, except that less than a cent is not shown as "$0.00". */
export function formatCostCents(c: number, locale: string = DEFAULT_LOCALE): string {
  return c > 0 && c < 1 ? formatUnitCents(c, locale) : formatCents(c, locale);
}
