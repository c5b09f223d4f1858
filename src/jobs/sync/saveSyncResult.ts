// Saving one result of a synchronous job (an image, a speech/music/sound-effect clip): named
// `<date>-<slug>-<id8>[-<i>].<ext>`, the extension from the bytes' magic number (URL results
// too), written through writeResult (part file, final name only when complete), then a sidecar
// `<same name>.json`. A sidecar that cannot be written is logged, never a failed save.
import { isOperation, kindFacts } from '../../kinds';
import { saveOperationResult } from './operationResult';
import type { JobRecord } from '../types';
import { silentLogger } from '../../util/logger';
import { buildResultFileName, safeFileName } from '../../io/fileNames';
import { mediaSidecarFromRecord, writeMediaSidecar } from './mediaSidecar';
import { MEDIA_EXTENSIONS, type MediaType } from '../../io/magic';
import { writeResult, type ResultSource, type ResultTarget } from '../../io/results';

export interface SaveSyncResultOptions extends ResultTarget {
  /** The job, with its server id (`taskId` = X-Request-ID) once the POST answered. */
  record: JobRecord;
  source: ResultSource;
  /** 0-based position of this result, and how many the job made: `-<i>` only when several. */
  index: number;
  count: number;
  /** Local input images are recorded in the sidecar relative to it. */
  workspaceRoot?: string;
}

export interface SavedSyncResult {
  path: string;
  bytes: number;
  type: MediaType;
  sidecarPath?: string;
  sidecarProblem?: string;
}

/** `<yyyy-mm-dd>-<slug>-<id8>[-<i>].<ext>` (i 1-based, only when the job made several files). */
export function syncFileName(record: JobRecord, index: number, count: number, ext: string): string {
  const id = record.taskId || record.localId;
  const base = buildResultFileName({ prompt: record.prompt || record.kind, taskId: id, date: new Date(record.created * 1000) });
  const stem = base.replace(/\.mp4$/, '');
  return safeFileName(`${stem}${count > 1 ? `-${index + 1}` : ''}.${ext}`);
}

export async function saveSyncResult(opts: SaveSyncResultOptions): Promise<SavedSyncResult> {
  const log = opts.logger ?? silentLogger;
  const { record } = opts;
  if (record.kind === 'video') throw new Error('A video task is saved by saveResult.');
  if (isOperation(record.kind)) return saveOperationResult(record.kind, opts);
  // What the kind's results may be (src/kinds.ts); anything else is refused, whatever the server said.
  const accept = kindFacts(record.kind).results;
  // Named provisionally with the kind's usual extension: writeResult swaps in the sniffed one
  // (URL results too, given `accept`) before the part file gets its final name.
  const provisional = syncFileName(record, opts.index, opts.count, MEDIA_EXTENSIONS[accept[0]]);
  const written = await writeResult({ ...opts, fileName: provisional, accept, logger: log });
  const saved = written.path;
  const type = written.type ?? accept[0];

  let sidecarPath: string | undefined;
  let sidecarProblem: string | undefined;
  try {
    const sidecar = mediaSidecarFromRecord(record, saved, {
      ...(opts.count > 1 ? { index: opts.index + 1 } : {}),
      count: opts.count,
      resultBytes: written.bytes,
      ...(opts.workspaceRoot ? { workspaceRoot: opts.workspaceRoot } : {}),
    });
    sidecarPath = await writeMediaSidecar(saved, sidecar);
  } catch (e) {
    sidecarProblem = e instanceof Error ? e.message : String(e);
    log.warn(`${record.kind} ${record.taskId ?? record.localId}: the sidecar could not be written (${sidecarProblem}); the file is saved without it`);
  }
  return {
    path: saved,
    bytes: written.bytes,
    type,
    ...(sidecarPath ? { sidecarPath } : {}),
    ...(sidecarProblem ? { sidecarProblem } : {}),
  };
}
