// The panel's side of an operation's upload (the commands show theirs in a notification): the
// progress of a file from UPLOAD_PROGRESS_FROM_BYTES on goes to the app as `uploadProgress` for the
// task (once per whole percent; what arrives before the task has its id waits for it), and the app's
// Cancel stops the upload only while bytes are still being sent — after the last one the request may
// have been made and billed, so it is left to finish. No vscode import.
import type { HostMessage } from '../protocol';
import { UPLOAD_PROGRESS_FROM_BYTES, type UploadProgress } from '../../submit/operationCall';

export interface WatchedUpload {
  /** The submit's progress callback. */
  progress: UploadProgress;
  /** The job has its id: progress so far is posted, and Cancel may stop it. */
  started(localId: string): void;
  /** Nothing was started (refused, declined): forget it. */
  end(): void;
}

export class UploadWatch {
  /** Tasks whose upload is still being sent. */
  private readonly sending = new Set<string>();

  constructor(
    private readonly post: (message: HostMessage) => void,
    private readonly stop: (localId: string) => void,
  ) {}

  begin(): WatchedUpload {
    let localId: string | undefined;
    let ended = false;
    let shown = -1;
    let latest: { sent: number; total: number } | undefined;
    const send = (): void => {
      if (!localId || !latest) return;
      const { sent, total } = latest;
      // Cancellable only while bytes are still going out (a "Try again" sends the kept call anew).
      if (sent < total) this.sending.add(localId);
      else this.sending.delete(localId);
      this.post({ type: 'uploadProgress', localId, sent, total });
    };
    return {
      progress: (sent, total) => {
        if (ended || total < UPLOAD_PROGRESS_FROM_BYTES) return;
        const pct = Math.floor((sent / total) * 100);
        // The last byte always counts: the app then stops showing the bar and the Cancel.
        if (pct === shown && sent < total) return;
        shown = pct;
        latest = { sent, total };
        send();
      },
      started: (id) => {
        localId = id;
        send();
      },
      end: () => {
        ended = true;
      },
    };
  }

  /** Cancel from the app: only an upload still being sent is stopped (nothing billed). */
  cancel(localId: string): boolean {
    if (!this.sending.has(localId)) return false;
    this.sending.delete(localId);
    this.stop(localId);
    return true;
  }
}
