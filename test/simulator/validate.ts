// Validation of POST /v1/video/generations, in the order and with the codes a client will meet
// on the real service. Undocumented keys pass through untouched (they go to the provider).
import { createHash } from 'node:crypto';
import { findModel, type SimModel, type SimVideoCaps } from './catalog';
import { invalid } from './errors';
import type { SimRequestFields } from './types';

const KNOWN_KEYS = new Set(['model', 'prompt', 'mode', 'duration_seconds', 'aspect_ratio', 'quality', 'input_images']);
const MAX_IMAGES: Record<string, number> = { image: 1, reference: 4 };

export interface ValidCreate extends SimRequestFields {
  model: SimModel;
  caps: SimVideoCaps;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateCreate(body: unknown): ValidCreate {
  if (!isRecord(body)) throw invalid('Request body must be a JSON object.', 'invalid_body');

  const modelId = body.model;
  if (modelId === undefined || modelId === null || modelId === '') {
    throw invalid("Missing required parameter: 'model'.", 'missing_required_parameter', 'model');
  }
  if (typeof modelId !== 'string') throw invalid("'model' must be a string.", 'invalid_type', 'model');
  const model = findModel(modelId);
  if (!model) throw invalid(`Model '${modelId}' not found.`, 'model_not_found', 'model');
  const caps = model.video_caps;
  if (!caps || !model.output_modalities.includes('video')) {
    throw invalid(`Model '${modelId}' does not generate video.`, 'model_not_video', 'model');
  }

  const prompt = body.prompt;
  if (typeof prompt !== 'string' && prompt !== undefined && prompt !== null) {
    throw invalid("'prompt' must be a string.", 'invalid_type', 'prompt');
  }
  if (typeof prompt !== 'string' || prompt.trim() === '') {
    throw invalid("Missing required parameter: 'prompt'.", 'missing_required_parameter', 'prompt');
  }

  const mode = optionalString(body, 'mode') ?? 'text';
  if (!['text', 'image', 'reference'].includes(mode)) {
    throw invalid(`'mode' must be one of text, image, reference.`, 'invalid_value', 'mode');
  }
  if (!caps.modes.includes(mode)) {
    throw invalid(`Model '${modelId}' does not support mode '${mode}'. Supported: ${caps.modes.join(', ')}.`, 'unsupported_mode', 'mode');
  }

  const duration = body.duration_seconds ?? caps.min_duration_s;
  if (typeof duration !== 'number' || !Number.isInteger(duration)) {
    throw invalid("'duration_seconds' must be an integer.", 'invalid_type', 'duration_seconds');
  }
  if (duration < caps.min_duration_s || duration > caps.max_duration_s) {
    throw invalid(`'duration_seconds' must be between ${caps.min_duration_s} and ${caps.max_duration_s} for '${modelId}'.`, 'invalid_duration', 'duration_seconds');
  }

  const aspect = optionalString(body, 'aspect_ratio') ?? caps.aspect_ratios[0];
  if (!caps.aspect_ratios.includes(aspect)) {
    throw invalid(`Aspect ratio '${aspect}' is not supported by '${modelId}'. Supported: ${caps.aspect_ratios.join(', ')}.`, 'unsupported_aspect_ratio', 'aspect_ratio');
  }

  const quality = optionalString(body, 'quality') ?? caps.qualities[0];
  if (!caps.qualities.includes(quality)) {
    throw invalid(`Quality '${quality}' is not supported by '${modelId}'. Supported: ${caps.qualities.join(', ')}.`, 'unsupported_quality', 'quality');
  }

  const images = validateImages(body.input_images, mode);

  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (!KNOWN_KEYS.has(k)) extra[k] = v;

  return {
    model,
    caps,
    prompt,
    mode,
    duration_seconds: duration,
    aspect_ratio: aspect,
    quality,
    input_image_url: images.firstUrl,
    input_image_sha256: images.sha256,
    extra,
  };
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid(`'${key}' must be a string.`, 'invalid_type', key);
  return v;
}

export function validateImages(raw: unknown, mode: string): { firstUrl: string | null; sha256: string[] } {
  const needed = mode === 'image' || mode === 'reference';
  if (raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0)) {
    if (needed) throw invalid(`'input_images' is required for mode '${mode}'.`, 'missing_input_images', 'input_images');
    return { firstUrl: null, sha256: [] };
  }
  if (!Array.isArray(raw)) throw invalid("'input_images' must be an array.", 'invalid_type', 'input_images');
  const max = MAX_IMAGES[mode];
  if (max !== undefined && raw.length > max) {
    throw invalid(`Mode '${mode}' accepts at most ${max} input image(s).`, 'too_many_input_images', 'input_images');
  }
  let firstUrl: string | null = null;
  const sha256: string[] = [];
  raw.forEach((item, i) => {
    const where = `input_images[${i}]`;
    if (!isRecord(item)) throw invalid(`${where} must be an object with 'url' or 'b64_json'.`, 'invalid_input_image', 'input_images');
    const hasUrl = item.url !== undefined;
    const hasB64 = item.b64_json !== undefined;
    if (hasUrl === hasB64) {
      throw invalid(`${where} must have exactly one of 'url' or 'b64_json'.`, 'invalid_input_image', 'input_images');
    }
    if (hasUrl) {
      if (typeof item.url !== 'string' || !/^https?:\/\/[^\s]+$/i.test(item.url)) {
        throw invalid(`${where}.url must be an http(s) URL.`, 'invalid_image_url', 'input_images');
      }
      firstUrl ??= item.url;
      return;
    }
    const bytes = decodeBase64Image(item.b64_json);
    if (!bytes) throw invalid(`${where}.b64_json is not valid base64.`, 'invalid_base64', 'input_images');
    if (!sniffImage(bytes)) {
      throw invalid(`${where} is not a PNG, JPEG, WebP or GIF image.`, 'unsupported_image_format', 'input_images');
    }
    sha256.push(createHash('sha256').update(bytes).digest('hex'));
  });
  return { firstUrl, sha256 };
}

/** Accepts bare base64 or a data: URL; null when it is not base64. */
export function decodeBase64Image(value: unknown): Buffer | null {
  if (typeof value !== 'string') return null;
  const payload = value.replace(/^data:[\w.+-]+\/[\w.+-]+;base64,/, '').replace(/\s+/g, '');
  if (payload === '' || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(payload)) return null;
  const bytes = Buffer.from(payload, 'base64');
  return bytes.length > 0 ? bytes : null;
}

function sniffImage(b: Buffer): boolean {
  const png = b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpeg = b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
  const webp = b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP';
  const gif = b.subarray(0, 4).toString('latin1') === 'GIF8';
  return png || jpeg || webp || gif;
}
