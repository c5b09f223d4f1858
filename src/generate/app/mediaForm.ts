// The image, speech, music and sound-effect forms' state: one shape for the four kinds (each kind keeps
// its own copy and uses its own fields), how a previous request fills it, how a newly chosen model
// limits it, and how it comes back from getState(). No DOM: unit-tested directly.
import { imageAspectRatios, imageMaxN } from '../../api/rules/imageCaps';
import type { Model } from '../../api/schemas/schemas';
import { speechFormats } from '../../api/rules/validationAudio';
import type { ImageItem, MediaPrefill } from '../protocol';
import { MAX_IMAGES, type MediaKind } from '../protocolConstants';
import { SYNC_KIND_IDS } from '../../kinds';
import { extraRowsFrom, restoreExtraRows, type ExtraRow } from './extraParams';
import { addImages, restoreImages } from '../imageList';

// A type alias (not an interface) so it fits validation's `Record<string, unknown>`-shaped forms.
export type MediaForm = {
  model: string;
  /** The prompt; for speech the text to speak (the request's `input`). */
  prompt: string;
  /** Image: how many (1..image_caps.max_n). */
  n: number;
  /** Image: '' = the server's default. */
  aspect_ratio: string;
  /** Image: input images to edit (tokens and https URLs). */
  images: ImageItem[];
  /** Image: as typed; a whole number when not empty. */
  seed: string;
  /** Image: free extra keys. */
  extraRows: ExtraRow[];
  /** Speech. */
  voice: string;
  /** Speech: 0.25–4, 1 = normal (not sent). */
  speed: number;
  /** Speech: mp3 by default. */
  response_format: string;
  /** Music: the length in seconds as typed ('' = the server picks); sent as music_length_ms. */
  music_seconds: string;
  /** Sound effect: seconds as typed ('' = the server picks). */
  duration_seconds: string;
  /** Sound effect: 0–1 as typed ('' = the server's default). */
  prompt_influence: string;
};

export function emptyMediaForm(): MediaForm {
  return {
    model: '',
    prompt: '',
    n: 1,
    aspect_ratio: '',
    images: [],
    seed: '',
    extraRows: [],
    voice: '',
    speed: 1,
    response_format: 'mp3',
    music_seconds: '30',
    duration_seconds: '5',
    prompt_influence: '',
  };
}

export type MediaForms = Record<MediaKind, MediaForm>;

/** Whether the model takes input images (image editing); a model that does not say is assumed to. */
export function takesImages(model: Model | undefined): boolean {
  return !!model && (model.input_modalities === undefined || model.input_modalities.includes('image'));
}

/**
 * Limits the form to a newly chosen model: n to 1..max_n, the ratio to the model's list ('' when it
 * has none or the old one is not offered), the speech format to the model's formats.
 */
export function limitMediaForm(kind: MediaKind, form: MediaForm, model: Model): MediaForm {
  if (kind === 'image') {
    const ratios = imageAspectRatios(model);
    return {
      ...form,
      n: Math.min(Math.max(1, Math.round(form.n) || 1), imageMaxN(model)),
      aspect_ratio: ratios.includes(form.aspect_ratio) ? form.aspect_ratio : '',
    };
  }
  if (kind === 'speech') {
    const formats = speechFormats(model);
    return { ...form, response_format: formats.includes(form.response_format) ? form.response_format : (formats[0] ?? 'mp3') };
  }
  return form;
}

const text = (n: number | undefined): string | undefined => (n === undefined ? undefined : String(n));

/** Puts a previous request (Generate again, a command's arguments) into the form of its kind. */
export function applyMediaPrefill(kind: MediaKind, form: MediaForm, p: MediaPrefill, images: readonly ImageItem[]): MediaForm {
  const next: MediaForm = { ...form };
  if (p.model !== undefined) next.model = p.model;
  const prompt = kind === 'speech' ? (p.input ?? p.prompt) : p.prompt;
  if (prompt !== undefined) next.prompt = prompt;
  if (kind === 'image') {
    if (p.n !== undefined) next.n = p.n;
    if (p.aspect_ratio !== undefined) next.aspect_ratio = p.aspect_ratio;
    if (p.seed !== undefined) next.seed = String(p.seed);
    if (p.extra !== undefined) next.extraRows = extraRowsFrom(p.extra);
    if (images.length > 0) next.images = addImages([], images, 'reference');
  }
  if (p.voice !== undefined) next.voice = p.voice;
  if (p.speed !== undefined) next.speed = p.speed;
  if (p.response_format !== undefined) next.response_format = p.response_format;
  if (p.music_length_ms !== undefined) next.music_seconds = String(p.music_length_ms / 1000);
  next.duration_seconds = text(p.duration_seconds) ?? next.duration_seconds;
  next.prompt_influence = text(p.prompt_influence) ?? next.prompt_influence;
  return next;
}

/** Reads one form back from getState(); a damaged or missing state gives the defaults field by field. */
export function restoreMediaForm(stored: unknown): MediaForm {
  const d = emptyMediaForm();
  if (typeof stored !== 'object' || stored === null) return d;
  const o = stored as Record<string, unknown>;
  const str = (k: keyof MediaForm): string => (typeof o[k] === 'string' ? (o[k] as string) : (d[k] as string));
  const num = (k: 'n' | 'speed'): number => (typeof o[k] === 'number' && Number.isFinite(o[k]) ? (o[k] as number) : d[k]);
  return {
    model: str('model'),
    prompt: str('prompt'),
    n: num('n'),
    aspect_ratio: str('aspect_ratio'),
    images: restoreImages(o.images).slice(0, MAX_IMAGES),
    seed: str('seed'),
    extraRows: restoreExtraRows(o.extraRows),
    voice: str('voice'),
    speed: num('speed'),
    response_format: str('response_format'),
    music_seconds: str('music_seconds'),
    duration_seconds: str('duration_seconds'),
    prompt_influence: str('prompt_influence'),
  };
}

/** Every kind's form from getState(); an older (video-only) state has none and gets the defaults. */
export function restoreMediaForms(stored: unknown): MediaForms {
  const o = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  return Object.fromEntries(SYNC_KIND_IDS.map((k) => [k, restoreMediaForm(o[k])])) as MediaForms;
}
