// The audio request bodies and the voice list (docs: "Audio"): the single source of their types.
// Requests are loose so a provider's extra keys pass through; voices are read defensively (every
// field but the id and name may be missing, unknown ones are kept).
import * as z from 'zod/mini';
import { SPEECH_FORMATS, SPEECH_SPEED_MAX, SPEECH_SPEED_MIN } from '../rules/audioRules';
import { looseObject } from './schemas';

export { SPEECH_FORMATS, SPEECH_SPEED_MAX, SPEECH_SPEED_MIN, type SpeechFormat } from '../rules/audioRules';

export const VoiceSettingsSchema = looseObject({
  stability: z.optional(z.number()),
  similarity_boost: z.optional(z.number()),
  style: z.optional(z.number()),
  use_speaker_boost: z.optional(z.boolean()),
  speed: z.optional(z.number()),
});
export type VoiceSettings = z.infer<typeof VoiceSettingsSchema>;

export const SpeechRequestSchema = looseObject({
  model: z.string().check(z.minLength(1)),
  input: z.string().check(z.minLength(1)),
  voice: z.string().check(z.minLength(1)),
  response_format: z.optional(z.enum(SPEECH_FORMATS)),
  speed: z.optional(z.number().check(z.gte(SPEECH_SPEED_MIN), z.lte(SPEECH_SPEED_MAX))),
  voice_settings: z.optional(VoiceSettingsSchema),
  language_code: z.optional(z.string()),
  seed: z.optional(z.int()),
});
export type SpeechRequest = z.infer<typeof SpeechRequestSchema>;

export const MusicRequestSchema = looseObject({
  model: z.string().check(z.minLength(1)),
  prompt: z.string().check(z.minLength(1)),
  music_length_ms: z.optional(z.int().check(z.positive())),
  response_format: z.optional(z.string()),
  composition_plan: z.optional(z.unknown()),
});
export type MusicRequest = z.infer<typeof MusicRequestSchema>;

export const SfxRequestSchema = looseObject({
  model: z.string().check(z.minLength(1)),
  prompt: z.string().check(z.minLength(1)),
  duration_seconds: z.optional(z.number().check(z.positive())),
  prompt_influence: z.optional(z.number().check(z.gte(0), z.lte(1))),
  response_format: z.optional(z.string()),
});
export type SfxRequest = z.infer<typeof SfxRequestSchema>;

export const VoiceSchema = looseObject({
  voice_id: z.string().check(z.minLength(1)),
  name: z.string(),
  preview_url: z.nullish(z.string()),
  category: z.nullish(z.string()),
  language: z.nullish(z.string()),
  accent: z.nullish(z.string()),
  age: z.nullish(z.string()),
  gender: z.nullish(z.string()),
  use_case: z.nullish(z.string()),
  description: z.nullish(z.string()),
});
export type Voice = z.infer<typeof VoiceSchema>;

/** The list envelope; entries are checked one by one so one odd voice does not hide the rest. */
export const VoiceListEnvelopeSchema = looseObject({ voices: z.array(z.unknown()) });
