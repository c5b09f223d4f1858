// Spending for the rest of the extension: the ledger, the recorder that fills it from the tracker,
// the totals, and the budget check the submit pipeline runs. Settings and the clock are parameters.
import type { SpendEntry } from './events';
import { SpendLedger } from './ledger';
import { SpendRecorder, type Estimator, type RecordSource } from './recorder';
import { budgetLeft, checkBudget, hasBudget, type BudgetVerdict } from './budget';
import { HOLD_MS, HOLD_PREFIX, summarize, type SpendingSummary } from './spend';
import type { BudgetPeriod } from './periods';
import { BudgetLockBusyError, withBudgetLock, type BudgetLockOptions } from './budgetLock';
import { inputOf, type SpendEventInput } from './ledger';
import { randomUUID } from 'node:crypto';

export interface BudgetSettings {
  budgetCents: number;
  period: BudgetPeriod;
}

export interface SpendingOptions {
  file: string;
  settings(): BudgetSettings;
  now?: () => number;
  logger?: { warn(message: string): void };
  estimate?: Estimator;
  /** The budget lock's wait and stale ages (tests shorten them). */
  lock?: BudgetLockOptions;
}

/** One job's share of an accepted check: held in the ledger until the job was sent or dropped. */
export interface BudgetHold {
  readonly cents: number;
  /** The job was sent (its record counts it now) or dropped: its share stops counting. */
  release(): void;
  /**
   * For a job that starts later than its batch (it waits for another job's result): checks its
   * estimate against the budget again, as it starts, under the lock. A refusal drops the hold.
   */
  recheck(): Promise<BudgetVerdict>;
}

export type BudgetCheck = BudgetVerdict & {
  /** Every job's share: one per estimate (none when refused). */
  holds: BudgetHold[];
  /** Releases every share still held. */
  release(): void;
};

const NO_HOLDS: Pick<BudgetCheck, 'holds' | 'release'> = { holds: [], release: () => undefined };

export interface SpendingData extends SpendingSummary, BudgetSettings {
  /** What the budget leaves in the period after spent and in flight (undefined without a budget). */
  leftCents?: number;
}

export class Spending {
  readonly ledger: SpendLedger;
  readonly recorder: SpendRecorder;
  private readonly now: () => number;

  constructor(private readonly opts: SpendingOptions) {
    this.now = opts.now ?? Date.now;
    this.ledger = new SpendLedger({ file: opts.file, now: this.now, logger: opts.logger });
    this.recorder = new SpendRecorder(this.ledger, opts.estimate);
  }

  attach(source: RecordSource): Promise<void> {
    return this.recorder.attach(source);
  }

  /** Totals as of now, with what other windows wrote. */
  async data(): Promise<SpendingData> {
    const settings = this.opts.settings();
    const summary = summarize((await this.ledger.read()).values(), this.now(), settings.period);
    const leftCents = budgetLeft(settings.budgetCents, summary.periodCents, summary.inFlightCents);
    return { ...summary, ...settings, ...(leftCents !== undefined ? { leftCents } : {}) };
  }

  /**
   * Before a submit: one estimate per job about to be sent (a batch is checked as a whole). Under the
   * budget lock, an accepted check holds each estimate in the ledger (in flight) before any other
   * window may check, so two windows cannot both spend what is left. Each hold lasts until its job
   * was sent (the job then counts itself) or dropped; while held it is renewed, so a job that waits
   * for another's result stays reserved; a window that dies stops renewing and its holds expire.
   */
  async check(estimates: readonly number[]): Promise<BudgetCheck> {
    const settings = this.opts.settings();
    if (!hasBudget(settings.budgetCents)) return { ok: true, holds: estimates.map((cents) => this.laterHold(cents)), release: () => undefined };
    const verdict = await this.locked(async () => {
      const v = await this.verdict(estimates);
      if (!v.ok) return { verdict: v, events: [] };
      const events = estimates.map((cents) => this.ledger.append(holdEvent(`${HOLD_PREFIX}${randomUUID()}`, this.now(), cents)));
      await this.ledger.flush(); // on disk before the lock goes
      return { verdict: v, events };
    });
    if (!verdict.verdict.ok) return { ...verdict.verdict, ...NO_HOLDS };
    const holds = verdict.events.map((e) => this.hold(e.id, e.at, e.cents ?? 0));
    return { ok: true, holds, release: () => holds.forEach((h) => h.release()) };
  }

  /** Spent + in flight + these estimates against the budget, from the ledger as every window wrote it. */
  private async verdict(estimates: readonly number[]): Promise<BudgetVerdict> {
    const settings = this.opts.settings();
    const summary = summarize((await this.ledger.read()).values(), this.now(), settings.period);
    return checkBudget({ ...settings, spentCents: summary.periodCents, inFlightCents: summary.inFlightCents, estimates });
  }

  /** Runs `fn` under the budget lock; a lock that stays taken is a "busy" refusal, never an unlocked check. */
  private async locked(fn: () => Promise<{ verdict: BudgetVerdict; events: SpendEventInput[] }>): Promise<{ verdict: BudgetVerdict; events: SpendEventInput[] }> {
    try {
      return await withBudgetLock(this.ledger.file, fn, this.opts.lock);
    } catch (e) {
      if (!(e instanceof BudgetLockBusyError)) throw e;
      this.opts.logger?.warn('The budget lock stayed taken by another window; the submit was refused.');
      const { budgetCents, period } = this.opts.settings();
      return { verdict: { ok: false, reason: 'busy', budgetCents, period }, events: [] };
    }
  }

  /**
   * No budget when the batch was checked, so nothing is held; a job that starts later is still checked
   * as it starts (a budget may have been set meanwhile), and holds from then until it was sent.
   */
  private laterHold(cents: number): BudgetHold {
    let inner: BudgetHold | undefined;
    let released = false;
    return {
      cents,
      release: () => {
        released = true;
        inner?.release();
      },
      recheck: async () => {
        const v = await this.check([cents]);
        inner = v.holds[0];
        if (released) inner?.release();
        return v;
      },
    };
  }

  private hold(id: string, at: number, cents: number): BudgetHold {
    let held = true;
    const drop = (): void => {
      if (!held) return;
      held = false;
      clearInterval(renew);
      this.ledger.append({ ...holdEvent(id, at * 1000, 0), state: 'void' });
    };
    // Renewed well before it would expire, while its job waits to be sent — but not forever: a job
    // that never starts (its source hangs) stops holding money back once RENEW_LIMIT_MS has passed.
    const until = Date.now() + RENEW_LIMIT_MS;
    const renew = setInterval(() => {
      if (Date.now() > until) clearInterval(renew);
      else if (held) this.ledger.append(holdEvent(id, at * 1000, cents));
    }, HOLD_MS / 3);
    renew.unref?.();
    return {
      cents,
      release: drop,
      recheck: async () => {
        const { verdict } = await this.locked(async () => {
          if (!held) return { verdict: await this.verdict([cents]), events: [] };
          // The share itself leaves the in-flight total for the check, and comes back if it passes.
          this.ledger.append({ ...holdEvent(id, at * 1000, 0), state: 'void' });
          const v = await this.verdict([cents]);
          if (v.ok) this.ledger.append(holdEvent(id, at * 1000, cents));
          await this.ledger.flush();
          return { verdict: v, events: [] };
        });
        if (!verdict.ok) drop();
        return verdict;
      },
    };
  }

  /**
   * The person accepts a server figure recorded as implausible: from now on it counts in spending and
   * the budget. False when the job has no such figure (unknown, not implausible, already accepted).
   */
  async acceptCost(id: string): Promise<boolean> {
    const entry = (await this.ledger.read()).get(id);
    if (!entry || entry.state !== 'settled' || !entry.implausible || entry.accepted) return false;
    this.ledger.append({ ...inputOf(entry), accepted: true });
    await this.ledger.flush();
    return true;
  }

  entries(): Promise<Map<string, SpendEntry>> {
    return this.ledger.read();
  }

  async dispose(): Promise<void> {
    this.recorder.dispose();
    await this.ledger.flush();
  }
}

/** How long a waiting job's hold is renewed at most (it is checked again when it starts anyway). */
const RENEW_LIMIT_MS = 30 * 60_000;

/** A hold's event: in flight for `cents` (its kind and model are placeholders: it is no job). */
function holdEvent(id: string, nowMs: number, cents: number): SpendEventInput {
  return { id, at: Math.floor(nowMs / 1000), kind: 'video', model: '', state: 'inflight', cents };
}
