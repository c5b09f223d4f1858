// The one POST of each operation on a workspace file, as the tracker's call (jobs/sync/jobs.ts):
// the file streamed from disk (api/http/upload.ts), its progress reported, results in the order of
// the operation's `resultNames` (src/kinds.ts). A transcript with timed segments also gives its
// subtitles (.srt, .vtt); without segments only the text is saved. Never re-sent here.
import type { AirforceClient } from '../api/client';
import { toSrt, toVtt } from '../api/subtitles';
import type { Operation } from '../kinds';
import { nonEmpty } from '../util/text';
import type { SyncCall } from '../jobs/sync/jobs';
import type { JobRequest } from './startJob';

export type OperationClient = Pick<AirforceClient, 'transcribe' | 'isolateVoice' | 'changeVoice'>;

/** `sent` of `total` bytes handed to the connection. */
export type UploadProgress = (sent: number, total: number) => void;

/** Uploads from this size on show their progress, with a Cancel (smaller ones are over before it reads). */
export const UPLOAD_PROGRESS_FROM_BYTES = 4 * 1024 * 1024;

export function operationCall(client: OperationClient, op: Exclude<Operation, 'dub'>, request: JobRequest, onProgress?: UploadProgress): SyncCall {
  const file = String(request.file);
  const upload = (signal: AbortSignal) => ({ signal, ...(onProgress ? { onProgress } : {}) });
  if (op === 'transcribe') {
    return async (signal) => {
      const language = nonEmpty(request.language);
      const prompt = nonEmpty(request.prompt);
      const t = await client.transcribe({ file, model: request.model, ...(language ? { language } : {}), ...(prompt ? { prompt } : {}) }, upload(signal));
      const subtitles = t.segments.length > 0 ? [{ text: toSrt(t.segments) }, { text: toVtt(t.segments) }] : [];
      return { requestId: t.requestId, costCents: t.costCents, results: [{ text: t.text.endsWith('\n') ? t.text : `${t.text}\n` }, ...subtitles] };
    };
  }
  return async (signal) => {
    const r =
      op === 'isolate'
        ? await client.isolateVoice({ file, model: request.model }, upload(signal))
        : await client.changeVoice({ file, model: request.model, voice: String(request.voice) }, upload(signal));
    return { requestId: r.requestId, costCents: r.costCents, results: [{ bytes: r.body }] };
  };
}
