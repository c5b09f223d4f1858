// What a job costs, as the ledger counts it, and the totals the status bar, the budget and the
// Show Spending view read. Spent = the settled cost of completed jobs: X-Cost-Cents when the server
// sent it, else the task's own cost_cents (or, for a synchronous kind without the header, its
// estimate); failed, expired and never-sent jobs cost nothing. A job counts in the local day (and
// month) its request was sent (recorder.ts jobTime). A server figure far from the estimate
// (isImplausible) is recorded as such and counts only once the person accepted it.
import type { JobRecord } from '../jobs/types';
import type { SpendEntry, SpendKind, SpendState } from './events';
import { inRange, lastDays, periodRange, type BudgetPeriod, type Range } from './periods';

const finite = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

export interface JobCosts {
  /** The job's own figure before it ended: the pipeline's estimate, or a video task's cost_cents. */
  estimate?: number;
  /** What a completed job cost: X-Cost-Cents when the server sent it (`billed`), else that same figure. */
  settled?: number;
  billed: boolean;
  /** The server's figure is far from the estimate (isImplausible): not counted until accepted. */
  implausible?: true;
}

/** Above this a server figure must also be near the estimate to be believed ($100). */
export const IMPLAUSIBLE_ABOVE_CENTS = 10_000;
/** …and "near" is within this factor of the estimate. */
export const IMPLAUSIBLE_FACTOR = 100;

/**
 * A billed figure no request of this extension plausibly costs: over $100 and over 100 × the
 * estimate (or over $100 with no estimate to compare). Such a figure (a server bug, a unit mix-up,
 * 1e30) would otherwise block the budget until the period ends.
 */
export function isImplausible(billedCents: number, estimateCents: number | undefined): boolean {
  return billedCents > IMPLAUSIBLE_ABOVE_CENTS && (estimateCents === undefined || billedCents > IMPLAUSIBLE_FACTOR * estimateCents);
}

/** Estimate and settled cost, side by side (the Tasks view, the CSV and the ledger all read this). */
export function jobCosts(r: JobRecord): JobCosts {
  const estimate = finite(r.costCents);
  const header = finite(r.settledCostCents);
  const settled = String(r.status) === 'completed' ? (header ?? estimate) : undefined;
  const implausible = header !== undefined && isImplausible(header, estimate);
  return {
    ...(estimate !== undefined ? { estimate } : {}),
    ...(settled !== undefined ? { settled } : {}),
    billed: header !== undefined,
    ...(implausible ? { implausible: true as const } : {}),
  };
}

/** A job's state for the ledger. */
export interface JobSpend {
  state: SpendState;
  /** The estimate (or the task's own figure) before it settled. */
  est?: number;
  /** inflight: what is reserved; settled: what it cost; void: 0. */
  cents: number;
  billed: boolean;
  /** settled: the server's figure is implausible (not counted until accepted). */
  implausible?: true;
}

/**
 * `estimate`: for a job that has no figure of its own yet (a video waiting in the local queue), its
 * price from the model. Undefined when the ledger has nothing to say: a record never sent from here
 * (seen in the server's list: no `sentAt`) that is not waiting to be sent is not this machine's
 * spending.
 */
export function jobSpend(r: JobRecord, estimate?: number): JobSpend | undefined {
  const status = String(r.status);
  if (status !== 'waiting' && r.sentAt === undefined) return undefined;
  const costs = jobCosts(r);
  const est = costs.estimate ?? finite(estimate);
  const withEst = est !== undefined ? { est } : {};
  if (status === 'completed') return { state: 'settled', ...withEst, cents: costs.settled ?? 0, billed: costs.billed, ...(costs.implausible ? { implausible: true } : {}) };
  if (status === 'failed' || status === 'expired') return { state: 'void', ...withEst, cents: 0, billed: false };
  // Waiting, queued, processing, a lost create (it may have been billed), an unknown status: reserved
  // (an implausible figure known early reserves the estimate instead).
  const early = finite(r.settledCostCents);
  const reserve = early !== undefined && !costs.implausible ? early : est;
  return { state: 'inflight', ...withEst, cents: reserve ?? 0, billed: false };
}

/** In-flight reservations older than this are a window that closed mid-job without telling: ignored. */
export const STALE_INFLIGHT_MS = 24 * 3600_000;

const sentMs = (e: SpendEntry): number => e.at * 1000;

/** Settled and counted: an implausible figure counts only once the person accepted it. */
export const counts = (e: SpendEntry): boolean => e.state === 'settled' && (!e.implausible || e.accepted === true);

export function spentIn(entries: Iterable<SpendEntry>, range: Range): number {
  let sum = 0;
  for (const e of entries) if (counts(e) && inRange(sentMs(e), range)) sum += e.cents ?? 0;
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
  byKind: Partial<Record<SpendKind, number>>;
}

export interface ModelSpend {
  model: string;
  kind: SpendKind;
  cents: number;
  jobs: number;
}

/** A settled job whose server figure is implausible and not accepted yet (Show Spending lists them). */
export interface ImplausibleCost {
  id: string;
  kind: SpendKind;
  model: string;
  /** When it was sent (unix seconds). */
  at: number;
  cents: number;
  est?: number;
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
  /** Every implausible figure not accepted yet (whenever sent), newest first: not in any total. */
  implausible: ImplausibleCost[];
}

export const CHART_DAYS = 30;

export function summarize(entries: Iterable<SpendEntry>, nowMs: number, period: BudgetPeriod): SpendingSummary {
  const all = [...entries];
  const ranges = lastDays(CHART_DAYS, nowMs);
  const days: DaySpend[] = ranges.map((d) => ({ date: d.date, total: 0, byKind: {} }));
  const window: Range = { start: ranges[0]?.start ?? nowMs, end: ranges.at(-1)?.end ?? nowMs };
  const models = new Map<string, ModelSpend>();
  let unbilledJobs = 0;
  const implausible: ImplausibleCost[] = [];
  for (const e of all) {
    if (e.state === 'settled' && !counts(e)) {
      implausible.push({ id: e.id, kind: e.kind, model: e.model, at: e.at, cents: e.cents ?? 0, ...(e.est !== undefined ? { est: e.est } : {}) });
    }
    const at = sentMs(e);
    if (!counts(e) || !inRange(at, window)) continue;
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
    implausible: implausible.sort((a, b) => b.at - a.at),
  };
}
