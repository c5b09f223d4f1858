// Shared shapes of the simulator: its options, faults, request log and server-side task state.

export const FAULT_NAMES = [
  'status-429',
  'status-503',
  'reset-before-body',
  'reset-after-body',
  'stream-cut',
  'stream-stall',
  'stream-malformed',
  'stream-no-done',
  'stream-error-event',
  'download-truncate',
  'range-ignored',
  'url-expired',
  'task-fail',
  'download-slow',
  // Added for the hostile-server cases (issue 7); each is implemented where its scope is handled.
  'stream-keepalive-only',
  'stream-unknown-events',
  'list-no-prompt',
  'list-lag',
  'rate-cap',
  'huge-body',
  'echo-key',
  'download-range-mixed',
  'download-no-length',
  'redirect',
  'hold-after-body',
  'wrong-content-type',
  // Added for the image results cases (issue 16, "results" helper); implemented in images.ts.
  'image-unavailable-for',
  'image-n-surplus',
  'image-b64-truncate',
  // Issue 16 (round three), the wire: big and slow image answers, stalled and trickling bodies.
  'image-large',
  'image-slow-sse',
  'image-error-event',
  'body-stall',
  'body-trickle',
  // Issue 16 (round three): an odd catalog entry, a server that echoes the key in task fields.
  'catalog-odd-entry',
  'task-echo-key',
  'refuse-model',
  // Chat completions (chat.ts).
  'chat-empty',
  'chat-cut',
  'chat-script',
  // A refresh during a create (issue 16 #20): the create's answer comes late, after the task exists.
  'delay-after-body',
  // The workspace-media uploads (issue 19): media.ts, voiceClone.ts.
  'upload-stall',
  'upload-too-large',
  'transcript-as-text',
  'transcript-no-segments',
  'response-format-refused',
  'dubbing-fail',
  'dubbing-unknown-status',
  'consent-stale',
] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

export interface FaultMatch {
  method?: string;
  /** A string matches the pathname exactly, or as a prefix when it ends with `*`. */
  path?: string | RegExp;
}

export interface FaultSpec {
  fault: FaultName;
  /** Without a match the fault applies to every request it makes sense for (see faults.ts). */
  match?: FaultMatch;
  /** How many times it fires; unlimited when omitted. */
  times?: number;
  param?: number | string;
}

export interface RequestLogEntry {
  method: string;
  /** Pathname only: the query of a signed result URL is left out. */
  path: string;
  /** 0 while the response is pending, or when the socket was destroyed without one. */
  status: number;
  requestId: string;
  /** Lower-case names; authorization reduced to `Bearer sk-air-…`. */
  headers: Record<string, string>;
  /** Parsed JSON body of a POST; b64_json strings longer than 64 chars become {length, bytes, sha256}. */
  body?: unknown;
  /** Date.now() when the request arrived. */
  at: number;
  /** The fault that shaped this response, if any. */
  fault?: FaultName;
  /** The id of the TCP connection the request came on (connections.ts): equal ids = a reused connection. */
  connection?: number;
}

export type SimTaskStatus = 'queued' | 'processing' | 'completed' | 'failed' | 'expired';

/** What a validated create request fixes about a task (shared by validation and the task record). */
export interface SimRequestFields {
  prompt: string;
  mode: string;
  duration_seconds: number;
  aspect_ratio: string;
  quality: string;
  input_image_url: string | null;
  /** sha256 (hex) of each decoded b64_json input image, in request order. */
  input_image_sha256: string[];
  /** Keys beyond the documented ones, kept as sent (passed to the "provider"). */
  extra: Record<string, unknown>;
}

export interface SimTask extends SimRequestFields {
  task_id: string;
  /** Fingerprint of the owning key (never the key itself). */
  owner: string;
  model: string;
  status: SimTaskStatus;
  progress: number;
  error: string | null;
  /** Unix seconds on the simulated clock. */
  created: number;
  expires_at: number;
  cost_cents: number;
  /** Removed from the caller's history; the work and the media are untouched. */
  deleted: boolean;
  /** Epoch ms with sub-ms precision (performance.timeOrigin + performance.now()). */
  createdAtMs: number;
  completedAtMs?: number;
  /** Set by setTaskState: the task no longer follows its automatic schedule (expiry still applies). */
  manual: boolean;
}

export type TaskPatch = Partial<Pick<SimTask, 'status' | 'progress' | 'error' | 'cost_cents'>>;

export interface SimulatorOptions {
  /** 0 (default) picks a free port. Always bound to 127.0.0.1. */
  port?: number;
  /** Accepted API keys; default [DEMO_KEY]. */
  keys?: string[];
  /** Simulated seconds per real second; default 1. */
  clockSpeed?: number;
  /** Simulated seconds a task takes from creation to completion; default 40. */
  taskSeconds?: number;
  /** Queued + processing tasks allowed per key; default 4. */
  maxInFlight?: number;
  /** Bytes served as every task's result; default the committed fixture MP4. */
  resultBytes?: Buffer;
  /** Serve a deterministic generated file of this size instead of the fixture. */
  resultSizeBytes?: number;
  /** Faults active from the start. */
  faults?: FaultSpec[];
  /** Largest accepted request body; default 25 MiB. */
  maxBodyBytes?: number;
  /** Largest accepted multipart upload (streamed, never held whole); default 25 MiB. */
  maxUploadBytes?: number;
  /** Simulated seconds a dubbing job takes; default 20. */
  dubbingSeconds?: number;
  /** Interval of SSE keep-alive comments in real ms; default 15000. */
  sseKeepAliveMs?: number;
  /** Seed of the progress-step generator, so runs are repeatable; default 1. */
  seed?: number;
  /** Called once per finished request (the CLI prints it). */
  onRequest?: (entry: RequestLogEntry) => void;
}
