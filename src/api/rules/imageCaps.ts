// An image model's caps, read defensively. No zod here: the Models view reads these at activation,
// and the schemas must load only on first use.
import type { Model } from '../schemas/schemas';

/** The image endpoint's answer formats (imageSchemas' enum reads this; kept here so forms stay zod-free). */
export const IMAGE_RESPONSE_FORMATS = ['url', 'b64_json'] as const;

/** The most images one request may ask for; a model that does not say gets one. */
export function imageMaxN(model: Model): number {
  const n = model.image_caps?.max_n;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : 1;
}

export function imageAspectRatios(model: Model): string[] {
  const list = model.image_caps?.aspect_ratios;
  return Array.isArray(list) ? list.filter((r): r is string => typeof r === 'string') : [];
}
