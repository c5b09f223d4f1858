// The language model tools by name, and the job kind each one starts: the one list, zod-free. The
// manifest (manifest.ts) declares these names in package.json, and activation registers the names
// package.json declares (tools/vscode/register.ts), so this list stays out of the activation bundle.
import type { JobKind } from '../kinds';

/** Each tool and the job kind it starts; airforce_list_models starts none. */
export const TOOL_KINDS = {
  airforce_generate_image: 'image',
  airforce_generate_video: 'video',
  airforce_generate_speech: 'speech',
  airforce_generate_music: 'music',
  airforce_generate_sound_effect: 'sfx',
  airforce_transcribe: 'transcribe',
  airforce_dub: 'dub',
  airforce_isolate_voice: 'isolate',
  airforce_change_voice: 'voiceChange',
  airforce_list_models: undefined,
} as const satisfies Readonly<Record<string, JobKind | undefined>>;

export type ToolName = keyof typeof TOOL_KINDS;

/** In the order package.json lists them. */
export const TOOL_NAMES = Object.keys(TOOL_KINDS) as ToolName[];

export function isToolName(v: unknown): v is ToolName {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(TOOL_KINDS, v);
}
