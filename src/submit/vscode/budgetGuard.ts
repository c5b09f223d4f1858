// The budget step of the submit pipeline for the panel and the commands: asks the spending ledger
// (every window's jobs) and words a refusal that names the budget, what is left and the cost.
import * as vscode from 'vscode';
import type { Airforce } from '../../container';
import { formatMoneyCents as formatCents } from '../../l10n/format';
import type { BudgetVerdict } from '../../spending/budget';
import type { BatchBudgetStep, JobHold } from '../batch';
import type { BudgetStep } from '../pipeline';
import type { BudgetCheck, BudgetHold } from '../../spending/service';
import { formatCostCents } from '../../views/money';

type Refusal = Extract<BudgetVerdict, { ok: false }>;

/** "Budget of $1.00 per day: $0.20 left; this costs about $2.00. Nothing was sent." */
export function budgetMessage(v: Refusal): string {
  if (v.reason === 'busy') return vscode.l10n.t('Another window is checking the budget right now; try again in a moment. Nothing was sent.');
  const budget = formatCents(v.budgetCents, vscode.env.language);
  const left = formatCents(v.leftCents, vscode.env.language);
  if (v.reason === 'unknown') {
    return v.period === 'month'
      ? vscode.l10n.t('Budget of {0} per month: {1} left; the price of this request is unknown, so it cannot be checked against the budget. Nothing was sent.', budget, left)
      : vscode.l10n.t('Budget of {0} per day: {1} left; the price of this request is unknown, so it cannot be checked against the budget. Nothing was sent.', budget, left);
  }
  const cost = formatCostCents(v.costCents ?? 0);
  return v.period === 'month'
    ? vscode.l10n.t('Budget of {0} per month: {1} left; this costs about {2}. Nothing was sent.', budget, left, cost)
    : vscode.l10n.t('Budget of {0} per day: {1} left; this costs about {2}. Nothing was sent.', budget, left, cost);
}

/** A request-object command refused by the budget (airforce.budgetCents). */
export class BudgetExceededError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BudgetExceededError';
  }
}

/** The pipeline's budget step: one job's estimate (non-finite = unknown). */
export function budgetStep(af: Airforce): (costCents: number) => Promise<BudgetStep> {
  return async (costCents) => budgetVerdictStep(await af.spending.check([costCents]));
}

/**
 * The pipeline's view of a check. The hold is dropped a moment after the submit, once the tracker's
 * record of the job is in the ledger itself (counting twice for that moment errs on the safe side).
 */
export function budgetVerdictStep(verdict: BudgetCheck): BudgetStep {
  if (!verdict.ok) return { ok: false, message: budgetMessage(verdict) };
  const holds = verdict.holds.map(laterRelease);
  return { ok: true, release: () => holds.forEach((h) => h.release()) };
}

/**
 * A batch's view of a check: one hold per job, each kept until its job was sent or dropped — a job
 * that waits for another's result (a storyboard's `image: @id`) stays reserved meanwhile, and is
 * checked again as it starts.
 */
export function batchBudgetStep(verdict: BudgetCheck): BatchBudgetStep {
  if (!verdict.ok) return { ok: false, message: budgetMessage(verdict) };
  return { ok: true, holds: verdict.holds.map(laterRelease) };
}

function laterRelease(hold: BudgetHold): JobHold {
  return {
    release: () => void setTimeout(() => hold.release(), RELEASE_DELAY_MS).unref?.(),
    recheck: async () => {
      const v = await hold.recheck();
      return v.ok ? { ok: true } : { ok: false, message: budgetMessage(v) };
    },
  };
}

const RELEASE_DELAY_MS = 1000;
