// The local submission queue: at most `maxInFlight` video tasks per key may be queued or
// processing on the server; further requests wait here in FIFO order and start as slots free.
// A 429 on create puts the request back at the head and waits (at least 1 s, growing), unless it
// is a limit waiting will not clear (daily cap, balance): that request then fails, retryable.
import { isTerminal, type VideoTask } from '../../api/schemas/schemas';
import { silentLogger, type Logger } from '../../util/logger';
import { classify429, MIN_RETRY_MS, retryWaitMs, type RateLimitKind } from './rateLimit';
import { errorRetryAfterMs, errorStatus, errorText } from '../taskApi';
import { realTimers, type TimerHandle, type Timers } from '../../util/abort';

export const DEFAULT_MAX_IN_FLIGHT = 4;

export interface SubmitQueueDeps {
  /** Sends the create for this local id (with retryOn429: false). */
  create(localId: string): Promise<VideoTask>;
  onCreated(localId: string, task: VideoTask): void;
  /** `retryable`: the server provably refused it (a hard 429), so sending again is safe. */
  onFailed(localId: string, error: unknown, info: { retryable: boolean }): void;
  onRateLimited?(localId: string, delayMs: number, error: unknown, kind: RateLimitKind): void;
  /** Anything about the counts changed. */
  onChange?(): void;
  maxInFlight?: number;
  /** First backoff after a 429 without Retry-After; doubles up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Floor of any wait after a 429 (default 1 s), doubling with each consecutive 429, so `Retry-After: 0` cannot spin. */
  minRetryMs?: number;
  timers?: Timers;
  /** Epoch ms. */
  now?: () => number;
  logger?: Logger;
}

export class SubmitQueue {
  private readonly queue: string[] = [];
  private readonly seq = new Map<string, number>();
  private nextSeq = 0;
  /** Local ids whose create POST is under way: they hold a slot. */
  private readonly creating = new Set<string>();
  /** Server task ids queued or processing. */
  private readonly running = new Set<string>();
  private pauses = 0;
  private retryTimer: TimerHandle | undefined;
  /** While waiting after a 429: why, when the wait began and when it ends (epoch ms). */
  private retryWait: { kind: RateLimitKind; since: number; at: number } | undefined;
  private consecutive429 = 0;
  private disposed = false;
  private readonly timers: Timers;
  private readonly logger: Logger;
  private readonly max: number;

  constructor(private readonly deps: SubmitQueueDeps) {
    this.timers = deps.timers ?? realTimers;
    this.logger = deps.logger ?? silentLogger;
    this.max = Math.max(1, deps.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT);
  }

  private get floorMs(): number {
    return this.deps.minRetryMs ?? MIN_RETRY_MS;
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  inFlight(): number {
    return this.creating.size + this.running.size;
  }

  waiting(): number {
    return this.queue.length;
  }

  waitingIds(): readonly string[] {
    return this.queue;
  }

  /** Every slot is taken (locally counted). */
  isFull(): boolean {
    return this.inFlight() >= this.max;
  }

  /** The wait after a 429, while one is pending: its kind and when it ends (epoch ms). */
  pendingRetry(): { kind: RateLimitKind; at: number } | undefined {
    return this.retryWait && { kind: this.retryWait.kind, at: this.retryWait.at };
  }

  isCreating(localId: string): boolean {
    return this.creating.has(localId);
  }

  enqueue(localId: string): void {
    if (this.disposed || this.queue.includes(localId) || this.creating.has(localId)) return;
    this.seq.set(localId, this.nextSeq++);
    this.queue.push(localId);
    this.changed();
    this.pump();
  }

  /** Takes a waiting request out of the queue; false when it is not waiting (sent or unknown). */
  remove(localId: string): boolean {
    const i = this.queue.indexOf(localId);
    if (i < 0) return false;
    this.queue.splice(i, 1);
    this.seq.delete(localId);
    this.changed();
    return true;
  }

  /** A task known to be queued/processing on the server (e.g. resumed after a restart). */
  occupy(taskId: string): void {
    if (this.running.has(taskId)) return;
    this.running.add(taskId);
    this.changed();
  }

  /** A task reached a terminal state (or was forgotten): its slot is free. */
  release(taskId: string): void {
    if (!this.running.delete(taskId)) return;
    this.changed();
    // Waiting because the server's slots were full: a freed slot ends the wait (after the floor).
    const wait = this.retryWait;
    if (wait?.kind === 'slots' && this.retryTimer !== undefined) {
      const at = Math.max(this.now(), wait.since + this.floorMs);
      if (at < wait.at) this.scheduleRetry(at - this.now(), wait.kind, wait.since);
    }
    this.pump();
  }

  /** Replaces the known running set with the server's view (tasks created elsewhere count too). */
  seed(taskIds: Iterable<string>): void {
    this.running.clear();
    for (const id of taskIds) this.running.add(id);
    this.changed();
    this.pump();
  }

  /** Holds new creates (while the in-flight count is being read); nests. */
  pause(): void {
    this.pauses++;
  }

  resume(): void {
    this.pauses = Math.max(0, this.pauses - 1);
    this.pump();
  }

  /** Stops timers; returns the ids still waiting (they stay persisted by the owner). */
  dispose(): string[] {
    this.disposed = true;
    if (this.retryTimer !== undefined) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.retryWait = undefined;
    return [...this.queue];
  }

  pump(): void {
    if (this.disposed || this.pauses > 0 || this.retryTimer !== undefined) return;
    while (this.queue.length > 0 && this.inFlight() < this.max) {
      const localId = this.queue.shift() as string;
      this.creating.add(localId);
      void this.start(localId);
    }
  }

  private async start(localId: string): Promise<void> {
    let task: VideoTask;
    try {
      task = await this.deps.create(localId);
    } catch (err) {
      this.creating.delete(localId);
      const kind = errorStatus(err) === 429 ? classify429(err) : undefined;
      if (kind === 'slots' || kind === 'throttle') {
        if (this.disposed) return; // stays 'waiting' in the store; restore re-queues it
        this.requeueAtHead(localId, err, kind);
      } else {
        this.seq.delete(localId);
        this.safe(() => this.deps.onFailed(localId, err, { retryable: kind === 'hard' }));
        this.changed();
        this.pump();
      }
      return;
    }
    this.creating.delete(localId);
    this.seq.delete(localId);
    this.consecutive429 = 0;
    if (!isTerminal(task.status)) this.running.add(task.task_id);
    this.safe(() => this.deps.onCreated(localId, task));
    this.changed();
    this.pump();
  }

  private requeueAtHead(localId: string, err: unknown, kind: RateLimitKind): void {
    // Back in front of everything submitted later, behind anything submitted earlier (two
    // concurrent creates may both be refused).
    const mine = this.seq.get(localId) ?? -1;
    let at = this.queue.findIndex((id) => (this.seq.get(id) ?? Infinity) > mine);
    if (at < 0) at = this.queue.length;
    this.queue.splice(at, 0, localId);
    const delay = retryWaitMs(this.consecutive429, errorRetryAfterMs(err), {
      floorMs: this.floorMs,
      baseMs: this.deps.backoffMs ?? 2_000,
      capMs: this.deps.maxBackoffMs ?? 30_000,
    });
    this.consecutive429++;
    this.logger.info(`video create refused with 429 (${kind}); retrying in ${delay} ms: ${errorText(err)}`);
    this.scheduleRetry(delay, kind, this.now());
    this.safe(() => this.deps.onRateLimited?.(localId, delay, err, kind));
    this.changed();
  }

  private scheduleRetry(delay: number, kind: RateLimitKind, since: number): void {
    if (this.retryTimer !== undefined) this.timers.clearTimeout(this.retryTimer);
    this.retryWait = { kind, since, at: this.now() + delay };
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = undefined;
      this.retryWait = undefined;
      this.pump();
    }, delay);
  }

  private changed(): void {
    this.safe(() => this.deps.onChange?.());
  }

  private safe(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.logger.error(`task queue listener failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
