// One line of the spending ledger: what one job is worth at one moment. The schema is the single
// source of the type and reads every line back (a torn or foreign line is skipped, never fatal).
import * as z from 'zod/mini';
import { JOB_KIND_IDS, type JobKind } from '../kinds';

/**
 * What the ledger counts: every job kind, and `chat` — prompt help's chat calls (Improve prompt,
 * Storyboard from selection), which are no jobs (no record, no task) but cost money like them.
 */
export const SPEND_KIND_IDS = [...JOB_KIND_IDS, 'chat'] as const;
export type SpendKind = JobKind | 'chat';
export const SpendKindSchema = z.enum(SPEND_KIND_IDS);
/** The chart colour of the chat calls (the job kinds' are in kinds.ts): green, apart from Transcription's cyan in the light themes. */
export const CHAT_CHART_COLOUR = '--vscode-terminal-ansiBrightGreen';

/**
 * `inflight` = submitted and not ended (waiting in the local queue counts: it is sent without asking
 * again); `settled` = completed, `cents` is what it cost; `void` = failed, expired or withdrawn: 0.
 */
export const SpendStateSchema = z.enum(['inflight', 'settled', 'void']);
export type SpendState = z.infer<typeof SpendStateSchema>;

const cents = z.number().check(z.gte(0));

export const SpendEventSchema = z.object({
  v: z.literal(1),
  /** The job's local id: the key events are folded by. */
  id: z.string().check(z.minLength(1)),
  /** When this event was written (ms): how old a hold or a reservation is; orders events without `rev`. */
  t: z.number(),
  /** Tie-break between events of one writer within the same millisecond. */
  seq: z._default(z.number(), 0),
  /**
   * The job's own event number (1, 2, …: one more than the highest its writer knew of): a later event
   * of a job wins by this, not by the wall clock, so a clock stepped back never revives an old state.
   * Lines written before it existed have none and are ordered by `t`.
   */
  rev: z.optional(z.number()),
  /** When the job's request was sent (unix seconds, this machine's clock): the day and month it counts in. */
  at: z.number(),
  kind: SpendKindSchema,
  model: z.string(),
  state: SpendStateSchema,
  /** The estimate before sending (or the task's own figure). */
  est: z.optional(cents),
  /** inflight: what is reserved; settled: what it cost. */
  cents: z.optional(cents),
  /** settled: `cents` is what the server billed (X-Cost-Cents), not the task's figure or an estimate. */
  billed: z.optional(z.boolean()),
  /**
   * settled: the server's figure is far from the estimate (spend.ts isImplausible), so it is not
   * counted until the person accepts it (`accepted`).
   */
  implausible: z.optional(z.boolean()),
  accepted: z.optional(z.boolean()),
});
export type SpendEvent = z.output<typeof SpendEventSchema>;
/** A job as the ledger knows it: its latest event. */
export type SpendEntry = SpendEvent;

/** Is `next` newer than `current`? The job's event number when both have one, else time; then the writer's sequence. */
function isNewer(next: SpendEvent, current: SpendEvent): boolean {
  if (next.rev !== undefined && current.rev !== undefined && next.rev !== current.rev) return next.rev > current.rev;
  return next.t > current.t || (next.t === current.t && next.seq >= current.seq);
}

/**
 * Folds one event into the map. The newest event of an id wins, except that a settled job stays
 * settled: what was billed is not refunded when its result later expires or its record is deleted
 * (only a newer settled figure replaces it).
 */
export function foldEvent(entries: Map<string, SpendEntry>, event: SpendEvent): void {
  const current = entries.get(event.id);
  if (!current) {
    entries.set(event.id, event);
    return;
  }
  if (current.state === 'settled' && event.state !== 'settled') return;
  if (current.state !== 'settled' && event.state === 'settled') {
    entries.set(event.id, event);
    return;
  }
  if (isNewer(event, current)) entries.set(event.id, event);
}

function parseEvent(text: string): SpendEvent | undefined {
  try {
    const parsed = SpendEventSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Where every event line starts (JSON.stringify keeps `v` first). */
const EVENT_START = '{"v":';

/**
 * One JSON line, or undefined when it is not a ledger event. A line that a window which died
 * mid-write left torn, and that another window's event was then appended to, still yields that event.
 */
export function parseEventLine(line: string): SpendEvent | undefined {
  const text = line.trim();
  if (!text) return undefined;
  const whole = parseEvent(text);
  if (whole) return whole;
  const last = text.lastIndexOf(EVENT_START);
  return last > 0 ? parseEvent(text.slice(last)) : undefined;
}
