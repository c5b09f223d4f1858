// The form's state and the rules that turn it into a create request. No DOM and no vscode: the app
// renders from this, and the unit tests exercise it directly.
import { estimateCostCents } from '../../api/cost';
import type { VideoModel } from '../../api/models';
import type { VideoMode } from '../../api/schemas';
import { limitToModel, validateVideoRequest } from '../../api/validation';
import type { GenerateFields, ImageItem, Prefill, Problem } from '../protocol';
import { MAX_IMAGES, MAX_SOURCE_CHARS, isImageToken } from '../protocolConstants';

export interface ExtraRow {
  key: string;
  /** As typed; JSON-parsed on submit where it parses (numbers, booleans, objects). */
  value: string;
}

// A type alias (not an interface) so it fits validation's `Record<string, unknown>`-shaped forms.
export type FormState = {
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
export const RESERVED_KEYS: readonly string[] = [
  'model', 'prompt', 'mode', 'duration_seconds', 'aspect_ratio', 'quality', 'input_images', 'seed', 'sound',
];

export function emptyForm(): FormState {
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
export interface FormMessages {
  seedInvalid: string;
  extraKeyInvalid: string;
  extraKeyDuplicate: string;
  extraKeyReserved: string;
  imageRequired: string;
  imageOne: string;
}

/** "42" → 42, "true" → true, '{"a":1}' → {a:1}; anything that is not JSON stays the typed string. */
export function parseExtraValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return text;
  }
}

/** The inverse of parseExtraValue, for putting a previous request's extras back into rows. */
export function formatExtraValue(value: unknown): string {
  if (typeof value === 'string') {
    // A string that would parse as JSON (e.g. "42") keeps its quotes so it round-trips as a string.
    return parseExtraValue(value) === value ? value : JSON.stringify(value);
  }
  return JSON.stringify(value) ?? '';
}

/** Image rules per mode: text takes none, image exactly one, reference one or more. */
export function imagesForMode(mode: VideoMode, images: readonly ImageItem[]): ImageItem[] {
  if (mode === 'text') return [];
  if (mode === 'image') return images.slice(-1);
  return images.slice(0, MAX_IMAGES);
}

/** Adds images the way the mode allows: image mode replaces, reference appends without duplicates. */
export function addImages(current: readonly ImageItem[], added: readonly ImageItem[], mode: VideoMode): ImageItem[] {
  if (added.length === 0) return [...current];
  if (mode === 'image') return [added[added.length - 1]];
  const seen = new Set(current.map((i) => i.source));
  const merged = [...current];
  for (const item of added) {
    if (seen.has(item.source)) continue;
    seen.add(item.source);
    merged.push(item);
  }
  return merged.slice(0, MAX_IMAGES);
}

export function removeImage(current: readonly ImageItem[], source: string): ImageItem[] {
  return current.filter((i) => i.source !== source);
}

/**
 * The images the host can still resolve: https URLs and the tokens it says it knows. After VS Code
 * reloaded the panel, the host is new and older tokens are void (the person adds those files again).
 */
export function keepKnownImages(images: readonly ImageItem[], known: ReadonlySet<string>): ImageItem[] {
  return images.filter((i) => isHttpsUrl(i.source) || known.has(i.source));
}

export function isHttpsUrl(text: string): boolean {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'https:' && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * The create request's `input_images` for validation before any file is read: URLs as they are,
 * files as a stand-in (the host encodes them only once the request is known to be valid).
 */
export function placeholderImages(sources: readonly string[]): Array<{ url: string } | { b64_json: string }> {
  return sources.map((s) => (isHttpsUrl(s) ? { url: s.trim() } : { b64_json: 'pending' }));
}

/** Lines of a `text/uri-list` body (an Explorer drag): comments (#) and blanks removed. */
export function parseUriList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** Label for an https image: the file name of its path, else the host. */
export function urlLabel(text: string): string {
  const url = new URL(text.trim());
  const last = url.pathname.split('/').filter(Boolean).pop();
  return last ? decodeURIComponent(last) : url.hostname;
}

export interface BuiltRequest {
  fields: GenerateFields;
  /** Image sources in order, already limited to what the mode takes. */
  images: string[];
  /** Problems only the form can see (seed, advanced rows, image count). */
  problems: Problem[];
}

/** Turns the form into the request fields the host receives, plus the problems the form can see. */
export function buildRequest(form: FormState, messages: FormMessages): BuiltRequest {
  const problems: Problem[] = [];
  const extra: Record<string, unknown> = {};

  const seedText = form.seed.trim();
  if (seedText !== '') {
    if (/^-?\d+$/.test(seedText) && Number.isSafeInteger(Number(seedText))) extra.seed = Number(seedText);
    else problems.push({ field: 'seed', message: messages.seedInvalid });
  }
  if (form.sound) extra.sound = true;

  const keys = new Set<string>();
  form.extraRows.forEach((row, index) => {
    const key = row.key.trim();
    if (key === '' && row.value.trim() === '') return; // an empty row is just unused
    const field = `extra.${index}`;
    if (!/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/.test(key)) problems.push({ field, message: messages.extraKeyInvalid });
    else if (RESERVED_KEYS.includes(key)) problems.push({ field, message: messages.extraKeyReserved });
    else if (keys.has(key)) problems.push({ field, message: messages.extraKeyDuplicate });
    else {
      keys.add(key);
      extra[key] = parseExtraValue(row.value);
    }
  });

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
export function limitForm(form: FormState, model: VideoModel): FormState {
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
export function formProblems(form: FormState, model: VideoModel | undefined, messages: FormMessages): Problem[] {
  const built = buildRequest(form, messages);
  const candidate = { ...built.fields, ...(built.images.length > 0 ? { input_images: placeholderImages(built.images) } : {}) };
  const checked = validateVideoRequest(candidate, model);
  return [...built.problems, ...(checked.ok ? [] : toProblems(checked.problems))];
}

/** Shared validation's problems as protocol problems (mutable `allowed`). */
export function toProblems(problems: ReadonlyArray<{ field: string; message: string; allowed?: readonly (string | number)[] }>): Problem[] {
  return problems.map((p) => ({ field: p.field, message: p.message, ...(p.allowed ? { allowed: [...p.allowed] } : {}) }));
}

/** The estimate the API itself makes: duration × price per second. */
export function formCostCents(form: FormState, model: VideoModel | undefined): number | undefined {
  if (!model) return undefined;
  return estimateCostCents(form.duration_seconds || model.video_caps.min_duration_s, model.video_caps);
}

/** Puts a previous request (or a command's arguments) into the form; seed and sound get their own fields. */
export function applyPrefill(form: FormState, prefill: Prefill, images: readonly ImageItem[]): FormState {
  const next: FormState = { ...form };
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
    next.extraRows = Object.entries(rest).map(([key, value]) => ({ key, value: formatExtraValue(value) }));
  }
  if (images.length > 0 || prefill.mode !== undefined) next.images = imagesForMode(next.mode, images);
  return next;
}

/** Reads a form back from getState(); a damaged or older state gives the defaults field by field. */
export function restoreForm(stored: unknown): FormState {
  const d = emptyForm();
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
    images: Array.isArray(o.images) ? o.images.filter(isImageItem).slice(0, MAX_IMAGES) : d.images,
    seed: str(o.seed, d.seed),
    sound: typeof o.sound === 'boolean' ? o.sound : d.sound,
    extraRows: Array.isArray(o.extraRows) ? o.extraRows.filter(isExtraRow).map((r) => ({ key: r.key, value: r.value })) : d.extraRows,
  };
}

function isImageItem(v: unknown): v is ImageItem {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    // A token or an https URL; a raw path (an older version's state) is never sent back.
    typeof o.source === 'string' && o.source.length > 0 && o.source.length <= MAX_SOURCE_CHARS && (isImageToken(o.source) || isHttpsUrl(o.source)) &&
    typeof o.label === 'string' && (o.thumb === undefined || typeof o.thumb === 'string')
  );
}

function isExtraRow(v: unknown): v is ExtraRow {
  return typeof v === 'object' && v !== null && typeof (v as ExtraRow).key === 'string' && typeof (v as ExtraRow).value === 'string';
}

/** "{0} of {1}" with ["a","b"] → "a of b". */
export function fill(template: string, ...args: Array<string | number>): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] === undefined ? m : String(args[Number(i)])));
}

/** 65_000 ms → "1:05"; an hour or more → "1:00:05". */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The model to select: the current one if still offered, else the default, else the first. */
export function pickModel(ids: readonly string[], current: string, defaultModel: string | undefined): string {
  if (current && ids.includes(current)) return current;
  if (defaultModel && ids.includes(defaultModel)) return defaultModel;
  return ids[0] ?? '';
}

/** Problems grouped by field, the first message per field (one message under each control). */
export function problemsByField(problems: readonly Problem[]): Map<string, Problem> {
  const map = new Map<string, Problem>();
  for (const p of problems) if (!map.has(p.field)) map.set(p.field, p);
  return map;
}
