// Dubbing, asynchronous: POST /v1/audio/dubbing (multipart) → `{dubbing_id, status}`, poll
// GET /v1/audio/dubbing/{id}, then GET …/audio/{lang} for the dubbed audio. The status values are
// undocumented: `completed` (as for video) and `dubbed` (the upstream provider's word) mean done;
// `failed`/`error` (or `cancelled`) mean failed; `queued`/`pending`/`processing`/`dubbing`/
// `in_progress` mean running; anything else is `unrecognized`, kept with its text and followed
// like a running job. The create is billed: a lost answer is CreateOutcomeUnknownError (upload.ts),
// and there is no list to look it up in.
import type { AudioResult } from './audio';
import { AUDIO_ACCEPT, audioAnswer } from './audioAnswer';
import { parseCostHeader } from './http/costHeader';
import type { Http } from './http/http';
import { assertSafeTaskId } from './http/ids';
import { DubbingCreatedSchema, DubbingStateSchema } from './schemas/mediaSchemas';
import { sendUpload, type UploadOptions } from './http/upload';

export const DUBBING_PATH = '/v1/audio/dubbing';

export interface DubbingRequest {
  file: string;
  model: string;
  /** One target language per job (the field is singular); ISO-639-1 assumed (e.g. `ru`). */
  target_lang: string;
  source_lang?: string;
  num_speakers?: number;
  watermark?: boolean;
  name?: string;
  drop_background_audio?: boolean;
}

export type DubbingStatus = 'running' | 'completed' | 'failed' | 'unrecognized';

export interface DubbingState {
  dubbingId: string;
  status: DubbingStatus;
  /** The server's own word, always kept (shown as is for an unrecognized one). */
  rawStatus: string;
  error?: string;
  sourceDurationSeconds?: number;
  targets: string[];
}

export interface DubbingCreated extends DubbingState {
  requestId: string;
  costCents?: number;
}

const DONE = new Set(['completed', 'dubbed', 'done', 'succeeded', 'success']);
const FAILED = new Set(['failed', 'error', 'cancelled', 'canceled']);
const RUNNING = new Set(['queued', 'pending', 'processing', 'dubbing', 'in_progress', 'running', 'created']);

export function dubbingStatus(raw: string, error?: string | null): DubbingStatus {
  const s = raw.trim().toLowerCase();
  if (DONE.has(s)) return 'completed';
  if (FAILED.has(s)) return 'failed';
  if (RUNNING.has(s)) return 'running';
  // An unknown word with an error beside it is a failure said in other words.
  return error ? 'failed' : 'unrecognized';
}

export class DubbingApi {
  constructor(private readonly http: Http) {}

  async create(req: DubbingRequest, opts: UploadOptions = {}): Promise<DubbingCreated> {
    const optional = (name: string, v: string | number | boolean | undefined) => (v === undefined || v === '' ? [] : [{ name, value: String(v) }]);
    const parts = [
      { name: 'model', value: req.model },
      { name: 'target_lang', value: req.target_lang },
      ...optional('source_lang', req.source_lang),
      ...optional('num_speakers', req.num_speakers),
      ...optional('watermark', req.watermark),
      ...optional('name', req.name),
      ...optional('drop_background_audio', req.drop_background_audio),
      { name: 'file', path: req.file },
    ];
    const ex = await sendUpload(this.http, { path: DUBBING_PATH, parts, subject: 'dubbing request', accept: 'application/json' }, opts);
    const created = this.http.readAccepted(
      () => this.http.parse(DubbingCreatedSchema, ex, 'POST', DUBBING_PATH),
      'The dubbing job was probably created and billed: check your usage before trying again.',
    );
    const raw = created.status ?? 'queued';
    const costCents = parseCostHeader(ex.headers.get('x-cost-cents'));
    return {
      dubbingId: created.dubbing_id,
      status: dubbingStatus(raw),
      rawStatus: raw,
      targets: [req.target_lang],
      requestId: ex.requestId,
      ...(costCents === undefined ? {} : { costCents }),
    };
  }

  async get(dubbingId: string, opts: { signal?: AbortSignal } = {}): Promise<DubbingState> {
    assertSafeTaskId(dubbingId);
    const s = await this.http.json({ method: 'GET', path: `${DUBBING_PATH}/${dubbingId}`, signal: opts.signal }, DubbingStateSchema);
    const targets = (s.language_pairs ?? []).map((p) => p.target).filter((t): t is string => typeof t === 'string' && t !== '');
    return {
      dubbingId,
      status: dubbingStatus(s.status, s.error),
      rawStatus: s.status,
      targets,
      ...(s.error ? { error: s.error } : {}),
      ...(typeof s.source_duration === 'number' ? { sourceDurationSeconds: s.source_duration } : {}),
    };
  }

  /** The dubbed track of a completed job (a GET: not billed, safe to repeat). */
  async audio(dubbingId: string, lang: string, opts: { signal?: AbortSignal } = {}): Promise<AudioResult> {
    assertSafeTaskId(dubbingId);
    if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(lang)) {
      throw this.http.error({ message: `"${lang.slice(0, 20)}" is not a language code; nothing was sent`, type: 'invalid_request', code: 'invalid_language' });
    }
    const path = `${DUBBING_PATH}/${dubbingId}/audio/${lang}`;
    const raw = await this.http.bytes({ method: 'GET', path, signal: opts.signal, accept: AUDIO_ACCEPT });
    return audioAnswer(this.http, `GET ${path}`, raw, 'Try again in a moment.');
  }
}
