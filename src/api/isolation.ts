// POST /v1/audio/audio-isolation: a local file → the isolated voice as audio bytes (unread). The
// `output` field's values are undocumented (the SDK speaks of vocals or the instrumental): it is
// sent only when asked for, as given.
import type { AudioResult } from './audio';
import { AUDIO_ACCEPT, audioAnswer, PROBABLY_BILLED } from './audioAnswer';
import type { Http } from './http/http';
import { sendUpload, type UploadOptions } from './http/upload';

export const ISOLATION_PATH = '/v1/audio/audio-isolation';

export interface IsolationRequest {
  file: string;
  model: string;
  output?: string;
}

export async function isolateVoice(http: Http, req: IsolationRequest, opts: UploadOptions = {}): Promise<AudioResult> {
  const parts = [{ name: 'model', value: req.model }, ...(req.output ? [{ name: 'output', value: req.output }] : []), { name: 'file', path: req.file }];
  const ex = await sendUpload(http, { path: ISOLATION_PATH, parts, subject: 'voice isolation request', accept: AUDIO_ACCEPT, raw: true }, opts);
  return audioAnswer(http, `POST ${ISOLATION_PATH}`, { response: ex.response as Response, requestId: ex.requestId }, PROBABLY_BILLED);
}
