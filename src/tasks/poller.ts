// Polls a task's status until it is terminal. Polling is the source of truth: the stream only
// makes progress arrive sooner.
import { isTerminal, type VideoTask } from '../api/schemas';
import { silentLogger, type Logger } from '../util/logger';
import { errorText, isFatalForFollow, type TaskApi } from './taskApi';
import { abortReason, realTimers, sleep, type Timers } from './timers';

/** The API documents a 5–15 s cadence. */
export const MIN_POLL_MS = 5_000;
export const MAX_POLL_MS = 15_000;

/** Clamps to the documented cadence; `minPollMs` lowers the floor (tests, the simulator). */
export function clampPollInterval(ms: number, minPollMs: number = MIN_POLL_MS): number {
  const floor = Math.max(1, Math.min(minPollMs, MAX_POLL_MS));
  if (!Number.isFinite(ms)) return floor;
  return Math.min(MAX_POLL_MS, Math.max(floor, Math.round(ms)));
}

export interface PollOptions {
  /** Read before every wait so a settings change applies to the next poll. */
  intervalMs: () => number;
  signal: AbortSignal;
  /** Poll once before the first wait (after a stream failure the task may already be done). */
  immediate?: boolean;
  onTask?: (task: VideoTask) => void;
  logger?: Logger;
  timers?: Timers;
}

/**
 * Resolves with the first terminal task. A failing read is logged and retried at the interval
 * (the client has already retried what is retryable); 401 and 404 reject, as does an abort.
 */
export async function pollUntilTerminal(api: TaskApi, taskId: string, opts: PollOptions): Promise<VideoTask> {
  const timers = opts.timers ?? realTimers;
  const logger = opts.logger ?? silentLogger;
  let first = opts.immediate ?? false;
  for (;;) {
    if (!first) await sleep(opts.intervalMs(), opts.signal, timers);
    first = false;
    try {
      const task = await api.getTask(taskId, { signal: opts.signal });
      if (isTerminal(task.status)) return task;
      opts.onTask?.(task);
    } catch (err) {
      if (opts.signal.aborted) throw abortReason(opts.signal);
      if (isFatalForFollow(err)) throw err;
      logger.warn(`task ${taskId}: status read failed, polling again: ${errorText(err)}`);
    }
  }
}
