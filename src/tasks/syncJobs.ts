// The synchronous kinds (image, speech, music, sound effect): one POST answers with the results,
// which are saved at once. No server task, no follower, no slot of the video limit. A POST whose
// answer never came is `fate-unknown` and never re-sent on our own (it may have been billed); the
// person may send it again while this window keeps the call. The tracker is the facade (runSync):
// this part knows nothing of the endpoints, only a `call` that answers with results.
import type { ResultSource } from '../io/results';
import { clearWait, noteSavedFiles, resetForResend, toPublic, type TrackedRecord } from './records';
import type { TrackerState } from './state';
import { recordFromSyncRequest, type SyncKind, type SyncMeta, type SyncRequest } from './syncRecord';
import { errorCode, errorRequestId, errorStatus, errorText } from './taskApi';
import type { TaskRecord } from './types';
import { linkAbort } from '../util/abort';

export type { SyncKind, SyncMeta, SyncRequest } from './syncRecord';

/** What the POST answered: its X-Request-ID, X-Cost-Cents when sent, and the results in order. */
export interface SyncOutcome {
  requestId: string;
  costCents?: number;
  results: ResultSource[];
}

/** Makes the POST once (ImageApi/AudioApi behind it); rejects with CreateOutcomeUnknownError when its fate is unknown. */
export type SyncCall = (signal: AbortSignal) => Promise<SyncOutcome>;

/** Saves one result (file + sidecar); `index` is 0-based among `count`. Resolves with the saved path. */
export type SaveSync = (record: TaskRecord, source: ResultSource, at: { index: number; count: number }, signal: AbortSignal) => Promise<string>;

export const SYNC_FATE_UNKNOWN_IN_WINDOW =
  'Sent, but the connection was lost before Airforce answered: whether it was made (and billed) is unknown, and such a request cannot be looked up. It was not sent again: "Send again" may be billed twice.';
export const SYNC_FATE_UNKNOWN_AFTER_RESTART =
  'The window closed while this request was being sent: whether it was made (and billed) is unknown. It was not sent again: "Generate again" fills the form anew (it may be billed twice).';
export const SYNC_SAVE_INTERRUPTED =
  'The window closed while the results were being saved: Airforce answered (and billed), but the files may be missing. "Generate again" fills the form anew.';
/** Starts like REQUEST_GONE_MESSAGE: callers offer "Generate again" for both. */
export const SYNC_REQUEST_GONE_MESSAGE =
  'The request is no longer available (the window was restarted while it was being sent): use "Generate again" to fill the form anew.';
/** The POST was accepted (2xx) but its answer stalled, broke off or could not be parsed. */
export function syncAnswerUnreadable(reason: string): string {
  return `Airforce accepted the request, so it was probably made and billed, but its answer could not be read (${reason.replace(/[.\s]+$/, '')}): the result is lost. It was not sent again: "Send again" may be billed twice.`;
}
const NO_SAVER = 'Saving results is not available.';
const NO_RESULTS = 'Airforce answered without any result.';

/**
 * What a failed call (or the read of its answer) means for the money: `lost` = the POST may have
 * arrived, its answer never came; `unreadable` = it was accepted (2xx) and its answer lost; `refused`
 * = nothing was made (the connection never opened, or the provider reported an error event), so
 * "Try again" is safe; `final` = the server refused the request itself.
 */
function failureKind(err: unknown): 'lost' | 'unreadable' | 'refused' | 'final' {
  const code = errorCode(err);
  if (code === 'create_outcome_unknown') return 'lost';
  const status = errorStatus(err);
  if (status !== undefined && status >= 200 && status < 300) return 'unreadable';
  if (code === 'provider_error' || (err as { notSent?: unknown } | undefined)?.notSent === true) return 'refused';
  return 'final';
}

interface Kept {
  request: SyncRequest;
  call: SyncCall;
}

export class SyncJobs {
  /** Request and call, kept (memory only: they may hold image bytes) until the POST answered or failed for sure. */
  private readonly kept = new Map<string, Kept>();
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly state: TrackerState,
    private readonly host: { saveSync?: SaveSync; flush(): Promise<void> },
  ) {}

  /** Adds the job and makes the call once; `files` resolves with the saved paths, rejects with the job's error. */
  run(kind: SyncKind, request: SyncRequest, meta: SyncMeta, call: SyncCall): { localId: string; files: Promise<string[]> } {
    const { state } = this;
    const localId = state.newId();
    state.byId.set(localId, recordFromSyncRequest(kind, request, meta, localId, state.nowSec()));
    this.kept.set(localId, { request, call });
    return { localId, files: this.send(localId) };
  }

  /** The person's say-so: one more call for a fate-unknown job whose call this window still has. */
  sendAgain(record: TrackedRecord): Promise<string[]> {
    if (record.status !== 'fate-unknown' && !(record.status === 'failed' && record.retryable === true)) {
      return Promise.reject(new Error(`Only a request whose fate is unknown can be sent again (this one is ${record.status}).`));
    }
    if (!this.kept.has(record.localId)) return Promise.reject(new Error(SYNC_REQUEST_GONE_MESSAGE));
    resetForResend(record);
    return this.send(record.localId);
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
    const controller = new AbortController();
    const unlink = linkAbort(state.lifetime, controller);
    this.running.set(localId, controller);
    record.sending = true;
    record.sentAt = state.nowSec();
    state.changed(record);
    try {
      let outcome: SyncOutcome;
      try {
        // On disk before the POST leaves: after a crash it reads "fate unknown", never re-sent.
        await this.host.flush();
        controller.signal.throwIfAborted();
        outcome = await kept.call(controller.signal);
      } catch (err) {
        throw this.callFailed(record, err, controller.signal);
      }
      return await this.saveAll(record, outcome, controller.signal);
    } finally {
      unlink();
      if (this.running.get(localId) === controller) this.running.delete(localId);
    }
  }

  private callFailed(record: TrackedRecord, err: unknown, signal: AbortSignal): unknown {
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
  private fateUnknown(record: TrackedRecord, text: string, err: unknown): void {
    record.status = 'fate-unknown';
    record.error = text;
    this.state.logger.warn(`${record.kind} request ${record.localId}: outcome unknown, not re-sent: ${errorText(err)}`);
  }

  private async saveAll(record: TrackedRecord, outcome: SyncOutcome, signal: AbortSignal): Promise<string[]> {
    const { state } = this;
    // Answered (and billed): never sent again on our own. The kept call goes once the answer was read
    // whole (an audio body is read while it is saved), so a lost answer can still be sent again.
    clearWait(record);
    if (outcome.requestId) record.taskId = outcome.requestId;
    if (typeof outcome.costCents === 'number' && Number.isFinite(outcome.costCents)) record.settledCostCents = outcome.costCents;
    state.changed(record);
    const count = outcome.results.length;
    const { saveSync } = this.host;
    if (count === 0 || !saveSync) {
      this.kept.delete(record.localId);
      throw this.failed(record, count === 0 ? NO_RESULTS : NO_SAVER, []);
    }
    const files: string[] = [];
    for (let index = 0; index < count; index++) {
      try {
        files.push(await saveSync(toPublic(record), outcome.results[index], { index, count }, signal));
      } catch (err) {
        if (failureKind(err) === 'unreadable' && files.length === 0 && state.byId.get(record.localId) === record) {
          // The answer's body stalled or broke off while it was saved: accepted, billed, lost.
          noteSavedFiles(record, files);
          this.fateUnknown(record, syncAnswerUnreadable(errorText(err)), err);
          state.changed(record);
          throw err;
        }
        this.kept.delete(record.localId);
        const why = errorText(err);
        const text =
          count > 1
            ? `Saved ${files.length} of ${count} results; result ${index + 1} could not be saved: ${why}`
            : `The result could not be saved: ${why}`;
        throw this.failed(record, text, files);
      }
    }
    this.kept.delete(record.localId);
    if (state.byId.get(record.localId) !== record) return files;
    record.status = 'completed';
    record.progress = 100;
    record.completedAt = state.nowSec();
    delete record.error;
    noteSavedFiles(record, files);
    state.changed(record);
    return files;
  }

  /** The POST answered but its results were not all saved: what was saved is kept on the record. */
  private failed(record: TrackedRecord, text: string, files: string[]): Error {
    if (this.state.byId.get(record.localId) === record) {
      noteSavedFiles(record, files);
      this.fail(record, text);
      record.requestId = record.taskId;
      this.state.changed(record);
    }
    return new Error(text);
  }

  private fail(record: TrackedRecord, text: string): void {
    record.status = 'failed';
    record.error = text;
    record.completedAt = this.state.nowSec();
    this.state.logger.warn(`${record.kind} request failed: ${text}`);
  }
}

/**
 * After a restart: a sync job still marked under way never learns its fate (it cannot be looked up):
 * before its answer it is fate-unknown; after it, the save was cut short. A fate-unknown one's call
 * is gone: it offers "Generate again". Call on the loaded records before the restore sees them.
 */
export function settleRestoredSyncJobs(records: readonly TrackedRecord[], nowSec: number): void {
  for (const record of records) {
    if (record.kind === 'video') continue;
    if (record.status === 'fate-unknown') record.error = SYNC_FATE_UNKNOWN_AFTER_RESTART;
    if (record.status !== 'waiting') continue;
    clearWait(record);
    if (record.taskId) {
      record.status = 'failed';
      record.error = SYNC_SAVE_INTERRUPTED;
      record.completedAt = nowSec;
    } else {
      record.status = 'fate-unknown';
      record.error = SYNC_FATE_UNKNOWN_AFTER_RESTART;
    }
  }
}
