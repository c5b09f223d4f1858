// A billed answer that must be audio (isolation, voice changer, a dubbed track): the type checked,
// X-Cost-Cents read, the body left unread for the caller to stream to a part file.
import type { AudioResult } from './audio';
import { parseCostHeader } from './http/costHeader';
import type { Http, RawResult } from './http/http';

/** Refuses anything but audio/* (a proxy's HTML page with a 200 must not be saved as audio). */
export async function audioAnswer(http: Http, label: string, raw: RawResult, billedAdvice: string): Promise<AudioResult> {
  const { response, requestId } = raw;
  const contentType = response.headers.get('content-type') ?? '';
  if (!/^audio\//i.test(contentType.trim()) || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    throw http.error({
      message: `${label} answered ${contentType || 'no content type'} instead of audio. ${billedAdvice}`,
      type: 'invalid_response',
      code: 'wrong_content_type',
      status: response.status,
      requestId,
    });
  }
  const out: AudioResult = { requestId, contentType, body: response.body };
  const cost = parseCostHeader(response.headers.get('x-cost-cents'));
  if (cost !== undefined) out.costCents = cost;
  return out;
}

/** What an audio request accepts: audio, or the JSON error envelope. */
export const AUDIO_ACCEPT = 'audio/mpeg, audio/wav, audio/*;q=0.9, application/json;q=0.5';
export const PROBABLY_BILLED = 'The request was probably billed: check your usage before trying again';
