// Polls a task's status until it is terminal. Polling is the source of truth: the stream only
// makes progress arrive sooner.
import { isTerminal, type VideoTask } from '../../api/schemas/schemas';
import { silentLogger, type Logger } from '../../util/logger';
import { errorText, isFatalForFollow, type TaskApi } from '../taskApi';
import { abortReason, realTimers, sleep, type Timers } from '../../util/abort';

/** The API documents a 5–15 s cadence. */
export const MIN_POLL_MS = 5_000;
export const MAX_POLL_MS = 15_000;

/** Clamps to the documented cadence; `minPollMs` lowers the floor (tests, the simulator). */
export function clampPollInterval(ms: number, minPollMs: number = MIN_POLL_MS): number {
  const floor = Math.max(1, Math.min(minPollMs, MAX_POLL_MS));
  if (!Number.isFinite(ms)) return floor;
  return Math.min(MAX_POLL_MS, Math.max(floor, Math.round(ms)));
}

/** Start of the message a record shows while its status reads keep failing. */
export const READ_PROBLEM_PREFIX = 'Status reads keep failing';

/** Consecutive failed reads before the problem is reported (shown on the record). */
export const READ_FAILURES_BEFORE_REPORT = 3;
/** Longest wait between reads while they keep failing. */
export const MAX_FAILURE_BACKOFF_MS = 60_000;

/** Counts consecutive failed status reads: reports the problem after a few, and its end. */
export class ReadProblems {
  private failures = 0;
  private reported = false;

  constructor(
    private readonly onProblem: ((message: string | undefined) => void) | undefined,
    private readonly threshold = READ_FAILURES_BEFORE_REPORT,
  ) {}

  get consecutive(): number {
    return this.failures;
  }

  failed(err: unknown): void {
    this.failures++;
    if (this.failures >= this.threshold) {
      this.reported = true;
      this.onProblem?.(`${READ_PROBLEM_PREFIX} (${this.failures} in a row); still trying: ${errorText(err)}`);
    }
  }

  succeeded(): void {
    this.failures = 0;
    if (this.reported) {
      this.reported = false;
      this.onProblem?.(undefined);
    }
  }
}

/** The wait after `failures` consecutive failed reads: doubles from the interval, capped. */
export function failureBackoffMs(intervalMs: number, failures: number, capMs: number = MAX_FAILURE_BACKOFF_MS): number {
  if (failures <= 0) return intervalMs;
  return Math.max(intervalMs, Math.min(capMs, intervalMs * 2 ** Math.min(failures - 1, 20)));
}

export interface PollOptions {
  /** Read before every wait so a settings change applies to the next poll. */
  intervalMs: () => number;
  signal: AbortSignal;
  /** Poll once before the first wait (after a stream failure the task may already be done). */
  immediate?: boolean;
  onTask?: (task: VideoTask) => void;
  /** Shared with the caller's other reads, so failures anywhere count; reports the problem. */
  problems?: ReadProblems;
  /** Cap of the growing wait while reads fail (default 60 s). */
  maxBackoffMs?: number;
  logger?: Logger;
  timers?: Timers;
}

/**
 * Resolves with the first terminal task. A failing read (the client has already retried what is
 * retryable) is retried with a growing wait, and reported after a few in a row; 401 and 404
 * reject, as does an abort.
 */
export async function pollUntilTerminal(api: TaskApi, taskId: string, opts: PollOptions): Promise<VideoTask> {
  const timers = opts.timers ?? realTimers;
  const logger = opts.logger ?? silentLogger;
  const problems = opts.problems ?? new ReadProblems(undefined);
  let first = opts.immediate ?? false;
  for (;;) {
    if (!first) await sleep(failureBackoffMs(opts.intervalMs(), problems.consecutive, opts.maxBackoffMs), opts.signal, timers);
    first = false;
    let task: VideoTask;
    try {
      task = await api.getTask(taskId, { signal: opts.signal });
    } catch (err) {
      if (opts.signal.aborted) throw abortReason(opts.signal);
      if (isFatalForFollow(err)) throw err;
      problems.failed(err);
      logger.warn(`task ${taskId}: status read failed (${problems.consecutive} in a row), polling again: ${errorText(err)}`);
      continue;
    }
    problems.succeeded();
    if (isTerminal(task.status)) return task;
    opts.onTask?.(task);
  }
}
