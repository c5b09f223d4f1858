// The price of a speech, music or sound-effect request from the model's price fields (docs: "Models:
// which is which, and prices"). Never a guess: when a needed price or quantity is missing the answer
// is "unknown" with the reason. Browser-safe.
import { toNumber } from './audioRules';
import type { CostEstimate } from './cost';
import type { Model } from '../schemas/schemas';

/** A price field as a usable number of cents (a missing, negative or non-number one is no price). */
function price(model: Model, field: string): number | undefined {
  const v = (model as Record<string, unknown>)[field];
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

const unknown = (reason: string): CostEstimate => ({ unknown: true, reason });

/** Speech: characters × price_per_million_chars_cents / 1e6, plus price_per_generation_cents when present. */
export function speechCost(request: Record<string, unknown>, model: Model): CostEstimate {
  const perMillion = price(model, 'price_per_million_chars_cents');
  const flat = price(model, 'price_per_generation_cents');
  if (perMillion === undefined) {
    // A flat fee alone is a whole price; nothing at all is not.
    return flat === undefined ? unknown(`price unknown: ${model.id} lists no price per character`) : { cents: flat };
  }
  // Characters as the user counts them (code points), not UTF-16 units.
  const chars = typeof request.input === 'string' ? [...request.input].length : 0;
  return { cents: (chars * perMillion) / 1e6 + (flat ?? 0) };
}

/** Music and sound effects: seconds × per-second price (or minutes × per-minute), plus the flat fee. */
export function clipCost(seconds: number | undefined, model: Model): CostEstimate {
  const perSecond = price(model, 'price_per_audio_second_cents');
  const perMinute = price(model, 'price_per_audio_minute_cents');
  const flat = price(model, 'price_per_generation_cents');
  if (perSecond === undefined && perMinute === undefined) {
    return flat === undefined ? unknown(`price unknown: ${model.id} lists no price per second or minute`) : { cents: flat };
  }
  // The server picks the length when none is asked for: the time part cannot be known.
  if (seconds === undefined || !(seconds > 0)) return unknown('price unknown: no length chosen (the server picks it)');
  const timed = perSecond !== undefined ? seconds * perSecond : (seconds / 60) * (perMinute as number);
  return { cents: timed + (flat ?? 0) };
}

export function musicCost(request: Record<string, unknown>, model: Model): CostEstimate {
  const ms = toNumber(request.music_length_ms);
  return clipCost(ms === undefined ? undefined : ms / 1000, model);
}

export function sfxCost(request: Record<string, unknown>, model: Model): CostEstimate {
  return clipCost(toNumber(request.duration_seconds), model);
}
