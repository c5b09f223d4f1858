// A comparison: one prompt and the shared fields, sent to 2–4 models of one kind. Each model's caps
// decide which shared fields it takes; a field a model lacks is shown as "not supported by <model>"
// and left out of that model's request (never silently dropped without saying so). A value a model
// has the field for but does not allow is an invalid value: the batch check refuses the whole
// comparison. Pure and browser-safe (no zod, no vscode): the grid's webview uses it too.
import { imageAspectRatios, imageMaxN } from '../api/rules/imageCaps';
import { isImageModel, isVideoModel } from '../api/rules/modelKind';
import type { Model } from '../api/schemas/schemas';
import type { Kind } from '../kinds';

/** The kinds a comparison may be of (a subset of src/kinds.ts): what the eye can compare side by side. */
export const COMPARE_KINDS = ['video', 'image'] as const satisfies readonly Kind[];
export type CompareKind = (typeof COMPARE_KINDS)[number];
export const MIN_MODELS = 2;
export const MAX_MODELS = 4;
export const MAX_PROMPT_CHARS = 20_000;

export type SharedField = 'duration_seconds' | 'aspect_ratio' | 'n' | 'image';

/** The shared fields of each kind, in the order the form shows them. */
export const SHARED_FIELDS: Readonly<Record<CompareKind, readonly SharedField[]>> = {
  video: ['duration_seconds', 'aspect_ratio', 'image'],
  image: ['n', 'aspect_ratio', 'image'],
};

/** The comparison as asked: `image` is whatever names the input image (a path, URL or a webview token). */
export interface CompareForm {
  kind: CompareKind;
  models: string[];
  prompt: string;
  duration_seconds?: number;
  aspect_ratio?: string;
  n?: number;
  image?: string;
}

export const isCompareKind = (v: unknown): v is CompareKind => v === 'video' || v === 'image';

/** A model makes this kind (video needs its caps: every video request is checked against them). */
export function modelOfKind(kind: CompareKind, m: Model): boolean {
  return kind === 'video' ? isVideoModel(m) : isImageModel(m);
}

/** Whether a model has the field at all (its allowed values are the validation's business). */
export function supportsField(kind: CompareKind, model: Model, field: SharedField): boolean {
  if (kind === 'video') {
    if (!isVideoModel(model)) return false;
    const caps = model.video_caps;
    if (field === 'duration_seconds') return true;
    if (field === 'aspect_ratio') return caps.aspect_ratios.length > 0;
    if (field === 'image') return caps.modes.includes('image');
    return false;
  }
  if (field === 'n') return imageMaxN(model) > 1;
  if (field === 'aspect_ratio') return imageAspectRatios(model).length > 0;
  // validationImage: a model that does not list its inputs is not refused input images.
  if (field === 'image') return !model.input_modalities || model.input_modalities.includes('image');
  return false;
}

const given = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

/** The shared fields the form sets. */
export function givenFields(form: CompareForm): SharedField[] {
  return SHARED_FIELDS[form.kind].filter((f) => given(form[f]));
}

/** The fields the form sets that this model does not have: shown on its card, not sent to it. */
export function unsupportedFields(form: CompareForm, model: Model): SharedField[] {
  return givenFields(form).filter((f) => !supportsField(form.kind, model, f));
}

/**
 * One model's request: the prompt and the shared fields it has (video with an input image animates
 * it: mode 'image'). `withImage` says whether the input image goes along.
 */
export function modelInput(form: CompareForm, model: Model): { input: Record<string, unknown>; withImage: boolean } {
  const skip = new Set(unsupportedFields(form, model));
  const input: Record<string, unknown> = { model: model.id, prompt: form.prompt };
  for (const f of ['duration_seconds', 'aspect_ratio', 'n'] as const) {
    if (given(form[f]) && !skip.has(f) && SHARED_FIELDS[form.kind].includes(f)) input[f] = form[f];
  }
  const withImage = given(form.image) && !skip.has('image');
  if (form.kind === 'video') input.mode = withImage ? 'image' : 'text';
  return { input, withImage };
}

/** Values every chosen model allows for a field (the form's choices): durations, ratios, counts. */
export function choices(kind: CompareKind, models: readonly Model[], field: 'duration_seconds' | 'aspect_ratio' | 'n'): Array<string | number> {
  const seen = new Set<string | number>();
  for (const m of models) for (const v of valuesOf(kind, m, field)) seen.add(v);
  const all = [...seen];
  return field === 'aspect_ratio' ? all : (all as number[]).sort((a, b) => a - b);
}

/** The values one model allows for a field (none: it does not have the field). */
export function valuesOf(kind: CompareKind, m: Model, field: 'duration_seconds' | 'aspect_ratio' | 'n'): Array<string | number> {
  if (!supportsField(kind, m, field)) return [];
  if (kind === 'video' && isVideoModel(m)) {
    const caps = m.video_caps;
    if (field === 'aspect_ratio') return [...caps.aspect_ratios];
    const out: number[] = [];
    for (let d = caps.min_duration_s; d <= caps.max_duration_s; d++) out.push(d);
    return out;
  }
  if (field === 'aspect_ratio') return imageAspectRatios(m);
  return Array.from({ length: imageMaxN(m) }, (_, i) => i + 1);
}
