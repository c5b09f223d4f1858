// The jobs of a comparison, on the lead's batch layer (submit/vscode/startBatch.ts): one JobSpec per model,
// each limited to the shared fields its model has (compare/fields.ts), origin {type:'compare', group}.
// Check (price + validity, nothing sent), start (validate all → budget → confirm the total once →
// start all), Retry of one card (the one single-job submit, submit/vscode/startJob.ts, same group) and
// Keep (sidecars + the group's winner).
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { Airforce } from '../../container';
import type { Model } from '../../api/schemas/schemas';
import { groupRecords, savedFilesOf } from '../cards';
import { parseCompareArgs } from '../args';
import { modelInput, modelOfKind, type CompareForm } from '../fields';
import type { CompareGroup } from '../groupStore';
import { markKept } from '../keep';
import { PanelImageInput } from '../../generate/host/imageInput';
import { isHttpsSource } from '../../generate/host/images';
import { checkJobs, startedJob, startJobs, type JobSpec, type MediaImage, type StartedJob } from '../../submit/vscode/startBatch';
import { startedOrThrow, startJob } from '../../submit/vscode/startJob';

/** The models of the form, by id, as the cached catalog knows them (an unknown id is refused by the check, named). */
async function modelsOf(af: Airforce, ids: readonly string[]): Promise<Map<string, Model>> {
  const all = await af.allModels();
  return new Map(ids.flatMap((id) => all.filter((m) => m.id === id).map((m) => [id, m] as const)));
}

/** One job per model; `images` go only to the models that take an input image. */
export function compareSpecs(form: CompareForm, models: ReadonlyMap<string, Model>, group: string, images: readonly MediaImage[]): JobSpec[] {
  return form.models.map((id) => {
    const model = models.get(id);
    // A model of another kind (or none) keeps the bare request: the check refuses it, naming the model.
    const { input, withImage } = model && modelOfKind(form.kind, model) ? modelInput(form, model) : { input: { model: id, prompt: form.prompt }, withImage: false };
    return { key: id, kind: form.kind, input, ...(withImage && images.length > 0 ? { images } : {}), origin: { type: 'compare', group } };
  });
}

export type ComparisonCheck = { ok: true; estimates: Array<{ model: string; cents?: number }>; totalCents?: number } | { ok: false; model?: string; message: string };

/** Validity and price of the form as it stands; sends nothing and reads no file. */
export async function checkComparison(af: Airforce, form: CompareForm): Promise<ComparisonCheck> {
  const models = await modelsOf(af, form.models);
  // A stand-in for the input image: checkJobs never reads it.
  const stand: MediaImage[] = form.image ? [{ file: '', source: '' }] : [];
  const checked = await checkJobs(af, compareSpecs(form, models, 'check', stand));
  if (!checked.ok) return { ok: false, model: checked.key, message: checked.error.message };
  return {
    ok: true,
    estimates: form.models.map((model, i) => {
      const e = checked.estimates[i];
      return e && 'cents' in e ? { model, cents: e.cents } : { model };
    }),
    ...(checked.totalCents !== undefined ? { totalCents: checked.totalCents } : {}),
  };
}

/**
 * Starts a comparison: the argument's shape, then every model's request validated before any is sent
 * (one invalid value rejects all, naming the model and the field), the budget for all, the total
 * confirmed once, all started. Resolves once every job is started; the group is remembered then.
 */
export async function startComparison(
  af: Airforce,
  raw: Record<string, unknown>,
  images: readonly MediaImage[],
  /** Gets the total (non-finite when a price is unknown). */
  confirm: (totalCents: number) => Promise<boolean>,
): Promise<{ group: string; started: StartedJob[] }> {
  const parsed = parseCompareArgs(raw);
  if (!parsed.ok) throw new Error(parsed.message);
  const form = parsed.form;
  const group = randomUUID();
  const models = await modelsOf(af, form.models);
  const started = quiet(await startJobs(af, compareSpecs(form, models, group, images), confirm));
  // The group keeps the image's source (a workspace path or URL), never its bytes.
  const source = images[0] ? ('url' in images[0] ? images[0].url : images[0].source) : undefined;
  const stored: CompareForm = { ...form };
  delete stored.image;
  if (source) stored.image = source;
  await af.compareGroups.add({ id: group, form: stored, created: Math.floor(Date.now() / 1000) });
  return { group, started };
}

/** The input image a request object or a stored group names: an https URL, or a file inside a workspace folder. */
export async function imagesFromSource(af: Airforce, source: string | undefined): Promise<MediaImage[]> {
  if (source === undefined) return [];
  if (isHttpsSource(source)) return [{ url: source }];
  const input = new PanelImageInput(af.log);
  const resolved = await input.resolve([{ source }]);
  const token = resolved.images[0]?.source;
  if (!token) {
    const why = resolved.rejected[0];
    throw new Error(vscode.l10n.t('Compare Models: the input image {0} cannot be used: {1}', why?.source ?? source, why?.reason ?? ''));
  }
  const usable = await input.mediaImages([token]);
  if (!usable.ok) throw new Error(usable.message);
  return usable.value.map((i) => ('file' in i ? { file: i.file, source: vscode.workspace.asRelativePath(i.file, false) } : i));
}

/** Retry of one failed card: that model's job again, same group; a cost above the threshold asks (ui/confirmCost). */
export async function retryCard(af: Airforce, group: CompareGroup, model: string): Promise<StartedJob> {
  if (!group.form.models.includes(model)) throw new Error(vscode.l10n.t('{0} is not part of this comparison.', model));
  const latest = groupRecords(af.tracker.records(), group.id)
    .filter((r) => r.model === model)
    .sort((a, b) => b.created - a.created)[0];
  if (latest && String(latest.status) !== 'failed') throw new Error(vscode.l10n.t('Only a failed card can be retried ({0} is {1}).', model, String(latest.status)));
  const images = await imagesFromSource(af, group.form.image);
  const models = await modelsOf(af, [model]);
  const spec = compareSpecs({ ...group.form, models: [model] }, models, group.id, images)[0]!;
  const request = { input: spec.input, ...(spec.images ? { images: spec.images } : {}) };
  const sent = startedOrThrow(await startJob(af, spec.kind, request, { type: 'compare', group: group.id }));
  return quiet([startedJob(af, spec.key, sent)])[0]!;
}

/**
 * A comparison's jobs fail one by one, each on its own card (the tracker's record says why): their
 * promises are marked handled here, so a refused model is never an unhandled rejection, whoever
 * (the panel, the command) waits on them or not. Callers still see every rejection they await.
 */
function quiet(started: StartedJob[]): StartedJob[] {
  const ignore = (): undefined => undefined;
  for (const s of started) {
    s.localId.catch(ignore);
    s.accepted.catch(ignore);
    s.files.catch(ignore);
  }
  return started;
}

/**
 * Waits until every job was accepted or refused. Resolves when at least one was accepted (it is
 * running, and billed: the comparison exists even if other models refused); rejects with the first
 * refusal when none was.
 */
export async function whenAnyAccepted(started: readonly StartedJob[]): Promise<{ accepted: string[]; refused: Array<{ key: string; error: unknown }> }> {
  const outcomes = await Promise.allSettled(started.map((s) => s.accepted));
  const accepted: string[] = [];
  const refused: Array<{ key: string; error: unknown }> = [];
  outcomes.forEach((o, i) => (o.status === 'fulfilled' ? accepted.push(started[i]!.key) : refused.push({ key: started[i]!.key, error: o.reason })));
  if (accepted.length === 0 && refused[0]) throw refused[0].error;
  return { accepted, refused };
}

/** Keep: `"kept": true` in the kept job's sidecars, removed from the group's others; the group remembers it. */
export async function keepJob(af: Airforce, group: CompareGroup, localId: string): Promise<void> {
  const jobs = groupRecords(af.tracker.records(), group.id);
  const winner = jobs.find((r) => r.localId === localId);
  const files = winner ? savedFilesOf(winner) : [];
  if (!winner || String(winner.status) !== 'completed' || files.length === 0) {
    throw new Error(vscode.l10n.t('Only a saved result of this comparison can be kept.'));
  }
  for (const other of jobs) {
    if (other.localId !== localId) await markKept(savedFilesOf(other), group.id, false);
  }
  const outcome = await markKept(files, group.id, true);
  for (const s of outcome.skipped) af.log.warn(`Compare: ${s.file} not marked as kept: ${s.reason}`);
  await af.compareGroups.setKept(group.id, localId);
}
