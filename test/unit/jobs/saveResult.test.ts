// saveResult (#2): one step, one outcome. Odd server values are recorded, a sidecar that cannot be
// written leaves the video saved (and logged), and a repeated download reuses the saved file.
import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { buildResultFileName } from '../../../src/io/fileNames';
import { saveResult, type SaveResultOptions } from '../../../src/jobs/video/saveResult';
import type { JobRecord } from '../../../src/jobs/types';
import type { Logger } from '../../../src/util/logger';
import { listDir, sha256, tempDir } from '../io/helpers';
import { taskRecord } from './record-helpers';
import { completedTaskId, useSimulator } from '../simulator/sim-helpers';

const KEY = 'sk-air-save-test';
const sim = useSimulator({ keys: [KEY], clockSpeed: 50, resultSizeBytes: 300_001 });
let dir: string;

beforeEach(async () => {
  dir = await tempDir('af-save-');
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

async function completedRecord(over: Partial<JobRecord> = {}): Promise<JobRecord> {
  const taskId = await completedTaskId(sim(), KEY, 'Waves at dusk');
  return taskRecord({
    localId: `local-${taskId}`,
    taskId,
    prompt: 'Waves at dusk',
    status: 'completed',
    progress: 100,
    costCents: 40,
    created: 1_736_244_000,
    completedAt: 1_736_244_070,
    resultUrl: sim().resultUrl(taskId),
    ...over,
  });
}

function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at =
    (level: string) =>
    (m: unknown): void =>
      void lines.push(`${level} ${String(m)}`);
  return { lines, trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const save = (record: JobRecord, extra: Partial<SaveResultOptions> = {}): ReturnType<typeof saveResult> =>
  saveResult({ record, dir, baseIsLoopback: true, tuning: { retryDelayMs: 0 }, ...extra });

const fileRequests = (since: number): number =>
  sim()
    .requests.slice(since)
    .filter((r) => r.path.startsWith('/files/')).length;
const mp4s = async (): Promise<string[]> => (await listDir(dir)).filter((n) => n.endsWith('.mp4'));

describe('#2 saving a result', () => {
  test('#2 odd server values (5.5 s, negative cost, unformattable created) → saved, and the sidecar records what came', async () => {
    const record = await completedRecord({ duration_seconds: 5.5, costCents: -12, created: 1e20 });
    const saved = await save(record);
    assert.equal(sha256(await fsp.readFile(saved.path)), sha256(sim().resultBytes));
    assert.ok(saved.sidecarPath, saved.sidecarProblem);
    const json = JSON.parse(await fsp.readFile(saved.sidecarPath, 'utf8')) as Record<string, unknown>;
    assert.equal(json['duration_seconds'], 5.5);
    assert.equal(json['cost_cents'], -12);
    assert.equal(json['created'], 1e20);
    assert.equal(json['task_id'], record.taskId);
    assert.equal(json['result_file'], path.basename(saved.path));
    assert.equal(json['result_bytes'], sim().resultBytes.length);
  });

  test('#2 a foreign <name>.json at the sidecar path → the video is saved, the problem logged (no zod dump)', async () => {
    const record = await completedRecord();
    const name = buildResultFileName({ prompt: record.prompt, taskId: record.taskId ?? '', date: new Date(record.created * 1000) });
    const foreign = path.join(dir, name.replace(/\.mp4$/, '.json'));
    await fsp.writeFile(foreign, '{"mine": true}\n');
    const log = memoryLogger();
    const saved = await save(record, { logger: log });
    assert.equal(saved.path, path.join(dir, name));
    assert.equal(sha256(await fsp.readFile(saved.path)), sha256(sim().resultBytes));
    assert.equal(saved.sidecarPath, undefined);
    assert.match(saved.sidecarProblem ?? '', /not an Airforce sidecar/);
    assert.equal(await fsp.readFile(foreign, 'utf8'), '{"mine": true}\n', 'the foreign file is left alone');
    const warning = log.lines.find((l) => l.startsWith('warn') && l.includes('sidecar'));
    assert.ok(warning, log.lines.join('\n'));
    assert.ok(!/invalid_type|"code":|"path":\[/.test(warning), warning);

    // The tracker now records savedPath; a second "Download" reuses the file instead of copying it.
    const mark = sim().requests.length;
    const again = await save({ ...record, savedPath: saved.path }, { logger: log });
    assert.deepEqual([again.path, again.reused], [saved.path, true]);
    assert.equal(fileRequests(mark), 0);
    assert.deepEqual(await mp4s(), [name]);
  });

  test('#2 a repeated download of a saved task reuses it: one MP4, no second request', async () => {
    const record = await completedRecord();
    const first = await save(record);
    const mark = sim().requests.length;
    const second = await save(record); // no savedPath: found by its sidecar's task_id
    const third = await save({ ...record, savedPath: first.path });
    assert.deepEqual([second.path, second.reused, third.path, third.reused], [first.path, true, first.path, true]);
    assert.equal(fileRequests(mark), 0);
    assert.deepEqual(await mp4s(), [path.basename(first.path)]);
    assert.equal((await listDir(dir)).length, 2, 'one MP4 and its sidecar');
  });

  test('a copy that is not complete, or belongs to another task, is not reused', async () => {
    const record = await completedRecord();
    const first = await save(record);
    await fsp.truncate(first.path, 1000); // the sidecar says 300001 bytes
    const second = await save(record);
    assert.equal(second.reused, false);
    assert.notEqual(second.path, first.path);
    assert.equal(sha256(await fsp.readFile(second.path)), sha256(sim().resultBytes));
    // Same file name, but the sidecar there names another task.
    const other = await completedRecord();
    const sidecar = JSON.parse(await fsp.readFile(second.path.replace(/\.mp4$/, '.json'), 'utf8')) as Record<string, unknown>;
    const name = buildResultFileName({ prompt: other.prompt, taskId: other.taskId ?? '', date: new Date(other.created * 1000) });
    await fsp.copyFile(second.path, path.join(dir, name));
    await fsp.writeFile(path.join(dir, name.replace(/\.mp4$/, '.json')), JSON.stringify({ ...sidecar, result_file: name }));
    const third = await save(other);
    assert.equal(third.reused, false);
    assert.equal(path.basename(third.path), name.replace(/\.mp4$/, '-2.mp4'));
  });

  test('a record without a result is refused before anything is written', async () => {
    const record = await completedRecord();
    await assert.rejects(save({ ...record, resultUrl: undefined }), /no result/);
    assert.deepEqual(await listDir(dir), []);
  });
});
