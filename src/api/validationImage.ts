// Checks an image request against the chosen model's image_caps before anything is sent (every
// image that reaches the server is billed). Browser-safe, like validation.ts.
import type { ImageRequest } from './imageSchemas';
import { IMAGE_RESPONSE_FORMATS, imageAspectRatios, imageMaxN } from './imageCaps';
import { isImageModel } from './modelKind';
import type { InputImage, Model } from './schemas';
import { checkImage, ValidationError, type FieldProblem } from './validation';

export { imageAspectRatios, imageMaxN };

export type ImageField = 'model' | 'prompt' | 'n' | 'aspect_ratio' | 'response_format' | 'input_images' | 'seed';
export type ImageProblem = FieldProblem<ImageField>;
export type ImageValidationResult = { ok: true; request: ImageRequest } | { ok: false; problems: ImageProblem[] };
export type ImageForm = Partial<ImageRequest> & Record<string, unknown>;

const chosen = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

function toInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

/** The model's max_n; a model that does not say is held to the API's default of one image. */
/** Validates and normalises an image request; extra keys (size, quality, …) pass through untouched. */
export function validateImageRequest(input: ImageForm, model: Model | undefined): ImageValidationResult {
  const problems: ImageProblem[] = [];
  const { model: modelId, prompt, n, aspect_ratio, response_format, input_images, seed, ...extra } = input;
  delete extra.sse; // the client's own transport choice, never the caller's

  const prompt_ = typeof prompt === 'string' ? prompt : '';
  if (prompt_.trim() === '') problems.push({ field: 'prompt', message: 'prompt must describe the image (it is empty)' });

  const id = chosen(modelId) ? String(modelId) : model?.id;
  if (!id) problems.push({ field: 'model', message: 'model must be chosen' });
  else if (!model) problems.push({ field: 'model', message: `model "${id}" is not in the model list (refresh the models or pick another)` });
  else if (model.id !== id) problems.push({ field: 'model', message: `model "${id}" does not match the capabilities given for "${model.id}"` });
  else if (!isImageModel(model)) problems.push({ field: 'model', message: `model "${id}" does not generate images` });
  if (!model || problems.some((p) => p.field === 'model')) return { ok: false, problems };

  const maxN = imageMaxN(model);
  const allowedN = Array.from({ length: maxN }, (_, i) => i + 1);
  const n_ = chosen(n) ? toInteger(n) : undefined;
  if (chosen(n) && (n_ === undefined || n_ < 1 || n_ > maxN)) {
    problems.push({ field: 'n', message: maxN === 1 ? `n must be 1 for ${model.id}` : `n must be a whole number from 1 to ${maxN} for ${model.id}`, allowed: allowedN });
  }

  const ratios = imageAspectRatios(model);
  if (chosen(aspect_ratio)) {
    if (ratios.length === 0) problems.push({ field: 'aspect_ratio', message: `aspect_ratio cannot be chosen for ${model.id}; leave it empty`, allowed: ratios });
    else if (typeof aspect_ratio !== 'string' || !ratios.includes(aspect_ratio)) {
      problems.push({ field: 'aspect_ratio', message: `aspect_ratio must be one of ${ratios.join(', ')}`, allowed: ratios });
    }
  }

  if (chosen(response_format) && !(IMAGE_RESPONSE_FORMATS as readonly unknown[]).includes(response_format)) {
    problems.push({ field: 'response_format', message: `response_format must be one of ${IMAGE_RESPONSE_FORMATS.join(', ')}`, allowed: IMAGE_RESPONSE_FORMATS });
  }

  const seed_ = chosen(seed) ? toInteger(seed) : undefined;
  if (chosen(seed) && seed_ === undefined) problems.push({ field: 'seed', message: 'seed must be a whole number' });

  const images: unknown[] | undefined = Array.isArray(input_images) ? input_images : chosen(input_images) ? [input_images] : undefined;
  if (images && images.length > 0) {
    if (model.input_modalities && !model.input_modalities.includes('image')) {
      problems.push({ field: 'input_images', message: `${model.id} does not take input images; remove them or pick an editing model` });
    } else {
      images.forEach((img, i) => {
        const why = checkImage(img);
        if (why) problems.push({ field: 'input_images', message: `input_images[${i}] ${why}` });
      });
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  const request: ImageRequest = { ...extra, model: model.id, prompt: prompt_ };
  if (n_ !== undefined) request.n = n_;
  if (chosen(aspect_ratio)) request.aspect_ratio = aspect_ratio as string;
  if (chosen(response_format)) request.response_format = response_format as ImageRequest['response_format'];
  if (seed_ !== undefined) request.seed = seed_;
  if (images && images.length > 0) request.input_images = images as InputImage[];
  return { ok: true, request };
}

/** Like validateImageRequest, but throws a ValidationError listing every problem. */
export function assertValidImageRequest(input: ImageForm, model: Model | undefined): ImageRequest {
  const result = validateImageRequest(input, model);
  if (!result.ok) throw new ValidationError(result.problems, 'image');
  return result.request;
}
