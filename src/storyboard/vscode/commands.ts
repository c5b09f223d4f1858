// airforce.storyboard.generateShot / generateAll: a storyboard's shots as one batch of jobs (the
// batch layer in submit/vscode/startBatch.ts: validate all → total → budget → confirm once → start). A shot
// whose `image:` is `@id` of an image shot waits for that shot's first file. Each shot's link line is
// written under its block once its files are saved. Loaded on first use (features.ts).
import * as path from 'path';
import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import type { Airforce } from '../../container';
import { isPlainObject } from '../../submit/vscode/checks';
import { confirmCost } from '../../ui/confirmCost';
import { startJobs, type JobSpec, type MediaImage, type StartedJob } from '../../submit/vscode/startBatch';
import { analyzeStoryboard, type ShotAnalysis, type StoryboardAnalysis } from '../analyze';
import { linkedTargets } from '../links';
import type { ShotBlock, Storyboard } from '../parse';
import { defaultModels, originFile } from './support';
import { ensureIds, writeLink } from './edits';

/** What `generateAll` started, by the group id it resolved to (kept for this window's life). */
export interface StoryboardGroup {
  file: string;
  shots: { id: string; localId: Promise<string> }[];
}
const groups = new Map<string, StoryboardGroup>();
export const storyboardGroup = (id: string): StoryboardGroup | undefined => groups.get(id);

function toUri(arg: unknown): vscode.Uri {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg !== '') return /^[a-z][a-z0-9+.-]+:/i.test(arg) ? vscode.Uri.parse(arg, true) : vscode.Uri.file(arg);
  throw new Error(vscode.l10n.t('Expected the storyboard as a Uri.'));
}

interface Confirm {
  ask: (totalCents: number) => Promise<boolean>;
  declined: () => boolean;
}

/** `{confirm: false}` accepts the cost; `{ask: true}` (the CodeLenses) asks in a modal; otherwise refused. */
function confirmer(options: unknown, jobs: readonly JobSpec[]): Confirm {
  let declined = false;
  const accept = isPlainObject(options) && options.confirm === false;
  const ask = isPlainObject(options) && options.ask === true;
  return {
    declined: () => declined,
    ask: async (total) => {
      if (accept) return true;
      if (!ask) return false;
      const ok = await confirmCost(
        jobs.map((j) => j.kind),
        total,
      );
      declined = !ok;
      return ok;
    },
  };
}

/** Refuses a shot the editor marks with an error (broken @id, not an image file, caps…). */
function assertValid(shot: ShotAnalysis, analysis: StoryboardAnalysis, id: string): void {
  const { fenceLine, closeLine } = shot.block;
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error' && d.line >= fenceLine && d.line <= closeLine);
  if (errors.length > 0 || !shot.valid) {
    const what = errors.map((e) => e.message).join('; ') || vscode.l10n.t('it cannot be checked');
    throw new Error(vscode.l10n.t('Shot {0}: {1}. Nothing was sent.', id, what));
  }
}

function imageFile(uri: vscode.Uri, written: string): MediaImage {
  const base = uri.scheme === 'file' ? path.dirname(uri.fsPath) : (vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '');
  const file = path.resolve(base, written);
  // Only files of an open workspace folder are read (the batch reads them after the cost is agreed).
  if (!vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))) {
    throw new Error(vscode.l10n.t('The image {0} is outside the workspace folders; nothing was sent.', written));
  }
  return { file, source: vscode.workspace.asRelativePath(file, false) };
}

function jobOf(uri: vscode.Uri, shot: ShotAnalysis, id: string, imageFrom?: string, image?: MediaImage): JobSpec {
  const img = shot.request.image;
  const images: MediaImage[] = image ? [image] : img && 'url' in img ? [{ url: img.url }] : img && 'path' in img ? [imageFile(uri, img.path)] : [];
  return {
    key: id,
    kind: shot.request.kind,
    input: shot.request.input,
    ...(images.length > 0 ? { images } : {}),
    ...(imageFrom !== undefined ? { imageFrom } : {}),
    origin: { type: 'storyboard', file: originFile(uri), shot: id },
  };
}

async function analyze(af: Airforce, board: Storyboard): Promise<StoryboardAnalysis> {
  return analyzeStoryboard(board, await af.allModels(), { defaultModels: defaultModels() });
}

/** Writes each shot's link line once its files are saved; the promises never reject (a failure is on the job's record). */
function linkWhenSaved(af: Airforce, uri: vscode.Uri, shots: Map<string, ShotAnalysis>, started: readonly StartedJob[]): Promise<unknown>[] {
  return started.map((s) => {
    // Nobody else waits on these: a failed job must not surface as an unhandled rejection.
    s.accepted.catch(() => undefined);
    s.localId.catch(() => undefined);
    return (
      s.files
        .then((files) => writeLink(uri, s.key, shots.get(s.key)!.request.kind, files))
        .then((written) => written || af.log.warn(`Storyboard: shot ${s.key} is no longer in ${uri.fsPath}; its link was not written`))
        // The job's failure is on its record (and notified); here it only means no link.
        .catch((e: unknown) => af.log.warn(`Storyboard: shot ${s.key} of ${uri.fsPath} made no file: ${e instanceof Error ? e.message : String(e)}`))
    );
  });
}

/** The one shot (by id, or by index for a block without one) and the image shot it needs, if not yet made. */
export async function generateShot(af: Airforce, uriArg: unknown, shotArg: unknown, options?: unknown): Promise<vscode.Uri[]> {
  const uri = toUri(uriArg);
  if (typeof shotArg !== 'string' && typeof shotArg !== 'number') throw new Error(vscode.l10n.t('Expected the shot id as the second argument.'));
  const pick = (b: ShotBlock): boolean => (typeof shotArg === 'string' ? b.id === shotArg : b.index === shotArg);
  const { board, ids } = await ensureIds(uri, (board) => board.blocks.filter(pick));
  const wanted = [...ids.values()][0];
  const block = wanted === undefined ? undefined : board.blocks.find((b) => b.id === wanted);
  if (!block?.id) throw new Error(vscode.l10n.t('{0} holds no shot {1}.', uri.fsPath, String(shotArg)));
  const analysis = await analyze(af, board);
  const shot = analysis.shots[block.index]!;
  assertValid(shot, analysis, block.id);
  const jobs: JobSpec[] = [];
  const shots = new Map<string, ShotAnalysis>([[block.id, shot]]);
  if (shot.imageFrom !== undefined) {
    const source = analysis.shots.find((s) => s.block.id === shot.imageFrom)!;
    const made = linkedTargets(board, source.block)[0];
    if (made !== undefined) jobs.push(jobOf(uri, shot, block.id, undefined, imageFile(uri, made)));
    else {
      // The image shot has no result yet: it is made first, in the same batch.
      assertValid(source, analysis, shot.imageFrom);
      shots.set(shot.imageFrom, source);
      jobs.push(jobOf(uri, source, shot.imageFrom), jobOf(uri, shot, block.id, shot.imageFrom));
    }
  } else jobs.push(jobOf(uri, shot, block.id));
  const confirm = confirmer(options, jobs);
  let started: StartedJob[];
  try {
    started = await startJobs(af, jobs, confirm.ask);
  } catch (e) {
    if (confirm.declined()) return []; // the person said no in the modal: nothing to report
    throw e;
  }
  const links = linkWhenSaved(af, uri, shots, started);
  const mine = started.findIndex((s) => s.key === block.id);
  let files: string[];
  try {
    files = await started[mine]!.files;
  } catch (e) {
    // From a CodeLens the completion notice already tells of the failure (and the lens shows it).
    if (isPlainObject(options) && options.ask === true) {
      af.log.warn(`Storyboard: shot ${block.id} failed: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
    throw e;
  }
  await links[mine];
  return files.map((f) => vscode.Uri.file(f));
}

/** Every shot of the document, in order; resolves to the group id once every job is started. */
export async function generateAll(af: Airforce, uriArg: unknown, options?: unknown): Promise<string | undefined> {
  // From the Command Palette: the active Markdown editor, asking before spending like the CodeLens.
  const active = uriArg === undefined ? vscode.window.activeTextEditor?.document : undefined;
  if (active && active.languageId === 'markdown') return generateAll(af, active.uri, { ask: true });
  const uri = toUri(uriArg);
  const { board } = await ensureIds(uri, (board) => board.blocks);
  if (board.blocks.length === 0) throw new Error(vscode.l10n.t('{0} holds no ```airforce shot.', uri.fsPath));
  const analysis = await analyze(af, board);
  const shots = new Map<string, ShotAnalysis>();
  const jobs: JobSpec[] = [];
  for (const shot of analysis.shots) {
    const id = shot.block.id!;
    assertValid(shot, analysis, id);
    shots.set(id, shot);
    jobs.push(jobOf(uri, shot, id, shot.imageFrom));
  }
  const confirm = confirmer(options, jobs);
  let started: StartedJob[];
  try {
    started = await startJobs(af, jobs, confirm.ask);
  } catch (e) {
    if (confirm.declined()) return undefined;
    throw e;
  }
  void linkWhenSaved(af, uri, shots, started);
  const group = randomUUID();
  groups.set(group, { file: originFile(uri), shots: started.map((s) => ({ id: s.key, localId: s.localId })) });
  return group;
}
