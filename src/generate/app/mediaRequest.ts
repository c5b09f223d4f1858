// Turns an image/audio form into the request the host receives (`generateMedia`), the problems the
// form can see before sending (its own and the shared validation's), and the price. No DOM.
import { estimate, validateRequest } from '../../api/rules/byKind';
import type { CostEstimate } from '../../api/rules/cost';
import { modelKind } from '../../api/rules/modelKind';
import type { Model } from '../../api/schemas/schemas';
import type { Problem } from '../protocol';
import type { MediaKind } from '../protocolConstants';
import { readExtraRows, readSeed, type ExtraMessages } from './extraParams';
import { toProblems } from './formCommon';
import { placeholderImages } from '../imageList';
import { takesImages, type MediaForm } from './mediaForm';

/** Keys the image form owns (or the client does: sse); an advanced row may not set them. */
export const IMAGE_RESERVED_KEYS: readonly string[] = ['model', 'prompt', 'n', 'aspect_ratio', 'input_images', 'seed', 'sse'];

export interface BuiltMediaRequest {
  request: Record<string, unknown>;
  /** Input image sources (image kind, a model that takes them). */
  images: string[];
  /** Problems only the form can see (seed, advanced rows). */
  problems: Problem[];
}

/** A number as typed ("2.5" → 2.5); text that is not one stays text, so validation names the field. */
function typed(text: string): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

function defined(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}

export function buildMediaRequest(kind: MediaKind, f: MediaForm, messages: ExtraMessages, model?: Model): BuiltMediaRequest {
  const problems: Problem[] = [];
  if (kind === 'image') {
    const extra: Record<string, unknown> = {};
    readSeed(f.seed, extra, problems, messages);
    readExtraRows(f.extraRows, IMAGE_RESERVED_KEYS, extra, problems, messages);
    const request = { ...extra, model: f.model, prompt: f.prompt, n: f.n, ...(f.aspect_ratio ? { aspect_ratio: f.aspect_ratio } : {}) };
    // Images stay in the state when the model cannot take them: picking an editing model brings them back.
    const images = model === undefined || takesImages(model) ? f.images.map((i) => i.source) : [];
    return { request, images, problems };
  }
  if (kind === 'speech') {
    const request = { model: f.model, input: f.prompt, voice: f.voice, response_format: f.response_format, ...(f.speed !== 1 ? { speed: f.speed } : {}) };
    return { request, images: [], problems };
  }
  if (kind === 'music') {
    const seconds = typed(f.music_seconds);
    const ms = typeof seconds === 'number' ? Math.round(seconds * 1000) : seconds;
    return { request: defined({ model: f.model, prompt: f.prompt, music_length_ms: ms }), images: [], problems };
  }
  const request = defined({ model: f.model, prompt: f.prompt, duration_seconds: typed(f.duration_seconds), prompt_influence: typed(f.prompt_influence) });
  return { request, images: [], problems };
}

/** Every problem the form has right now: its own first, then the shared validation's (one list). */
export function mediaProblems(kind: MediaKind, f: MediaForm, model: Model | undefined, messages: ExtraMessages): Problem[] {
  const built = buildMediaRequest(kind, f, messages, model);
  const candidate = built.request;
  const form = kind === 'image' && built.images.length > 0 ? { ...candidate, input_images: placeholderImages(built.images) } : candidate;
  const checked = validateRequest(kind, form, model);
  return [...built.problems, ...(checked.ok ? [] : toProblems(checked.problems, messages.describe))];
}

/** The price before submit; undefined before a model is chosen. */
export function mediaCost(kind: MediaKind, f: MediaForm, model: Model | undefined, messages: ExtraMessages): CostEstimate | undefined {
  if (!model) return undefined;
  return estimate(kind, buildMediaRequest(kind, f, messages, model).request, model);
}

/** The models of one kind, in the catalog's order. */
export function modelsOfKind(models: readonly Model[], kind: MediaKind): Model[] {
  return models.filter((m) => modelKind(m) === kind);
}
