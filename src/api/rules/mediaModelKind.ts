// Which workspace-media operation a catalog model serves. The catalog documents no marker for these
// (docs §8): a `media_type` word is taken when it names one (several plausible spellings), then a
// kind-specific caps object (`transcription_caps`, `dubbing_caps`), then, for transcription only,
// the modalities: audio in, text out, and not a chat model. Browser-safe, no runtime imports.
import type { Model } from '../schemas/schemas';

export type MediaOperation = 'transcription' | 'dubbing' | 'isolation' | 'voice-changer';

const BY_MEDIA_TYPE: ReadonlyMap<string, MediaOperation> = new Map([
  ['transcription', 'transcription'],
  ['stt', 'transcription'],
  ['speech-to-text', 'transcription'],
  ['dubbing', 'dubbing'],
  ['isolation', 'isolation'],
  ['audio-isolation', 'isolation'],
  ['voice-isolation', 'isolation'],
  ['voice-changer', 'voice-changer'],
  ['voice_changer', 'voice-changer'],
  ['speech-to-speech', 'voice-changer'],
  ['sts', 'voice-changer'],
]);

export function mediaOperation(m: Model): MediaOperation | undefined {
  const raw = m as Record<string, unknown>;
  const byType = typeof m.media_type === 'string' ? BY_MEDIA_TYPE.get(m.media_type.toLowerCase()) : undefined;
  if (byType) return byType;
  if (raw.transcription_caps !== undefined && raw.transcription_caps !== null) return 'transcription';
  if (raw.dubbing_caps !== undefined && raw.dubbing_caps !== null) return 'dubbing';
  const out = m.output_modalities;
  if (m.input_modalities?.includes('audio') && out.length === 1 && out[0] === 'text' && raw.supports_chat !== true) return 'transcription';
  return undefined;
}
