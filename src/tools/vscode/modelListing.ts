// What airforce_list_models returns: the catalog by job kind, each model with its caps and unit
// prices in cents (the Models view's own rules, views/modelPresentation.ts, and the operations'
// per-minute price, api/rules/costMedia.ts), the default model of each kind and, for speech, the
// voices. JSON an agent reads; no vscode import (unit-tested directly).
import type { Model } from '../../api/schemas/schemas';
import type { Voice } from '../../api/schemas/audioSchemas';
import { perMinuteCost } from '../../api/rules/costMedia';
import { mediaOperation } from '../../api/rules/mediaModelKind';
import { JOB_KIND_IDS, KIND_IDS, OPERATION_IDS, OPERATIONS, isKind, type JobKind, type Kind, type Operation } from '../../kinds';
import { groupOf, modelCaps, unitPrices } from '../../views/modelPresentation';

export interface ListedModel {
  id: string;
  owned_by?: string;
  caps?: Record<string, unknown>;
  /** Cents per unit (`per_image`, `per_second`, `per_minute`, `per_thousand_chars`, `per_generation`); empty = price unknown. */
  prices_cents: Record<string, number>;
}

export interface ModelListing {
  kinds: Partial<Record<JobKind, ListedModel[]>>;
  /** The model each kind uses when a tool names none (its airforce.default*Model setting). */
  defaults: Partial<Record<JobKind, string>>;
  voices?: { voice_id: string; name: string; category?: string; language?: string; gender?: string }[];
  note?: string;
}

const UNIT_KEYS = { second: 'per_second', minute: 'per_minute', image: 'per_image', thousandChars: 'per_thousand_chars', generation: 'per_generation' } as const;
const MAX_VOICES = 100;

const defined = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** The job kind a catalog model serves, if any of ours. */
export function jobKindOf(m: Model): JobKind | undefined {
  const op = mediaOperation(m);
  if (op) return OPERATION_IDS.find((id) => OPERATIONS[id].serves === op);
  return groupOf(m);
}

function capsOf(m: Model, kind: Kind): Record<string, unknown> {
  if (kind === 'video' && m.video_caps) {
    const c = m.video_caps;
    return { min_duration_s: c.min_duration_s, max_duration_s: c.max_duration_s, aspect_ratios: c.aspect_ratios, qualities: c.qualities, modes: c.modes };
  }
  const caps = modelCaps(m, kind);
  return defined({
    max_n: caps.maxN,
    aspect_ratios: caps.aspectRatios,
    voices: caps.voices,
    formats: caps.formats,
    min_length_s: caps.lengthS?.min,
    max_length_s: caps.lengthS?.max,
  });
}

function operationPrices(m: Model): Record<string, number> {
  const bare = { ...m, price_per_generation_cents: undefined };
  const perMinute = perMinuteCost(60, bare);
  const out: Record<string, number> = 'cents' in perMinute ? { per_minute: perMinute.cents } : {};
  const flat = m.price_per_generation_cents;
  if (typeof flat === 'number' && Number.isFinite(flat) && flat >= 0) out.per_generation = flat;
  return out;
}

function listed(m: Model, kind: JobKind): ListedModel {
  const entry: ListedModel = { id: m.id, ...(m.owned_by ? { owned_by: m.owned_by } : {}), prices_cents: {} };
  if (isKind(kind)) {
    const caps = capsOf(m, kind);
    if (Object.keys(caps).length > 0) entry.caps = caps;
    for (const p of unitPrices(m, kind)) entry.prices_cents[UNIT_KEYS[p.unit]] = p.cents;
  } else entry.prices_cents = operationPrices(m);
  return entry;
}

/** The catalog by kind (only `only` when given), in the views' order of kinds. */
export function modelListing(models: readonly Model[], defaults: (kind: Kind) => string | undefined, only?: JobKind, voices?: readonly Voice[]): ModelListing {
  const kinds: Partial<Record<JobKind, ListedModel[]>> = {};
  for (const kind of JOB_KIND_IDS) {
    if (only !== undefined && kind !== only) continue;
    kinds[kind] = models.filter((m) => jobKindOf(m) === kind).map((m) => listed(m, kind));
  }
  const out: ModelListing = { kinds, defaults: {} };
  for (const kind of KIND_IDS) {
    const id = defaults(kind);
    if (id !== undefined && (only === undefined || only === kind)) out.defaults[kind] = id;
  }
  for (const op of OPERATION_IDS as readonly Operation[]) {
    const first = kinds[op]?.[0];
    if (first) out.defaults[op] = first.id;
  }
  if (voices) {
    out.voices = voices.slice(0, MAX_VOICES).map((v) => ({
      voice_id: v.voice_id,
      name: v.name,
      ...(v.category ? { category: v.category } : {}),
      ...(v.language ? { language: v.language } : {}),
      ...(v.gender ? { gender: v.gender } : {}),
    }));
    if (voices.length > MAX_VOICES) out.note = `${voices.length - MAX_VOICES} more voices are not listed.`;
  }
  return out;
}
