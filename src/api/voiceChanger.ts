// POST /v1/audio/voice-changer: local speech → the same speech in another voice (audio bytes,
// unread). `voice` is an id from GET /v1/audio/voices, cloned voices included (the audio page says
// cloned voices are used like the others; not stated for this endpoint). `voice_settings` goes as a
// JSON string, the SDKs' convention for a non-string multipart field.
import type { AudioResult } from './audio';
import { AUDIO_ACCEPT, audioAnswer, PROBABLY_BILLED } from './audioAnswer';
import type { VoiceSettings } from './schemas/audioSchemas';
import type { Http } from './http/http';
import { sendUpload, type UploadOptions } from './http/upload';

export const VOICE_CHANGER_PATH = '/v1/audio/voice-changer';

export interface VoiceChangeRequest {
  file: string;
  model: string;
  voice: string;
  voice_settings?: VoiceSettings;
}

export async function changeVoice(http: Http, req: VoiceChangeRequest, opts: UploadOptions = {}): Promise<AudioResult> {
  const parts = [
    { name: 'model', value: req.model },
    { name: 'voice', value: req.voice },
    ...(req.voice_settings ? [{ name: 'voice_settings', value: JSON.stringify(req.voice_settings) }] : []),
    { name: 'file', path: req.file },
  ];
  const ex = await sendUpload(http, { path: VOICE_CHANGER_PATH, parts, subject: 'voice changer request', accept: AUDIO_ACCEPT, raw: true }, opts);
  return audioAnswer(http, `POST ${VOICE_CHANGER_PATH}`, { response: ex.response as Response, requestId: ex.requestId }, PROBABLY_BILLED);
}
