// Saving a finished task is one step with one outcome: the sidecar is built (and validated) before
// the bytes are fetched, the file gets its final name only when complete, and a sidecar that cannot
// be written is logged, never turned into a failed task. A task already saved is not saved twice.
// The bytes come from a URL (refused URLs are not refreshed here: jobs/downloads.ts owns that),
// base64 or a stream (io/results.ts).
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { JobRecord } from '../types';
import type { Logger } from '../../util/logger';
import { silentLogger } from '../../util/logger';
import { buildResultFileName, sidecarNameFor, withNumberSuffix } from '../../io/fileNames';
import type { MediaType } from '../../io/magic';
import { writeResult, type ResultSource, type ResultTarget } from '../../io/results';
import { readSidecar, workspaceRelative, writeSidecar, type Sidecar } from '../../io/sidecar';
import { sidecarFromTask } from '../recordSidecar';

export interface SaveResultOptions extends ResultTarget {
  /** A completed task: `taskId` is required, and `resultUrl` unless `source` is given; `savedPath` is reused when still there. */
  record: JobRecord;
  /** Where the bytes come from. Default: the record's result URL. */
  source?: ResultSource;
  /** Media types a base64 or bytes source may be (by magic number). Default: every known type. */
  accept?: readonly MediaType[];
  /** Local image sources are recorded relative to it, so the sidecar survives moving the folder. */
  workspaceRoot?: string;
}

export interface SavedResult {
  path: string;
  bytes: number;
  /** The sniffed type, for base64 and bytes sources. */
  type?: MediaType;
  /** True when an already saved copy was found and nothing was downloaded. */
  reused: boolean;
  /** The sidecar next to the MP4, when one of ours is there. */
  sidecarPath?: string;
  /** Why the sidecar is missing; the video counts as saved all the same. */
  sidecarProblem?: string;
}

// Numbered copies (`-2`, `-3`…) looked at when searching for an earlier save of the same task.
const MAX_CANDIDATES = 50;

export async function saveResult(opts: SaveResultOptions): Promise<SavedResult> {
  const log = opts.logger ?? silentLogger;
  const { record } = opts;
  const taskId = record.taskId;
  const source = opts.source ?? (record.resultUrl ? { url: record.resultUrl } : undefined);
  if (!taskId || !source) throw new Error('This task has no result to download yet.');
  const fileName = buildResultFileName({ prompt: record.prompt, taskId, date: new Date(record.created * 1000) });

  const sidecar = buildSidecar(record, fileName, opts.workspaceRoot);
  const existing = await findSavedCopy(record, opts.dir, fileName);
  if (existing) {
    log.info(`Task ${taskId} is already saved as ${existing.path}; not downloading it again`);
    if (existing.sidecarPath || !sidecar.value) return { ...existing, reused: true };
    // Saved before, but its sidecar could not be written then: try once more.
    return { ...existing, reused: true, ...(await placeSidecar(existing.path, existing.bytes, sidecar.value, log)) };
  }
  if (sidecar.problem) log.warn(`Task ${taskId}: the sidecar cannot be built (${sidecar.problem}); the video is saved without it`);

  const result = await writeResult({ ...opts, source, fileName, logger: log });
  log.info(`Saved ${taskId} to ${result.path} (${result.bytes} bytes)`);
  const placed = sidecar.value ? await placeSidecar(result.path, result.bytes, sidecar.value, log) : { sidecarProblem: sidecar.problem ?? 'not built' };
  return { path: result.path, bytes: result.bytes, reused: false, ...(result.type ? { type: result.type } : {}), ...placed };
}

function buildSidecar(record: JobRecord, fileName: string, root: string | undefined): { value?: Sidecar; problem?: string } {
  const inputImageSources = workspaceRelative(record.inputImageSources, root);
  try {
    return { value: sidecarFromTask({ ...record, inputImageSources }, fileName) };
  } catch (e) {
    return { problem: e instanceof Error ? e.message : String(e) };
  }
}

type SidecarOutcome = Pick<SavedResult, 'sidecarPath' | 'sidecarProblem'>;

async function placeSidecar(mp4: string, bytes: number, sidecar: Sidecar, log: Logger): Promise<SidecarOutcome> {
  try {
    const sidecarPath = await writeSidecar(mp4, { ...sidecar, result_file: path.basename(mp4), result_bytes: bytes });
    return { sidecarPath };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const problem = e instanceof Error ? `${e.message}${code && !e.message.includes(code) ? ` (${code})` : ''}` : String(e);
    log.warn(`The video ${path.basename(mp4)} is saved, but its sidecar JSON could not be written: ${problem}`);
    return { sidecarProblem: problem };
  }
}

interface SavedCopy {
  path: string;
  bytes: number;
  sidecarPath?: string;
}

/**
 * An earlier save of this task: the record's `savedPath` if still a non-empty file (and its sidecar,
 * if ours, names this task and this size), else `<name>.mp4`, `<name>-2.mp4`… whose sidecar of ours
 * names this task, this file and its size.
 */
export async function findSavedCopy(record: JobRecord, dir: string, fileName: string): Promise<SavedCopy | undefined> {
  if (record.savedPath) {
    const copy = await checkCopy(record.savedPath, record.taskId, false);
    if (copy) return copy;
  }
  for (let n = 1; n <= MAX_CANDIDATES; n++) {
    const candidate = path.join(dir, n === 1 ? fileName : withNumberSuffix(fileName, n));
    if (!(await fileSize(candidate))) {
      if (n > 1) return undefined; // numbered copies are made in order: the first gap ends them
      continue;
    }
    const copy = await checkCopy(candidate, record.taskId, true);
    if (copy) return copy;
  }
  return undefined;
}

async function checkCopy(file: string, taskId: string | undefined, needSidecar: boolean): Promise<SavedCopy | undefined> {
  const bytes = await fileSize(file);
  if (!bytes) return undefined;
  const sidecarPath = path.join(path.dirname(file), sidecarNameFor(file));
  const sidecar = await readSidecar(sidecarPath).catch(() => undefined);
  if (!sidecar) return needSidecar ? undefined : { path: file, bytes };
  const same = sidecar.task_id === taskId && sidecar.result_file === path.basename(file) && (sidecar.result_bytes === undefined || sidecar.result_bytes === bytes);
  return same ? { path: file, bytes, sidecarPath } : undefined;
}

/** Size of a regular file (not a link), or undefined. */
async function fileSize(file: string): Promise<number | undefined> {
  try {
    const st = await fsp.lstat(file);
    return st.isFile() ? st.size : undefined;
  } catch {
    return undefined;
  }
}
