// Checks a video request against the chosen model's capabilities before anything is sent (a refused
// create still costs a round trip; a wrong one may cost money). Browser-safe: the webview form
// imports this file too, so no node imports here.
import { isVideoModel, type VideoModel } from './modelKind';
import type { CreateVideoRequest, InputImage, VideoMode } from './schemas';

export type VideoField = 'model' | 'mode' | 'prompt' | 'duration_seconds' | 'aspect_ratio' | 'quality' | 'input_images';

export interface FieldProblem<F extends string = VideoField> {
  field: F;
  message: string;
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

function list(values: readonly (string | number)[]): string {
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

/** Why one input image is unusable ({url} https or plain {b64_json}), or undefined. */
export function checkImage(image: unknown): string | undefined {
  if (typeof image !== 'object' || image === null || Array.isArray(image)) return 'must be {url} or {b64_json}';
  const keys = Object.keys(image);
  const rec = image as Record<string, unknown>;
  if (keys.length === 1 && keys[0] === 'url') {
    if (typeof rec.url !== 'string') return 'url must be a string';
    try {
      const u = new URL(rec.url);
      if (u.protocol !== 'https:') return 'url must start with https:// (the server fetches it)';
    } catch {
      return 'url is not a valid URL';
    }
    return undefined;
  }
  if (keys.length === 1 && keys[0] === 'b64_json') {
    if (typeof rec.b64_json !== 'string' || rec.b64_json.trim() === '') return 'b64_json must be non-empty base64';
    if (rec.b64_json.startsWith('data:')) return 'b64_json must be plain base64, without a data: prefix';
    return undefined;
  }
  return 'must have exactly one of url or b64_json';
}

/**
 * Validates and normalises a create request. Defaults: mode 'text', duration = the model's minimum.
 * Extra keys (seed, sound, …) pass through untouched; empty optional fields are dropped.
 */
export function validateVideoRequest(input: VideoForm, model: VideoModel | undefined): ValidationResult {
  const problems: FieldProblem[] = [];
  const { model: modelId, prompt, mode, duration_seconds, aspect_ratio, quality, input_images, ...extra } = input;

  const prompt_ = typeof prompt === 'string' ? prompt : '';
  if (prompt_.trim() === '') problems.push({ field: 'prompt', message: 'prompt must describe the scene (it is empty)' });

  const id = chosen(modelId) ? String(modelId) : model?.id;
  if (!id) {
    problems.push({ field: 'model', message: 'model must be chosen' });
  } else if (!model) {
    problems.push({ field: 'model', message: `model "${id}" is not in the model list (refresh the models or pick another)` });
  } else if (model.id !== id) {
    problems.push({ field: 'model', message: `model "${id}" does not match the capabilities given for "${model.id}"` });
  } else if (!isVideoModel(model)) {
    problems.push({ field: 'model', message: `model "${id}" does not generate video` });
  }
  if (!model || !isVideoModel(model) || problems.some((p) => p.field === 'model')) {
    return { ok: false, problems };
  }
  const caps = model.video_caps;

  const mode_ = chosen(mode) ? String(mode) : 'text';
  const modeOk = caps.modes.includes(mode_) && KNOWN_MODES.includes(mode_ as VideoMode);
  if (!modeOk) {
    problems.push({
      field: 'mode',
      message: `mode must be one of ${list(caps.modes)} for ${model.id}`,
      allowed: caps.modes,
    });
  }

  const durations = durationChoices(model);
  const duration = chosen(duration_seconds) ? toInteger(duration_seconds) : caps.min_duration_s;
  if (duration === undefined || duration < caps.min_duration_s || duration > caps.max_duration_s) {
    problems.push({
      field: 'duration_seconds',
      message:
        caps.min_duration_s === caps.max_duration_s
          ? `duration_seconds must be ${caps.min_duration_s} seconds for ${model.id}`
          : `duration_seconds must be a whole number between ${caps.min_duration_s} and ${caps.max_duration_s} seconds`,
      allowed: durations,
    });
  }

  for (const [field, value, allowed] of [
    ['aspect_ratio', aspect_ratio, caps.aspect_ratios],
    ['quality', quality, caps.qualities],
  ] as const) {
    if (!chosen(value)) continue;
    if (allowed.length === 0) {
      problems.push({ field, message: `${field} cannot be chosen for ${model.id}; leave it empty`, allowed });
    } else if (typeof value !== 'string' || !allowed.includes(value)) {
      problems.push({ field, message: `${field} must be one of ${list(allowed)}`, allowed });
    }
  }

  const images: unknown[] | undefined = Array.isArray(input_images) ? input_images : chosen(input_images) ? [input_images] : undefined;
  const needsImages = mode_ === 'image' || mode_ === 'reference';
  if (!modeOk) {
    // The image rules depend on the mode: wait until the mode is fixed rather than report noise.
  } else if (needsImages && (!images || images.length === 0)) {
    problems.push({ field: 'input_images', message: `input_images needs at least one image in ${mode_} mode` });
  } else if (!needsImages && images && images.length > 0) {
    problems.push({ field: 'input_images', message: 'input_images are only used in image or reference mode; remove them or change the mode' });
  } else if (images) {
    images.forEach((img, i) => {
      const why = checkImage(img);
      if (why) problems.push({ field: 'input_images', message: `input_images[${i}] ${why}` });
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
export function limitToModel<T extends VideoForm>(
  form: T,
  model: VideoModel,
): T & { model: string; mode: VideoMode; duration_seconds: number } {
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
