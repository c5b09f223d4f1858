// The one rule for what a model makes (docs: "Models: which is which"). Browser-safe; its only
// runtime import is the zod-free src/kinds.ts: the webview form reaches it through validation.ts.
import { isAudioKind, KIND_IDS, KINDS, type Kind } from '../../kinds';
import type { Model, VideoCaps } from '../schemas/schemas';

/** One of src/kinds.ts, or `other` for models that make none (chat, embeddings, …). */
export type ModelKind = Kind | 'other';

/** `media_type` as the API spells it → our kind (KINDS[kind].mediaTypes): music models say `audio`. */
const BY_MEDIA_TYPE: ReadonlyMap<string, ModelKind> = new Map(KIND_IDS.flatMap((k) => KINDS[k].mediaTypes.map((word) => [word, k] as const)));

/** `media_type` first when it names a kind; otherwise the output modalities (audio out of text in is speech). */
export function modelKind(m: Model): ModelKind {
  const byType = m.media_type === undefined ? undefined : BY_MEDIA_TYPE.get(m.media_type.toLowerCase());
  if (byType) return byType;
  const out = m.output_modalities;
  if (out.includes('video')) return 'video';
  if (out.includes('image')) return 'image';
  // Docs: TTS is text in, audio out. Audio out of audio in (dubbing, voice changer) is not speech.
  if (out.includes('audio') && (m.input_modalities === undefined || m.input_modalities.includes('text'))) return 'speech';
  return 'other';
}

/** The sound kinds (speech, music, sound effects): one audio endpoint family (src/kinds.ts). */
export { isAudioKind };

export type VideoModel = Model & { video_caps: VideoCaps };

/** A video model the form can use: its caps are what every video request is checked against. */
export function isVideoModel(m: Model): m is VideoModel {
  return modelKind(m) === 'video' && m.video_caps !== null && m.video_caps !== undefined;
}

export function isImageModel(m: Model): boolean {
  return modelKind(m) === 'image';
}

export function isAudioModel(m: Model): boolean {
  return isAudioKind(modelKind(m));
}
