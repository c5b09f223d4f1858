// The synchronous kinds (image, speech, music, sound effect): one POST answers with the results,
// which are saved at once. No server task, no follower, no slot of the video limit. A POST whose
// answer never came is `fate-unknown` and never re-sent on our own (it may have been billed); the
// person may send it again while this window keeps the call. The tracker is the facade (runSync):
// this part knows nothing of the endpoints, only a `call` that answers with results. What a restart
// makes of a job still under way is restored.ts's.
import type { ResultSource } from '../../io/results';
import { clearWait, noteSavedFiles, resetForResend, toPublic, type TrackedJobRecord } from '../records';
import type { TrackerState } from '../state';
import { recordFromSyncRequest, type SyncKind, type SyncMeta, type SyncRequest } from './record';
import {
  askedCount,
  dropExpired,
  dropPending,
  isLastingFailure,
  keepableResults,
  LINKS_EXPIRED,
  NOTHING_TO_SAVE,
  SAVE_AGAIN_HINT,
  saveFailureText,
  saveWithRetry,
  type RetryPacing,
  setPending,
  sourceOf,
} from './save';
import { cancelledUpload, failureKind, syncAnswerUnreadable, SYNC_FATE_UNKNOWN_IN_WINDOW, SYNC_REQUEST_GONE_MESSAGE } from './failure';
import { errorRequestId, errorText } from '../taskApi';
import type { JobRecord } from '../types';
import { linkAbort } from '../../util/abort';

export type { SyncKind, SyncMeta, SyncRequest } from './record';

/** What the POST answered: its X-Request-ID, X-Cost-Cents when sent, and the results in order. */
export interface SyncOutcome {
  requestId: string;
  costCents?: number;
  results: ResultSource[];
}

/** Makes the POST once (ImageApi/AudioApi behind it); rejects with CreateOutcomeUnknownError when its fate is unknown. */
export type SyncCall = (signal: AbortSignal) => Promise<SyncOutcome>;

/** Saves one result (file + sidecar); `index` is 0-based among `count`. Resolves with the saved path. */
export type SaveSync = (record: JobRecord, source: ResultSource, at: { index: number; count: number }, signal: AbortSignal) => Promise<string>;

const NO_SAVER = 'Saving results is not available.';
const NO_RESULTS = 'Airforce answered without any result.';

interface Kept {
  request: SyncRequest;
  call: SyncCall;
}

/** `saveRetryMs`, `timers`: the pauses before each new attempt at a result download the host refused for a moment. */
export interface SyncHost extends RetryPacing {
  saveSync?: SaveSync;
  flush(): Promise<void>;
}

/** One result to save: where its bytes come from and its place among the request's results. */
interface ToSave {
  source: ResultSource;
  index: number;
}

export class SyncJobs {
  /** Request and call, kept (memory only: they may hold image bytes) until the POST answered or failed for sure. */
  private readonly kept = new Map<string, Kept>();
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly state: TrackerState,
    private readonly host: SyncHost,
  ) {}

  /** Adds the job and makes the call once; `files` resolves with the saved paths, rejects with the job's error. */
  run(kind: SyncKind, request: SyncRequest, meta: SyncMeta, call: SyncCall): { localId: string; files: Promise<string[]> } {
    const { state } = this;
    const localId = state.newId();
    state.byId.set(localId, recordFromSyncRequest(kind, request, meta, localId, state.nowSec()));
    this.kept.set(localId, { request, call });
    return { localId, files: this.send(localId) };
  }

  /**
   * The person's say-so: one more call for a fate-unknown job whose call this window still has. A
   * job answered (billed) whose results were not all saved is never sent again: its kept results
   * are saved instead.
   */
  sendAgain(record: TrackedJobRecord): Promise<string[]> {
    if (record.status === 'failed' && record.pendingResults?.length) return this.saveAgain(record);
    if (record.status !== 'fate-unknown' && !(record.status === 'failed' && record.retryable === true)) {
      return Promise.reject(new Error(`Only a request whose fate is unknown can be sent again (this one is ${record.status}).`));
    }
    if (!this.kept.has(record.localId)) return Promise.reject(new Error(SYNC_REQUEST_GONE_MESSAGE));
    resetForResend(record);
    return this.send(record.localId);
  }

  /**
   * Download again: saves the results of an answered job that are still missing (kept on the
   * record until their links expire). Sends nothing. Resolves with every saved file of the job.
   */
  saveAgain(record: TrackedJobRecord): Promise<string[]> {
    const { state } = this;
    if (state.isDisposed()) return Promise.reject(new Error('The task tracker has been disposed.'));
    if (this.running.has(record.localId)) return Promise.reject(new Error('The results are being saved already.'));
    if (!record.pendingResults?.length) return Promise.reject(new Error(NOTHING_TO_SAVE));
    if (dropExpired(record, state.nowSec()) && !record.pendingResults) {
      delete record.retryable;
      record.error = LINKS_EXPIRED;
      state.changed(record);
      return Promise.reject(new Error(LINKS_EXPIRED));
    }
    const pending = record.pendingResults;
    const todo = pending.map((p) => ({ source: sourceOf(p), index: p.index }));
    const saved = record.files ?? (record.savedPath ? [record.savedPath] : []);
    return this.guarded(record, (signal) => this.saveEach(record, todo, pending[0]!.count, saved, signal));
  }

  /** The person cancelled: the call under way is aborted; the job fails (or, if it may have arrived, reads fate unknown). */
  cancel(localId: string, reason: Error): void {
    this.running.get(localId)?.abort(reason);
  }

  /** The job is being deleted: its call or save is cancelled, its kept call dropped. */
  forget(localId: string, reason: Error): void {
    this.running.get(localId)?.abort(reason);
    this.kept.delete(localId);
  }

  private async send(localId: string): Promise<string[]> {
    const { state } = this;
    const record = state.byId.get(localId);
    const kept = this.kept.get(localId);
    if (!record || !kept) throw new Error('The request is no longer available.');
    if (state.isDisposed()) throw new Error('The task tracker has been disposed.');
    record.sending = true;
    record.sentAt = state.nowSec();
    state.changed(record);
    return this.guarded(record, async (signal) => {
      let outcome: SyncOutcome;
      try {
        // On disk before the POST leaves: after a crash it reads "fate unknown", never re-sent.
        await this.host.flush();
        signal.throwIfAborted();
        outcome = await kept.call(signal);
      } catch (err) {
        throw this.callFailed(record, cancelledUpload(signal) ?? err, signal); // a Cancel mid-upload: nothing made
      }
      return this.saveAll(record, outcome, signal);
    });
  }

  private callFailed(record: TrackedJobRecord, err: unknown, signal: AbortSignal): unknown {
    const { state } = this;
    if (state.byId.get(record.localId) !== record) return err; // deleted meanwhile
    clearWait(record);
    record.requestId = errorRequestId(err);
    const kind = failureKind(err);
    // A window closing mid-POST cannot know either; a POST that arrived is billed.
    if (kind === 'lost' || (signal.aborted && state.lifetime.aborted)) {
      this.fateUnknown(record, SYNC_FATE_UNKNOWN_IN_WINDOW, err);
    } else if (kind === 'unreadable') {
      this.fateUnknown(record, syncAnswerUnreadable(errorText(err)), err);
    } else {
      // Refused before anything was made: the kept call stays for "Try again".
      if (kind === 'refused') record.retryable = true;
      else this.kept.delete(record.localId);
      this.fail(record, errorText(err));
    }
    state.changed(record);
    return err;
  }

  /** Never re-sent from here: the kept call waits for the person's "Send again". */
  private fateUnknown(record: TrackedJobRecord, text: string, err: unknown): void {
    record.status = 'fate-unknown';
    record.error = text;
    this.state.logger.warn(`${record.kind} request ${record.localId}: outcome unknown, not re-sent: ${errorText(err)}`);
  }

  private async saveAll(record: TrackedJobRecord, outcome: SyncOutcome, signal: AbortSignal): Promise<string[]> {
    const { state } = this;
    // Answered (and billed): never sent again on our own. The kept call goes once the answer was read
    // whole (an audio body is read while it is saved), so a lost answer can still be sent again.
    clearWait(record);
    if (outcome.requestId) record.taskId = outcome.requestId;
    if (typeof outcome.costCents === 'number' && Number.isFinite(outcome.costCents)) record.settledCostCents = outcome.costCents;
    const asked = askedCount(record);
    const results = outcome.results.slice(0, asked);
    if (outcome.results.length > asked) {
      state.logger.warn(`${record.kind} request ${record.taskId ?? record.localId}: ${outcome.results.length} results for ${asked} asked; only the first ${asked} are saved`);
    }
    // Kept (persisted) before the first byte is written: a save cut short is saved later, not lost.
    setPending(record, keepableResults(results, state.nowSec()));
    state.changed(record);
    const count = results.length;
    if (count === 0 || !this.host.saveSync) {
      this.kept.delete(record.localId);
      throw this.failed(record, count === 0 ? NO_RESULTS : NO_SAVER, []);
    }
    return this.saveEach(
      record,
      results.map((source, index) => ({ source, index })),
      count,
      [],
      signal,
    );
  }

  /** Saves `todo` after the files already `saved`; completes the job, or fails it saying what is missing. */
  private async saveEach(record: TrackedJobRecord, todo: readonly ToSave[], count: number, saved: readonly string[], signal: AbortSignal): Promise<string[]> {
    const { state } = this;
    const files = [...saved];
    const failed: number[] = [];
    let why = '';
    for (const { source, index } of todo) {
      try {
        files.push(await this.saveOne(record, source, { index, count }, signal));
        dropPending(record, index);
      } catch (err) {
        if (failureKind(err) === 'unreadable' && files.length === 0 && state.byId.get(record.localId) === record) {
          // The answer's body stalled or broke off while it was saved: accepted, billed, lost.
          noteSavedFiles(record, files);
          this.fateUnknown(record, syncAnswerUnreadable(errorText(err)), err);
          state.changed(record);
          throw err;
        }
        failed.push(index + 1);
        why ||= errorText(err);
        if (isLastingFailure(err, source)) dropPending(record, index);
        if (signal.aborted) break;
      }
    }
    // The answer was read whole (or saving gave up): no "Send again" for it from here on.
    this.kept.delete(record.localId);
    if (state.byId.get(record.localId) !== record) {
      if (failed.length > 0) throw new Error(why);
      return files;
    }
    if (failed.length === 0 && files.length > 0) {
      record.status = 'completed';
      record.progress = 100;
      record.completedAt = state.nowSec();
      delete record.error;
      delete record.retryable;
      delete record.pendingResults;
      noteSavedFiles(record, files);
      state.changed(record);
      return files;
    }
    const again = (record.pendingResults?.length ?? 0) > 0;
    if (again) record.retryable = true;
    else delete record.retryable;
    const text = saveFailureText(count, files.length, failed.length > 0 ? failed : [1], why || NO_RESULTS);
    throw this.failed(record, again ? `${text}${SAVE_AGAIN_HINT}` : text, files);
  }

  /** One result; a download the host refuses for a moment (503, a reset) is tried again after a growing pause. */
  private async saveOne(record: TrackedJobRecord, source: ResultSource, at: { index: number; count: number }, signal: AbortSignal): Promise<string> {
    const { saveSync } = this.host;
    if (!saveSync) throw new Error(NO_SAVER);
    const retrying = (err: unknown, pause: number): void =>
      this.state.logger.info(
        `${record.kind} ${record.taskId ?? record.localId}: result ${at.index + 1} could not be downloaded yet (${errorText(err)}); trying again in ${pause} ms`,
      );
    return saveWithRetry(() => saveSync(toPublic(record), source, at, signal), source, signal, this.host, retrying);
  }

  /** Runs a save of `record` under its own cancel signal (deleting the job or closing the window stops it). */
  private async guarded(record: TrackedJobRecord, run: (signal: AbortSignal) => Promise<string[]>): Promise<string[]> {
    const controller = new AbortController();
    const unlink = linkAbort(this.state.lifetime, controller);
    this.running.set(record.localId, controller);
    try {
      return await run(controller.signal);
    } finally {
      unlink();
      if (this.running.get(record.localId) === controller) this.running.delete(record.localId);
    }
  }

  /** The POST answered but its results were not all saved: what was saved is kept on the record. */
  private failed(record: TrackedJobRecord, text: string, files: string[]): Error {
    if (this.state.byId.get(record.localId) === record) {
      noteSavedFiles(record, files);
      this.fail(record, text);
      record.requestId = record.taskId;
      this.state.changed(record);
    }
    return new Error(text);
  }

  private fail(record: TrackedJobRecord, text: string): void {
    record.status = 'failed';
    record.error = text;
    record.completedAt = this.state.nowSec();
    this.state.logger.warn(`${record.kind} request failed: ${text}`);
  }
}
