// The workspace-media answers (docs: transcription, dubbing, voice cloning — partly undocumented,
// see the note on assumptions): the single source of their types. Loose objects keep unknown fields;
// optional fields may be missing or null.
import * as z from 'zod/mini';
import { looseObject, TASK_ID_PATTERN } from './schemas';

/** One timed piece of a transcript (the `verbose_json` shape, which the docs do not list). */
export const TranscriptSegmentSchema = looseObject({
  id: z.optional(z.union([z.number(), z.string()])),
  start: z.number().check(z.nonnegative()),
  end: z.number().check(z.nonnegative()),
  text: z.string(),
  speaker: z.nullish(z.string()),
});
export type TranscriptSegment = z.infer<typeof TranscriptSegmentSchema>;

/** `{text, language, duration}` as documented, plus `segments` when the server sends them. */
export const TranscriptionSchema = looseObject({
  text: z.string(),
  language: z.nullish(z.string()),
  duration: z.nullish(z.number()),
  segments: z.nullish(z.array(z.unknown())),
});

/** Dubbing create: `{dubbing_id, status}`. */
export const DubbingCreatedSchema = looseObject({
  dubbing_id: z.string().check(z.regex(TASK_ID_PATTERN, 'not a valid dubbing id')),
  status: z.optional(z.string()),
});

/** Dubbing poll: `{dubbing_id, status, language_pairs, source_duration?, preview_url?, error?}`. */
export const DubbingStateSchema = looseObject({
  dubbing_id: z.optional(z.string()),
  status: z.string(),
  language_pairs: z.nullish(z.array(looseObject({ source: z.nullish(z.string()), target: z.nullish(z.string()) }))),
  source_duration: z.nullish(z.number()),
  preview_url: z.nullish(z.string()),
  error: z.nullish(z.string()),
});

export const ConsentTextSchema = looseObject({ text: z.string().check(z.minLength(1)), hash: z.string().check(z.minLength(1)) });
export type ConsentText = z.infer<typeof ConsentTextSchema>;

/** Voice ids become path segments (PATCH/DELETE): the task id rule keeps `..` and slashes out. */
export const VOICE_ID_PATTERN = TASK_ID_PATTERN;

export const ClonedVoiceSchema = looseObject({
  voice_id: z.string().check(z.regex(VOICE_ID_PATTERN, 'not a valid voice id')),
  name: z.optional(z.string()),
  status: z.optional(z.string()),
  created_at: z.optional(z.union([z.number(), z.string()])),
});
export type ClonedVoice = z.infer<typeof ClonedVoiceSchema>;

export const VoiceUpdatedSchema = looseObject({ updated: z.boolean(), voice_id: z.optional(z.string()) });
export const VoiceDeletedSchema = looseObject({ deleted: z.boolean(), voice_id: z.optional(z.string()) });
