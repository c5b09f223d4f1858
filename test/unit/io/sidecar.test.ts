import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { readSidecar, sidecarToRequest, SidecarSchema, writeSidecar, type SidecarRecord } from '../../../src/io/sidecar';
import { sidecarFromTask } from '../../../src/jobs/recordSidecar';
import type { JobRecord } from '../../../src/jobs/types';
import { listDir, tempDir } from './helpers';

let dir: string;
beforeEach(async () => {
  dir = await tempDir('af-sidecar-');
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

const record = (over: Partial<SidecarRecord> = {}): SidecarRecord => ({
  task_id: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
  model: 'wan-2.6',
  prompt: 'A red fox in fresh snow',
  mode: 'image',
  duration_seconds: 5,
  aspect_ratio: '16:9',
  quality: '720p',
  extra: { seed: 42, sound: true },
  input_images: ['images/fox.png', 'https://example.invalid/ref.jpg'],
  cost_cents: 40,
  created: '2025-01-07T10:00:00.000Z',
  completed: '2025-01-07T10:01:10.000Z',
  result_file: '2025-01-07-a-red-fox-in-fresh-snow-f47ac10b.mp4',
  generator: 'airforce-media',
  ...over,
});

describe('writeSidecar / readSidecar', () => {
  test('writes pretty JSON next to the MP4 and reads it back', async () => {
    const mp4 = path.join(dir, '2025-01-07-a-red-fox-in-fresh-snow-f47ac10b.mp4');
    const written = await writeSidecar(mp4, record());
    assert.equal(written, path.join(dir, '2025-01-07-a-red-fox-in-fresh-snow-f47ac10b.json'));
    const text = await fsp.readFile(written, 'utf8');
    assert.ok(text.includes('\n  "task_id": '), 'indented');
    assert.ok(text.endsWith('}\n'));
    assert.deepEqual(await readSidecar(written), record());
    assert.deepEqual(await listDir(dir), [path.basename(written)], 'no temp file left behind');
  });

  test('replaces an older sidecar of ours', async () => {
    const mp4 = path.join(dir, 'clip.mp4');
    await writeSidecar(mp4, record({ prompt: 'first' }));
    await writeSidecar(mp4, record({ prompt: 'second' }));
    assert.equal((await readSidecar(path.join(dir, 'clip.json'))).prompt, 'second');
    assert.deepEqual(await listDir(dir), ['clip.json']);
  });

  test('never replaces a JSON file that is not ours', async () => {
    const mp4 = path.join(dir, 'clip.mp4');
    await fsp.writeFile(path.join(dir, 'clip.json'), '{"mine": true}\n');
    await assert.rejects(writeSidecar(mp4, record()), /not an Airforce sidecar/);
    assert.equal(await fsp.readFile(path.join(dir, 'clip.json'), 'utf8'), '{"mine": true}\n');
    assert.deepEqual(await listDir(dir), ['clip.json']);
  });

  test('refuses image bytes (data: URLs) and bad records without writing anything', async () => {
    const mp4 = path.join(dir, 'clip.mp4');
    await assert.rejects(writeSidecar(mp4, record({ input_images: ['data:image/png;base64,iVBORw0KGgo='] })));
    await assert.rejects(writeSidecar(mp4, record({ input_images: ['A'.repeat(5000)] })));
    await assert.rejects(writeSidecar(mp4, record({ result_file: '../x.mp4' })));
    await assert.rejects(writeSidecar(mp4, record({ created: 'yesterday' })));
    assert.deepEqual(await listDir(dir), []);
  });

  test('readSidecar rejects bad JSON, a foreign generator and missing fields', async () => {
    const file = path.join(dir, 'x.json');
    await fsp.writeFile(file, '{not json');
    await assert.rejects(readSidecar(file), /not valid JSON/);
    await fsp.writeFile(file, JSON.stringify({ ...record(), generator: 'someone-else' }));
    await assert.rejects(readSidecar(file), /not an Airforce sidecar/);
    const { model: _drop, ...noModel } = record();
    await fsp.writeFile(file, JSON.stringify(noModel));
    await assert.rejects(readSidecar(file), /model/);
  });

  test('unknown fields from a newer version pass through', async () => {
    const file = path.join(dir, 'x.json');
    await fsp.writeFile(file, JSON.stringify({ ...record(), future_field: 1 }));
    const s = await readSidecar(file);
    assert.equal((s as Record<string, unknown>)['future_field'], 1);
  });

  test('defaults for extra and input_images', () => {
    const { extra: _e, input_images: _i, ...bare } = record();
    const s = SidecarSchema.parse(bare);
    assert.deepEqual(s.extra, {});
    assert.deepEqual(s.input_images, []);
  });
});

describe('sidecarToRequest', () => {
  test('rebuilds the create request, extra keys passed through', () => {
    const { request, inputImageSources } = sidecarToRequest(SidecarSchema.parse(record()));
    assert.deepEqual(request, {
      seed: 42,
      sound: true,
      model: 'wan-2.6',
      prompt: 'A red fox in fresh snow',
      mode: 'image',
      duration_seconds: 5,
      aspect_ratio: '16:9',
      quality: '720p',
    });
    assert.deepEqual(inputImageSources, ['images/fox.png', 'https://example.invalid/ref.jpg']);
    assert.equal('input_images' in request, false);
  });

  test('extra can never override core fields or smuggle images', () => {
    const s = SidecarSchema.parse(record({ extra: { model: 'evil', prompt: 'x', input_images: [{ b64_json: 'AAAA' }], seed: 1 }, aspect_ratio: undefined }));
    const { request } = sidecarToRequest(s);
    assert.equal(request.model, 'wan-2.6');
    assert.equal(request.prompt, 'A red fox in fresh snow');
    assert.equal(request.input_images, undefined);
    assert.equal('aspect_ratio' in request, false);
    assert.equal(request['seed'], 1);
  });

  test('an unknown mode is left for the server default', () => {
    const { request } = sidecarToRequest(SidecarSchema.parse(record({ mode: 'hologram' })));
    assert.equal(request.mode, undefined);
  });
});

describe('sidecarFromTask', () => {
  const task: JobRecord = {
    localId: 'local-1',
    kind: 'video',
    origin: { type: 'command' },
    taskId: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
    model: 'kling-1',
    prompt: 'Waves',
    mode: 'text',
    duration_seconds: 10,
    extra: { seed: 7 },
    inputImageSources: [],
    status: 'completed',
    progress: 100,
    costCents: 80,
    created: 1_736_244_000,
    completedAt: 1_736_244_070,
  };

  test('maps a finished task record, times as ISO strings', () => {
    const s = sidecarFromTask(task, '/ws/airforce-media/2025-01-07-waves-f47ac10b.mp4');
    assert.equal(s.task_id, task.taskId);
    assert.equal(s.result_file, '2025-01-07-waves-f47ac10b.mp4');
    assert.equal(s.created, new Date(1_736_244_000_000).toISOString());
    assert.equal(s.completed, new Date(1_736_244_070_000).toISOString());
    assert.equal(s.cost_cents, 80);
    assert.equal(s.aspect_ratio, undefined);
    assert.deepEqual(sidecarToRequest(s).request, { seed: 7, model: 'kling-1', prompt: 'Waves', mode: 'text', duration_seconds: 10 });
  });

  test("fh#5 a video sidecar names its kind and request id like the other kinds' sidecars; an older one without them still reads and reruns", async () => {
    const s = sidecarFromTask(task, 'v.mp4');
    assert.equal(s.kind, 'video');
    assert.equal(s.request_id, task.taskId);
    const { kind: _k, request_id: _r, ...older } = s;
    const file = path.join(dir, 'older.json');
    await fsp.writeFile(file, JSON.stringify(older));
    const back = await readSidecar(file);
    assert.equal(back.kind, undefined);
    assert.deepEqual(sidecarToRequest(back).request, sidecarToRequest(s).request);
  });

  test('a compared job carries its group, a storyboard shot its file and shot; a panel job neither', () => {
    const grouped = sidecarFromTask({ ...task, origin: { type: 'compare', group: 'g-1' } }, 'a.mp4');
    assert.equal(grouped.group, 'g-1');
    const shot = sidecarFromTask({ ...task, origin: { type: 'storyboard', file: 'film.md', shot: 'fox-wide' } }, 'b.mp4');
    assert.deepEqual(shot.storyboard, { file: 'film.md', shot: 'fox-wide' });
    const plain = sidecarFromTask({ ...task, origin: { type: 'panel' } }, 'c.mp4');
    assert.ok(!('group' in plain) && !('storyboard' in plain));
  });

  test('#2 odd server values are recorded as they came, never thrown on', () => {
    const odd: JobRecord = {
      ...task,
      duration_seconds: 5.5,
      costCents: -3,
      created: 1e20,
      completedAt: 3e11,
      inputImageSources: ['data:image/png;base64,AAAA', 'images/a.png'],
    };
    const s = sidecarFromTask(odd, 'clip.mp4');
    assert.equal(s.duration_seconds, 5.5);
    assert.equal(s.cost_cents, -3);
    assert.equal(s.created, 1e20, 'a time no Date can hold stays the raw seconds');
    assert.equal(s.completed, 3e11, 'a year past 9999 is no ISO date either');
    assert.deepEqual(s.input_images, ['images/a.png'], 'image bytes never go into a sidecar');
    // "Generate again" leaves out what the API would refuse (a non-integer duration).
    assert.equal(sidecarToRequest(s).request.duration_seconds, undefined);
  });

  test('#2 a sidecar with odd values and unknown fields reads back', async () => {
    const file = path.join(dir, 'odd.json');
    await fsp.writeFile(file, JSON.stringify({ ...record(), duration_seconds: 5.5, cost_cents: -1, created: 1e20, surprise: { a: 1 } }));
    const s = await readSidecar(file);
    assert.deepEqual([s.duration_seconds, s.cost_cents, s.created], [5.5, -1, 1e20]);
  });

  test('a task without a server id has no sidecar', () => {
    const { taskId: _t, ...local } = task;
    assert.throws(() => sidecarFromTask(local, 'x.mp4'), /no server id/);
  });
});
