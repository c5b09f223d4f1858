// Server-side task lifecycle on the simulated clock: queued → processing (progress in steps of
// 5–12 %) → completed | failed, and expired at expires_at. One timer wakes the engine at the next
// scheduled change; every change is emitted so SSE streams and benchmarks see it at once.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { preciseEpochMs, type SimClock } from './clock';
import type { SimTask, SimTaskStatus, TaskPatch } from './types';
import type { ValidCreate } from './validate';
import { seededRandom } from './random';

const DAY_SECONDS = 86400;
const QUEUED_SHARE = 0.1; // share of taskSeconds spent queued before a worker picks the task up
const MAX_TIMER_MS = 60 * 60 * 1000;

interface Plan {
  queuedUntil: number;
  checkpoints: { at: number; progress: number }[];
  finishAt: number;
  outcome: 'completed' | 'failed';
  failMessage: string;
}

export interface EngineEvents {
  /** Any change of status or progress (the task object itself, already updated). */
  change: [task: SimTask];
  completed: [task: SimTask];
}

export const isFinal = (s: SimTaskStatus): boolean => s === 'failed' || s === 'expired';
export const isActive = (s: SimTaskStatus): boolean => s === 'queued' || s === 'processing';

export class TaskEngine extends EventEmitter<EngineEvents> {
  readonly tasks = new Map<string, SimTask>();
  private readonly plans = new Map<string, Plan>();
  private timer: NodeJS.Timeout | undefined;
  private held = false;
  private disposed = false;
  private readonly random: () => number;

  constructor(
    private readonly clock: SimClock,
    private readonly taskSeconds: number,
    seed: number,
  ) {
    super();
    this.random = seededRandom(seed); // progress steps repeat from run to run
  }

  /** Simulated unix seconds (the list-lag fault compares `created` with it). */
  now(): number {
    return this.clock.now();
  }

  create(owner: string, req: ValidCreate, failMessage?: string): SimTask {
    const now = this.clock.now();
    const created = Math.floor(now);
    const task: SimTask = {
      task_id: randomUUID(),
      owner,
      model: req.model.id,
      prompt: req.prompt,
      mode: req.mode,
      duration_seconds: req.duration_seconds,
      aspect_ratio: req.aspect_ratio,
      quality: req.quality,
      input_image_url: req.input_image_url,
      input_image_sha256: req.input_image_sha256,
      extra: req.extra,
      status: 'queued',
      progress: 0,
      error: null,
      created,
      expires_at: created + DAY_SECONDS,
      cost_cents: req.duration_seconds * req.caps.price_per_second_cents,
      deleted: false,
      createdAtMs: preciseEpochMs(),
      manual: false,
    };
    this.tasks.set(task.task_id, task);
    this.plans.set(task.task_id, this.plan(now, failMessage));
    this.reconcile();
    return task;
  }

  /** Queued or processing tasks of one owner, deleted ones included (deleting does not cancel work). */
  inFlight(owner: string): SimTask[] {
    return [...this.tasks.values()].filter((t) => t.owner === owner && isActive(t.status));
  }

  /** Simulated seconds until the first of these tasks is scheduled to finish. */
  secondsUntilFirstFinish(tasks: SimTask[]): number {
    const now = this.clock.now();
    const ends = tasks.map((t) => this.plans.get(t.task_id)?.finishAt ?? now + this.taskSeconds);
    return Math.max(0, Math.min(...ends) - now);
  }

  /** While held, tasks keep processing (progress < 100) until completeTask or release. */
  hold(on: boolean): void {
    this.held = on;
    this.reconcile();
  }

  completeTask(id: string): SimTask {
    return this.setTaskState(id, { status: 'completed' });
  }

  /** Forces fields; the task then leaves its automatic schedule (expiry still applies). */
  setTaskState(id: string, patch: TaskPatch): SimTask {
    const task = this.tasks.get(id);
    if (!task) throw new Error(`No such task ${id}`);
    task.manual = true;
    const status = patch.status ?? task.status;
    this.apply(task, {
      status,
      progress: patch.progress ?? (status === 'completed' ? 100 : task.progress),
      error: patch.error !== undefined ? patch.error : status === 'failed' ? (task.error ?? 'Generation failed.') : task.error,
      cost_cents: patch.cost_cents ?? task.cost_cents,
    });
    this.reconcile();
    return task;
  }

  /** Brings every task up to the simulated now and arms the timer for the next change. */
  reconcile(): void {
    if (this.disposed) return;
    const now = this.clock.now();
    for (const task of this.tasks.values()) {
      if (isFinal(task.status)) continue;
      const due = this.dueState(task, now);
      if (due) this.apply(task, due);
    }
    this.arm(now);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.removeAllListeners();
  }

  private plan(now: number, failMessage: string | undefined): Plan {
    const queuedUntil = now + this.taskSeconds * QUEUED_SHARE;
    const finishAt = now + this.taskSeconds;
    const span = finishAt - queuedUntil;
    const checkpoints: Plan['checkpoints'] = [];
    for (let p = 5 + Math.floor(this.random() * 8); p < 100; p += 5 + Math.floor(this.random() * 8)) {
      checkpoints.push({ at: queuedUntil + (span * p) / 100, progress: p });
    }
    if (failMessage === undefined) return { queuedUntil, checkpoints, finishAt, outcome: 'completed', failMessage: '' };
    // A failing task dies about half-way through its processing.
    const kept = checkpoints.filter((c) => c.progress < 50);
    return { queuedUntil, checkpoints: kept, finishAt: queuedUntil + span / 2, outcome: 'failed', failMessage };
  }

  private dueState(task: SimTask, now: number): TaskPatch | undefined {
    if (now >= task.expires_at) {
      // Work that never finished is not charged; a delivered result keeps its cost.
      return { status: 'expired', cost_cents: task.status === 'completed' ? task.cost_cents : 0 };
    }
    const plan = this.plans.get(task.task_id);
    if (task.manual || !plan || task.status === 'completed') return undefined;
    if (now < plan.queuedUntil) return { status: 'queued', progress: 0 };
    if (now >= plan.finishAt && !this.held) {
      return plan.outcome === 'completed' ? { status: 'completed', progress: 100 } : { status: 'failed', error: plan.failMessage, cost_cents: 0 };
    }
    const reached = plan.checkpoints.filter((c) => c.at <= now).pop();
    return { status: 'processing', progress: Math.max(task.progress, reached?.progress ?? 0) };
  }

  private apply(task: SimTask, patch: TaskPatch): void {
    const prevStatus = task.status;
    const before = `${task.status}/${task.progress}/${task.error}/${task.cost_cents}`;
    Object.assign(task, patch);
    if (`${task.status}/${task.progress}/${task.error}/${task.cost_cents}` === before) return;
    const justCompleted = task.status === 'completed' && prevStatus !== 'completed';
    if (justCompleted) task.completedAtMs = preciseEpochMs();
    this.emit('change', task);
    if (justCompleted) this.emit('completed', task);
  }

  private arm(now: number): void {
    clearTimeout(this.timer);
    let next = Number.POSITIVE_INFINITY;
    for (const task of this.tasks.values()) {
      if (isFinal(task.status)) continue;
      next = Math.min(next, task.expires_at);
      const plan = this.plans.get(task.task_id);
      if (task.manual || !plan || task.status === 'completed') continue;
      if (plan.queuedUntil > now) next = Math.min(next, plan.queuedUntil);
      const upcoming = plan.checkpoints.find((c) => c.at > now);
      if (upcoming) next = Math.min(next, upcoming.at);
      if (!this.held && plan.finishAt > now) next = Math.min(next, plan.finishAt);
    }
    if (next === Number.POSITIVE_INFINITY) return;
    const ms = Math.min(MAX_TIMER_MS, Math.ceil(this.clock.realMsUntil(next)) + 1);
    this.timer = setTimeout(() => this.reconcile(), ms);
    this.timer.unref();
  }
}
