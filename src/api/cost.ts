// The API estimates a video's cost as duration × the model's per-second price. Browser-safe.
import type { VideoCaps } from './schemas';

export function estimateCostCents(durationSeconds: number, caps: Pick<VideoCaps, 'price_per_second_cents'>): number {
  return durationSeconds * caps.price_per_second_cents;
}

// Built on first use: creating a currency formatter loads ICU data (~15 ms), too slow for activation.
let usd: Intl.NumberFormat | undefined;
const USD: Intl.NumberFormatOptions = { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 };

/** 320 → "$3.20"; fractional cents round to the nearest cent (0.5 → "$0.01"). */
export function formatCents(cents: number): string {
  if (!Number.isFinite(cents)) return '—';
  // Integer cents first: formatting dollars directly would inherit binary rounding (1.005 → 1.00).
  const whole = Math.round(cents);
  return (usd ??= new Intl.NumberFormat('en-US', USD)).format(whole / 100);
}
