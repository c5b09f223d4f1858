// Spending for the rest of the extension: the ledger, the recorder that fills it from the tracker,
// the totals, and the budget check the submit pipeline runs. Settings and the clock are parameters.
import type { SpendEntry } from './events';
import { SpendLedger } from './ledger';
import { SpendRecorder, type Estimator, type RecordSource } from './recorder';
import { budgetLeft, checkBudget, hasBudget, type BudgetVerdict } from './budget';
import { summarize, type SpendingSummary } from './spend';
import type { BudgetPeriod } from './periods';

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

  /** Before a submit: one estimate per job about to be sent (a batch is checked as a whole). */
  async check(estimates: readonly number[]): Promise<BudgetVerdict> {
    const settings = this.opts.settings();
    if (!hasBudget(settings.budgetCents)) return { ok: true };
    const summary = summarize((await this.ledger.read()).values(), this.now(), settings.period);
    return checkBudget({ ...settings, spentCents: summary.periodCents, inFlightCents: summary.inFlightCents, estimates });
  }

  entries(): Promise<Map<string, SpendEntry>> {
    return this.ledger.read();
  }

  async dispose(): Promise<void> {
    this.recorder.dispose();
    await this.ledger.flush();
  }
}
