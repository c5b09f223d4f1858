// Follows one server task to its terminal state: the progress stream first (fast), polling as the
// fallback and as the truth. The terminal update is delivered exactly once, the promise settles once.
import { isTerminal, type TaskStatus, type VideoTask } from '../../api/schemas/schemas';
import { silentLogger, type Logger } from '../../util/logger';
import { clampPollInterval, pollUntilTerminal, ReadProblems } from './poller';
import { readProgressStream, type StreamOutcome } from './sseFollower';
import { errorText, isFatalForFollow, type TaskApi } from '../taskApi';
import { abortReason, linkAbort, realTimers, sleep, type Timers } from '../../util/abort';

export const DEFAULT_POLL_MS = 8_000;

/** What a listener sees: the task's fields as far as known, with status and progress always set. */
export type TaskUpdate = Partial<VideoTask> & {
  status: TaskStatus;
  progress: number;
  /** Message of a stream `error` event; the task may still finish (polling tells). */
  streamError?: string;
};

export interface FollowOptions {
  signal?: AbortSignal;
  /** Clamped to 5–15 s; a function is re-read before every poll. */
  pollIntervalMs?: number | (() => number);
  /** Lowers the 5 s floor of the poll interval (tests, simulator). */
  minPollMs?: number;
  /** Fallback to polling after this long without a state change on the stream (default 45 s). */
  stallTimeoutMs?: number;
  /**
   * While the stream is open the status is still read this often (default: 4 × the poll
   * interval): the stream is an accelerator, never the only source of truth.
   */
  streamCheckMs?: number | (() => number);
  maxEventBytes?: number;
  onUpdate?: (update: TaskUpdate) => void;
  /** Status reads keep failing: the message after a few in a row; undefined once one succeeds again. */
  onReadProblem?: (message: string | undefined) => void;
  /** Cap of the growing wait while status reads fail (default 60 s). */
  maxBackoffMs?: number;
  logger?: Logger;
  timers?: Timers;
  /** false = poll only (default true). */
  useStream?: boolean;
}

const statusRank = (s: TaskStatus): number => (s === 'queued' ? 0 : isTerminal(s) ? 2 : 1);

/** Filters updates: progress and status only move forward, duplicates are dropped, the end fires once. */
export class UpdateGate {
  private lastProgress = -1;
  private lastRank = -1;
  private lastStatus: TaskStatus = 'queued';
  private lastRaw: string | undefined;
  private finished = false;

  constructor(
    private readonly onUpdate: ((u: TaskUpdate) => void) | undefined,
    private readonly logger: Logger,
  ) {}

  get isFinished(): boolean {
    return this.finished;
  }

  /** A non-terminal state; terminal ones only pass through finish(). */
  offer(state: Partial<VideoTask> & { status: TaskStatus }): void {
    if (this.finished || isTerminal(state.status)) return;
    const rank = statusRank(state.status);
    const progress = state.progress ?? Math.max(0, this.lastProgress);
    if (rank < this.lastRank || progress < this.lastProgress) return;
    const raw = state.raw_status;
    if (rank === this.lastRank && progress === this.lastProgress && state.status === this.lastStatus && raw === this.lastRaw) return;
    this.lastRank = rank;
    this.lastProgress = progress;
    this.lastStatus = state.status;
    this.lastRaw = raw;
    this.emit({ ...state, progress });
  }

  notice(message: string): void {
    if (this.finished) return;
    this.emit({ status: this.lastStatus, progress: Math.max(0, this.lastProgress), streamError: message });
  }

  finish(task: VideoTask): VideoTask {
    if (this.finished) return task;
    this.finished = true;
    const progress = task.progress ?? (task.status === 'completed' ? 100 : Math.max(0, this.lastProgress));
    this.emit({ ...task, progress });
    return task;
  }

  private emit(update: TaskUpdate): void {
    try {
      this.onUpdate?.(update);
    } catch (err) {
      this.logger.warn(`task update listener failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/**
 * Resolves with the terminal task. Rejects on abort (signal's reason) and on 401/404 from the
 * status endpoint; every stream problem falls back to polling instead.
 */
export async function followTask(api: TaskApi, taskId: string, opts: FollowOptions = {}): Promise<VideoTask> {
  const signal = opts.signal ?? new AbortController().signal;
  const logger = opts.logger ?? silentLogger;
  const gate = new UpdateGate(opts.onUpdate, logger);
  const problems = new ReadProblems(opts.onReadProblem);
  const configured = opts.pollIntervalMs ?? DEFAULT_POLL_MS;
  const intervalMs = (): number => clampPollInterval(typeof configured === 'function' ? configured() : configured, opts.minPollMs);
  const checkMs = (): number => {
    const c = opts.streamCheckMs;
    const ms = typeof c === 'function' ? c() : c;
    return ms !== undefined && Number.isFinite(ms) && ms > 0 ? ms : intervalMs() * 4;
  };
  if (signal.aborted) throw abortReason(signal);

  let outcome: StreamOutcome = { kind: 'fallback', reason: 'open-failed' };
  if (opts.useStream !== false) {
    // The stream and the status checks beside it share one controller: whichever sees the end stops the other.
    const streaming = new AbortController();
    const unlink = linkAbort(signal, streaming);
    const checks = checkWhileStreaming(api, taskId, {
      signal: streaming.signal,
      everyMs: checkMs,
      timers: opts.timers ?? realTimers,
      problems,
      logger,
      onTask: (t) => gate.offer(t),
      stop: (why) => streaming.abort(new Error(why)),
    });
    try {
      outcome = await readProgressStream(api, taskId, {
        signal: streaming.signal,
        stallTimeoutMs: opts.stallTimeoutMs,
        maxEventBytes: opts.maxEventBytes,
        timers: opts.timers,
        logger,
        onState: (state) => gate.offer(state),
        onStreamError: (message) => {
          logger.warn(`task ${taskId}: progress stream error: ${message}`);
          gate.notice(message);
        },
      });
    } catch (err) {
      if (signal.aborted) throw abortReason(signal);
      if (!streaming.signal.aborted) throw err;
      // Stopped by a status check that saw the end (or a fatal answer): handled below.
    } finally {
      unlink();
      if (!streaming.signal.aborted) streaming.abort(new Error('progress stream finished'));
    }
    const checked = await checks;
    if (signal.aborted) throw abortReason(signal);
    if (checked?.kind === 'terminal') return gate.finish(checked.task);
    if (checked?.kind === 'fatal') throw checked.error;
  }

  let immediate = true;
  if (outcome.kind === 'terminal' || outcome.kind === 'done') {
    // The stream says it is over: one status read confirms it and brings the authoritative result_url.
    try {
      const task = await api.getTask(taskId, { signal });
      problems.succeeded();
      if (isTerminal(task.status)) return gate.finish(task);
      logger.info(`task ${taskId}: stream ended but status is ${task.status}; polling`);
      gate.offer(task);
    } catch (err) {
      if (signal.aborted) throw abortReason(signal);
      if (isFatalForFollow(err)) throw err;
      problems.failed(err);
      logger.warn(`task ${taskId}: confirming completion failed, polling: ${errorText(err)}`);
    }
    immediate = false;
  } else if (opts.useStream !== false) {
    logger.info(`task ${taskId}: progress stream ${outcome.reason}; falling back to polling`);
  }

  const task = await pollUntilTerminal(api, taskId, {
    intervalMs,
    signal,
    immediate,
    timers: opts.timers,
    logger,
    problems,
    maxBackoffMs: opts.maxBackoffMs,
    onTask: (t) => gate.offer(t),
  });
  return gate.finish(task);
}

type CheckEnd = { kind: 'terminal'; task: VideoTask } | { kind: 'fatal'; error: unknown };

/**
 * Reads the status every `everyMs` while the stream is open. Resolves with the terminal task (or a
 * fatal error) after stopping the stream, or with undefined once the stream is over.
 */
async function checkWhileStreaming(
  api: TaskApi,
  taskId: string,
  o: {
    signal: AbortSignal;
    everyMs: () => number;
    timers: Timers;
    problems: ReadProblems;
    logger: Logger;
    onTask: (task: VideoTask) => void;
    stop: (why: string) => void;
  },
): Promise<CheckEnd | undefined> {
  for (;;) {
    try {
      await sleep(o.everyMs(), o.signal, o.timers);
    } catch {
      return undefined;
    }
    let task: VideoTask;
    try {
      task = await api.getTask(taskId, { signal: o.signal });
    } catch (err) {
      if (o.signal.aborted) return undefined;
      if (isFatalForFollow(err)) {
        o.stop('status read refused');
        return { kind: 'fatal', error: err };
      }
      o.problems.failed(err);
      o.logger.warn(`task ${taskId}: status check while streaming failed: ${errorText(err)}`);
      continue;
    }
    if (o.signal.aborted) return undefined;
    o.problems.succeeded();
    if (isTerminal(task.status)) {
      o.logger.info(`task ${taskId}: a status check saw the end before the stream did`);
      o.stop('status read saw the end');
      return { kind: 'terminal', task };
    }
    o.onTask(task);
  }
}
