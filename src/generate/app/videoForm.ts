// The video field set: its state and the rules that turn it into a create request (the image/audio
// kinds' field set is mediaForm.ts; formModel.ts puts them behind one set of calls). No DOM, no vscode.
import { estimateCostCents } from '../../api/rules/cost';
import type { VideoModel } from '../../api/models';
import type { VideoMode } from '../../api/schemas/schemas';
import { limitToModel, validateVideoRequest } from '../../api/rules/validation';
import type { GenerateFields, ImageItem, Prefill, Problem } from '../protocol';
import { MAX_IMAGES } from '../protocolConstants';
import { extraRowsFrom, readExtraRows, readSeed, restoreExtraRows, type ExtraMessages, type ExtraRow } from './extraParams';
import { toProblems } from './formCommon';
import { placeholderImages, restoreImages } from '../imageList';

// A type alias (not an interface) so it fits validation's `Record<string, unknown>`-shaped forms.
export type VideoForm = {
  model: string;
  mode: VideoMode;
  prompt: string;
  duration_seconds: number;
  /** '' = let the server choose its default. */
  aspect_ratio: string;
  quality: string;
  images: ImageItem[];
  /** As typed; must be an integer when not empty. */
  seed: string;
  /** Sent as `sound: true` only when ticked: unknown keys can upset some providers. */
  sound: boolean;
  extraRows: ExtraRow[];
};

/** Keys the form owns; an advanced row may not override them. */
export const VIDEO_RESERVED_KEYS: readonly string[] = ['model', 'prompt', 'mode', 'duration_seconds', 'aspect_ratio', 'quality', 'input_images', 'seed', 'sound'];

export function emptyVideoForm(): VideoForm {
  return {
    model: '',
    mode: 'text',
    prompt: '',
    duration_seconds: 0,
    aspect_ratio: '',
    quality: '',
    images: [],
    seed: '',
    sound: false,
    extraRows: [],
  };
}

/** Problem messages the form itself produces (the rest come from the shared validation). */
export interface FormMessages extends ExtraMessages {
  imageRequired: string;
  imageOne: string;
  /** Dub's target language not chosen yet (the validator's own words name the API field). */
  chooseLanguage?: string;
}

/** Image rules per mode: text takes none, image exactly one, reference one or more. */
export function imagesForMode(mode: VideoMode, images: readonly ImageItem[]): ImageItem[] {
  if (mode === 'text') return [];
  if (mode === 'image') return images.slice(-1);
  return images.slice(0, MAX_IMAGES);
}

export interface BuiltVideoRequest {
  fields: GenerateFields;
  /** Image sources in order, already limited to what the mode takes. */
  images: string[];
  /** Problems only the form can see (seed, advanced rows, image count). */
  problems: Problem[];
}

/** Turns the form into the request fields the host receives, plus the problems the form can see. */
export function buildVideoRequest(form: VideoForm, messages: FormMessages): BuiltVideoRequest {
  const problems: Problem[] = [];
  const extra: Record<string, unknown> = {};

  readSeed(form.seed, extra, problems, messages);
  if (form.sound) extra.sound = true;
  readExtraRows(form.extraRows, VIDEO_RESERVED_KEYS, extra, problems, messages);

  const images = imagesForMode(form.mode, form.images).map((i) => i.source);
  if (form.mode === 'image' && images.length !== 1) problems.push({ field: 'input_images', message: messages.imageOne });
  if (form.mode === 'reference' && images.length === 0) problems.push({ field: 'input_images', message: messages.imageRequired });

  const fields: GenerateFields = {
    ...extra,
    model: form.model,
    prompt: form.prompt,
    mode: form.mode,
    duration_seconds: form.duration_seconds,
    ...(form.aspect_ratio ? { aspect_ratio: form.aspect_ratio } : {}),
    ...(form.quality ? { quality: form.quality } : {}),
  };
  return { fields, images, problems };
}

/**
 * Re-limits every field to a newly chosen model at once (shared rule: limitToModel). An empty ratio
 * or quality becomes the model's first value, so the form always shows what will be asked for.
 * Images stay in the state even when the mode hides them: switching back brings them back.
 */
export function limitVideoForm(form: VideoForm, model: VideoModel): VideoForm {
  const limited = limitToModel(form, model);
  const caps = model.video_caps;
  return {
    ...limited,
    aspect_ratio: limited.aspect_ratio || caps.aspect_ratios[0] || '',
    quality: limited.quality || caps.qualities[0] || '',
    images: form.images,
  };
}

/**
 * Every problem the form has right now: its own (seed, advanced rows, image count) first, then the
 * shared validation's, with stand-ins for image bytes. One list; the UI shows one message per field.
 */
export function videoProblems(form: VideoForm, model: VideoModel | undefined, messages: FormMessages): Problem[] {
  const built = buildVideoRequest(form, messages);
  const candidate = { ...built.fields, ...(built.images.length > 0 ? { input_images: placeholderImages(built.images) } : {}) };
  const checked = validateVideoRequest(candidate, model);
  return [...built.problems, ...(checked.ok ? [] : toProblems(checked.problems, messages.describe))];
}

/** The estimate the API itself makes: duration × price per second. */
export function videoCostCents(form: VideoForm, model: VideoModel | undefined): number | undefined {
  if (!model) return undefined;
  return estimateCostCents(form.duration_seconds || model.video_caps.min_duration_s, model.video_caps);
}

/** Puts a previous request (or a command's arguments) into the form; seed and sound get their own fields. */
export function applyVideoPrefill(form: VideoForm, prefill: Prefill, images: readonly ImageItem[]): VideoForm {
  const next: VideoForm = { ...form };
  if (prefill.model !== undefined) next.model = prefill.model;
  if (prefill.mode !== undefined) next.mode = prefill.mode;
  if (prefill.prompt !== undefined) next.prompt = prefill.prompt;
  if (prefill.duration_seconds !== undefined) next.duration_seconds = prefill.duration_seconds;
  if (prefill.aspect_ratio !== undefined) next.aspect_ratio = prefill.aspect_ratio;
  if (prefill.quality !== undefined) next.quality = prefill.quality;
  if (prefill.extra !== undefined) {
    const { seed, sound, ...rest } = prefill.extra;
    next.seed = seed === undefined || seed === null ? '' : String(seed);
    next.sound = sound === true;
    next.extraRows = extraRowsFrom(rest);
  }
  if (images.length > 0 || prefill.mode !== undefined) next.images = imagesForMode(next.mode, images);
  return next;
}

/** Reads a form back from getState(); a damaged or older state gives the defaults field by field. */
export function restoreVideoForm(stored: unknown): VideoForm {
  const d = emptyVideoForm();
  if (typeof stored !== 'object' || stored === null) return d;
  const o = stored as Record<string, unknown>;
  const str = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);
  const modes: readonly unknown[] = ['text', 'image', 'reference'];
  return {
    model: str(o.model, d.model),
    mode: modes.includes(o.mode) ? (o.mode as VideoMode) : d.mode,
    prompt: str(o.prompt, d.prompt),
    duration_seconds: typeof o.duration_seconds === 'number' && Number.isFinite(o.duration_seconds) ? o.duration_seconds : d.duration_seconds,
    aspect_ratio: str(o.aspect_ratio, d.aspect_ratio),
    quality: str(o.quality, d.quality),
    images: restoreImages(o.images),
    seed: str(o.seed, d.seed),
    sound: typeof o.sound === 'boolean' ? o.sound : d.sound,
    extraRows: restoreExtraRows(o.extraRows),
  };
}
