// The models the simulator advertises on GET /v1/models: the video models the extension targets,
// plus image, audio and chat models so clients must filter on output_modalities themselves.

export interface SimVideoCaps {
  aspect_ratios: string[];
  qualities: string[];
  min_duration_s: number;
  max_duration_s: number;
  modes: string[];
  price_per_second_cents: number;
}

export interface SimModel {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
  status: 'live' | 'degraded' | 'offline';
  media_type: 'video' | 'image' | 'audio' | 'text';
  input_modalities: string[];
  output_modalities: string[];
  video_caps?: SimVideoCaps;
  image_caps?: { max_n: number; aspect_ratios: string[] };
  speech_caps?: { voices: string[]; formats: string[] };
  price_per_generation_cents?: number;
  priceperthousandimages?: number;
}

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
    image_caps: { max_n: 1, aspect_ratios: ['1:1', '16:9', '9:16'] },
    price_per_generation_cents: 4,
  },
  {
    id: 'eleven-tts-v3',
    object: 'model',
    created: CREATED,
    owned_by: 'elevenlabs',
    status: 'live',
    media_type: 'audio',
    input_modalities: ['text'],
    output_modalities: ['audio'],
    speech_caps: { voices: ['rachel', 'adam'], formats: ['mp3', 'wav'] },
    price_per_generation_cents: 1,
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
  },
];

export function findModel(id: string): SimModel | undefined {
  return MODELS.find((m) => m.id === id);
}
