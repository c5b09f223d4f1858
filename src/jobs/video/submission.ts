// Sending creates: the local queue (slots, 429 waits), the create POST, and what its answer means
// for the record — accepted, refused (maybe retryable), or lost (fate unknown, never re-sent on
// our own). What happens to an accepted task (follow it, or finish it) is the caller's: a kind
// whose create answers with the result can reuse this without a follower.
import type { CreateVideoRequest, VideoTask } from '../../api/schemas/schemas';
import type { Timers } from '../../util/abort';
import { deferred, type Deferred } from './deferred';
import type { JobOrigin } from '../job';
import { FATE_UNKNOWN_IN_WINDOW, isOutcomeUnknown } from './lostCreate';
import { DEFAULT_MAX_IN_FLIGHT, SubmitQueue } from './queue';
import { hardLimitMessage, queueWaitReason, SLOT_WAIT_REASON, throttleWaitReason, type RateLimitKind } from './rateLimit';
import { applyServerTask, clearWait, recordFromRequest, resetForResend, settledCostOf, type TrackedJobRecord } from '../records';
import type { TrackerState } from '../state';
import { errorRequestId, errorText } from '../taskApi';

/** sendAgain rejects with a message starting with this when the request body was not kept. */
export const REQUEST_GONE_MESSAGE =
  'The request is no longer available (it held image bytes, which are never stored, and the window was restarted): use "Generate again" to fill the form anew.';

export interface SubmissionHooks {
  /** The server has the record's task (not called after dispose): follow it, or finish it. */
  accepted(record: TrackedJobRecord): void;
  /** A create whose answer never came: look for its task in the server's list once more. */
  findLost(record: TrackedJobRecord): Promise<void>;
  /** Writes the history now: a record marked as sending is on disk before its POST leaves. */
  flush(): void;
  /**
   * The record is about to take `taskId`: a record the server's list brought for that task
   * meanwhile (a refresh while the create's answer was on its way) merges into it, one record.
   */
  absorb(record: TrackedJobRecord, taskId: string): void;
}

export interface SubmissionOptions {
  maxInFlight?: number;
  /** First wait after a 429 without Retry-After (a 1 s floor applies whatever this says). */
  rateLimitBackoffMs?: number;
  timers: Timers;
}

export class Submission {
  /** Also counts the tasks running on the server: followers and restore occupy and release slots. */
  readonly queue: SubmitQueue;
  private readonly pendingIds = new Map<string, Deferred>();

  constructor(
    private readonly state: TrackerState,
    private readonly hooks: SubmissionHooks,
    opts: SubmissionOptions,
  ) {
    this.queue = new SubmitQueue({
      maxInFlight: opts.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
      backoffMs: opts.rateLimitBackoffMs,
      timers: opts.timers,
      logger: state.logger,
      now: state.now,
      create: (localId) => this.sendCreate(localId),
      onCreated: (localId, task) => this.onCreated(localId, task),
      onFailed: (localId, err, info) => this.onCreateFailed(localId, err, info.retryable),
      onRateLimited: (localId, delayMs, _err, kind) => this.onRateLimited(localId, delayMs, kind),
      onChange: () => this.noteSlotWaits(),
    });
  }

  /** Enqueues a create; `taskId` resolves when the server accepted it, rejects when it failed. */
  submit(request: CreateVideoRequest, inputImageSources: string[], origin?: JobOrigin, estimateCents?: number): { localId: string; taskId: Promise<string> } {
    const { state } = this;
    const localId = state.newId();
    const record = recordFromRequest(request, inputImageSources, localId, state.nowSec(), origin);
    if (estimateCents !== undefined && Number.isFinite(estimateCents)) record.costCents = estimateCents;
    state.byId.set(localId, record);
    state.requests.set(localId, request);
    return { localId, taskId: this.enqueue(record) };
  }

  /**
   * The person's say-so: sends the kept request of a fate-unknown or provably refused (retryable)
   * record once more. Resolves with the new server task id.
   */
  sendAgain(record: TrackedJobRecord): Promise<string> {
    if (record.status !== 'fate-unknown' && !(record.status === 'failed' && record.retryable)) {
      return Promise.reject(new Error(`Only a request whose fate is unknown, or one the server refused, can be sent again (this one is ${record.status}).`));
    }
    if (!this.state.requests.has(record.localId)) return Promise.reject(new Error(REQUEST_GONE_MESSAGE));
    resetForResend(record);
    return this.enqueue(record);
  }

  /**
   * Before a delete: a request still waiting leaves the queue (its submit rejects); for one whose
   * create is under way, waits for its fate so a created task is deleted on the server too.
   */
  async withdraw(localId: string): Promise<void> {
    if (this.queue.remove(localId)) {
      this.state.requests.delete(localId);
      this.settle(localId, undefined, new Error('The request was removed before it was sent.'));
    } else if (this.queue.isCreating(localId)) {
      await this.pendingIds.get(localId)?.promise.catch(() => undefined);
    }
  }

  /**
   * The server has the task: its create answered, or a lost create was found in the list (nothing
   * was sent again). The record takes the server's view and its submit resolves.
   */
  accept(record: TrackedJobRecord, task: VideoTask): void {
    const { state } = this;
    this.hooks.absorb(record, task.task_id);
    state.requests.delete(record.localId);
    clearWait(record);
    record.error = undefined;
    record.requestId = undefined;
    applyServerTask(record, task, state.nowSec());
    state.changed(record);
    this.settle(record.localId, task.task_id);
    if (!state.isDisposed()) this.hooks.accepted(record);
  }

  /** Rejects every submit still waiting; their requests stay persisted for the next window. */
  dispose(): void {
    for (const localId of this.queue.dispose()) {
      this.settle(localId, undefined, new Error('The task tracker was disposed before the request was sent.'));
    }
  }

  private enqueue(record: TrackedJobRecord): Promise<string> {
    const pending = deferred();
    this.pendingIds.set(record.localId, pending);
    this.state.changed(record);
    this.queue.enqueue(record.localId);
    return pending.promise;
  }

  private async sendCreate(localId: string): Promise<VideoTask> {
    const request = this.state.requests.get(localId);
    const record = this.state.byId.get(localId);
    if (!request || !record) throw new Error('The request is no longer available.');
    record.sending = true;
    record.sentAt = this.state.nowSec();
    // Written before the POST leaves: after a crash, a 'sending' record is looked up, never re-sent.
    this.hooks.flush();
    return this.state.api.createVideo(request, { retryOn429: false });
  }

  private onCreated(localId: string, task: VideoTask): void {
    const record = this.state.byId.get(localId);
    if (record) {
      // Only the create's own answer says what was billed (the X-Cost-Cents header).
      const settled = settledCostOf(task);
      if (settled !== undefined) record.settledCostCents = settled;
      this.accept(record, task);
      return;
    }
    this.state.requests.delete(localId);
    this.settle(localId, task.task_id);
  }

  private onCreateFailed(localId: string, err: unknown, retryable: boolean): void {
    if (isOutcomeUnknown(err)) {
      this.onOutcomeUnknown(localId, err);
      return;
    }
    const { state } = this;
    // A provable refusal (daily cap, balance) keeps its request: "Try again" may send it later.
    if (!retryable) state.requests.delete(localId);
    this.settle(localId, undefined, err);
    const record = state.byId.get(localId);
    if (!record) return;
    clearWait(record);
    record.status = 'failed';
    record.error = retryable ? hardLimitMessage(err) : errorText(err);
    if (retryable) record.retryable = true;
    record.requestId = errorRequestId(err);
    record.completedAt = state.nowSec();
    state.logger.warn(`video request failed: ${record.error}`);
    state.changed(record);
  }

  /** The POST left but its answer never came: never re-sent on our own; the list may still tell. */
  private onOutcomeUnknown(localId: string, err: unknown): void {
    const { state } = this;
    const record = state.byId.get(localId);
    if (!record) {
      this.settle(localId, undefined, err);
      return;
    }
    clearWait(record);
    record.status = 'fate-unknown';
    record.error = FATE_UNKNOWN_IN_WINDOW;
    record.requestId = errorRequestId(err);
    state.logger.warn(`video request ${localId}: outcome unknown, not re-sent: ${errorText(err)}`);
    state.changed(record);
    if (state.isDisposed()) {
      this.settle(localId, undefined, err);
      return;
    }
    // Found: accept() has settled it already; otherwise its submit rejects with the lost answer.
    this.hooks
      .findLost(record)
      .catch((e: unknown) => state.logger.warn(`task list could not be read to find a lost create: ${errorText(e)}`))
      .finally(() => this.settle(localId, undefined, err));
  }

  private onRateLimited(localId: string, delayMs: number, kind: RateLimitKind): void {
    const record = this.state.byId.get(localId);
    if (!record) return;
    record.sending = false;
    record.waitReason = kind === 'slots' ? SLOT_WAIT_REASON : throttleWaitReason(this.state.now() + delayMs);
    record.waitingSince ??= this.state.nowSec();
    this.state.changed(record);
  }

  /** Requests held in the queue say why they wait (all slots taken, or a 429 wait). */
  private noteSlotWaits(): void {
    const reason = queueWaitReason(this.queue.pendingRetry(), this.queue.isFull());
    if (!reason) return;
    for (const localId of this.queue.waitingIds()) {
      const record = this.state.byId.get(localId);
      if (!record || record.status !== 'waiting' || record.waitReason) continue;
      record.waitReason = reason;
      record.waitingSince ??= this.state.nowSec();
      this.state.changed(record);
    }
  }

  private settle(localId: string, taskId: string | undefined, err?: unknown): void {
    const pending = this.pendingIds.get(localId);
    if (!pending) return;
    this.pendingIds.delete(localId);
    if (taskId !== undefined) pending.resolve(taskId);
    else pending.reject(err);
  }
}
