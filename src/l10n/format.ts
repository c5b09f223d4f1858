// Numbers, money, durations and plural forms in the display language, through Intl. The locale is a
// parameter (the host passes vscode.env.language, the webview the page's lang the host set), so this
// module imports neither vscode nor zod and the webview bundle uses it as it is.

/** The display language when none is given: what the extension wrote before it was localized. */
export const DEFAULT_LOCALE = 'en-US';

const formats = new Map<string, Intl.NumberFormat>();
const plurals = new Map<string, Intl.PluralRules>();

/** A tag Intl accepts; VS Code's own tags (`qps-ploc`, `zh-cn`) pass, a broken one falls back. */
export function safeLocale(locale: string | undefined): string {
  if (!locale) return DEFAULT_LOCALE;
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

/** Formatters are built once per locale and options: creating one loads ICU data (~15 ms). */
function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const tag = safeLocale(locale);
  const key = `${tag}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(tag, options)));
  return f;
}

/**
 * US dollars as the locale writes them: "$1.20" (en), "1,20 $" (ru, it). Prices are always in USD,
 * so the narrow "$" is unambiguous and the same in every language.
 */
export function formatUsd(dollars: number, locale: string | undefined, minFraction = 2, maxFraction = 2): string {
  return numberFormat(locale, {
    style: 'currency',
    currency: 'USD',
    currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: minFraction,
    maximumFractionDigits: maxFraction,
  }).format(dollars);
}

/**
 * The one money rule, for every place that shows dollars (views, panels, dialogs, the storyboard):
 * cents to the cent, and a fraction of a cent keeps its digits down to 1/100 ¢ instead of being
 * rounded away: 320 → "$3.20", 2.5 → "$0.025", 0.77 → "$0.0077", 12.5 → "$0.125". A non-finite
 * amount is "—".
 */
export function formatMoneyCents(cents: number, locale: string | undefined = DEFAULT_LOCALE): string {
  if (!Number.isFinite(cents)) return '—';
  // Integer hundredths of a cent first: dividing to dollars would inherit binary rounding (0.165 → 0.0016).
  const units = Math.round(cents * 100);
  return formatUsd(units / 10_000, locale, 2, units % 100 === 0 ? 2 : 4);
}

/** A plain number: 1.5 → "1.5" (en), "1,5" (ru, it); grouping as the locale does it. */
export function formatNumber(n: number, locale: string | undefined, maxFraction = 2, minFraction = 0, grouping = true): string {
  return numberFormat(locale, { minimumFractionDigits: minFraction, maximumFractionDigits: maxFraction, useGrouping: grouping }).format(n);
}

/** A progress figure out of 100: 42 → "42%" (en, it), "42 %" (ru, with a no-break space), as Intl writes it. */
export function formatPercent(percent: number, locale: string | undefined): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(Math.round(percent) / 100);
}

/** A length in seconds: 8 → "8 sec" (en), "8 с" (ru), "8 s" (it). */
export function formatSeconds(seconds: number, locale: string | undefined): string {
  return numberFormat(locale, { style: 'unit', unit: 'second', unitDisplay: 'short', maximumFractionDigits: 1 }).format(seconds);
}

/** The CLDR plural forms a message may need: English uses one/other, Russian one/few/many/other. */
export interface PluralForms {
  one: string;
  few: string;
  many: string;
  other: string;
}

/** The form for `count` in this locale (Intl.PluralRules); categories no form exists for use `other`. */
export function pickPlural(count: number, locale: string | undefined, forms: PluralForms): string {
  const tag = safeLocale(locale);
  let rules = plurals.get(tag);
  if (!rules) plurals.set(tag, (rules = new Intl.PluralRules(tag)));
  const category = rules.select(count);
  return category === 'one' || category === 'few' || category === 'many' ? forms[category] : forms.other;
}
