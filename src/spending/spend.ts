// What a job costs, as the ledger counts it, and the totals the status bar, the budget and the
// Show Spending view read. Spent = the settled cost of completed jobs: X-Cost-Cents when the server
// sent it, else the task's own cost_cents (or, for a synchronous kind without the header, its
// estimate); failed, expired and never-sent jobs cost nothing. A job counts in the local day (and
// month) its request was sent (recorder.ts jobTime).
import type { JobKind, TaskRecord } from '../tasks/types';
import type { SpendEntry, SpendState } from './events';
import { inRange, lastDays, periodRange, type BudgetPeriod, type Range } from './periods';

const finite = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

export interface JobCosts {
  /** The job's own figure before it ended: the pipeline's estimate, or a video task's cost_cents. */
  estimate?: number;
  /** What a completed job cost: X-Cost-Cents when the server sent it (`billed`), else that same figure. */
  settled?: number;
  billed: boolean;
}

/** Estimate and settled cost, side by side (the Tasks view, the CSV and the ledger all read this). */
export function jobCosts(r: TaskRecord): JobCosts {
  const estimate = finite(r.costCents);
  const header = finite(r.settledCostCents);
  const settled = String(r.status) === 'completed' ? (header ?? estimate) : undefined;
  return { ...(estimate !== undefined ? { estimate } : {}), ...(settled !== undefined ? { settled } : {}), billed: header !== undefined };
}

/** A job's state for the ledger. */
export interface JobSpend {
  state: SpendState;
  /** The estimate (or the task's own figure) before it settled. */
  est?: number;
  /** inflight: what is reserved; settled: what it cost; void: 0. */
  cents: number;
  billed: boolean;
}

/**
 * `estimate`: for a job that has no figure of its own yet (a video waiting in the local queue), its
 * price from the model. Undefined when the ledger has nothing to say: a record never sent from here
 * (seen in the server's list: no `sentAt`) that is not waiting to be sent is not this machine's
 * spending.
 */
export function jobSpend(r: TaskRecord, estimate?: number): JobSpend | undefined {
  const status = String(r.status);
  if (status !== 'waiting' && r.sentAt === undefined) return undefined;
  const costs = jobCosts(r);
  const est = costs.estimate ?? finite(estimate);
  const withEst = est !== undefined ? { est } : {};
  if (status === 'completed') return { state: 'settled', ...withEst, cents: costs.settled ?? 0, billed: costs.billed };
  if (status === 'failed' || status === 'expired') return { state: 'void', ...withEst, cents: 0, billed: false };
  // Waiting, queued, processing, a lost create (it may have been billed), an unknown status: reserved.
  return { state: 'inflight', ...withEst, cents: finite(r.settledCostCents) ?? est ?? 0, billed: false };
}

/** In-flight reservations older than this are a window that closed mid-job without telling: ignored. */
export const STALE_INFLIGHT_MS = 24 * 3600_000;

const sentMs = (e: SpendEntry): number => e.at * 1000;

export function spentIn(entries: Iterable<SpendEntry>, range: Range): number {
  let sum = 0;
  for (const e of entries) if (e.state === 'settled' && inRange(sentMs(e), range)) sum += e.cents ?? 0;
  return sum;
}

/** A budget check's hold on its estimates until the jobs are recorded (service.ts check). */
export const HOLD_PREFIX = 'hold:';
/** A hold its window never released (it closed mid-submit) stops counting after this. */
export const HOLD_MS = 2 * 60_000;

export function inFlight(entries: Iterable<SpendEntry>, nowMs: number): number {
  let sum = 0;
  for (const e of entries) {
    if (e.state !== 'inflight') continue;
    const life = e.id.startsWith(HOLD_PREFIX) ? HOLD_MS : STALE_INFLIGHT_MS;
    if (nowMs - e.t < life) sum += e.cents ?? e.est ?? 0;
  }
  return sum;
}

export interface DaySpend {
  date: string;
  total: number;
  byKind: Partial<Record<JobKind, number>>;
}

export interface ModelSpend {
  model: string;
  kind: JobKind;
  cents: number;
  jobs: number;
}

export interface SpendingSummary {
  todayCents: number;
  monthCents: number;
  inFlightCents: number;
  /** Spent in the budget's period (today or this month). */
  periodCents: number;
  /** Settled jobs whose cost is the task's figure or an estimate, not X-Cost-Cents. */
  unbilledJobs: number;
  /** The last 30 local days, oldest first. */
  days: DaySpend[];
  /** Over the same 30 days, the most expensive first. */
  models: ModelSpend[];
}

export const CHART_DAYS = 30;

export function summarize(entries: Iterable<SpendEntry>, nowMs: number, period: BudgetPeriod): SpendingSummary {
  const all = [...entries];
  const ranges = lastDays(CHART_DAYS, nowMs);
  const days: DaySpend[] = ranges.map((d) => ({ date: d.date, total: 0, byKind: {} }));
  const window: Range = { start: ranges[0]?.start ?? nowMs, end: ranges.at(-1)?.end ?? nowMs };
  const models = new Map<string, ModelSpend>();
  let unbilledJobs = 0;
  for (const e of all) {
    const at = sentMs(e);
    if (e.state !== 'settled' || !inRange(at, window)) continue;
    const cents = e.cents ?? 0;
    const day = days[ranges.findIndex((r) => inRange(at, r))];
    if (day) {
      day.total += cents;
      day.byKind[e.kind] = (day.byKind[e.kind] ?? 0) + cents;
    }
    const key = `${e.kind}\u0000${e.model}`;
    const m = models.get(key) ?? { model: e.model, kind: e.kind, cents: 0, jobs: 0 };
    m.cents += cents;
    m.jobs += 1;
    models.set(key, m);
    if (!e.billed) unbilledJobs += 1;
  }
  return {
    todayCents: spentIn(all, periodRange('day', nowMs)),
    monthCents: spentIn(all, periodRange('month', nowMs)),
    inFlightCents: inFlight(all, nowMs),
    periodCents: spentIn(all, periodRange(period, nowMs)),
    unbilledJobs,
    days,
    models: [...models.values()].sort((a, b) => b.cents - a.cents || a.model.localeCompare(b.model)),
  };
}
