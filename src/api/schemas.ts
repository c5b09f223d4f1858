// The single source of the Api.Airforce types. Every response is parsed here; unknown fields pass
// through (loose objects) so a server that adds fields never breaks the extension.
import { z } from 'zod';

export const VideoModeSchema = z.enum(['text', 'image', 'reference']);
export type VideoMode = z.infer<typeof VideoModeSchema>;

export const VideoCapsSchema = z.looseObject({
  aspect_ratios: z.array(z.string()).default([]),
  qualities: z.array(z.string()).default([]),
  min_duration_s: z.number().int().nonnegative(),
  max_duration_s: z.number().int().nonnegative(),
  modes: z.array(z.string()).default(['text']),
  price_per_second_cents: z.number().nonnegative(),
});
export type VideoCaps = z.infer<typeof VideoCapsSchema>;

export const ImageCapsSchema = z.looseObject({
  max_n: z.number().int().optional(),
  aspect_ratios: z.array(z.string()).optional(),
});
export type ImageCaps = z.infer<typeof ImageCapsSchema>;

export const ModelSchema = z.looseObject({
  id: z.string().min(1),
  object: z.string().optional(),
  owned_by: z.string().optional(),
  status: z.string().optional(),
  media_type: z.string().optional(),
  input_modalities: z.array(z.string()).optional(),
  output_modalities: z.array(z.string()).default([]),
  video_caps: VideoCapsSchema.nullish(),
  image_caps: ImageCapsSchema.nullish(),
  audio_caps: z.unknown().optional(),
  speech_caps: z.unknown().optional(),
  sfx_caps: z.unknown().optional(),
  price_per_generation_cents: z.number().nullish(),
  priceperthousandimages: z.number().nullish(),
});
export type Model = z.infer<typeof ModelSchema>;

export const ModelListSchema = z.looseObject({
  object: z.string().optional(),
  data: z.array(ModelSchema),
});
export type ModelList = z.infer<typeof ModelListSchema>;

export const InputImageSchema = z.union([
  z.strictObject({ url: z.string().url() }),
  z.strictObject({ b64_json: z.string().min(1) }),
]);
export type InputImage = z.infer<typeof InputImageSchema>;

/** The create body. Extra keys (seed, sound, …) are passed to the provider untouched. */
export const CreateVideoRequestSchema = z.looseObject({
  model: z.string().min(1),
  prompt: z.string(),
  mode: VideoModeSchema.optional(),
  duration_seconds: z.number().int().optional(),
  aspect_ratio: z.string().optional(),
  quality: z.string().optional(),
  input_images: z.array(InputImageSchema).optional(),
});
export type CreateVideoRequest = z.infer<typeof CreateVideoRequestSchema>;

export const TaskStatusSchema = z.enum(['queued', 'processing', 'completed', 'failed', 'expired']);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;
export const TERMINAL_STATUSES: readonly TaskStatus[] = ['completed', 'failed', 'expired'];
export const isTerminal = (s: TaskStatus): boolean => TERMINAL_STATUSES.includes(s);

export const VideoTaskSchema = z.looseObject({
  task_id: z.string().min(1),
  status: TaskStatusSchema,
  progress: z.number().min(0).max(100).optional(),
  result_url: z.string().nullish(),
  error: z.string().nullish(),
  model: z.string().optional(),
  created: z.number().optional(),
  expires_at: z.number().optional(),
  duration_seconds: z.number().optional(),
  cost_cents: z.number().nullish(),
  prompt: z.string().optional(),
  mode: z.string().optional(),
  aspect_ratio: z.string().optional(),
  quality: z.string().optional(),
  input_image_url: z.string().nullish(),
});
export type VideoTask = z.infer<typeof VideoTaskSchema>;

export const TaskListSchema = z.looseObject({ data: z.array(VideoTaskSchema) });
export type TaskList = z.infer<typeof TaskListSchema>;

export const DeleteResponseSchema = z.looseObject({ deleted: z.boolean() });
export type DeleteResponse = z.infer<typeof DeleteResponseSchema>;

/** Both error shapes the API sends: the envelope and the flat `{error, message}` form. */
export const ErrorEnvelopeSchema = z.union([
  z.looseObject({
    error: z.looseObject({
      message: z.string().optional(),
      type: z.string().nullish(),
      code: z.string().nullish(),
      param: z.string().nullish(),
      retry_after: z.number().nullish(),
    }),
    retry_after: z.number().nullish(),
  }),
  z.looseObject({
    error: z.string(),
    message: z.string().optional(),
    type: z.string().nullish(),
    code: z.string().nullish(),
    param: z.string().nullish(),
    retry_after: z.number().nullish(),
  }),
]);
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

/** One `data:` payload of the progress stream: same shape as the status endpoint, fields optional. */
export const StreamStateSchema = VideoTaskSchema.partial({ task_id: true }).extend({
  status: TaskStatusSchema,
});
export type StreamState = z.infer<typeof StreamStateSchema>;
