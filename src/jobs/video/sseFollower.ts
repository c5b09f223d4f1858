// Reads the progress stream of one task. It only reports what the stream said and why it stopped;
// the caller (followTask) decides what to believe and falls back to polling on every bad ending.
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { redactDeep, redactSecrets } from '../../api/http/redact';
import { isTerminal, StreamStateSchema, type StreamState } from '../../api/schemas/schemas';
import { silentLogger, type Logger } from '../../util/logger';
import type { TaskApi } from '../taskApi';
import { abortReason, linkAbort, realTimers, type TimerHandle, type Timers } from '../../util/abort';

export const DEFAULT_STALL_TIMEOUT_MS = 45_000;
export const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;
/** Room over the data limit for the `event:`/`data:` field names of one event. */
const FIELD_SLACK = 256;

export type FallbackReason = 'open-failed' | 'no-body' | 'broken' | 'ended-without-done' | 'malformed' | 'oversize' | 'stalled' | 'error-event';

export type StreamOutcome =
  /** A state event carried a terminal status (the stream is cancelled at once: the caller confirms). */
  | { kind: 'terminal'; state: StreamState }
  /** `done` arrived without a terminal state before it. */
  | { kind: 'done' }
  | { kind: 'fallback'; reason: FallbackReason; message?: string };

export interface StreamReadOptions {
  signal: AbortSignal;
  /** Fallback after this long without a state change (keep-alives and repeats do not count); default 45 s. */
  stallTimeoutMs?: number;
  maxEventBytes?: number;
  /** Called synchronously as each non-terminal state event is parsed: no batching. */
  onState: (state: StreamState) => void;
  /** Called with the message of an `event: error`. */
  onStreamError?: (message: string) => void;
  logger?: Logger;
  timers?: Timers;
}

/**
 * Opens the stream and reads it until a terminal state, `done`, or a reason to stop trusting it.
 * Rejects only when `signal` aborts; every other failure is a `fallback` outcome.
 */
export async function readProgressStream(api: TaskApi, taskId: string, opts: StreamReadOptions): Promise<StreamOutcome> {
  const { signal } = opts;
  const timers = opts.timers ?? realTimers;
  const logger = opts.logger ?? silentLogger;
  const stallTimeoutMs = opts.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
  const maxEventBytes = opts.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  // States come from the server like any answer: scrubbed of keys before anyone stores or shows them.
  const redact = (text: string): string => (api.redact ? api.redact(text) : redactSecrets(text));
  if (signal.aborted) throw abortReason(signal);

  // Our own controller: cancelling the stream (stall, terminal state) must not abort the caller.
  const inner = new AbortController();
  const unlink = linkAbort(signal, inner);

  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let stalled = false;
  let stallTimer: TimerHandle | undefined;
  const clearStall = (): void => {
    if (stallTimer !== undefined) timers.clearTimeout(stallTimer);
    stallTimer = undefined;
  };
  const armStall = (): void => {
    clearStall();
    stallTimer = timers.setTimeout(() => {
      stallTimer = undefined;
      stalled = true;
      inner.abort(new Error('progress stream stalled'));
      reader?.cancel().catch(() => undefined);
    }, stallTimeoutMs);
  };
  const fallback = (reason: FallbackReason, message?: string): StreamOutcome => ({ kind: 'fallback', reason, message });

  try {
    armStall(); // covers the wait for the response headers too
    let response: Response;
    try {
      response = await untilAborted(api.streamTask(taskId, { signal: inner.signal }), inner.signal);
    } catch (err) {
      if (signal.aborted) throw abortReason(signal);
      logger.debug(`task ${taskId}: progress stream did not open (${stalled ? 'stalled' : describe(err)})`);
      return fallback(stalled ? 'stalled' : 'open-failed');
    }
    if (!response.body) return fallback('no-body');
    reader = response.body.getReader();
    if (stalled) return fallback('stalled');

    let outcome: StreamOutcome | undefined;
    // Only a state that moves the task on re-arms the stall timer: keep-alive comments, unknown
    // events and repeated states must not keep a silent task "processing" forever.
    let lastRank = -1;
    let lastProgress = -1;
    const moves = (state: StreamState): boolean => {
      const rank = state.status === 'queued' ? 0 : 1;
      const progress = state.progress ?? lastProgress;
      const moved = rank > lastRank || progress > lastProgress;
      lastRank = Math.max(rank, lastRank);
      lastProgress = Math.max(progress, lastProgress);
      return moved;
    };
    // Characters buffered since the last dispatched event: bounds an event that never ends.
    let pendingChars = 0;
    const handle = (ev: EventSourceMessage): StreamOutcome | undefined => {
      if (Buffer.byteLength(ev.data, 'utf8') > maxEventBytes) return fallback('oversize');
      const name = ev.event ?? 'message';
      if (name === 'done' || ev.data.trim() === '[DONE]') return { kind: 'done' };
      if (name === 'error') {
        const message = redact(errorEventMessage(ev.data));
        opts.onStreamError?.(message);
        return fallback('error-event', message);
      }
      if (name !== 'state' && name !== 'message') return undefined; // unknown event kinds are not ours to judge
      let json: unknown;
      try {
        json = JSON.parse(ev.data);
      } catch {
        return fallback('malformed');
      }
      const parsed = StreamStateSchema.safeParse(json);
      if (!parsed.success) return fallback('malformed');
      const state = redactDeep(parsed.data, redact);
      if (state.task_id !== undefined && state.task_id !== taskId) return undefined;
      if (isTerminal(state.status)) return { kind: 'terminal', state };
      if (moves(state)) armStall();
      try {
        opts.onState(state);
      } catch (err) {
        logger.warn(`task ${taskId}: progress listener failed: ${describe(err)}`);
      }
      return undefined;
    };
    const parser = createParser({
      maxBufferSize: maxEventBytes + FIELD_SLACK,
      onEvent(ev) {
        pendingChars = 0;
        if (outcome === undefined) outcome = handle(ev);
      },
      onError(err) {
        if (err.type === 'max-buffer-size-exceeded' && outcome === undefined) outcome = fallback('oversize');
      },
    });
    const decoder = new TextDecoder();

    while (outcome === undefined) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (err) {
        if (signal.aborted) throw abortReason(signal);
        if (stalled) return fallback('stalled');
        logger.debug(`task ${taskId}: progress stream broke (${describe(err)})`);
        return fallback('broken');
      }
      if (signal.aborted) throw abortReason(signal);
      if (stalled) return fallback('stalled');
      if (chunk.done) {
        try {
          parser.feed(decoder.decode() + '\n\n'); // dispatch a final event that lacked its blank line
        } catch {
          // A terminated parser throws on feed: the outcome is already set.
        }
        return outcome ?? fallback('ended-without-done');
      }
      const text = decoder.decode(chunk.value, { stream: true });
      pendingChars += text.length;
      try {
        parser.feed(text);
      } catch {
        outcome ??= fallback('oversize');
      }
      if (outcome === undefined && pendingChars > maxEventBytes + FIELD_SLACK) outcome = fallback('oversize');
    }
    return outcome;
  } finally {
    clearStall();
    unlink();
    // Release the connection whatever happened; cancelling a finished body is harmless.
    reader?.cancel().catch(() => undefined);
    if (!inner.signal.aborted) inner.abort(new Error('progress stream no longer needed'));
  }
}

/** The `message` of an error event's JSON (either envelope shape), else its text, bounded. */
function errorEventMessage(data: string): string {
  try {
    const json: unknown = JSON.parse(data);
    if (typeof json === 'object' && json !== null) {
      const o = json as { message?: unknown; error?: unknown };
      if (typeof o.error === 'object' && o.error !== null) {
        const m = (o.error as { message?: unknown }).message;
        if (typeof m === 'string' && m) return m.slice(0, 500);
      }
      if (typeof o.message === 'string' && o.message) return o.message.slice(0, 500);
      if (typeof o.error === 'string' && o.error) return o.error.slice(0, 500);
    }
  } catch {
    // Not JSON: use the raw text.
  }
  return (data.trim() || 'the progress stream reported an error').slice(0, 500);
}

/**
 * Settles with `promise`, or rejects when `signal` aborts first (a client that ignores the signal
 * must not hold the follower); a response that still arrives later has its body cancelled.
 */
function untilAborted(promise: Promise<Response>, signal: AbortSignal): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (res) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) res.body?.cancel().catch(() => undefined);
        else resolve(res);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
