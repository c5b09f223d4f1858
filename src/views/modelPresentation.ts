// What the Models view says about a model: its group, caps and unit prices. Pure (no vscode), so the
// rules are unit-tested without VS Code; the words are chosen in modelsTree.ts. Prices come from
// src/api/rules/byKind.ts and costAudio.ts (one request of one unit), never from price maths of their own.
import type { Model } from '../api/schemas/schemas';
import { estimate } from '../api/rules/byKind';
import { clipCost } from '../api/rules/costAudio';
import { isVideoModel, modelKind } from '../api/rules/modelKind';
import { imageAspectRatios, imageMaxN } from '../api/rules/imageCaps';
import type { Kind } from '../kinds';

/** The Models view has one group per kind of src/kinds.ts, in KIND_IDS order. */
export type ModelGroup = Kind;

/** The group a model is listed in; undefined for models that make none of our kinds (chat, embeddings). */
export function groupOf(m: Model): ModelGroup | undefined {
  const kind = modelKind(m);
  if (kind === 'video') return isVideoModel(m) ? 'video' : undefined;
  return kind === 'other' ? undefined : kind;
}

export type PriceUnit = 'second' | 'minute' | 'image' | 'thousandChars' | 'generation';
export interface UnitPrice {
  unit: PriceUnit;
  cents: number;
}

const cents = (e: { cents: number } | { unknown: true }): number | undefined => ('cents' in e ? e.cents : undefined);

/** The model without its flat fee, so a unit price is the unit's alone (the fee is listed on its own). */
const withoutFlatFee = (m: Model): Model => ({ ...m, price_per_generation_cents: undefined });

/**
 * The model's prices per unit (video per second, image per image, speech per 1,000 characters,
 * music/sfx per second or minute), then its flat fee per generation; empty = price unknown.
 */
export function unitPrices(m: Model, group: ModelGroup): UnitPrice[] {
  const bare = withoutFlatFee(m);
  const prices: UnitPrice[] = [];
  const add = (unit: PriceUnit, value: number | undefined): void => {
    if (value !== undefined && Number.isFinite(value)) prices.push({ unit, cents: value });
  };
  switch (group) {
    case 'video':
      add('second', cents(estimate('video', { duration_seconds: 1 }, m)));
      return prices; // video has no flat fee in its estimate
    case 'image':
      add('image', cents(estimate('image', { n: 1 }, bare)));
      break;
    case 'speech':
      add('thousandChars', cents(estimate('speech', { input: 'x'.repeat(1000) }, bare)));
      break;
    case 'music':
    case 'sfx': {
      // Per minute when that is how the model is priced, else per second.
      const perMinute = typeof (m as Record<string, unknown>).price_per_audio_minute_cents === 'number';
      const perSecond = typeof (m as Record<string, unknown>).price_per_audio_second_cents === 'number';
      if (perSecond || !perMinute) add('second', cents(clipCost(1, bare)));
      else add('minute', cents(clipCost(60, bare)));
      break;
    }
  }
  const flat = m.price_per_generation_cents;
  if (typeof flat === 'number' && Number.isFinite(flat) && flat >= 0) add('generation', flat);
  return prices;
}

/** What a model can do, read defensively (the audio caps objects are undocumented). */
export interface ModelCaps {
  maxN?: number;
  aspectRatios?: string[];
  voices?: string[];
  formats?: string[];
  /** Length range in seconds (music: from milliseconds). */
  lengthS?: { min?: number; max?: number };
}

const record = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const strings = (v: unknown): string[] | undefined => {
  const list = Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
  return list.length ? list : undefined;
};
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function range(min: number | undefined, max: number | undefined, scale = 1): ModelCaps['lengthS'] {
  if (min === undefined && max === undefined) return undefined;
  return { min: min === undefined ? undefined : min * scale, max: max === undefined ? undefined : max * scale };
}

export function modelCaps(m: Model, group: ModelGroup): ModelCaps {
  switch (group) {
    case 'image': {
      const ratios = imageAspectRatios(m);
      return { maxN: imageMaxN(m), aspectRatios: ratios.length ? ratios : undefined };
    }
    case 'speech': {
      const caps = record(m.speech_caps);
      return { voices: strings(caps.voices), formats: strings(caps.formats) };
    }
    case 'music': {
      const caps = record(m.audio_caps);
      return { formats: strings(caps.formats), lengthS: range(num(caps.min_length_ms), num(caps.max_length_ms), 1 / 1000) };
    }
    case 'sfx': {
      const caps = record(m.sfx_caps);
      return { formats: strings(caps.formats), lengthS: range(num(caps.min_duration_seconds), num(caps.max_duration_seconds)) };
    }
    default:
      return {};
  }
}
