// What the CodeLenses above a storyboard's blocks say, as data (the host turns it into titles):
// per shot its estimate or its run's progress or its result; above the first block the count and
// the total. Pure, over one analysis.
import type { CostEstimate } from '../api/rules/cost';
import type { ShotProblems, StoryboardAnalysis } from './analyze';
import { linkedTargets } from './links';
import type { Storyboard } from './parse';
import type { ShotKind } from './shot';

/** A shot's run as the tracker knows it (the host reads it from the job records' origins). */
export type ShotRun = { state: 'running'; progress?: number } | { state: 'done'; files: readonly string[] } | { state: 'failed' };

/** `problems`: the shot (or, on `all`, the document) has errors to fix first; the lens names them instead of a price. */
export type ShotLensData =
  | { type: 'all'; line: number; count: number; totalCents?: number; unknownPrice: boolean; problems?: ShotProblems }
  | { type: 'generate'; line: number; blockIndex: number; id?: string; kind: ShotKind; estimate?: CostEstimate; lastFailed: boolean; problems?: ShotProblems }
  | { type: 'running'; line: number; blockIndex: number; id?: string; kind: ShotKind; progress?: number }
  | { type: 'done'; line: number; blockIndex: number; id: string; kind: ShotKind; estimate?: CostEstimate; targets: readonly string[]; problems?: ShotProblems };

/**
 * `runOf(id)`: the latest run of shot `id`, if any. A shot counts as done when it has a finished
 * run or a link line under its block (also after a reload); a running one shows its progress.
 */
export function storyboardLenses(board: Storyboard, analysis: StoryboardAnalysis, runOf: (id: string) => ShotRun | undefined): ShotLensData[] {
  const out: ShotLensData[] = [];
  const shots = analysis.shots;
  if (shots.length === 0) return out;
  let total = 0;
  let unknownPrice = false;
  let problems: ShotProblems | undefined;
  for (const s of shots) {
    if (s.estimate && 'cents' in s.estimate) total += s.estimate.cents;
    else unknownPrice = true;
    if (s.problems) problems = problems ? { ...problems, count: problems.count + s.problems.count } : { ...s.problems };
  }
  out.push({ type: 'all', line: shots[0]!.block.fenceLine, count: shots.length, ...(unknownPrice ? {} : { totalCents: total }), unknownPrice, ...(problems ? { problems } : {}) });
  for (const s of shots) {
    const { block, request } = s;
    const line = block.fenceLine;
    const id = block.id;
    const run = id === undefined ? undefined : runOf(id);
    const base = { line, blockIndex: block.index, kind: request.kind };
    const fix = s.problems ? { problems: s.problems } : {};
    if (run?.state === 'running') {
      out.push({ type: 'running', ...base, ...(id !== undefined ? { id } : {}), ...(run.progress !== undefined ? { progress: run.progress } : {}) });
      continue;
    }
    // Link targets are relative to the Markdown file, run files absolute: the host resolves both alike.
    const linked = linkedTargets(board, block);
    if (linked.length === 0 && run?.state === 'done') linked.push(...run.files);
    if (id !== undefined && linked.length > 0) {
      out.push({ type: 'done', ...base, id, ...(s.estimate ? { estimate: s.estimate } : {}), targets: linked, ...fix });
      continue;
    }
    out.push({ type: 'generate', ...base, ...(id !== undefined ? { id } : {}), ...(s.estimate ? { estimate: s.estimate } : {}), lastFailed: run?.state === 'failed', ...fix });
  }
  return out;
}
