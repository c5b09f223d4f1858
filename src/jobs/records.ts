// Building and updating local task records. The server is the truth for status, progress,
// result URL and expiry; the record keeps what the server forgets (request, image sources, file).
import { isTerminal, type CreateVideoRequest, type TaskStatus, type VideoTask } from '../api/schemas/schemas';
import { DEFAULT_ORIGIN, type JobOrigin, type TrackedJobRecord } from './job';
import type { LocalStatus, JobRecord } from './types';

export type { TrackedJobRecord };

const REQUEST_FIELDS = new Set(['model', 'prompt', 'mode', 'duration_seconds', 'aspect_ratio', 'quality', 'input_images']);

export const isTerminalLocal = (s: LocalStatus): boolean => s !== 'waiting' && s !== 'fate-unknown' && isTerminal(s);
/** On the server and not finished: followed, and holds a slot. An unknown status counts as running. */
export const isRunning = (s: LocalStatus): boolean => s === 'queued' || s === 'processing' || s === 'unrecognized';

/** A server-supplied image URL worth keeping: https only, bounded. Never a local path. */
export function remoteImageUrl(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string' || value.length > 2048) return undefined;
  try {
    return new URL(value).protocol === 'https:' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** True when the request carries image bytes (those are never persisted). */
export function hasInlineImages(request: CreateVideoRequest): boolean {
  return (request.input_images ?? []).some((img) => 'b64_json' in img);
}

export function recordFromRequest(request: CreateVideoRequest, inputImageSources: string[], localId: string, nowSec: number, origin: JobOrigin = DEFAULT_ORIGIN): TrackedJobRecord {
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(request)) if (!REQUEST_FIELDS.has(k)) extra[k] = v;
  return {
    localId,
    kind: 'video',
    origin: { ...origin },
    model: request.model,
    prompt: request.prompt,
    mode: request.mode ?? 'text',
    duration_seconds: request.duration_seconds ?? 0,
    aspect_ratio: request.aspect_ratio,
    quality: request.quality,
    extra,
    inputImageSources: [...inputImageSources],
    status: 'waiting',
    progress: 0,
    created: nowSec,
  };
}

/** A record for a server task this machine did not submit (seen in the list). */
export function recordFromServerTask(task: VideoTask, localId: string, nowSec: number): TrackedJobRecord {
  const record: TrackedJobRecord = {
    localId,
    kind: 'video',
    // Not asked for here at all; the `imported` flag says so.
    origin: { ...DEFAULT_ORIGIN },
    taskId: task.task_id,
    model: task.model ?? 'unknown',
    prompt: task.prompt ?? '',
    mode: task.mode ?? 'text',
    duration_seconds: task.duration_seconds ?? 0,
    aspect_ratio: task.aspect_ratio,
    quality: task.quality,
    extra: {},
    // Local sources are only what the person picked here; a server value is never read as a path.
    inputImageSources: [],
    serverInputImageUrl: remoteImageUrl(task.input_image_url),
    status: task.status,
    progress: 0,
    created: task.created ?? nowSec,
    imported: true,
  };
  if (record.serverInputImageUrl === undefined) delete record.serverInputImageUrl;
  applyServerTask(record, task, nowSec);
  return record;
}

/**
 * Copies the server's view onto the record. A saved file outlives the server's expiry, so a saved
 * record stays 'completed'. Returns whether anything visible changed.
 */
export function applyServerTask(record: TrackedJobRecord, task: Partial<VideoTask> & { status: TaskStatus }, nowSec: number): boolean {
  const before = JSON.stringify(record);
  const status: LocalStatus = task.status === 'expired' && record.savedPath ? 'completed' : task.status;
  record.status = status;
  if (status === 'unrecognized') record.rawStatus = (task as { raw_status?: string }).raw_status ?? record.rawStatus ?? '';
  else delete record.rawStatus;
  if (task.progress !== undefined) record.progress = task.progress;
  else if (status === 'completed') record.progress = 100;
  if (task.task_id) record.taskId = task.task_id;
  if (task.result_url) record.resultUrl = task.result_url;
  if (task.cost_cents !== undefined && task.cost_cents !== null) record.costCents = task.cost_cents;
  // A task submitted here keeps the local moment Generate was pressed: the panel's elapsed time and
  // the sidecar's created/completed are then on one clock (the server's may run ahead or behind).
  if (task.created !== undefined && record.imported === true) record.created = task.created;
  if (task.expires_at !== undefined) record.expiresAt = task.expires_at;
  if (task.duration_seconds !== undefined) record.duration_seconds = task.duration_seconds;
  if (status === 'failed') record.error = task.error ?? record.error ?? 'The task failed.';
  else if (task.error) record.error = task.error;
  else if (status === 'completed' || isRunning(status)) record.error = undefined;
  if (isTerminalLocal(status) && record.completedAt === undefined) record.completedAt = nowSec;
  return JSON.stringify(record) !== before;
}

/** What the create answer's X-Cost-Cents header said was billed (the client puts it on the task). */
export function settledCostOf(task: object): number | undefined {
  const value = (task as { cost_cents_settled?: unknown }).cost_cents_settled;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** The record left the queue (answered, adopted, failed, lost): it no longer waits or sends. */
export function clearWait(record: TrackedJobRecord): void {
  record.sending = false;
  delete record.waitReason;
  delete record.waitingSince;
}

/** Back to a fresh `waiting` record before its kept request is sent again (the person's say-so). */
export function resetForResend(record: TrackedJobRecord): void {
  for (const key of ['taskId', 'error', 'requestId', 'retryable', 'completedAt', 'sentAt', 'waitReason', 'waitingSince', 'settledCostCents'] as const) {
    delete record[key];
  }
  record.status = 'waiting';
  record.progress = 0;
  record.sending = false;
}

/** The result is on disk: a saved file outlives the server's expiry. */
export function noteSaved(record: TrackedJobRecord, path: string): void {
  record.savedPath = path;
  // `files` starts with the saved file; a single file saved anew replaces a list that does not.
  if (record.files && record.files[0] !== path) delete record.files;
  record.downloadError = undefined;
  if (record.status === 'expired') record.status = 'completed';
}

/** Several files saved for one job (images): the first is the one the views open. */
export function noteSavedFiles(record: TrackedJobRecord, paths: readonly string[]): void {
  if (paths.length === 0) return;
  noteSaved(record, paths[0]);
  record.files = [...paths];
}

/** Past its expiry and not saved: the result is gone. Returns true when the status changed. */
export function applyExpiry(record: TrackedJobRecord, nowSec: number): boolean {
  if (record.expiresAt === undefined || nowSec <= record.expiresAt || record.savedPath) return false;
  if (record.status === 'expired' || record.status === 'failed' || record.status === 'waiting') return false;
  record.status = 'expired';
  if (record.resultUrl && !record.downloadError) record.downloadError = 'expired';
  record.completedAt ??= nowSec;
  return true;
}

/** The shared record shape, without the tracker's own bookkeeping (a copy: callers cannot mutate ours). */
export function toPublic(record: TrackedJobRecord): JobRecord {
  const { imported: _imported, sending: _sending, pendingResults: _pending, ...rest } = record;
  const copy: JobRecord = { ...rest, origin: { ...rest.origin }, extra: { ...rest.extra }, inputImageSources: [...rest.inputImageSources] };
  if (rest.files) copy.files = [...rest.files];
  return copy;
}
