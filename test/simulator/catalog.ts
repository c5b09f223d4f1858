// The models the simulator advertises on GET /v1/models: the video models the extension targets,
// plus image, audio and chat models so clients must filter on output_modalities themselves.
import { CHAT_MODELS, GPT_4O_MINI_CHAT, type SimChatFields } from './chatCatalog';

export interface SimVideoCaps {
  aspect_ratios: string[];
  qualities: string[];
  min_duration_s: number;
  max_duration_s: number;
  modes: string[];
  price_per_second_cents: number;
}

export interface SimModel extends SimChatFields {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
  status: 'live' | 'degraded' | 'offline';
  // The workspace-media kinds are undocumented in the catalog: these words are the simulator's assumption.
  media_type: 'video' | 'image' | 'audio' | 'speech' | 'sfx' | 'text' | 'transcription' | 'dubbing' | 'isolation' | 'voice-changer';
  input_modalities: string[];
  output_modalities: string[];
  video_caps?: SimVideoCaps;
  image_caps?: { max_n: number; aspect_ratios: string[] };
  speech_caps?: { voices: string[]; formats: string[] };
  audio_caps?: { min_length_ms: number; max_length_ms: number; formats: string[] };
  sfx_caps?: { min_duration_seconds: number; max_duration_seconds: number; formats: string[] };
  price_per_million_chars_cents?: number;
  price_per_audio_second_cents?: number;
  price_per_audio_minute_cents?: number;
  transcription_caps?: Record<string, unknown>;
  dubbing_caps?: { target_languages: string[] };
  price_per_generation_cents?: number;
  priceperthousandimages?: number;
}

/** The documented audio output formats (mp3*: audio/mpeg; pcm_*, ulaw_8000: WAV-headed audio/wav). */
export const AUDIO_FORMATS = ['mp3', 'mp3_44100_128', 'mp3_44100_192', 'pcm_22050', 'pcm_24000', 'pcm_44100', 'ulaw_8000'];
/** The voices GET /v1/audio/voices lists (audio.ts). */
export const SIM_VOICE_IDS = ['rachel', 'adam'];

const CREATED = 1735689600; // 2025-01-01: a fixed date keeps the listing deterministic.

export const MODELS: readonly SimModel[] = [
  {
    id: 'wan-2.6',
    object: 'model',
    created: CREATED,
    owned_by: 'alibaba',
    status: 'live',
    media_type: 'video',
    input_modalities: ['text', 'image'],
    output_modalities: ['video'],
    video_caps: {
      aspect_ratios: ['16:9', '9:16', '1:1'],
      qualities: ['480p', '720p', '1080p'],
      min_duration_s: 5,
      max_duration_s: 10,
      modes: ['text', 'image'],
      price_per_second_cents: 40,
    },
  },
  {
    id: 'kling-1',
    object: 'model',
    created: CREATED,
    owned_by: 'kuaishou',
    status: 'live',
    media_type: 'video',
    input_modalities: ['text', 'image'],
    output_modalities: ['video'],
    video_caps: {
      aspect_ratios: ['16:9', '9:16', '1:1', '4:3'],
      qualities: ['720p', '1080p'],
      min_duration_s: 5,
      max_duration_s: 10,
      modes: ['text', 'image', 'reference'],
      price_per_second_cents: 28,
    },
  },
  {
    id: 'seedance-lite',
    object: 'model',
    created: CREATED,
    owned_by: 'bytedance',
    status: 'live',
    media_type: 'video',
    input_modalities: ['text'],
    output_modalities: ['video'],
    video_caps: {
      aspect_ratios: ['16:9', '9:16'],
      qualities: ['480p', '720p'],
      min_duration_s: 4,
      max_duration_s: 8,
      modes: ['text'],
      price_per_second_cents: 5,
    },
  },
  {
    id: 'flux-2-dev',
    object: 'model',
    created: CREATED,
    owned_by: 'black-forest-labs',
    status: 'live',
    media_type: 'image',
    input_modalities: ['text', 'image'],
    output_modalities: ['image'],
    // Text to image and editing (input_images), up to 4 per request, 2.5 ¢ an image.
    image_caps: { max_n: 4, aspect_ratios: ['1:1', '16:9', '9:16', '4:3', '3:4'] },
    priceperthousandimages: 2500,
  },
  {
    id: 'imagen-4',
    object: 'model',
    created: CREATED,
    owned_by: 'google',
    status: 'live',
    media_type: 'image',
    input_modalities: ['text'],
    output_modalities: ['image'],
    // Text to image only, one image per request, 4 ¢ an image.
    image_caps: { max_n: 1, aspect_ratios: ['1:1', '16:9', '9:16', '4:3', '3:4'] },
    priceperthousandimages: 4000,
  },
  // Audio (see audio.ts): one model per kind, priced the three ways the API documents.
  {
    id: 'eleven-tts-v3',
    object: 'model',
    created: CREATED,
    owned_by: 'elevenlabs',
    status: 'live',
    media_type: 'speech',
    input_modalities: ['text'],
    output_modalities: ['audio'],
    speech_caps: { voices: SIM_VOICE_IDS, formats: AUDIO_FORMATS },
    // $150 per million characters (15 ¢ per thousand).
    price_per_million_chars_cents: 15000,
  },
  {
    id: 'eleven-music-v1',
    object: 'model',
    created: CREATED,
    owned_by: 'elevenlabs',
    status: 'live',
    media_type: 'audio',
    input_modalities: ['text'],
    output_modalities: ['audio'],
    audio_caps: { min_length_ms: 10_000, max_length_ms: 300_000, formats: AUDIO_FORMATS },
    price_per_audio_minute_cents: 80,
  },
  {
    id: 'eleven-sfx-v2',
    object: 'model',
    created: CREATED,
    owned_by: 'elevenlabs',
    status: 'live',
    media_type: 'sfx',
    input_modalities: ['text'],
    output_modalities: ['audio'],
    sfx_caps: { min_duration_seconds: 0.5, max_duration_seconds: 22, formats: AUDIO_FORMATS },
    // A flat fee plus a per-second price.
    price_per_generation_cents: 1,
    price_per_audio_second_cents: 0.5,
  },
  // Workspace media (media.ts): per audio minute, except the transcription model without a price.
  {
    id: 'whisper-1',
    object: 'model',
    created: CREATED,
    owned_by: 'openai',
    status: 'live',
    media_type: 'transcription',
    input_modalities: ['audio'],
    output_modalities: ['text'],
    transcription_caps: { response_formats: ['json', 'text', 'verbose_json', 'srt', 'vtt'] },
    price_per_audio_minute_cents: 0.6,
  },
  {
    id: 'scribe-v1',
    object: 'model',
    created: CREATED,
    owned_by: 'elevenlabs',
    status: 'live',
    media_type: 'transcription',
    input_modalities: ['audio', 'video'],
    output_modalities: ['text'],
    transcription_caps: {},
  },
  {
    id: 'eleven-dubbing-v1',
    object: 'model',
    created: CREATED,
    owned_by: 'elevenlabs',
    status: 'live',
    media_type: 'dubbing',
    input_modalities: ['audio', 'video'],
    output_modalities: ['audio'],
    dubbing_caps: { target_languages: ['en', 'ru', 'it', 'de', 'fr', 'es', 'pt', 'ja', 'zh'] },
    price_per_audio_minute_cents: 50,
  },
  {
    id: 'eleven-isolation-v1',
    object: 'model',
    created: CREATED,
    owned_by: 'elevenlabs',
    status: 'live',
    media_type: 'isolation',
    input_modalities: ['audio', 'video'],
    output_modalities: ['audio'],
    price_per_audio_minute_cents: 12,
  },
  {
    id: 'eleven-sts-v2',
    object: 'model',
    created: CREATED,
    owned_by: 'elevenlabs',
    status: 'live',
    media_type: 'voice-changer',
    input_modalities: ['audio'],
    output_modalities: ['audio'],
    price_per_audio_minute_cents: 30,
  },
  {
    id: 'gpt-4o-mini',
    object: 'model',
    created: CREATED,
    owned_by: 'openai',
    status: 'live',
    media_type: 'text',
    input_modalities: ['text', 'image'],
    output_modalities: ['text'],
    ...GPT_4O_MINI_CHAT,
  },
  ...CHAT_MODELS,
];

export function findModel(id: string): SimModel | undefined {
  return MODELS.find((m) => m.id === id);
}
