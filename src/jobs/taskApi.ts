// The slice of the API client the task modules need. AirforceClient satisfies it structurally;
// tests can hand in a fake. Error inspection is structural so a fake's plain errors work too.
import type { CreateVideoRequest, VideoTask } from '../api/schemas/schemas';
import { redactSecrets } from '../api/http/errors';

export interface TaskApi {
  createVideo(req: CreateVideoRequest, opts?: { signal?: AbortSignal; retryOn429?: boolean }): Promise<VideoTask>;
  getTask(taskId: string, opts?: { signal?: AbortSignal }): Promise<VideoTask>;
  listTasks(opts?: { signal?: AbortSignal }): Promise<VideoTask[]>;
  deleteTask(taskId: string, opts?: { signal?: AbortSignal }): Promise<unknown>;
  /** The raw SSE response; the client has already checked its status. */
  streamTask(taskId: string, opts: { signal: AbortSignal }): Promise<Response>;
  /** Scrubs every key in use from a server text (the stream's states are read outside the client). */
  redact?(text: string): string;
}

interface ErrorLike {
  status?: unknown;
  requestId?: unknown;
  retryAfterMs?: unknown;
  userMessage?: unknown;
  message?: unknown;
}

const asErrorLike = (e: unknown): ErrorLike => (typeof e === 'object' && e !== null ? (e as ErrorLike) : {});

export function errorStatus(e: unknown): number | undefined {
  const s = asErrorLike(e).status;
  return typeof s === 'number' ? s : undefined;
}

export function errorRequestId(e: unknown): string | undefined {
  const id = asErrorLike(e).requestId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

export function errorRetryAfterMs(e: unknown): number | undefined {
  const ms = asErrorLike(e).retryAfterMs;
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** A sentence safe to show and log: the client's userMessage() when it has one, never a key. */
export function errorText(e: unknown): string {
  const like = asErrorLike(e);
  let text: string;
  if (typeof like.userMessage === 'function') {
    text = String((like.userMessage as () => unknown).call(e));
  } else if (typeof like.message === 'string') {
    text = like.message;
  } else {
    text = String(e);
  }
  return redactSecrets(text);
}

export function errorCode(e: unknown): string | undefined {
  const code = (asErrorLike(e) as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** Client-side conditions only the user can fix (no key, unusable base URL). */
const FATAL_CODES = new Set(['missing_api_key', 'unsafe_base_url', 'unsafe_task_id', 'unusable_api_key']);

/**
 * 401 (key rejected), 404 (task gone or another key's), no key or an unusable base URL:
 * polling again cannot help until the user changes something.
 */
export function isFatalForFollow(e: unknown): boolean {
  const s = errorStatus(e);
  if (s === 401 || s === 404) return true;
  const code = errorCode(e);
  return code !== undefined && FATAL_CODES.has(code);
}
