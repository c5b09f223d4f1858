// The audio endpoints: speech, music and sound effects (JSON in, raw audio bytes out) and the voice
// list. All synchronous.
//
// Every POST that reaches the server is billed and there is nothing to look it up in afterwards, so
// a POST whose connection drops after the body was sent is never re-sent: CreateOutcomeUnknownError.
// 429/503 *responses* are retried by the transport (they prove nothing was made). The answer's body
// is handed back unread, so a long clip streams to a part file instead of into memory.
import { VoiceListEnvelopeSchema, VoiceSchema, type MusicRequest, type SfxRequest, type SpeechRequest, type Voice } from './schemas/audioSchemas';
import { AUDIO_ACCEPT, audioAnswer, PROBABLY_BILLED } from './audioAnswer';
import { USAGE_ADVICE } from './http/errors';
import type { Http } from './http/http';
import { AudioValidationError, musicFieldProblems, sfxFieldProblems, speechFieldProblems, type AudioFieldProblem, type AudioKind } from './rules/validationAudio';

export const SPEECH_PATH = '/v1/audio/speech';
export const MUSIC_PATH = '/v1/audio/music';
export const SFX_PATH = '/v1/audio/sound-effects';
export const VOICES_PATH = '/v1/audio/voices';

export interface AudioResult {
  /** The server's X-Request-ID when trusted, else ours: the id to record in the sidecar. */
  requestId: string;
  /** What the server billed (X-Cost-Cents), when it said so. */
  costCents?: number;
  /** The answer's Content-Type (always an audio/* type; anything else is refused). */
  contentType: string;
  /** Unread; the caller reads it to the end or cancels it. */
  body: ReadableStream<Uint8Array>;
}

export interface AudioCallOptions {
  signal?: AbortSignal;
}

export class AudioApi {
  constructor(private readonly http: Http) {}

  speech(req: SpeechRequest, opts: AudioCallOptions = {}): Promise<AudioResult> {
    return this.create('speech', SPEECH_PATH, req, speechFieldProblems(req), opts);
  }

  music(req: MusicRequest, opts: AudioCallOptions = {}): Promise<AudioResult> {
    return this.create('music', MUSIC_PATH, req, musicFieldProblems(req), opts);
  }

  soundEffect(req: SfxRequest, opts: AudioCallOptions = {}): Promise<AudioResult> {
    return this.create('sfx', SFX_PATH, req, sfxFieldProblems(req), opts);
  }

  /** One malformed voice (no id) is left out with a warning; the rest still count. */
  async voices(opts: AudioCallOptions = {}): Promise<Voice[]> {
    const envelope = await this.http.json({ method: 'GET', path: VOICES_PATH, signal: opts.signal }, VoiceListEnvelopeSchema);
    const out: Voice[] = [];
    envelope.voices.forEach((raw, i) => {
      const parsed = VoiceSchema.safeParse(raw);
      if (parsed.success) out.push(parsed.data);
      else this.http.log.warn(`GET ${VOICES_PATH}: voices[${i}] left out, ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    });
    return out;
  }

  private async create(kind: AudioKind, path: string, req: object, problems: AudioFieldProblem[], opts: AudioCallOptions): Promise<AudioResult> {
    // Caught before sending: a malformed body would only earn a 400, or a billed surprise.
    if (typeof (req as { model?: unknown }).model !== 'string' || (req as { model: string }).model === '') {
      problems = [{ field: 'model', message: 'model must be chosen' }, ...problems];
    }
    if (problems.length > 0) throw new AudioValidationError(kind, problems);
    const billed = { subject: `${kind === 'sfx' ? 'sound effect' : kind} request`, advice: USAGE_ADVICE };
    const { response, requestId } = await this.http.bytes({ method: 'POST', path, body: JSON.stringify(req), signal: opts.signal, accept: AUDIO_ACCEPT, billed });
    return audioAnswer(this.http, `POST ${path}`, { response, requestId }, PROBABLY_BILLED);
  }
}
