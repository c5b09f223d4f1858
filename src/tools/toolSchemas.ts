// The input of every language model tool, as zod schemas derived from the API's own request schemas
// (api/schemas/*): the fields an agent may set. One source for both ends: manifest.ts turns them into
// the JSON Schema package.json declares (with the descriptions the model reads; the unit test fails
// when package.json drifts), and the tools parse each invocation's input with them before the kind's
// own checks (caps, price, budget) run. Wire-only fields stay out: input images are workspace-relative
// paths here (read and checked only after the cost is agreed), and `model` is optional (the kind's
// default-model setting, as for the commands). Operations have no zod request schema of their own:
// their fields are api/rules/validationMedia.ts OPERATION_FIELDS, which the unit test holds these to.
import * as z from 'zod/mini';
import { CreateVideoRequestSchema } from '../api/schemas/schemas';
import { ImageRequestSchema } from '../api/schemas/imageSchemas';
import { MusicRequestSchema, SfxRequestSchema, SpeechRequestSchema } from '../api/schemas/audioSchemas';
import { JOB_KIND_IDS } from '../kinds';
import type { ToolName } from './toolNames';

/** The named fields of an API request schema, its model optional, plus the tool's own; unknown keys are refused. */
function fromApi<S extends Record<string, z.core.$ZodType> & { model: z.core.$ZodType }, K extends keyof S & string>(
  shape: S,
  keys: readonly K[],
  own: Record<string, z.core.$ZodType> = {},
): z.ZodMiniObject {
  return z.strictObject({ ...Object.fromEntries(keys.map((k) => [k, shape[k]])), model: z.optional(shape.model), ...own });
}

const text = z.string().check(z.minLength(1));
const optionalText = z.optional(text);
/** A workspace file, relative to the workspace folder (workspacePaths.ts resolves and checks it). */
const WORKSPACE_FILE = text;
const inputImages = z.optional(z.array(WORKSPACE_FILE));
const language = z.optional(z.string().check(z.minLength(2)));

/** Each tool's input; the generate tools' fields come from the API request schemas. */
export const TOOL_INPUTS: Readonly<Record<ToolName, z.ZodMiniObject>> = {
  airforce_generate_image: fromApi(ImageRequestSchema.shape, ['prompt', 'n', 'size', 'aspect_ratio', 'quality', 'seed'], { input_images: inputImages }),
  airforce_generate_video: fromApi(CreateVideoRequestSchema.shape, ['prompt', 'duration_seconds', 'aspect_ratio', 'quality', 'mode'], { input_images: inputImages }),
  airforce_generate_speech: fromApi(SpeechRequestSchema.shape, ['input', 'response_format', 'speed', 'language_code', 'seed'], {
    voice: z.optional(SpeechRequestSchema.shape.voice),
  }),
  airforce_generate_music: fromApi(MusicRequestSchema.shape, ['prompt', 'music_length_ms']),
  airforce_generate_sound_effect: fromApi(SfxRequestSchema.shape, ['prompt', 'duration_seconds', 'prompt_influence']),
  airforce_transcribe: z.strictObject({ file: WORKSPACE_FILE, model: optionalText, language, prompt: z.optional(z.string()) }),
  airforce_dub: z.strictObject({ file: WORKSPACE_FILE, target_lang: z.string().check(z.minLength(2)), source_lang: language, model: optionalText }),
  airforce_isolate_voice: z.strictObject({ file: WORKSPACE_FILE, model: optionalText }),
  airforce_change_voice: z.strictObject({ file: WORKSPACE_FILE, voice: text, voice_name: z.optional(z.string()), model: optionalText }),
  airforce_list_models: z.strictObject({ kind: z.optional(z.enum(JOB_KIND_IDS)) }),
};

export type ToolInputCheck = { ok: true; input: Record<string, unknown> } | { ok: false; problems: string[] };

/** Parses an invocation's input with its tool's schema; each problem names its field. */
export function checkToolInput(name: ToolName, input: unknown): ToolInputCheck {
  const parsed = TOOL_INPUTS[name].safeParse(input ?? {});
  if (parsed.success) return { ok: true, input: parsed.data as Record<string, unknown> };
  return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : 'input'}: ${i.message}`) };
}
