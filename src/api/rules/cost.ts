// A request's price before it is sent, from the model's price fields (docs: "Models: which is which,
// and prices"). Where a price cannot be computed the answer is "unknown", never a guess. Browser-safe.
import type { Model, VideoCaps } from '../schemas/schemas';
import { musicCost, sfxCost, speechCost } from './costAudio';

export type CostKind = 'video' | 'image' | 'speech' | 'music' | 'sfx';
export type CostEstimate = { cents: number } | { unknown: true; reason: string };

const unknown = (reason = 'price unknown'): CostEstimate => ({ unknown: true, reason });
const price = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
const count = (v: unknown, fallback: number): number | undefined =>
  v === undefined || v === null || v === '' ? fallback : typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : undefined;

type Estimator = (request: Record<string, unknown>, model: Model) => CostEstimate;

/** One estimator per kind; a kind without one is "price unknown". */
const ESTIMATORS: Partial<Record<CostKind, Estimator>> = {
  video: (req, model) => {
    const perSecond = price(model.video_caps?.price_per_second_cents);
    const seconds = count(req.duration_seconds, model.video_caps?.min_duration_s ?? NaN);
    return perSecond === undefined || seconds === undefined || !Number.isFinite(seconds) ? unknown() : { cents: seconds * perSecond };
  },
  // n × the price per thousand images, plus a flat per-request fee when the model has one.
  image: (req, model) => {
    const perThousand = price(model.priceperthousandimages);
    const n = count(req.n, 1);
    if (perThousand === undefined) return unknown('price unknown (the model has no priceperthousandimages)');
    if (n === undefined) return unknown('price unknown (n is not a whole number)');
    return { cents: (n * perThousand) / 1000 + (price(model.price_per_generation_cents) ?? 0) };
  },
  speech: speechCost,
  music: musicCost,
  sfx: sfxCost,
};

/** The video price: duration × the model's per-second price (the form's and the submit pipeline's). */
export function estimateCostCents(durationSeconds: number, caps: Pick<VideoCaps, 'price_per_second_cents'>): number;
/** Any kind: `{cents}`, or `{unknown, reason}` when the model's price fields do not allow a figure. */
export function estimateCostCents(kind: CostKind, request: Record<string, unknown>, model: Model): CostEstimate;
export function estimateCostCents(a: number | CostKind, b: unknown, model?: Model): number | CostEstimate {
  if (typeof a === 'number') return a * (b as Pick<VideoCaps, 'price_per_second_cents'>).price_per_second_cents;
  const estimate = ESTIMATORS[a];
  return estimate && model ? estimate(b as Record<string, unknown>, model) : unknown();
}
