// How a task record looks in the sidebar: pure, so the rules are unit-tested without VS Code.
// The words are chosen in tasksTree.ts (vscode.l10n); this module decides which state a row shows.
import { isJobKind, isSyncJobKind, jobKindFacts } from '../kinds';
import type { JobRecord } from '../jobs/types';
import { formatCostCents } from './money';
import { jobCosts, type JobCosts } from '../spending/spend';

export const TASK_CONTEXT_PREFIX = 'airforce.task.';

/**
 * A record as drawn. Read defensively: records persisted by an older version lack the newer fields,
 * and a status string this version does not know must still draw a row (as "unknown status").
 */
export type PresentedRecord = JobRecord;

/** What a row has to say beyond its status: one of these, or nothing. */
export type RowNotice =
  | { kind: 'fate-unknown' }
  | { kind: 'waiting'; reason?: string; since?: number }
  | { kind: 'retryable'; error: string }
  | { kind: 'failed'; error: string }
  | { kind: 'unrecognized'; raw: string }
  /** Still running, but reading its status keeps failing (shown while following goes on). */
  | { kind: 'troubled'; error: string }
  /** Finished on the server and not downloaded yet (e.g. while the window was closed, or in another one). */
  | { kind: 'ready' };

const RUNNING = new Set(['waiting', 'queued', 'processing', 'unrecognized']);

const statusOf = (r: PresentedRecord): string => String(r.status);

export function isRunning(r: JobRecord): boolean {
  return RUNNING.has(statusOf(r));
}

/** A video in the local queue (at most 4 are sent at a time): not sent yet, so not generating. */
export function waitsLocally(r: JobRecord): boolean {
  return (r.kind ?? 'video') === 'video' && statusOf(r) === 'waiting';
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
      return r.savedPath ? undefined : { kind: 'ready' };
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
 * `viewItem` value: `airforce.task.<kind>.<state>`, so each kind's menu has its own words (Open
 * Video / Open Image / Open Audio, Copy Task ID / Copy Request ID). The state: `.saved` hides
 * "Download" once the file exists, a lost create is `fate-unknown` (Look Again, Send Again), a
 * failure the server provably refused is `failed.retryable` (Try Again).
 */
export function taskContextValue(r: PresentedRecord): string {
  const status = statusOf(r);
  const kind = isJobKind(r.kind) ? r.kind : 'video';
  const prefix = `${TASK_CONTEXT_PREFIX}${kind}.`;
  if (status === 'completed' && r.savedPath) return `${prefix}completed.saved`;
  if (isRetryable(r)) return `${prefix}failed.retryable`;
  // Anything unknown reads as one value, so no menu regex can match a stray server word.
  return `${prefix}${KNOWN_CONTEXT.has(status) ? status : 'unrecognized'}`;
}

const KNOWN_CONTEXT = new Set(['waiting', 'queued', 'processing', 'completed', 'failed', 'expired', 'fate-unknown', 'unrecognized']);

export interface TaskIcon {
  id: string;
  color?: string;
}

const WARNING = 'problemsWarningIcon.foreground';

/** A job of a synchronous kind (one POST answers with the files); older records without a kind are video. */
export const isSyncJob = (r: PresentedRecord): boolean => isSyncJobKind(r.kind ?? 'video');

/**
 * A video row shows its status (it runs for minutes and is downloaded afterwards); the other kinds
 * show their kind, coloured by how it ended, and a spinner while the request is under way.
 */
export function taskIcon(r: PresentedRecord): TaskIcon {
  const notice = rowNotice(r);
  if (notice?.kind === 'troubled') return { id: 'warning', color: WARNING };
  if (isSyncJob(r)) return syncIcon(r);
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

// The kind's icon (KINDS[kind].icon); video rows keep their status icons, see taskIcon.
function syncIcon(r: PresentedRecord): TaskIcon {
  const id = isJobKind(r.kind) ? jobKindFacts(r.kind).icon : 'question';
  switch (statusOf(r)) {
    case 'completed':
      return { id, color: 'testing.iconPassed' };
    case 'failed':
      return { id, color: 'errorForeground' };
    case 'fate-unknown':
      return { id, color: WARNING };
    case 'expired':
      return { id, color: 'disabledForeground' };
    default:
      // Waiting for the POST's answer (a sync job never queues on the server).
      return { id: 'loading~spin' };
  }
}

/** The file a click opens: the first saved file. */
export function firstFile(r: PresentedRecord): string | undefined {
  return r.savedPath ?? r.files?.[0];
}

/** A job's estimate and what it settled at, side by side: the one rule of src/spending/spend.ts. */
export const taskCosts = (r: PresentedRecord): JobCosts => jobCosts(r);

/**
 * The row's cost: one figure when estimate and bill agree (as shown), "≈$2.20 → $2.00" when they
 * differ; none for a failed or expired job the server did not bill (its estimate would read as a
 * cost — the tooltip still names it as the estimate). A fate-unknown job keeps its estimate: it may
 * have been billed.
 */
export function costText(r: PresentedRecord): string | undefined {
  const { estimate, settled, billed } = taskCosts(r);
  if ((r.status === 'failed' || r.status === 'expired') && !billed) return undefined;
  const est = estimate === undefined ? undefined : formatCostCents(estimate);
  const paid = settled === undefined ? undefined : formatCostCents(settled);
  if (est !== undefined && paid !== undefined && est !== paid) return `≈${est} → ${paid}`;
  return paid ?? est;
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

/**
 * One line of at most `max` characters, cut at a word boundary with an ellipsis: "A red fox runs
 * across a snowy…", never "A red fox runs acr". A single word longer than the limit is cut inside it.
 */
export function clipText(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  if (oneLine.length <= max) return oneLine;
  const head = oneLine.slice(0, max - 1);
  const space = head.lastIndexOf(' ');
  // A boundary too early would drop most of the text: then the word itself is cut.
  const cut = space >= max / 2 ? head.slice(0, space) : head;
  return `${cut.replace(/[\s,.;:—-]+$/, '')}…`;
}

/** First clause of a sentence, bounded: "The API allows 4 videos at a time: waiting…" → "The API allows 4 videos at a time". */
export function shortText(text: string, max = 60): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const clause = /^(.+?)(?:[:;]\s|\.\s|\.$)/.exec(oneLine)?.[1] ?? oneLine;
  return clipText(clause, max);
}

export function jobLabel(r: JobRecord): string {
  return clipText(r.prompt, 80) || r.taskId || r.localId;
}

const numberOf = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The request's size in a word: video 8s, images ×4, a voice, a clip's length; locale-neutral. */
export function taskSize(r: JobRecord): string | undefined {
  const extra = r.extra ?? {};
  switch (r.kind ?? 'video') {
    case 'video':
      return `${r.duration_seconds}s`;
    case 'image': {
      const n = r.files?.length || numberOf(extra.n) || 1;
      return n > 1 ? `×${n}` : undefined;
    }
    case 'speech':
      return typeof extra.voice === 'string' && extra.voice ? extra.voice : undefined;
    case 'music': {
      const ms = numberOf(extra.music_length_ms);
      return ms === undefined ? undefined : `${Number((ms / 1000).toFixed(1))}s`;
    }
    case 'sfx': {
      const s = numberOf(extra.duration_seconds);
      return s === undefined ? undefined : `${Number(s.toFixed(1))}s`;
    }
    case 'transcribe':
      return typeof extra.language === 'string' && extra.language ? extra.language : undefined;
    case 'dub':
      return typeof extra.target_lang === 'string' ? `→ ${extra.target_lang}` : undefined;
    case 'voiceChange':
      return typeof extra.voice_name === 'string' && extra.voice_name ? extra.voice_name : typeof extra.voice === 'string' ? extra.voice : undefined;
    default: {
      // The source's length, for every operation on a file.
      const d = r.source?.durationSeconds;
      return d === undefined ? undefined : `${Math.round(d)}s`;
    }
  }
}

/**
 * model · 8s · $3.20 · 42% · 3m (a row's notice, if any, goes in front: tasksTree.ts). Without the
 * model where the row's label already is the model (a comparison's job).
 */
export function taskDescription(r: JobRecord, nowMs: number, withModel = true): string {
  const parts = withModel ? [r.model] : [];
  const size = taskSize(r);
  if (size) parts.push(size);
  const cost = costText(r);
  if (cost) parts.push(cost);
  const status = statusOf(r);
  if (status === 'processing' || ((status === 'queued' || status === 'unrecognized') && r.progress > 0)) {
    parts.push(`${Math.round(r.progress)}%`);
  }
  parts.push(formatAge(r.created, nowMs));
  return parts.join(' · ');
}
