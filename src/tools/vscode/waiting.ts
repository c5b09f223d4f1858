// How a tool waits for what it started: a promise raced with the invocation's CancellationToken
// (cancelling stops the wait, never the job: the tracker keeps following it), and a video followed
// through the tracker's changes until its file is saved, its progress in the status bar meanwhile.
import * as vscode from 'vscode';
import type { Airforce } from '../../container';
import { config } from '../../config';
import type { JobRecord } from '../../jobs/types';
import type { JobKind } from '../../kinds';
import { waitingTitle } from './toolText';

export const CANCELLED = Symbol('cancelled');

/** `promise`'s value, or CANCELLED once the token is (the promise goes on; its rejection is kept quiet). */
export function unlessCancelled<T>(promise: Promise<T>, token: vscode.CancellationToken): Promise<T | typeof CANCELLED> {
  if (token.isCancellationRequested) {
    promise.catch(() => undefined);
    return Promise.resolve(CANCELLED);
  }
  return new Promise((resolve, reject) => {
    const sub = token.onCancellationRequested(() => {
      sub.dispose();
      promise.catch(() => undefined);
      resolve(CANCELLED);
    });
    promise.then(
      (v) => {
        sub.dispose();
        resolve(v);
      },
      (e: unknown) => {
        sub.dispose();
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** A followed job (video, dub) shown in the status bar while a tool waits for it. */
export function withWaitProgress<T>(kind: JobKind, task: (report: (percent: number) => void) => Promise<T>): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: waitingTitle(kind) }, (progress) => {
      let shown = -1;
      return task((percent) => {
        const p = Math.max(0, Math.min(100, Math.floor(percent)));
        if (p !== shown) progress.report({ message: `${p}%` });
        shown = p;
      });
    }),
  );
}

/** Where a video's wait ended: saved, failed or expired, of unknown fate, or ready but not saved. */
function settled(r: JobRecord): boolean {
  if (r.status === 'failed' || r.status === 'expired' || r.status === 'fate-unknown') return true;
  return r.status === 'completed' && (r.savedPath !== undefined || r.downloadError !== undefined);
}

/**
 * The video's record once its wait ended (see settled), or CANCELLED; undefined when the record is
 * gone (deleted meanwhile). Downloads it when airforce.autoDownload is off: the tool was asked for the file.
 */
export async function videoOutcome(
  af: Airforce,
  localId: string,
  token: vscode.CancellationToken,
  report: (percent: number) => void,
): Promise<JobRecord | undefined | typeof CANCELLED> {
  const tracker = af.tracker;
  let asked = false;
  let sub: { dispose(): void } | undefined;
  const done = new Promise<JobRecord | undefined>((resolve) => {
    const check = (): void => {
      const r = tracker.get(localId);
      if (!r || settled(r)) return resolve(r);
      report(r.progress);
      if (r.status === 'completed' && !config.autoDownload() && !asked) {
        asked = true;
        tracker.downloadNow(localId).catch(() => undefined); // its failure lands on the record (downloadError)
      }
    };
    sub = tracker.onDidChange(check);
    check();
  });
  try {
    return await unlessCancelled(done, token);
  } finally {
    sub?.dispose();
  }
}
