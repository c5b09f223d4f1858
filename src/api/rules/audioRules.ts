// The documented audio limits and the one way a form's number is read, shared by the request schemas,
// the validation and the cost estimate. No zod and no other imports: the webview's form loads this.

/** The documented speech output formats; the PCM and µ-law ones come with a WAV header. */
export const SPEECH_FORMATS = ['mp3', 'mp3_44100_128', 'mp3_44100_192', 'pcm_22050', 'pcm_24000', 'pcm_44100', 'ulaw_8000'] as const;
export type SpeechFormat = (typeof SPEECH_FORMATS)[number];

export const SPEECH_SPEED_MIN = 0.25;
export const SPEECH_SPEED_MAX = 4;

/** A finite number, or a form's numeric text ("1.5" for 1.5); anything else is undefined. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}
