// A request's price before it is sent, from the model's price fields (docs: "Models: which is which,
// and prices"). Where a price cannot be computed the answer is "unknown", never a guess. Browser-safe.
import type { Model, VideoCaps } from '../schemas/schemas';

export type CostEstimate = { cents: number } | { unknown: true; reason: string };

const unknown = (reason = 'price unknown'): CostEstimate => ({ unknown: true, reason });
const price = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
const count = (v: unknown, fallback: number): number | undefined =>
  v === undefined || v === null || v === '' ? fallback : typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : undefined;

/** The video price, or unknown when the model has no usable per-second price or duration. */
export function videoCost(req: Record<string, unknown>, model: Model): CostEstimate {
  const perSecond = price(model.video_caps?.price_per_second_cents);
  const seconds = count(req.duration_seconds, model.video_caps?.min_duration_s ?? NaN);
  return perSecond === undefined || seconds === undefined || !Number.isFinite(seconds) ? unknown() : { cents: seconds * perSecond };
}

/** n × the price per thousand images, plus a flat per-request fee when the model has one. */
export function imageCost(req: Record<string, unknown>, model: Model): CostEstimate {
  const perThousand = price(model.priceperthousandimages);
  const n = count(req.n, 1);
  if (perThousand === undefined) return unknown('price unknown (the model has no priceperthousandimages)');
  if (n === undefined) return unknown('price unknown (n is not a whole number)');
  return { cents: (n * perThousand) / 1000 + (price(model.price_per_generation_cents) ?? 0) };
}

/** The video form's live price: duration × the model's per-second price. A request of any kind: byKind.ts `estimate`. */
export function estimateCostCents(durationSeconds: number, caps: Pick<VideoCaps, 'price_per_second_cents'>): number {
  return durationSeconds * caps.price_per_second_cents;
}
