// The budget check before any submit: spent in the period + what is in flight + the new jobs'
// estimates must not exceed airforce.budgetCents. A batch (comparison, storyboard) is checked as a
// whole: all of its estimates at once, before anything is sent. An unknown estimate cannot be
// checked, so with a budget set it is refused too.
import type { BudgetPeriod } from './periods';

export interface BudgetInput {
  /** 0 (or less, or not a number) = no budget. */
  budgetCents: number;
  period: BudgetPeriod;
  /** Settled spending in the current period. */
  spentCents: number;
  inFlightCents: number;
  /** One per job about to be sent; a non-finite one is "price unknown". */
  estimates: readonly number[];
}

export type BudgetVerdict =
  | { ok: true }
  /** Another window holds the budget lock (or died holding it a moment ago): nothing was checked. */
  | { ok: false; reason: 'busy'; budgetCents: number; period: BudgetPeriod }
  | {
      ok: false;
      reason: 'over' | 'unknown';
      budgetCents: number;
      period: BudgetPeriod;
      /** What is left before these jobs (never below 0). */
      leftCents: number;
      /** The jobs' total estimate (only when every estimate is known). */
      costCents?: number;
    };

export const hasBudget = (budgetCents: number): boolean => Number.isFinite(budgetCents) && budgetCents > 0;

export function checkBudget(input: BudgetInput): BudgetVerdict {
  const { budgetCents, period } = input;
  if (!hasBudget(budgetCents)) return { ok: true };
  const leftCents = Math.max(0, budgetCents - input.spentCents - input.inFlightCents);
  if (input.estimates.some((e) => !Number.isFinite(e))) return { ok: false, reason: 'unknown', budgetCents, period, leftCents };
  const costCents = input.estimates.reduce((a, b) => a + b, 0);
  // Cents are compared after rounding away binary noise (0.1 + 0.2): a fraction of a cent still counts.
  const over = Math.round((input.spentCents + input.inFlightCents + costCents) * 1e6) > Math.round(budgetCents * 1e6);
  return over ? { ok: false, reason: 'over', budgetCents, period, leftCents, costCents } : { ok: true };
}

/** What is left in the period (undefined without a budget). */
export function budgetLeft(budgetCents: number, spentCents: number, inFlightCents: number): number | undefined {
  return hasBudget(budgetCents) ? Math.max(0, budgetCents - spentCents - inFlightCents) : undefined;
}
