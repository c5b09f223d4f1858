// The image endpoint's types, as zod schemas (the single source of the types): the request body
// and the answer `{created?, data:[{url?|b64_json?}]}`. Loose objects: extra keys pass through.
import * as z from 'zod/mini';
import { IMAGE_RESPONSE_FORMATS } from '../rules/imageCaps';
import { InputImageSchema, looseObject } from './schemas';

export { IMAGE_RESPONSE_FORMATS };
export type ImageResponseFormat = (typeof IMAGE_RESPONSE_FORMATS)[number];

/** The request body. Extra keys go to the provider untouched; `sse` is the client's own business. */
export const ImageRequestSchema = looseObject({
  model: z.string().check(z.minLength(1)),
  prompt: z.string(),
  n: z.optional(z.int().check(z.gte(1))),
  size: z.optional(z.string()),
  quality: z.optional(z.string()),
  response_format: z.optional(z.enum(IMAGE_RESPONSE_FORMATS)),
  aspect_ratio: z.optional(z.string()),
  input_images: z.optional(z.array(InputImageSchema)),
  seed: z.optional(z.int()),
});
export type ImageRequest = z.infer<typeof ImageRequestSchema>;

export type GeneratedImage = { url: string } | { b64_json: string };

/** One `data[]` entry: exactly one of a non-empty url or b64_json counts (url first when both come). */
const ImageDatumSchema = looseObject({
  url: z.nullish(z.string()),
  b64_json: z.nullish(z.string()),
});

export const ImageResponseSchema = looseObject({
  created: z.optional(z.number()),
  data: z.array(ImageDatumSchema).check(z.minLength(1, 'the answer holds no image')),
});
export type ImageResponse = z.infer<typeof ImageResponseSchema>;

/** The entries as results; undefined at the first entry that has neither a url nor base64. */
export function imagesOf(res: ImageResponse): { images: GeneratedImage[] } | { badIndex: number } {
  const images: GeneratedImage[] = [];
  for (const [i, d] of res.data.entries()) {
    if (typeof d.url === 'string' && d.url !== '') images.push({ url: d.url });
    else if (typeof d.b64_json === 'string' && d.b64_json !== '') images.push({ b64_json: d.b64_json });
    else return { badIndex: i };
  }
  return { images };
}
