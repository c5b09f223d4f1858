// The single source of the Api.Airforce types. Every response is parsed here; unknown fields pass
// through (loose objects) so a server that adds fields never breaks the extension.
import * as z from 'zod/mini';
import { en } from 'zod/locales';

// zod/mini ships no messages; English ones make a schema break readable ("expected number, received string").
z.config(en());

// zod/mini keeps the bundle small (the classic API is not tree-shakable); loose objects keep unknown keys.
export const looseObject = z.looseObject;

export const VideoModeSchema = z.enum(['text', 'image', 'reference']);
export type VideoMode = z.infer<typeof VideoModeSchema>;

export const VideoCapsSchema = looseObject({
  aspect_ratios: z._default(z.array(z.string()), []),
  qualities: z._default(z.array(z.string()), []),
  min_duration_s: z.int().check(z.nonnegative()),
  max_duration_s: z.int().check(z.nonnegative()),
  modes: z._default(z.array(z.string()), ['text']),
  price_per_second_cents: z.number().check(z.nonnegative()),
});
export type VideoCaps = z.infer<typeof VideoCapsSchema>;

export const ImageCapsSchema = looseObject({
  max_n: z.optional(z.int()),
  aspect_ratios: z.optional(z.array(z.string())),
});
export type ImageCaps = z.infer<typeof ImageCapsSchema>;

export const ModelSchema = looseObject({
  id: z.string().check(z.minLength(1)),
  object: z.optional(z.string()),
  owned_by: z.optional(z.string()),
  status: z.optional(z.string()),
  media_type: z.optional(z.string()),
  input_modalities: z.optional(z.array(z.string())),
  output_modalities: z._default(z.array(z.string()), []),
  video_caps: z.nullish(VideoCapsSchema),
  image_caps: z.nullish(ImageCapsSchema),
  audio_caps: z.optional(z.unknown()),
  speech_caps: z.optional(z.unknown()),
  sfx_caps: z.optional(z.unknown()),
  price_per_generation_cents: z.nullish(z.number()),
  priceperthousandimages: z.nullish(z.number()),
});
export type Model = z.infer<typeof ModelSchema>;

export const ModelListSchema = looseObject({
  object: z.optional(z.string()),
  data: z.array(ModelSchema),
});
export type ModelList = z.infer<typeof ModelListSchema>;

export const InputImageSchema = z.union([
  z.strictObject({ url: z.url() }),
  z.strictObject({ b64_json: z.string().check(z.minLength(1)) }),
]);
export type InputImage = z.infer<typeof InputImageSchema>;

/** The create body. Extra keys (seed, sound, …) are passed to the provider untouched. */
export const CreateVideoRequestSchema = looseObject({
  model: z.string().check(z.minLength(1)),
  prompt: z.string(),
  mode: z.optional(VideoModeSchema),
  duration_seconds: z.optional(z.int()),
  aspect_ratio: z.optional(z.string()),
  quality: z.optional(z.string()),
  input_images: z.optional(z.array(InputImageSchema)),
});
export type CreateVideoRequest = z.infer<typeof CreateVideoRequestSchema>;

export const TaskStatusSchema = z.enum(['queued', 'processing', 'completed', 'failed', 'expired']);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;
export const TERMINAL_STATUSES: readonly TaskStatus[] = ['completed', 'failed', 'expired'];
export const isTerminal = (s: TaskStatus): boolean => TERMINAL_STATUSES.includes(s);

export const VideoTaskSchema = looseObject({
  task_id: z.string().check(z.minLength(1)),
  status: TaskStatusSchema,
  progress: z.optional(z.number().check(z.gte(0), z.lte(100))),
  result_url: z.nullish(z.string()),
  error: z.nullish(z.string()),
  model: z.optional(z.string()),
  created: z.optional(z.number()),
  expires_at: z.optional(z.number()),
  duration_seconds: z.optional(z.number()),
  cost_cents: z.nullish(z.number()),
  prompt: z.optional(z.string()),
  mode: z.optional(z.string()),
  aspect_ratio: z.optional(z.string()),
  quality: z.optional(z.string()),
  input_image_url: z.nullish(z.string()),
});
export type VideoTask = z.infer<typeof VideoTaskSchema>;

export const TaskListSchema = looseObject({ data: z.array(VideoTaskSchema) });
export type TaskList = z.infer<typeof TaskListSchema>;

export const DeleteResponseSchema = looseObject({ deleted: z.boolean() });
export type DeleteResponse = z.infer<typeof DeleteResponseSchema>;

/** Both error shapes the API sends: the envelope and the flat `{error, message}` form. */
export const ErrorEnvelopeSchema = z.union([
  looseObject({
    error: looseObject({
      message: z.optional(z.string()),
      type: z.nullish(z.string()),
      code: z.nullish(z.string()),
      param: z.nullish(z.string()),
      retry_after: z.nullish(z.number()),
    }),
    retry_after: z.nullish(z.number()),
  }),
  looseObject({
    error: z.string(),
    message: z.optional(z.string()),
    type: z.nullish(z.string()),
    code: z.nullish(z.string()),
    param: z.nullish(z.string()),
    retry_after: z.nullish(z.number()),
  }),
]);
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

/** One `data:` payload of the progress stream: same shape as the status endpoint, fields optional. */
export const StreamStateSchema = z.extend(z.partial(VideoTaskSchema, { task_id: true }), {
  status: TaskStatusSchema,
});
export type StreamState = z.infer<typeof StreamStateSchema>;
