// How a task record looks in the sidebar: pure, so the rules are unit-tested without VS Code.
// The words are chosen in tasksTree.ts (vscode.l10n); this module decides which state a row shows.
import type { TaskRecord } from '../tasks/types';
import { formatCents } from '../api/cost';

export const TASK_CONTEXT_PREFIX = 'airforce.task.';

/**
 * A record as drawn. Read defensively: records persisted by an older version lack the newer fields,
 * and a status string this version does not know must still draw a row (as "unknown status").
 */
export type PresentedRecord = TaskRecord;

/** What a row has to say beyond its status: one of these, or nothing. */
export type RowNotice =
  | { kind: 'fate-unknown' }
  | { kind: 'waiting'; reason?: string; since?: number }
  | { kind: 'retryable'; error: string }
  | { kind: 'failed'; error: string }
  | { kind: 'unrecognized'; raw: string }
  /** Still running, but reading its status keeps failing (shown while following goes on). */
  | { kind: 'troubled'; error: string };

const RUNNING = new Set(['waiting', 'queued', 'processing', 'unrecognized']);

const statusOf = (r: PresentedRecord): string => String(r.status);

export function isRunning(r: TaskRecord): boolean {
  return RUNNING.has(statusOf(r));
}

export function isRetryable(r: PresentedRecord): boolean {
  return statusOf(r) === 'failed' && r.retryable === true;
}

export function rowNotice(r: PresentedRecord): RowNotice | undefined {
  switch (statusOf(r)) {
    case 'fate-unknown':
      return { kind: 'fate-unknown' };
    case 'waiting':
      return { kind: 'waiting', reason: r.waitReason || undefined, since: r.waitingSince };
    case 'failed':
      return { kind: r.retryable === true ? 'retryable' : 'failed', error: r.error ?? '' };
    case 'queued':
    case 'processing':
      return r.error ? { kind: 'troubled', error: r.error } : undefined;
    case 'completed':
    case 'expired':
      return undefined;
    case 'unrecognized':
      return { kind: 'unrecognized', raw: r.rawStatus ?? '' };
    default:
      // A status newer than this code (a record from another version): shown as the server's word.
      return { kind: 'unrecognized', raw: statusOf(r) };
  }
}

/**
 * `viewItem` value; menus match on it: `.saved` hides "Download" once the file exists, a lost create
 * is `fate-unknown` (Look Again, Send Again), a failure the server provably refused is
 * `failed.retryable` (Try Again).
 */
export function taskContextValue(r: PresentedRecord): string {
  const status = statusOf(r);
  if (status === 'completed' && r.savedPath) return `${TASK_CONTEXT_PREFIX}completed.saved`;
  if (isRetryable(r)) return `${TASK_CONTEXT_PREFIX}failed.retryable`;
  // Anything unknown reads as one value, so no menu regex can match a stray server word.
  return `${TASK_CONTEXT_PREFIX}${KNOWN_CONTEXT.has(status) ? status : 'unrecognized'}`;
}

const KNOWN_CONTEXT = new Set(['waiting', 'queued', 'processing', 'completed', 'failed', 'expired', 'fate-unknown', 'unrecognized']);

export interface TaskIcon {
  id: string;
  color?: string;
}

const WARNING = 'problemsWarningIcon.foreground';

export function taskIcon(r: PresentedRecord): TaskIcon {
  const notice = rowNotice(r);
  if (notice?.kind === 'troubled') return { id: 'warning', color: WARNING };
  switch (statusOf(r)) {
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
    case 'fate-unknown':
      // The connection dropped before the answer: distinct from both running and failed.
      return { id: 'debug-disconnect', color: WARNING };
    default:
      return { id: 'question' };
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

/** "0:42", "12:05", "1:02:03": how long a wait has lasted, as a clock would show it. */
export function formatElapsed(fromUnixSeconds: number, nowMs: number): string {
  const s = Math.max(0, Math.floor(nowMs / 1000 - fromUnixSeconds));
  const two = (n: number): string => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

/** First clause of a sentence, bounded: "The API allows 4 videos at a time: waiting…" → "The API allows 4 videos at a time". */
export function shortText(text: string, max = 60): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const clause = /^(.+?)(?:[:;]\s|\.\s|\.$)/.exec(oneLine)?.[1] ?? oneLine;
  return clause.length > max ? `${clause.slice(0, max - 1)}…` : clause;
}

export function taskLabel(r: TaskRecord): string {
  const oneLine = r.prompt.replace(/\s+/g, ' ').trim();
  return oneLine.length > 80 ? `${oneLine.slice(0, 79)}…` : oneLine || r.taskId || r.localId;
}

/** model · 8s · $3.20 · 42% · 3m (a row's notice, if any, goes in front: tasksTree.ts). */
export function taskDescription(r: TaskRecord, nowMs: number): string {
  const parts = [r.model, `${r.duration_seconds}s`];
  if (r.costCents !== undefined) parts.push(formatCents(r.costCents));
  const status = statusOf(r);
  if (status === 'processing' || ((status === 'queued' || status === 'unrecognized') && r.progress > 0)) {
    parts.push(`${Math.round(r.progress)}%`);
  }
  parts.push(formatAge(r.created, nowMs));
  return parts.join(' · ');
}
