// What a finished job's record says in its sidecar: the video sidecar built from a record, and the
// origin fields every kind's sidecar carries. The file format and its writing are io/sidecar.ts's;
// this side knows the record (io never imports tasks).
import * as path from 'node:path';
import { ImageSourceSchema, isoOr, parseSidecar, SIDECAR_GENERATOR, unixTime, type Sidecar, type SidecarRecord } from '../io/sidecar';
import type { JobRecord } from './types';

/**
 * Where a job came from, as its sidecars say it (every kind): a comparison's jobs share `group`, a
 * storyboard shot names its file and shot. Jobs from the panel or a command add nothing.
 */
export function originFields(origin: JobRecord['origin']): { group?: string; storyboard?: { file: string; shot: string | number } } {
  if (origin.type === 'compare') return { group: origin.group };
  if (origin.type === 'storyboard') return { storyboard: { file: origin.file, shot: origin.shot } };
  return {};
}

/**
 * Builds the sidecar for a finished task record. `resultFile` is the saved MP4's path or name;
 * `completed` defaults to the record's completion time, else now. Tolerates whatever the server
 * sent (odd durations, costs, times); throws only for a task without a server id. Image sources
 * that a sidecar must not hold (data: URLs, huge strings) are left out.
 */
export function sidecarFromTask(record: JobRecord, resultFile: string, completed?: Date): Sidecar {
  if (!record.taskId) throw new Error('The task has no server id yet.');
  const done = completed ? isoOr(completed.getTime(), Date.now() / 1000) : record.completedAt !== undefined ? unixTime(record.completedAt) : new Date().toISOString();
  const num = (n: number | undefined): number | undefined => (typeof n === 'number' && Number.isFinite(n) ? n : undefined);
  const costCents = num(record.costCents);
  return parseSidecar(
    {
      kind: 'video',
      task_id: record.taskId,
      request_id: record.taskId,
      model: record.model,
      prompt: record.prompt,
      mode: record.mode,
      duration_seconds: num(record.duration_seconds) ?? 0,
      ...(record.aspect_ratio !== undefined ? { aspect_ratio: record.aspect_ratio } : {}),
      ...(record.quality !== undefined ? { quality: record.quality } : {}),
      extra: record.extra,
      input_images: record.inputImageSources.filter((s) => ImageSourceSchema.safeParse(s).success),
      ...(costCents !== undefined ? { cost_cents: costCents } : {}),
      created: unixTime(record.created),
      completed: done,
      result_file: path.basename(resultFile),
      generator: SIDECAR_GENERATOR,
      ...originFields(record.origin),
    } satisfies SidecarRecord,
    'The sidecar',
  );
}
