// The one way from a request to a submitted job, for the panel and the commands alike:
// validate against the model's caps → estimate cost → budget → confirm above the threshold → encode inputs → run.
// Pure: every step is a parameter, so each kind (and each caller) supplies its own, and the order,
// which is the point of this module, is written once. Nothing runs after a step that fails: no file
// is read before the person agreed to the cost, and nothing is sent before the inputs are encoded.

export interface SubmitSteps<Model, Req, Problem, Result> {
  /** The model the request names (undefined: unknown to the catalog). */
  findModel(id: string | undefined): Promise<Model | undefined>;
  /** Checks the candidate against the model's caps; input files are stand-ins here. */
  validate(model: Model | undefined): { ok: true; request: Req } | { ok: false; problems: Problem[] };
  estimateCents(request: Req, model: Model): number;
  /**
   * airforce.budgetCents: would this estimate (non-finite = unknown) overrun the period's budget?
   * Runs before the cost question, so nobody agrees to a cost the budget then refuses. Every caller
   * supplies it (no budget set: it answers ok), so no path submits unchecked.
   */
  budget(costCents: number): Promise<BudgetStep>;
  /** airforce.confirmCostAboveCents: an estimate above it needs `confirm`. */
  confirmAboveCents: number;
  /** Asked only above the threshold; false declines (nothing is read or sent). */
  confirm(costCents: number): Promise<boolean>;
  /** Replaces the stand-ins with the inputs' bytes. */
  encode(request: Req): Promise<{ ok: true; request: Req } | { ok: false; problems: Problem[] }>;
  /** Hands the final request to the tracker. */
  run(request: Req, costCents: number): Promise<Result>;
}

/** `message` names the budget and what is left (the glue words it). */
export type BudgetStep =
  /** `release`: the check holds the estimate against other windows' checks until the job is recorded. */
  { ok: true; release?: () => void } | { ok: false; message: string };

export type SubmitOutcome<Problem, Result> =
  | { ok: true; result: Result; costCents: number }
  | { ok: false; stage: 'validate' | 'encode'; problems: Problem[] }
  | { ok: false; stage: 'budget'; costCents: number; message: string }
  | { ok: false; stage: 'confirm'; costCents: number };

export async function runSubmitPipeline<Model, Req, Problem, Result>(
  modelId: string | undefined,
  steps: SubmitSteps<Model, Req, Problem, Result>,
): Promise<SubmitOutcome<Problem, Result>> {
  const model = await steps.findModel(modelId);
  const checked = steps.validate(model);
  if (!checked.ok) return { ok: false, stage: 'validate', problems: checked.problems };
  // A valid request implies a known model: validate refuses an unknown one.
  const costCents = steps.estimateCents(checked.request, model as Model);
  const budget = await steps.budget(costCents);
  if (!budget.ok) return { ok: false, stage: 'budget', costCents, message: budget.message };
  try {
    if (costCents > steps.confirmAboveCents && !(await steps.confirm(costCents))) return { ok: false, stage: 'confirm', costCents };
    const encoded = await steps.encode(checked.request);
    if (!encoded.ok) return { ok: false, stage: 'encode', problems: encoded.problems };
    return { ok: true, result: await steps.run(encoded.request, costCents), costCents };
  } finally {
    // Sent (the job now counts itself) or not sent at all: the hold has done its work either way.
    releaseHold(budget);
  }
}

/** Drops a budget check's hold; a failure to do so (it expires anyway) never masks what was sent. */
export function releaseHold(budget: { release?: () => void }): void {
  try {
    budget.release?.();
  } catch {
    // The hold expires on its own (spending/spend.ts HOLD_MS).
  }
}
