// "Keep" marks a comparison's winner in its sidecars: `"kept": true` in the sidecar of each file of
// the kept job, and the mark removed from the group's other jobs. Only sidecars this extension wrote
// for this group are touched (generator + group checked); each is rewritten in place through the same
// atomic writer that made it. No vscode import.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { sidecarNameFor } from '../io/fileNames';
import { SIDECAR_GENERATOR, writeSidecarJson } from '../io/sidecar';

const MAX_SIDECAR_BYTES = 1024 * 1024;

export type KeepOutcome = { written: string[]; skipped: Array<{ file: string; reason: string }> };

/** Sets (`kept` true) or clears the mark in the sidecars of `files`, which belong to `group`. */
export async function markKept(files: readonly string[], group: string, kept: boolean): Promise<KeepOutcome> {
  const out: KeepOutcome = { written: [], skipped: [] };
  for (const file of files) {
    const sidecar = path.join(path.dirname(file), sidecarNameFor(file));
    const json = await readOurs(sidecar, group).catch((e: unknown) => (e instanceof Error ? e.message : String(e)));
    if (typeof json === 'string') {
      out.skipped.push({ file: sidecar, reason: json });
      continue;
    }
    if (json.result_file !== path.basename(file)) {
      out.skipped.push({ file: sidecar, reason: 'it describes another file' });
      continue;
    }
    if ((json.kept === true) === kept) continue;
    const next = { ...json };
    if (kept) next.kept = true;
    else delete next.kept;
    await writeSidecarJson(file, next);
    out.written.push(sidecar);
  }
  return out;
}

async function readOurs(file: string, group: string): Promise<Record<string, unknown>> {
  const st = await fsp.stat(file);
  if (!st.isFile() || st.size > MAX_SIDECAR_BYTES) throw new Error('not a sidecar file');
  const json: unknown = JSON.parse(await fsp.readFile(file, 'utf8'));
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('not a JSON object');
  const o = json as Record<string, unknown>;
  if (o.generator !== SIDECAR_GENERATOR) throw new Error('not written by this extension');
  if (o.group !== group) throw new Error('not a sidecar of this comparison');
  return o;
}
