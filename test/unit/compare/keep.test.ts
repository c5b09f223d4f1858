// Keep rewrites the kept job's sidecars in place (`"kept": true`) and clears the mark from the other
// jobs of the group — only sidecars this extension wrote for this group, for this very file.
import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { markKept } from '../../../src/compare/keep';
import { mediaSidecarFromRecord, writeMediaSidecar } from '../../../src/jobs/sync/mediaSidecar';
import { writeSidecar } from '../../../src/io/sidecar';
import { sidecarFromTask } from '../../../src/jobs/recordSidecar';
import { tempDir } from '../io/helpers';
import { taskRecord } from '../jobs/record-helpers';

let dir: string;
beforeEach(async () => {
  dir = await tempDir('af-keep-');
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

const read = async (file: string): Promise<Record<string, unknown>> => JSON.parse(await fsp.readFile(file, 'utf8')) as Record<string, unknown>;

async function video(name: string, group: string): Promise<{ file: string; sidecar: string }> {
  const file = path.join(dir, name);
  await fsp.writeFile(file, 'mp4');
  const record = taskRecord({ taskId: 't-1', status: 'completed', origin: { type: 'compare', group } });
  const sidecar = await writeSidecar(file, sidecarFromTask(record, file, new Date(2_000_000)));
  return { file, sidecar };
}

test('marks the kept video and clears the mark again, keeping every other field', async () => {
  const { file, sidecar } = await video('fox.mp4', 'g1');
  assert.equal((await read(sidecar)).group, 'g1', 'the sidecar carries the group');
  const before = await read(sidecar);
  const first = await markKept([file], 'g1', true);
  assert.deepEqual(first.written, [sidecar]);
  assert.deepEqual(await read(sidecar), { ...before, kept: true });
  assert.deepEqual((await markKept([file], 'g1', true)).written, [], 'already kept: nothing rewritten');
  await markKept([file], 'g1', false);
  assert.deepEqual(await read(sidecar), before);
  assert.deepEqual((await fsp.readdir(dir)).sort(), ['fox.json', 'fox.mp4'], 'no temp files left');
});

test('image sidecars of every file of the job are marked', async () => {
  const record = taskRecord({ kind: 'image', taskId: 'req-1', status: 'completed', origin: { type: 'compare', group: 'g2' }, extra: { n: 2 } });
  const files = [path.join(dir, 'a-1.png'), path.join(dir, 'a-2.png')];
  for (const [i, f] of files.entries()) {
    await fsp.writeFile(f, 'png');
    await writeMediaSidecar(f, mediaSidecarFromRecord(record, f, { index: i + 1 }));
  }
  const out = await markKept(files, 'g2', true);
  assert.equal(out.written.length, 2);
  for (const f of files) assert.equal((await read(f.replace(/\.png$/, '.json'))).kept, true);
});

test('leaves alone sidecars of another group, files nobody wrote, and sidecars of another file', async () => {
  const other = await video('other.mp4', 'g-other');
  const foreign = path.join(dir, 'mine.mp4');
  await fsp.writeFile(foreign, 'mp4');
  await fsp.writeFile(path.join(dir, 'mine.json'), JSON.stringify({ note: 'hand-written', group: 'g1' }));
  const moved = await video('moved.mp4', 'g1');
  const renamed = path.join(dir, 'renamed.mp4');
  await fsp.copyFile(moved.sidecar, path.join(dir, 'renamed.json'));
  const missing = path.join(dir, 'none.mp4');

  const out = await markKept([other.file, foreign, renamed, missing], 'g1', true);
  assert.deepEqual(out.written, []);
  assert.equal(out.skipped.length, 4);
  assert.match(out.skipped.map((s) => s.reason).join('\n'), /not a sidecar of this comparison/);
  assert.match(out.skipped.map((s) => s.reason).join('\n'), /not written by this extension/);
  assert.match(out.skipped.map((s) => s.reason).join('\n'), /describes another file/);
  assert.equal((await read(other.sidecar)).kept, undefined);
  assert.deepEqual(await read(path.join(dir, 'mine.json')), { note: 'hand-written', group: 'g1' });
});
