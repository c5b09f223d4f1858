// What a model can do, as short lines for a chat model to read: the prompt help asks for prompts
// and shots that fit these (a 10 s video model gets no 30 s shot). Read from the catalog entry
// defensively (caps are partly undocumented); a cap the entry does not state is left out. Pure.
import { imageAspectRatios, imageMaxN } from '../api/rules/imageCaps';
import type { Model } from '../api/schemas/schemas';
import { speechFormats } from '../api/rules/validationAudio';
import { voicesOf } from '../storyboard/analyze';
import type { ShotKind } from '../storyboard/shot';

function capsObject(model: Model, key: 'audio_caps' | 'sfx_caps'): Record<string, unknown> {
  const caps = model[key];
  return typeof caps === 'object' && caps !== null && !Array.isArray(caps) ? (caps as Record<string, unknown>) : {};
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const list = (label: string, values: readonly string[]): string[] => (values.length > 0 ? [`${label}: ${values.join(', ')}`] : []);
const range = (label: string, min: number | undefined, max: number | undefined, unit: string): string[] =>
  min !== undefined && max !== undefined ? [`${label}: ${min}–${max} ${unit}`] : max !== undefined ? [`${label}: up to ${max} ${unit}`] : [];

/** The model's caps for `kind`, one fact a line ("durations: 5–10 s"). */
export function describeCaps(kind: ShotKind, model: Model): string[] {
  switch (kind) {
    case 'video': {
      const c = model.video_caps;
      if (!c) return [];
      return [
        ...range('durations', c.min_duration_s, c.max_duration_s, 's'),
        ...list('modes', c.modes),
        ...list('aspect ratios', c.aspect_ratios),
        ...list('qualities', c.qualities),
      ];
    }
    case 'image':
      return [
        `images per request: up to ${imageMaxN(model)}`,
        ...list('aspect ratios', imageAspectRatios(model)),
        (model.input_modalities ?? []).includes('image') ? 'takes an input image (editing, image to image)' : 'text to image only (no input image)',
      ];
    case 'speech':
      return [...list('voices', voicesOf(model)), ...list('formats', speechFormats(model))];
    case 'music': {
      const c = capsObject(model, 'audio_caps');
      const ms = (v: unknown): number | undefined => (num(v) === undefined ? undefined : num(v)! / 1000);
      return range('length', ms(c.min_length_ms), ms(c.max_length_ms), 's');
    }
    case 'sfx': {
      const c = capsObject(model, 'sfx_caps');
      return range('durations', num(c.min_duration_seconds), num(c.max_duration_seconds), 's');
    }
  }
}
