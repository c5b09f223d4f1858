// Money as the views show it, in the display language (`locale`: vscode.env.language on the host, the
// page's lang in the webview). One rule for every amount (src/l10n/format.ts formatMoneyCents): a unit
// price ($0.025 per image), an estimate and a bill keep a fraction of a cent alike, so the same amount
// never reads "$0.03" in one place and "$0.025" in another.
import { DEFAULT_LOCALE, formatMoneyCents } from '../l10n/format';

/** A unit price: 2.5 → "$0.025", 0.5 → "$0.005", 40 → "$0.40". */
export function formatUnitCents(c: number, locale: string = DEFAULT_LOCALE): string {
  return formatMoneyCents(c, locale);
}

/** A job's cost: 0.77 → "$0.0077", 320 → "$3.20". */
export function formatCostCents(c: number, locale: string = DEFAULT_LOCALE): string {
  return formatMoneyCents(c, locale);
}
