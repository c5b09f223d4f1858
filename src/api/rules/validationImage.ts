// Checks an image request against the chosen model's image_caps before anything is sent (every
// image that reaches the server is billed). Browser-safe, like validation.ts.
import type { ImageRequest } from '../schemas/imageSchemas';
import { IMAGE_RESPONSE_FORMATS, imageAspectRatios, imageMaxN } from './imageCaps';
import { isImageModel } from './modelKind';
import type { InputImage, Model } from '../schemas/schemas';
import { checkImageCode, ValidationError, type FieldProblem } from './validation';
import { coded } from './messages';
import { promptLengthProblem } from './promptLimits';

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
  if (prompt_.trim() === '') problems.push(coded('prompt', 'prompt.emptyImage'));
  const tooLong = promptLengthProblem('image', prompt_, model);
  if (tooLong) problems.push(tooLong as ImageProblem);

  const id = chosen(modelId) ? String(modelId) : model?.id;
  if (!id) problems.push(coded('model', 'model.missing'));
  else if (!model) problems.push(coded('model', 'model.unknown', [id]));
  else if (model.id !== id) problems.push(coded('model', 'model.mismatch', [id, model.id]));
  else if (!isImageModel(model)) problems.push(coded('model', 'model.notImage', [id]));
  if (!model || problems.some((p) => p.field === 'model')) return { ok: false, problems };

  const maxN = imageMaxN(model);
  const allowedN = Array.from({ length: maxN }, (_, i) => i + 1);
  const n_ = chosen(n) ? toInteger(n) : undefined;
  if (chosen(n) && (n_ === undefined || n_ < 1 || n_ > maxN)) {
    problems.push(maxN === 1 ? coded('n', 'n.one', [model.id], allowedN) : coded('n', 'n.range', [maxN, model.id], allowedN));
  }

  const ratios = imageAspectRatios(model);
  if (chosen(aspect_ratio)) {
    if (ratios.length === 0) problems.push(coded('aspect_ratio', 'choice.notOffered', ['aspect_ratio', model.id], ratios));
    else if (typeof aspect_ratio !== 'string' || !ratios.includes(aspect_ratio)) {
      problems.push(coded('aspect_ratio', 'choice.oneOf', ['aspect_ratio', ratios.join(', ')], ratios));
    }
  }

  if (chosen(response_format) && !(IMAGE_RESPONSE_FORMATS as readonly unknown[]).includes(response_format)) {
    problems.push(coded('response_format', 'choice.oneOf', ['response_format', IMAGE_RESPONSE_FORMATS.join(', ')], IMAGE_RESPONSE_FORMATS));
  }

  const seed_ = chosen(seed) ? toInteger(seed) : undefined;
  if (chosen(seed) && seed_ === undefined) problems.push(coded('seed', 'seed.integer'));

  const images: unknown[] | undefined = Array.isArray(input_images) ? input_images : chosen(input_images) ? [input_images] : undefined;
  if (images && images.length > 0) {
    if (model.input_modalities && !model.input_modalities.includes('image')) {
      problems.push(coded('input_images', 'images.notAccepted', [model.id]));
    } else {
      images.forEach((img, i) => {
        const why = checkImageCode(img);
        if (why) problems.push(coded('input_images', why, [i]));
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
