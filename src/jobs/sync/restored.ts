// After a restart, a synchronous job still marked under way never learns its fate (one POST, nothing
// to look up): before its answer it is fate-unknown, after it its save was cut short. The live side
// (sending, saving, "Send again") is jobs.ts.
import { clearWait, type TrackedJobRecord } from '../records';
import { dropExpired, SAVE_AGAIN_HINT } from './save';

export const SYNC_FATE_UNKNOWN_AFTER_RESTART =
  'The window closed while this request was being sent: whether it was made (and billed) is unknown. It was not sent again: "Generate again" fills the form anew (it may be billed twice).';
export const SYNC_SAVE_INTERRUPTED =
  'The window closed while the results were being saved: Airforce answered (and billed), but the files may be missing. "Generate again" fills the form anew.';
export const SYNC_SAVE_INTERRUPTED_KEPT = `The window closed while the results were being saved.${SAVE_AGAIN_HINT}`;

/**
 * After a restart: a sync job still marked under way never learns its fate (it cannot be looked up):
 * before its answer it is fate-unknown; after it, the save was cut short. A fate-unknown one's call
 * is gone: it offers "Generate again". Call on the loaded records before the restore sees them.
 */
export function settleRestoredSyncJobs(records: readonly TrackedJobRecord[], nowSec: number): void {
  for (const record of records) {
    // Video and dubbing jobs are followed after a restart (the video restore, jobs/dub/dubJobs.ts).
    if (record.kind === 'video' || record.kind === 'dub') continue;
    if (record.status === 'fate-unknown') record.error = SYNC_FATE_UNKNOWN_AFTER_RESTART;
    // Kept results whose links expired while the window was closed can no longer be saved.
    if (dropExpired(record, nowSec) && !record.pendingResults && record.status === 'failed') delete record.retryable;
    if (record.status !== 'waiting') continue;
    clearWait(record);
    if (record.taskId) {
      record.status = 'failed';
      record.completedAt = nowSec;
      if (record.pendingResults?.length) {
        record.retryable = true;
        record.error = SYNC_SAVE_INTERRUPTED_KEPT;
      } else record.error = SYNC_SAVE_INTERRUPTED;
    } else {
      record.status = 'fate-unknown';
      record.error = SYNC_FATE_UNKNOWN_AFTER_RESTART;
    }
  }
}
