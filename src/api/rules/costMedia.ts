// The price of a workspace-media operation before it is sent: the file's duration (read locally,
// mediaDuration.ts) × the model's `price_per_audio_minute_cents` (or its per-second price), plus a
// flat `price_per_generation_cents` when listed. Never a guess: a missing price or an unreadable
// duration is "price unknown" with the reason. Cloning has no documented price: unknown unless the
// model lists a flat one. Browser-safe.
import type { CostEstimate } from './cost';
import type { MediaOperation } from './mediaModelKind';
import type { Model } from '../schemas/schemas';

function price(model: Model, field: string): number | undefined {
  const v = (model as Record<string, unknown>)[field];
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

const unknown = (reason: string): CostEstimate => ({ unknown: true, reason });

/** `seconds`: the media's duration; undefined when its header could not be read. */
export function perMinuteCost(seconds: number | undefined, model: Model): CostEstimate {
  const perMinute = price(model, 'price_per_audio_minute_cents');
  const perSecond = price(model, 'price_per_audio_second_cents');
  const flat = price(model, 'price_per_generation_cents');
  if (perMinute === undefined && perSecond === undefined) {
    return flat === undefined ? unknown(`price unknown: ${model.id} lists no price per audio minute`) : { cents: flat };
  }
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return unknown("price unknown: the file's duration could not be read");
  const timed = perMinute !== undefined ? (seconds / 60) * perMinute : seconds * (perSecond as number);
  return { cents: timed + (flat ?? 0) };
}

/** One estimator per operation; every one but cloning is billed per minute of the source. */
export function mediaCost(op: MediaOperation | 'clone', seconds: number | undefined, model: Model): CostEstimate {
  if (op === 'clone') {
    const flat = price(model, 'price_per_generation_cents');
    return flat === undefined ? unknown('price unknown: Airforce publishes no price for voice cloning') : { cents: flat };
  }
  return perMinuteCost(seconds, model);
}
