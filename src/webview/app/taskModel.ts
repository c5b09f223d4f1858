// What the task view shows for a given task state. Pure, so the rules are unit-tested.
import type { StringKey, TaskView } from '../protocol';
import { formatElapsed } from './formModel';

export type TaskPhase = 'running' | 'saving' | 'ready' | 'failed';

export function taskPhase(t: TaskView): TaskPhase {
  if (t.status === 'failed' || t.status === 'expired') return 'failed';
  if (t.status !== 'completed') return 'running';
  if (t.savedPath && t.videoUri) return 'ready';
  // Completed on the server but not (yet) on disk: still saving, or saving failed.
  return t.downloadError ? 'failed' : 'saving';
}

export function statusKey(t: TaskView): StringKey {
  return `status.${t.status}`;
}

/** Elapsed time: runs until the task ends, then freezes at its end time. */
export function elapsedText(t: TaskView, now: number): string {
  return formatElapsed((t.endedAt ?? now) - t.startedAt);
}

/** The bar: the server's progress; full when completed, whatever the last report said. */
export function progressPercent(t: TaskView): number {
  if (t.status === 'completed') return 100;
  return Math.round(Math.max(0, Math.min(100, t.progress)));
}

/** File actions need the saved file. */
export function canUseFile(t: TaskView): boolean {
  return t.savedPath !== undefined;
}
