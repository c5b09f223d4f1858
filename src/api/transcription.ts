// POST /v1/audio/transcriptions: a local audio or video file → its text, with timed segments when
// the server gives them. The docs list `{text, language, duration}` only; `response_format` and
// segments are undocumented, so this asks for `verbose_json` and accepts every plausible answer:
// JSON with or without segments, or plain text. A 400 that names `response_format` (a server that
// does not know it; a 400 is not billed) is sent once more without it.
import { parseCostHeader } from './http/costHeader';
import { AirforceError } from './http/errors';
import type { Http } from './http/http';
import { TranscriptionSchema, TranscriptSegmentSchema, type TranscriptSegment } from './schemas/mediaSchemas';
import { sendUpload, type UploadOptions } from './http/upload';

export const TRANSCRIPTIONS_PATH = '/v1/audio/transcriptions';

export interface TranscriptionRequest {
  file: string;
  model: string;
  language?: string;
  prompt?: string;
  temperature?: number;
  /** Default `verbose_json`; `null` sends none. */
  response_format?: string | null;
}

export interface Transcript {
  text: string;
  /** Empty when the answer had no (usable) segments: no subtitles can be written. */
  segments: TranscriptSegment[];
  language?: string;
  durationSeconds?: number;
  requestId: string;
  costCents?: number;
}

const ACCEPT = 'application/json, text/plain;q=0.8';

export async function transcribe(http: Http, req: TranscriptionRequest, opts: UploadOptions = {}): Promise<Transcript> {
  const format = req.response_format === undefined ? 'verbose_json' : req.response_format;
  try {
    return await send(http, req, format, opts);
  } catch (err) {
    if (format !== null && err instanceof AirforceError && err.status === 400 && err.param === 'response_format') {
      http.log.info(`POST ${TRANSCRIPTIONS_PATH}: response_format ${format} refused, sent again without it`);
      return send(http, req, null, opts);
    }
    throw err;
  }
}

async function send(http: Http, req: TranscriptionRequest, format: string | null, opts: UploadOptions): Promise<Transcript> {
  const parts = [
    { name: 'model', value: req.model },
    ...(req.language ? [{ name: 'language', value: req.language }] : []),
    ...(req.prompt ? [{ name: 'prompt', value: req.prompt }] : []),
    ...(req.temperature !== undefined ? [{ name: 'temperature', value: String(req.temperature) }] : []),
    ...(format ? [{ name: 'response_format', value: format }] : []),
    { name: 'file', path: req.file },
  ];
  const ex = await sendUpload(http, { path: TRANSCRIPTIONS_PATH, parts, subject: 'transcription request', accept: ACCEPT }, opts);
  const costCents = parseCostHeader(ex.headers.get('x-cost-cents'));
  const type = (ex.headers.get('content-type') ?? '').toLowerCase();
  const base = { requestId: ex.requestId, ...(costCents === undefined ? {} : { costCents }) };
  const advice = 'The transcription was probably billed: check your usage before trying again.';
  // Plain text (or srt/vtt text a server chose): the text as is, no segments. One over the size
  // cap goes on to the JSON reader, which refuses it.
  if (!type.includes('json') && ex.tooLarge === undefined) return { ...base, text: ex.bodyText.trim(), segments: [] };
  const json = http.readAccepted(() => http.parse(TranscriptionSchema, ex, 'POST', TRANSCRIPTIONS_PATH), advice);
  const segments: TranscriptSegment[] = [];
  (json.segments ?? []).forEach((raw, i) => {
    const s = TranscriptSegmentSchema.safeParse(raw);
    if (s.success) segments.push(s.data);
    else http.log.warn(`POST ${TRANSCRIPTIONS_PATH}: segments[${i}] left out, ${s.error.issues[0]?.message ?? 'invalid'}`);
  });
  return {
    ...base,
    text: json.text,
    segments,
    ...(json.language ? { language: json.language } : {}),
    ...(typeof json.duration === 'number' ? { durationSeconds: json.duration } : {}),
  };
}
