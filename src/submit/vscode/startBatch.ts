// Jobs of any kind started as one batch (a comparison, a storyboard's "Generate all" or one shot): the
// batch pipeline (src/submit/batch.ts) with the steps of the one single-job submit — each kind's caps
// check and price (submit/startJob.ts), the same encoder and image check, the same send to the tracker
// (./startJob.ts sendJob). A job may take its input image from another job's first saved image
// (a storyboard's `image: @id`).
import * as vscode from 'vscode';
import type { Airforce } from '../../container';
import { priceText } from '../../ui/confirmCost';
import { encodeImageFile } from '../../api/images';
import type { InputImage, Model } from '../../api/schemas/schemas';
import { ValidationError, type FieldProblem } from '../../api/rules/validation';
import { config } from '../../config';
import { runBatchPipeline, checkBatch, type BatchSteps, type JobHold } from '../batch';
import { estimateCents, estimateJob, standIns, validateJob, type JobRequest } from '../startJob';
import type { JobKind, JobOrigin } from '../../jobs/job';
import type { JobRecord } from '../../jobs/types';
import { BudgetExceededError, batchBudgetStep } from './budgetGuard';
import { requireKey } from './checks';
import { firstImageProblem, sendJob } from './startJob';

/** An input image: a checked local file (encoded only after the cost is agreed) or an https URL the server fetches. */
export type MediaImage = { file: string; /** what the record keeps: a workspace path */ source: string } | { url: string };

export interface JobSpec {
  /** Names the job in errors and results: the model id (compare) or the shot id (storyboard). */
  key: string;
  kind: JobKind;
  /** The request as given (untrusted), model included. */
  input: Record<string, unknown>;
  /** Input images: local files (read only after the cost is agreed) or https URLs. */
  images?: readonly MediaImage[];
  /** The key of a job in the same batch whose first saved file becomes this job's input image. */
  imageFrom?: string;
  origin: JobOrigin;
}

export type JobEstimate = { cents: number } | { unknown: true; reason: string };

export interface StartedJob {
  key: string;
  localId: Promise<string>;
  /** Video: the create was accepted; others: the POST answered and the files are saved. */
  accepted: Promise<void>;
  /** The saved files (video: once downloaded). Rejects when the job failed. */
  files: Promise<string[]>;
}

/** One job of a batch refused: the message names the job (model or shot) and the field. */
export class JobValidationError extends ValidationError {
  constructor(
    readonly key: string,
    problems: FieldProblem<string>[],
    kind: JobKind,
  ) {
    super(problems, kind);
    this.message = `${key}: ${this.message}`;
  }
}

/** A batch's total above airforce.confirmCostAboveCents (or unknown) that nobody accepted. */
export class BatchCostNotConfirmedError extends Error {
  constructor(totalText: string) {
    super(
      vscode.l10n.t(
        'These jobs would cost {0} in total, above airforce.confirmCostAboveCents; nothing was sent. Pass {confirm: false} as the last argument to accept the cost.',
        totalText,
      ),
    );
    this.name = 'BatchCostNotConfirmedError';
  }
}

type Req = JobRequest;

const PENDING: InputImage = { b64_json: 'pending' };

/** The request to validate: images as stand-ins (no file is read before the cost is agreed). */
function candidate(job: JobSpec): Record<string, unknown> {
  const images = standIns(job.images ?? []);
  if (job.imageFrom !== undefined) images.push(PENDING);
  return { ...job.input, ...(images.length > 0 ? { input_images: images } : {}) };
}

function validate(job: JobSpec, model: Model | undefined): { ok: true; request: Req } | { ok: false; problems: FieldProblem<string>[] } {
  const r = validateJob(job.kind, candidate(job), model);
  return r.ok ? r : { ok: false, problems: r.problems };
}

function steps(af: Airforce, confirm: (totalCents: number) => Promise<boolean>): BatchSteps<JobSpec, Model, Req, FieldProblem<string>, StartedJob> {
  const started = new Map<string, StartedJob>();
  return {
    findModel: async (job) => (await af.allModels()).find((m) => m.id === job.input.model),
    validate,
    estimateCents: (job, request, model) => estimateCents(estimateJob(job.kind, request, model)),
    budget: async (costs) => batchBudgetStep(await af.spending.check(costs)),
    confirmAboveCents: config.confirmCostAboveCents(),
    confirm,
    encode: async (job, request) => {
      try {
        const own = await encodeImages(job.images ?? []);
        const problem = await firstImageProblem(own);
        if (problem) return { ok: false, problems: [{ field: 'input_images', message: problem }] };
        return { ok: true, request: own.length > 0 || job.imageFrom !== undefined ? { ...request, input_images: own } : request };
      } catch (e) {
        return { ok: false, problems: [{ field: 'input_images', message: e instanceof Error ? e.message : String(e) }] };
      }
    },
    start: (job, request, costCents, hold) => {
      // startJobs checked before anything was sent that `imageFrom` names an earlier job.
      const from = job.imageFrom !== undefined ? started.get(job.imageFrom) : undefined;
      const one = from ? startAfter(af, job, request, costCents, from, hold) : startNow(af, job, request, costCents, hold);
      started.set(job.key, one);
      return one;
    },
  };
}

async function encodeImages(images: readonly MediaImage[]): Promise<InputImage[]> {
  return Promise.all(images.map((i) => ('url' in i ? { url: i.url } : encodeImageFile(i.file))));
}

function sourcesOf(job: JobSpec): string[] {
  return (job.images ?? []).map((i) => ('url' in i ? i.url : i.source));
}

/** Sends the job now; its budget hold goes once the tracker has recorded it (the record counts it then). */
function startNow(af: Airforce, job: JobSpec, request: Req, costCents: number, hold: JobHold, extraSources: string[] = []): StartedJob {
  try {
    return sendNow(af, job, request, costCents, extraSources);
  } finally {
    hold.release();
  }
}

function sendNow(af: Airforce, job: JobSpec, request: Req, costCents: number, extraSources: string[]): StartedJob {
  const sent = sendJob(af, job.kind, request, { origin: job.origin, estimate: costCents, inputImageSources: [...sourcesOf(job), ...extraSources] });
  return startedJob(af, job.key, sent);
}

/** A job the tracker took, as a batch (or a Compare card's Retry) follows it. */
export function startedJob(af: Airforce, key: string, sent: { localId: string; taskId?: Promise<string>; files?: Promise<string[]> }): StartedJob {
  if (sent.taskId) return { key, localId: Promise.resolve(sent.localId), accepted: sent.taskId.then(() => undefined), files: videoFiles(af, sent.localId) };
  const files = sent.files!;
  return { key, localId: Promise.resolve(sent.localId), accepted: files.then(() => undefined), files };
}

/**
 * Waits for `from`'s first file, then sends this job with it as the (last) input image. Its budget
 * hold lasts the whole wait (so no other submit spends it meanwhile); the job is checked against
 * the budget again as it starts, and a failure of `from` drops it and its hold.
 */
function startAfter(af: Airforce, job: JobSpec, request: Req, costCents: number, from: StartedJob, hold: JobHold): StartedJob {
  const inner = (async () => {
    let files: string[];
    let image: InputImage;
    try {
      files = await from.files;
      const first = files[0];
      if (!first) throw new Error(vscode.l10n.t('{0}: the shot it takes its image from made no file.', job.key));
      image = await encodeImageFile(first);
      const checked = await hold.recheck();
      if (!checked.ok) throw new BudgetExceededError(checked.message);
    } catch (e) {
      hold.release();
      throw e;
    }
    const images = [...((request.input_images as InputImage[] | undefined) ?? []), image];
    return startNow(af, job, { ...request, input_images: images }, costCents, hold, [vscode.workspace.asRelativePath(files[0]!, false)]);
  })();
  return {
    key: job.key,
    localId: inner.then((s) => s.localId),
    accepted: inner.then((s) => s.accepted),
    files: inner.then((s) => s.files),
  };
}

/** A video job's saved files: resolves once downloaded, rejects when it fails, expires or its fate is unknown. */
export function videoFiles(af: Airforce, localId: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let asked = false;
    const check = (r: JobRecord | undefined): boolean => {
      if (!r) return false;
      if (r.savedPath) {
        resolve(r.files && r.files.length > 0 ? [...r.files] : [r.savedPath]);
        return true;
      }
      if (r.status === 'failed' || r.status === 'expired' || r.status === 'fate-unknown') {
        reject(new Error(r.error ?? vscode.l10n.t('The video task ended as {0}.', String(r.status))));
        return true;
      }
      // Downloads are off (airforce.autoDownload): the caller asked for the file, so fetch it once.
      if (r.status === 'completed' && !config.autoDownload() && !asked) {
        asked = true;
        af.tracker.downloadNow(r.localId).catch(() => undefined); // the record carries the outcome
      }
      return false;
    };
    if (check(af.tracker.get(localId))) return;
    const sub = af.tracker.onDidChange((changed) => {
      if (changed && changed.localId !== localId) return;
      if (check(af.tracker.get(localId))) sub.dispose();
    });
  });
}

function refusal(outcome: Exclude<Awaited<ReturnType<typeof runBatchPipeline>>, { ok: true }>, jobs: readonly JobSpec[]): Error {
  switch (outcome.stage) {
    case 'validate':
    case 'encode': {
      const job = jobs[outcome.index]!;
      return new JobValidationError(job.key, outcome.problems as FieldProblem<string>[], job.kind);
    }
    case 'budget':
      return new BudgetExceededError(outcome.message);
    case 'confirm':
      return new BatchCostNotConfirmedError(priceText(outcome.totalCents));
  }
}

/** Validates and estimates every job; sends nothing and reads no file. */
export async function checkJobs(
  af: Airforce,
  jobs: readonly JobSpec[],
): Promise<{ ok: true; estimates: JobEstimate[]; totalCents: number | undefined } | { ok: false; key: string; error: Error }> {
  const s = steps(af, async () => false);
  const checked = await checkBatch(jobs, s);
  if (!checked.ok) {
    const job = jobs[checked.index]!;
    return { ok: false, key: job.key, error: new JobValidationError(job.key, checked.problems, job.kind) };
  }
  const estimates: JobEstimate[] = checked.jobs.map((j) => (Number.isFinite(j.costCents) ? { cents: j.costCents } : { unknown: true, reason: vscode.l10n.t('price unknown') }));
  return { ok: true, estimates, totalCents: Number.isFinite(checked.totalCents) ? checked.totalCents : undefined };
}

/**
 * Validate all → budget for the total → confirm once → encode → start all. Resolves once every job
 * is started (not finished); rejects with the first invalid job (named), the budget, or the declined cost.
 * `confirm` gets the total (non-finite when a price is unknown).
 */
export async function startJobs(af: Airforce, jobs: readonly JobSpec[], confirm: (totalCents: number) => Promise<boolean>): Promise<StartedJob[]> {
  await requireKey(af);
  const keys = new Set<string>();
  // Checked before anything is sent: a job takes its image only from one started before it.
  for (const job of jobs) {
    if (keys.has(job.key)) throw new Error(vscode.l10n.t('Two jobs in one batch are both named "{0}".', job.key));
    if (job.imageFrom !== undefined && !keys.has(job.imageFrom)) {
      throw new Error(vscode.l10n.t('{0} takes its image from "{1}", which is not an earlier job of this batch.', job.key, job.imageFrom));
    }
    keys.add(job.key);
  }
  const outcome = await runBatchPipeline(jobs, steps(af, confirm));
  if (!outcome.ok) throw refusal(outcome, jobs);
  return outcome.started;
}
