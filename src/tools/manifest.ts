// package.json's `contributes.languageModelTools`, built from one place: each tool's reference name,
// its icon (the kind's, src/kinds.ts), the descriptions (the person's localised through
// package.nls*.json; the model's in English, telling it what the tool costs and returns, and what each
// field means) and the input schema, the JSON Schema of toolSchemas.ts's zod schemas. Used only by
// scripts/tool-manifest.mjs (which writes package.json) and the unit test that compares the two: none
// of these words or the JSON Schema converter reach the extension's bundles.
import * as z from 'zod/mini';
import { jobKindFacts } from '../kinds';
import { TOOL_KINDS, TOOL_NAMES, type ToolName } from './toolNames';
import { TOOL_INPUTS } from './toolSchemas';

const COST =
  'It spends money from the Api.Airforce account: the person confirms the estimated price first, and airforce.budgetCents refuses what would overrun the budget (nothing is sent then).';
const RESULT =
  'Returns the workspace-relative paths of the saved files, their JSON sidecars (the request, to make it again) and the cost the server billed; a refusal (invalid field, budget, missing key) comes back as text saying what to change.';

/** Per tool: the reference name (#name in chat) and what the model is told. */
const TOOLS: Readonly<Record<ToolName, { ref: string; model: string }>> = {
  airforce_generate_image: {
    ref: 'airforceImage',
    model: `Generates images from a prompt with an Api.Airforce image model (or edits workspace images given as input_images) and saves them in the workspace's output folder (airforce.outputDirectory). Priced per image. ${COST} ${RESULT}`,
  },
  airforce_generate_video: {
    ref: 'airforceVideo',
    model: `Generates a video (MP4) from a prompt, or animates a workspace image, with an Api.Airforce video model; it takes minutes, and the tool waits until the file is saved (cancelling stops the wait, not the video: it then appears in the Airforce Tasks view). Priced per second of video: the most expensive kind, so keep duration_seconds short unless asked. ${COST} ${RESULT}`,
  },
  airforce_generate_speech: {
    ref: 'airforceSpeech',
    model: `Reads a text aloud with an Api.Airforce text-to-speech model and voice, saving an MP3 (or WAV) in the workspace's output folder. Priced per character. ${COST} ${RESULT}`,
  },
  airforce_generate_music: {
    ref: 'airforceMusic',
    model: `Composes music from a description with an Api.Airforce music model, saving the audio in the workspace's output folder. Priced per second or minute of music. ${COST} ${RESULT}`,
  },
  airforce_generate_sound_effect: {
    ref: 'airforceSoundEffect',
    model: `Makes a sound effect from a description with an Api.Airforce sound-effect model, saving the audio in the workspace's output folder. Priced per second. ${COST} ${RESULT}`,
  },
  airforce_transcribe: {
    ref: 'airforceTranscribe',
    model: `Transcribes a workspace audio or video file: saves <name>.transcript.txt and, when the server times the text, <name>.srt and <name>.vtt subtitles. Priced per minute of the file (its duration is read locally first). ${COST} ${RESULT}`,
  },
  airforce_dub: {
    ref: 'airforceDub',
    model: `Dubs the speech of a workspace audio or video file into another language, saving <name>.<lang>.mp3; it takes minutes, and the tool waits until the track is saved (cancelling stops the wait, not the dubbing: it then appears in the Airforce Tasks view). Priced per minute of the file. ${COST} ${RESULT}`,
  },
  airforce_isolate_voice: {
    ref: 'airforceIsolateVoice',
    model: `Keeps only the voice of a workspace audio or video file (background noise and music removed), saving <name>.voice.mp3. Priced per minute of the file. ${COST} ${RESULT}`,
  },
  airforce_change_voice: {
    ref: 'airforceChangeVoice',
    model: `Says the speech of a workspace audio or video file again in another voice, saving <name>.<voice>.mp3. Priced per minute of the file. ${COST} ${RESULT}`,
  },
  airforce_list_models: {
    ref: 'airforceModels',
    model:
      'Lists the Api.Airforce models this account can use, by kind (video, image, speech, music, sfx, and the operations on a file: transcribe, dub, isolate, voiceChange): each id with what it can do (durations, aspect ratios, counts, formats) and its unit prices in US cents, plus the default model of each kind; with kind speech, the voices too. Free: it reads the catalog and spends nothing. Call it before generating to pick a model and stay within its caps.',
  },
};

const model = (kind: string, setting: string): string =>
  `The ${kind} model's id (airforce_list_models lists them with their caps and prices). Default: the airforce.${setting} setting when it is set; otherwise give one.`;
const operationModel = (what: string): string => `The ${what} model's id (airforce_list_models lists them). Default: the catalog's first model that does it.`;
const FILE = ', as a path relative to the workspace folder (only files inside the open workspace are read).';
const MEDIA = '(mp3, wav, m4a, ogg, flac, mp4, webm, mov)';
const IMAGE_FILE = `A PNG, JPEG or WebP image${FILE}`;

/** What each field means, for the model; the unit test holds every field of every tool to one. */
export const FIELD_DESCRIPTIONS: Readonly<Record<ToolName, Readonly<Record<string, string>>>> = {
  airforce_generate_image: {
    prompt: 'What the image shows.',
    n: 'How many images (one request; the model caps it). Default 1.',
    size: 'A size the model takes, such as 1024x1024.',
    aspect_ratio: 'An aspect ratio the model lists, such as 16:9.',
    quality: 'A quality the model takes, such as high.',
    seed: 'A seed, for a repeatable result where the model supports it.',
    model: model('image', 'defaultImageModel'),
    input_images: 'Images to edit or take as reference (workspace-relative paths); leave out for a new image.',
  },
  airforce_generate_video: {
    prompt: 'What happens in the video: subject, action, camera.',
    duration_seconds: "Length in whole seconds, within the model's range. The price is per second.",
    aspect_ratio: 'An aspect ratio the model lists, such as 16:9.',
    quality: 'A quality the model lists, such as 720p.',
    mode: 'text (from the prompt), image (animates input_images[0]) or reference (input images as references).',
    model: model('video', 'defaultVideoModel'),
    input_images: 'For mode image or reference: workspace-relative image paths.',
  },
  airforce_generate_speech: {
    input: 'The text to speak. The price is per character.',
    response_format: 'The audio format (mp3 by default; pcm_* and ulaw_8000 are saved as WAV).',
    speed: 'Speaking speed, 0.25 to 4 (1 is normal).',
    language_code: 'The language of the text as an ISO-639-1 code, when the model takes one.',
    seed: 'A seed, for a repeatable result where the model supports it.',
    model: model('speech', 'defaultSpeechModel'),
    voice: 'A voice id (airforce_list_models with kind speech lists them). Default: the airforce.defaultVoice setting.',
  },
  airforce_generate_music: {
    prompt: 'The music: genre, mood, instruments, tempo.',
    music_length_ms: "Length in milliseconds, within the model's range.",
    model: model('music', 'defaultMusicModel'),
  },
  airforce_generate_sound_effect: {
    prompt: 'The sound: what makes it and where.',
    duration_seconds: "Length in seconds, within the model's range.",
    prompt_influence: 'How closely to follow the prompt, 0 to 1.',
    model: model('sound effect', 'defaultSoundEffectModel'),
  },
  airforce_transcribe: {
    file: `The audio or video file to transcribe ${MEDIA}${FILE}`,
    model: operationModel('transcription'),
    language: 'The spoken language as an ISO-639-1 code such as en, ru or it, when known (default: detected).',
    prompt: 'Words or names the transcript should spell right.',
  },
  airforce_dub: {
    file: `The audio or video file to dub ${MEDIA}${FILE}`,
    target_lang: 'The language to dub into, as an ISO-639-1 code such as en, ru or it.',
    source_lang: 'The spoken language of the source as an ISO-639-1 code, when known (default: detected).',
    model: operationModel('dubbing'),
  },
  airforce_isolate_voice: {
    file: `The audio or video file whose voice is kept without the background ${MEDIA}${FILE}`,
    model: operationModel('voice isolation'),
  },
  airforce_change_voice: {
    file: `The audio or video file whose speech is said again in another voice ${MEDIA}${FILE}`,
    voice: 'The new voice id (airforce_list_models with kind speech lists the voices).',
    voice_name: "The voice's name, for the result's file name.",
    model: operationModel('voice changer'),
  },
  airforce_list_models: {
    kind: 'Only the models of this kind (video, image, speech, music, sfx, or an operation on a file). Default: every kind.',
  },
};

/** The largest integer zod writes as an `int`'s bound: noise in a tool's schema. */
const SAFE = Number.MAX_SAFE_INTEGER;

/** Drops what says nothing to an agent: the `$schema` line and `int`'s ±2^53 bounds. */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema') continue;
    if ((key === 'maximum' && value === SAFE) || (key === 'minimum' && value === -SAFE)) continue;
    out[key] = tidy(value);
  }
  return out;
}

type JsonSchema = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>> };

/** The JSON Schema of a tool's input as package.json declares it: each field with its description first. */
export function toolInputJsonSchema(name: ToolName): JsonSchema {
  const schema = tidy(z.toJSONSchema(TOOL_INPUTS[name], { target: 'draft-7' })) as JsonSchema;
  const properties: Record<string, Record<string, unknown>> = {};
  for (const [key, field] of Object.entries(schema.properties ?? {})) {
    const description = FIELD_DESCRIPTIONS[name][key];
    if (description === undefined) throw new Error(`${name}.${key} has no description`);
    const items = key === 'input_images' ? { items: { ...(field.items as object), description: IMAGE_FILE } } : {};
    properties[key] = { description, ...field, ...items };
  }
  return { ...schema, properties };
}

/** The icon of the kind a tool makes (codicons, as the Tasks and Models views show them). */
function iconOf(name: ToolName): string {
  const kind = TOOL_KINDS[name];
  return `$(${kind ? jobKindFacts(kind).icon : 'list-unordered'})`;
}

export interface ToolContribution {
  name: ToolName;
  toolReferenceName: string;
  displayName: string;
  userDescription: string;
  modelDescription: string;
  icon: string;
  tags: string[];
  canBeReferencedInPrompt: boolean;
  inputSchema: Record<string, unknown>;
}

/** The `languageModelTools` array, in TOOL_NAMES order. */
export function toolContributions(): ToolContribution[] {
  return TOOL_NAMES.map((name) => {
    const short = name.replace(/^airforce_/, '');
    return {
      name,
      toolReferenceName: TOOLS[name].ref,
      displayName: `%tool.${short}.displayName%`,
      userDescription: `%tool.${short}.userDescription%`,
      modelDescription: TOOLS[name].model,
      icon: iconOf(name),
      tags: ['airforce', 'media', ...(TOOL_KINDS[name] ? [TOOL_KINDS[name]] : [])],
      canBeReferencedInPrompt: true,
      inputSchema: toolInputJsonSchema(name),
    };
  });
}
