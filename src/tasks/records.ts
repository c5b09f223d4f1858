// Building and updating local task records. The server is the truth for status, progress,
// result URL and expiry; the record keeps what the server forgets (request, image sources, file).
import { isTerminal, type CreateVideoRequest, type TaskStatus, type VideoTask } from '../api/schemas';
import type { LocalStatus, TaskRecord } from './types';

/** Bookkeeping the tracker persists beside the shared fields. */
export interface TrackedRecord extends TaskRecord {
  /** Built from the server's list, not submitted from this machine: never auto-downloaded. */
  imported?: boolean;
  /** The create POST was under way: after a restart its fate is looked up, never re-sent blindly. */
  sending?: boolean;
}

const REQUEST_FIELDS = new Set(['model', 'prompt', 'mode', 'duration_seconds', 'aspect_ratio', 'quality', 'input_images']);

export const isTerminalLocal = (s: LocalStatus): boolean => s !== 'waiting' && isTerminal(s);
export const isRunning = (s: LocalStatus): boolean => s === 'queued' || s === 'processing';

/** True when the request carries image bytes (those are never persisted). */
export function hasInlineImages(request: CreateVideoRequest): boolean {
  return (request.input_images ?? []).some((img) => 'b64_json' in img);
}

export function recordFromRequest(
  request: CreateVideoRequest,
  inputImageSources: string[],
  localId: string,
  nowSec: number,
): TrackedRecord {
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(request)) if (!REQUEST_FIELDS.has(k)) extra[k] = v;
  return {
    localId,
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
export function recordFromServerTask(task: VideoTask, localId: string, nowSec: number): TrackedRecord {
  const record: TrackedRecord = {
    localId,
    taskId: task.task_id,
    model: task.model ?? 'unknown',
    prompt: task.prompt ?? '',
    mode: task.mode ?? 'text',
    duration_seconds: task.duration_seconds ?? 0,
    aspect_ratio: task.aspect_ratio,
    quality: task.quality,
    extra: {},
    inputImageSources: task.input_image_url ? [task.input_image_url] : [],
    status: task.status,
    progress: 0,
    created: task.created ?? nowSec,
    imported: true,
  };
  applyServerTask(record, task, nowSec);
  return record;
}

/**
 * Copies the server's view onto the record. A saved file outlives the server's expiry, so a saved
 * record stays 'completed'. Returns whether anything visible changed.
 */
export function applyServerTask(
  record: TrackedRecord,
  task: Partial<VideoTask> & { status: TaskStatus },
  nowSec: number,
): boolean {
  const before = JSON.stringify(record);
  const status: LocalStatus = task.status === 'expired' && record.savedPath ? 'completed' : task.status;
  record.status = status;
  if (task.progress !== undefined) record.progress = task.progress;
  else if (status === 'completed') record.progress = 100;
  if (task.task_id) record.taskId = task.task_id;
  if (task.result_url) record.resultUrl = task.result_url;
  if (task.cost_cents !== undefined && task.cost_cents !== null) record.costCents = task.cost_cents;
  if (task.created !== undefined) record.created = task.created;
  if (task.expires_at !== undefined) record.expiresAt = task.expires_at;
  if (task.duration_seconds !== undefined) record.duration_seconds = task.duration_seconds;
  if (status === 'failed') record.error = task.error ?? record.error ?? 'The task failed.';
  else if (task.error) record.error = task.error;
  else if (status === 'completed' || isRunning(status)) record.error = undefined;
  if (isTerminalLocal(status) && record.completedAt === undefined) record.completedAt = nowSec;
  return JSON.stringify(record) !== before;
}

/** Past its expiry and not saved: the result is gone. Returns true when the status changed. */
export function applyExpiry(record: TrackedRecord, nowSec: number): boolean {
  if (record.expiresAt === undefined || nowSec <= record.expiresAt || record.savedPath) return false;
  if (record.status === 'expired' || record.status === 'failed' || record.status === 'waiting') return false;
  record.status = 'expired';
  if (record.resultUrl && !record.downloadError) record.downloadError = 'expired';
  record.completedAt ??= nowSec;
  return true;
}

/** The create body rebuilt from a persisted pending request (JSON round trip keeps it plain). */
export function cloneRequest(request: CreateVideoRequest): CreateVideoRequest {
  return JSON.parse(JSON.stringify(request)) as CreateVideoRequest;
}
