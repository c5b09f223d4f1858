// Checks a video request against the chosen model's capabilities before anything is sent (a refused
// create still costs a round trip; a wrong one may cost money). Browser-safe: the webview form
// imports this file too, so no node imports here.
import { isVideoModel, type VideoModel } from './modelKind';
import type { CreateVideoRequest, InputImage, VideoMode } from '../schemas/schemas';
import { coded, PROBLEM_ENGLISH, type ProblemCode, type ProblemParam } from './messages';
import { promptLengthProblem } from './promptLimits';

export type VideoField = 'model' | 'mode' | 'prompt' | 'duration_seconds' | 'aspect_ratio' | 'quality' | 'input_images';

export interface FieldProblem<F extends string = VideoField> {
  field: F;
  /** English, for logs and thrown errors; the edges show `code` + `params` in the display language. */
  message: string;
  code?: ProblemCode;
  params?: ProblemParam[];
  allowed?: readonly (string | number)[];
}

export type ValidationResult = { ok: true; request: CreateVideoRequest } | { ok: false; problems: FieldProblem[] };

export type VideoForm = Partial<CreateVideoRequest> & Record<string, unknown>;

export class ValidationError extends Error {
  readonly problems: FieldProblem<string>[];
  /** `what` names the kind in the message: video, image, speech, … */
  constructor(problems: FieldProblem<string>[], what = 'video') {
    super(`The ${what} request is not valid: ${problems.map((p) => p.message).join('; ')}.`);
    this.name = 'ValidationError';
    this.problems = problems;
  }
}

const KNOWN_MODES: readonly VideoMode[] = ['text', 'image', 'reference'];

/** Capability lists use `[]` for "not offered"; treat `''` from a form as "not chosen". */
function chosen(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

export function list(values: readonly (string | number)[]): string {
  return values.join(', ');
}

/** Whole numbers only; a form may send "8" for 8. */
function toInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

export function durationChoices(model: VideoModel): number[] {
  const { min_duration_s: min, max_duration_s: max } = model.video_caps;
  const out: number[] = [];
  for (let d = min; d <= max; d++) out.push(d);
  return out;
}

/** Why one input image is unusable ({url} https or plain {b64_json}), as a problem code, or undefined. */
export function checkImageCode(image: unknown): ProblemCode | undefined {
  if (typeof image !== 'object' || image === null || Array.isArray(image)) return 'image.notObject';
  const keys = Object.keys(image);
  const rec = image as Record<string, unknown>;
  if (keys.length === 1 && keys[0] === 'url') {
    if (typeof rec.url !== 'string') return 'image.urlNotString';
    try {
      const u = new URL(rec.url);
      if (u.protocol !== 'https:') return 'image.urlNotHttps';
    } catch {
      return 'image.urlInvalid';
    }
    return undefined;
  }
  if (keys.length === 1 && keys[0] === 'b64_json') {
    if (typeof rec.b64_json !== 'string' || rec.b64_json.trim() === '') return 'image.b64Empty';
    if (rec.b64_json.startsWith('data:')) return 'image.b64DataPrefix';
    return undefined;
  }
  return 'image.oneSource';
}

/** Why one input image is unusable, in English without the `input_images[i]` prefix, or undefined. */
export function checkImage(image: unknown): string | undefined {
  const code = checkImageCode(image);
  return code && PROBLEM_ENGLISH[code].replace('input_images[{0}] ', '');
}

/**
 * Validates and normalises a create request. Defaults: mode 'text', duration = the model's minimum.
 * Extra keys (seed, sound, …) pass through untouched; empty optional fields are dropped.
 */
export function validateVideoRequest(input: VideoForm, model: VideoModel | undefined): ValidationResult {
  const problems: FieldProblem[] = [];
  const { model: modelId, prompt, mode, duration_seconds, aspect_ratio, quality, input_images, ...extra } = input;

  const prompt_ = typeof prompt === 'string' ? prompt : '';
  if (prompt_.trim() === '') problems.push(coded('prompt', 'prompt.emptyScene'));
  const tooLong = promptLengthProblem('video', prompt_, model);
  if (tooLong) problems.push(tooLong as FieldProblem);

  const id = chosen(modelId) ? String(modelId) : model?.id;
  if (!id) {
    problems.push(coded('model', 'model.missing'));
  } else if (!model) {
    problems.push(coded('model', 'model.unknown', [id]));
  } else if (model.id !== id) {
    problems.push(coded('model', 'model.mismatch', [id, model.id]));
  } else if (!isVideoModel(model)) {
    problems.push(coded('model', 'model.notVideo', [id]));
  }
  if (!model || !isVideoModel(model) || problems.some((p) => p.field === 'model')) {
    return { ok: false, problems };
  }
  const caps = model.video_caps;

  const mode_ = chosen(mode) ? String(mode) : 'text';
  const modeOk = caps.modes.includes(mode_) && KNOWN_MODES.includes(mode_ as VideoMode);
  if (!modeOk) {
    problems.push(coded('mode', 'mode.oneOf', [list(caps.modes), model.id], caps.modes));
  }

  const durations = durationChoices(model);
  const duration = chosen(duration_seconds) ? toInteger(duration_seconds) : caps.min_duration_s;
  if (duration === undefined || duration < caps.min_duration_s || duration > caps.max_duration_s) {
    problems.push(
      caps.min_duration_s === caps.max_duration_s
        ? coded('duration_seconds', 'duration.fixed', [caps.min_duration_s, model.id], durations)
        : coded('duration_seconds', 'duration.range', [caps.min_duration_s, caps.max_duration_s], durations),
    );
  }

  for (const [field, value, allowed] of [
    ['aspect_ratio', aspect_ratio, caps.aspect_ratios],
    ['quality', quality, caps.qualities],
  ] as const) {
    if (!chosen(value)) continue;
    if (allowed.length === 0) {
      problems.push(coded(field, 'choice.notOffered', [field, model.id], allowed));
    } else if (typeof value !== 'string' || !allowed.includes(value)) {
      problems.push(coded(field, 'choice.oneOf', [field, list(allowed)], allowed));
    }
  }

  const images: unknown[] | undefined = Array.isArray(input_images) ? input_images : chosen(input_images) ? [input_images] : undefined;
  const needsImages = mode_ === 'image' || mode_ === 'reference';
  if (!modeOk) {
    // The image rules depend on the mode: wait until the mode is fixed rather than report noise.
  } else if (needsImages && (!images || images.length === 0)) {
    problems.push(coded('input_images', 'images.required', [mode_]));
  } else if (!needsImages && images && images.length > 0) {
    problems.push(coded('input_images', 'images.unused'));
  } else if (images) {
    images.forEach((img, i) => {
      const why = checkImageCode(img);
      if (why) problems.push(coded('input_images', why, [i]));
    });
  }

  if (problems.length > 0) return { ok: false, problems };
  const request: CreateVideoRequest = {
    ...extra,
    model: model.id,
    prompt: prompt_,
    mode: mode_ as VideoMode,
    duration_seconds: duration as number,
  };
  if (chosen(aspect_ratio)) request.aspect_ratio = aspect_ratio as string;
  if (chosen(quality)) request.quality = quality as string;
  if (needsImages && images) request.input_images = images as InputImage[];
  return { ok: true, request };
}

/** Like validateVideoRequest, but throws a ValidationError listing every problem. */
export function assertValidVideoRequest(input: VideoForm, model: VideoModel | undefined): CreateVideoRequest {
  const result = validateVideoRequest(input, model);
  if (!result.ok) throw new ValidationError(result.problems);
  return result.request;
}

function nearest(values: readonly number[], target: number): number | undefined {
  let best: number | undefined;
  for (const v of values) if (best === undefined || Math.abs(v - target) < Math.abs(best - target)) best = v;
  return best;
}

/**
 * Re-limits a form to a newly chosen model, all fields at once: nearest valid duration, ratio and
 * quality kept when allowed (else the first allowed; left empty when the model offers none), mode
 * kept when supported (else 'text', else the model's first mode). Images are dropped in text mode.
 */
export function limitToModel<T extends VideoForm>(form: T, model: VideoModel): T & { model: string; mode: VideoMode; duration_seconds: number } {
  const caps = model.video_caps;
  const out: VideoForm = { ...form, model: model.id };

  const wanted = chosen(form.mode) ? String(form.mode) : 'text';
  const mode = caps.modes.includes(wanted) ? wanted : caps.modes.includes('text') ? 'text' : (caps.modes[0] ?? 'text');
  out.mode = mode as VideoMode;

  const asked = toInteger(form.duration_seconds) ?? (typeof form.duration_seconds === 'number' ? Math.round(form.duration_seconds) : undefined);
  out.duration_seconds = asked === undefined ? caps.min_duration_s : (nearest(durationChoices(model), asked) ?? caps.min_duration_s);

  for (const [field, allowed] of [
    ['aspect_ratio', caps.aspect_ratios],
    ['quality', caps.qualities],
  ] as const) {
    const value = form[field];
    if (!chosen(value)) continue;
    if (allowed.length === 0) delete out[field];
    else if (typeof value !== 'string' || !allowed.includes(value)) out[field] = allowed[0];
  }

  if (mode === 'text') delete out.input_images;
  return out as T & { model: string; mode: VideoMode; duration_seconds: number };
}
