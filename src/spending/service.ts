// Spending for the rest of the extension: the ledger, the recorder that fills it from the tracker,
// the totals, and the budget check the submit pipeline runs. Settings and the clock are parameters.
import type { SpendEntry } from './events';
import { SpendLedger } from './ledger';
import { SpendRecorder, type Estimator, type RecordSource } from './recorder';
import { budgetLeft, checkBudget, hasBudget, type BudgetVerdict } from './budget';
import { HOLD_PREFIX, summarize, type SpendingSummary } from './spend';
import type { BudgetPeriod } from './periods';
import { withBudgetLock } from './budgetLock';
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
}

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
   * budget lock, an accepted check holds its estimates in the ledger (in flight) before any other
   * window may check, so two windows cannot both spend what is left. `release()` drops the hold once
   * the jobs are recorded themselves (or were not sent after all); a hold never released expires.
   */
  async check(estimates: readonly number[]): Promise<BudgetVerdict & { release(): void }> {
    const settings = this.opts.settings();
    if (!hasBudget(settings.budgetCents)) return { ok: true, release: () => undefined };
    return withBudgetLock(
      this.ledger.file,
      async () => {
        const summary = summarize((await this.ledger.read()).values(), this.now(), settings.period);
        const verdict = checkBudget({ ...settings, spentCents: summary.periodCents, inFlightCents: summary.inFlightCents, estimates });
        if (!verdict.ok) return { ...verdict, release: () => undefined };
        const holds = estimates.map((cents) =>
          this.ledger.append({ id: `${HOLD_PREFIX}${randomUUID()}`, at: Math.floor(this.now() / 1000), kind: 'video', model: '', state: 'inflight', cents }),
        );
        await this.ledger.flush(); // on disk before the lock goes
        let released = false;
        return {
          ...verdict,
          release: () => {
            if (released) return;
            released = true;
            for (const h of holds) this.ledger.append({ id: h.id, at: h.at, kind: h.kind, model: h.model, state: 'void', cents: 0 });
          },
        };
      },
      (m) => this.opts.logger?.warn(m),
    );
  }

  entries(): Promise<Map<string, SpendEntry>> {
    return this.ledger.read();
  }

  async dispose(): Promise<void> {
    this.recorder.dispose();
    await this.ledger.flush();
  }
}
