// Several jobs submitted as one (a comparison, a storyboard's "Generate all"): the single-job order of
// pipeline.ts over a list, where every check covers the whole list before anything is sent —
// validate all → estimate each → budget for the total → confirm the total once → encode all → start all.
// One invalid job refuses the batch (naming it); nothing is read or sent before the person agreed.
// The budget check holds each job's estimate until that job was sent or dropped: `start` receives
// its job's hold and releases it then (a job that starts later, waiting for another's result,
// checks its estimate again as it starts). Pure: every step is a parameter.
import { releaseHold } from './pipeline';

/** One job's share of the batch's budget check. */
export interface JobHold {
  /** The job was sent (it counts itself now) or dropped. */
  release(): void;
  /** Checks the job against the budget again as it starts (after waiting for another job). */
  recheck(): Promise<{ ok: true } | { ok: false; message: string }>;
}

/** `holds`: one per job, in order (none without a budget). */
export type BatchBudgetStep = { ok: true; holds?: readonly JobHold[] } | { ok: false; message: string };

const NO_HOLD: JobHold = { release: () => undefined, recheck: async () => ({ ok: true }) };

export interface BatchSteps<Job, Model, Req, Problem, Started> {
  findModel(job: Job): Promise<Model | undefined>;
  /** The job's caps check; input files are stand-ins here. */
  validate(job: Job, model: Model | undefined): { ok: true; request: Req } | { ok: false; problems: Problem[] };
  /** Non-finite = the price cannot be computed ("price unknown"). */
  estimateCents(job: Job, request: Req, model: Model): number;
  /** airforce.budgetCents over the whole batch: each job's estimate. */
  budget(costs: number[]): Promise<BatchBudgetStep>;
  confirmAboveCents: number;
  /** Asked once, for the total (non-finite when any price is unknown); false declines. */
  confirm(totalCents: number): Promise<boolean>;
  /** Reads input files; a job whose inputs come from another job's result encodes when it starts. */
  encode(job: Job, request: Req): Promise<{ ok: true; request: Req } | { ok: false; problems: Problem[] }>;
  /** Sends the job (now or once its inputs exist) and releases `hold` once it was sent or dropped. */
  start(job: Job, request: Req, costCents: number, hold: JobHold): Started;
}

export interface CheckedJob<Req> {
  request: Req;
  costCents: number;
}

export type BatchCheck<Req, Problem> = { ok: true; jobs: CheckedJob<Req>[]; totalCents: number } | { ok: false; stage: 'validate'; index: number; problems: Problem[] };

export type BatchOutcome<Problem, Started> =
  | { ok: true; started: Started[]; totalCents: number }
  | { ok: false; stage: 'validate' | 'encode'; index: number; problems: Problem[] }
  | { ok: false; stage: 'budget'; totalCents: number; message: string }
  | { ok: false; stage: 'confirm'; totalCents: number };

/** Validates and estimates every job; sends and reads nothing (CodeLens totals, a form's price). */
export async function checkBatch<Job, Model, Req, Problem>(
  jobs: readonly Job[],
  steps: Pick<BatchSteps<Job, Model, Req, Problem, unknown>, 'findModel' | 'validate' | 'estimateCents'>,
): Promise<BatchCheck<Req, Problem>> {
  const checked: CheckedJob<Req>[] = [];
  for (const [index, job] of jobs.entries()) {
    const model = await steps.findModel(job);
    const valid = steps.validate(job, model);
    if (!valid.ok) return { ok: false, stage: 'validate', index, problems: valid.problems };
    // A valid request implies a known model: validate refuses an unknown one.
    checked.push({ request: valid.request, costCents: steps.estimateCents(job, valid.request, model as Model) });
  }
  return { ok: true, jobs: checked, totalCents: checked.reduce((sum, j) => sum + j.costCents, 0) };
}

export async function runBatchPipeline<Job, Model, Req, Problem, Started>(
  jobs: readonly Job[],
  steps: BatchSteps<Job, Model, Req, Problem, Started>,
): Promise<BatchOutcome<Problem, Started>> {
  const checked = await checkBatch(jobs, steps);
  if (!checked.ok) return checked;
  const { totalCents } = checked;
  const budget = await steps.budget(checked.jobs.map((j) => j.costCents));
  if (!budget.ok) return { ok: false, stage: 'budget', totalCents, message: budget.message };
  const holds = jobs.map((_, i) => budget.holds?.[i] ?? NO_HOLD);
  /** Jobs `start` took own their hold from then on; the rest (and one whose start threw) are dropped here. */
  let handedOver = 0;
  try {
    // An unknown total (NaN/Infinity) is never "below the threshold".
    const needsSayso = !(totalCents <= steps.confirmAboveCents);
    if (needsSayso && !(await steps.confirm(totalCents))) return { ok: false, stage: 'confirm', totalCents };
    const encoded: Req[] = [];
    for (const [index, job] of jobs.entries()) {
      const e = await steps.encode(job, checked.jobs[index]!.request);
      if (!e.ok) return { ok: false, stage: 'encode', index, problems: e.problems };
      encoded.push(e.request);
    }
    const started = jobs.map((job, i) => {
      const one = steps.start(job, encoded[i]!, checked.jobs[i]!.costCents, holds[i]!);
      handedOver = i + 1;
      return one;
    });
    return { ok: true, started, totalCents };
  } finally {
    // Not sent after all (declined, unreadable input, a start that threw): those shares go now.
    for (const hold of holds.slice(handedOver)) releaseHold(hold);
  }
}
