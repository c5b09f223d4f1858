// How a task record looks in the sidebar: pure, so the rules are unit-tested without VS Code.
import type { TaskRecord } from '../tasks/types';
import { formatCents } from '../api/cost';

export const TASK_CONTEXT_PREFIX = 'airforce.task.';

/** `viewItem` value; menus match on it (`.saved` hides "Download" once the file exists). */
export function taskContextValue(r: TaskRecord): string {
  const saved = r.status === 'completed' && r.savedPath ? '.saved' : '';
  return `${TASK_CONTEXT_PREFIX}${r.status}${saved}`;
}

export interface TaskIcon {
  id: string;
  color?: string;
}

export function taskIcon(r: TaskRecord): TaskIcon {
  switch (r.status) {
    case 'waiting':
      return { id: 'clock', color: 'disabledForeground' };
    case 'queued':
      return { id: 'history' };
    case 'processing':
      return { id: 'loading~spin' };
    case 'completed':
      return r.savedPath ? { id: 'pass-filled', color: 'testing.iconPassed' } : { id: 'cloud-download', color: 'testing.iconPassed' };
    case 'failed':
      return { id: 'error', color: 'errorForeground' };
    case 'expired':
      return { id: 'watch', color: 'disabledForeground' };
  }
}

/** "5s", "3m", "2h", "4d": compact, locale-neutral age for the tree description. */
export function formatAge(fromUnixSeconds: number, nowMs: number): string {
  const s = Math.max(0, Math.round(nowMs / 1000 - fromUnixSeconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

export function taskLabel(r: TaskRecord): string {
  const oneLine = r.prompt.replace(/\s+/g, ' ').trim();
  return oneLine.length > 80 ? `${oneLine.slice(0, 79)}…` : oneLine || r.taskId || r.localId;
}

/** model · 8s · $3.20 · 42% · 3m */
export function taskDescription(r: TaskRecord, nowMs: number): string {
  const parts = [r.model, `${r.duration_seconds}s`];
  if (r.costCents !== undefined) parts.push(formatCents(r.costCents));
  if (r.status === 'processing' || (r.status === 'queued' && r.progress > 0)) parts.push(`${Math.round(r.progress)}%`);
  parts.push(formatAge(r.created, nowMs));
  return parts.join(' · ');
}

export function isRunning(r: TaskRecord): boolean {
  return r.status === 'waiting' || r.status === 'queued' || r.status === 'processing';
}
