// Persistence and the pure history helpers: what is written, what is read back, what is dropped.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { VideoTask } from '../../../src/api/schemas/schemas';
import { capHistory, mergeHistory, sortNewestFirst } from '../../../src/jobs/video/history';
import { applyExpiry, applyServerTask, recordFromRequest, type TrackedJobRecord } from '../../../src/jobs/records';
import { PENDING_KEY, JobStore, TASKS_KEY, TASKS_VERSION, TASKS_VERSION_KEY, type PendingRequest } from '../../../src/jobs/jobStore';
import { Emitter } from '../../../src/jobs/emitter';
import { countingTimers, memoryStore, videoRequest, waitFor } from './helpers';

const rec = (localId: string, over: Partial<TrackedJobRecord> = {}): TrackedJobRecord => ({
  ...recordFromRequest(videoRequest(`prompt ${localId}`), [], localId, 1000),
  ...over,
});

describe('JobStore', () => {
  it('debounces writes, never writes image bytes, and reads back only valid records', async () => {
    const kv = memoryStore();
    const timers = countingTimers();
    const records = [rec('a', { status: 'processing', taskId: 't-a' }), rec('b')];
    const pending: PendingRequest[] = [
      { localId: 'b', request: videoRequest('plain') },
      { localId: 'c', request: videoRequest('bytes', { mode: 'image', input_images: [{ b64_json: 'SECRETBYTES' }] }) },
    ];
    const store = new JobStore(kv, () => ({ records, pending }), { debounceMs: 20, timers });
    store.markDirty();
    store.markDirty();
    store.markDirty();
    assert.equal(kv.writes, 0);
    // Records, pending requests, and (once) the version of the records' shape.
    await waitFor(() => kv.writes === 3, 'one debounced write of the three keys');
    await new Promise((r) => setTimeout(r, 40));
    assert.equal(kv.writes, 3);
    assert.equal(kv.data.get(TASKS_VERSION_KEY), TASKS_VERSION);
    assert.ok(!JSON.stringify([...kv.data.values()]).includes('SECRETBYTES'));
    assert.deepEqual(store.loadPending().get('b'), videoRequest('plain'));
    assert.equal(store.loadPending().has('c'), false);
    // Stored newest first; with equal creation times the later-added one leads.
    assert.deepEqual(store.loadRecords(), [records[1], records[0]]);

    kv.data.set(TASKS_KEY, [...(kv.data.get(TASKS_KEY) as unknown[]), { localId: 'x' }, 'junk', { ...records[0], status: 'bogus' }]);
    kv.data.set(PENDING_KEY, [{ localId: 'z', request: { prompt: 'no model' } }]);
    assert.deepEqual(
      store.loadRecords().map((r) => r.localId),
      ['b', 'a'],
    );
    assert.equal(store.loadPending().size, 0);
    await store.dispose();
    assert.equal(timers.active(), 0);
  });

  it('caps the history but keeps every live record', () => {
    const live = rec('live', { status: 'waiting', created: 1 });
    const old = Array.from({ length: 5 }, (_, i) => rec(`done${i}`, { status: 'completed', created: 100 + i }));
    const kept = capHistory([live, ...old], 3);
    assert.deepEqual(
      kept.map((r) => r.localId),
      ['done4', 'done3', 'live'],
    );
  });
});

describe('history helpers', () => {
  it('merges: server wins for status, local keeps its fields, unknown tasks become imported records', () => {
    const map = new Map<string, TrackedJobRecord>();
    const mine = rec('m', { taskId: 't1', status: 'processing', progress: 40, extra: { seed: 1 }, inputImageSources: ['/w/a.png'] });
    map.set('m', mine);
    const server: VideoTask[] = [
      { task_id: 't1', status: 'completed', progress: 100, result_url: 'https://r/1.mp4', expires_at: 5000, cost_cents: 200 },
      { task_id: 't2', status: 'processing', progress: 10, prompt: 'from elsewhere', model: 'kling-1', created: 2000 },
    ];
    let n = 0;
    const result = mergeHistory(map, server, () => `new${++n}`, 3000);
    assert.equal(mine.status, 'completed');
    assert.equal(mine.resultUrl, 'https://r/1.mp4');
    assert.equal(mine.costCents, 200);
    assert.deepEqual(mine.extra, { seed: 1 });
    assert.deepEqual(mine.inputImageSources, ['/w/a.png']);
    assert.deepEqual(result.becameTerminal, [mine]);
    assert.equal(result.added.length, 1);
    assert.equal(result.added[0].imported, true);
    assert.equal(result.added[0].prompt, 'from elsewhere');
    assert.equal(map.get('new1')?.taskId, 't2');
    assert.equal(mergeHistory(map, server, () => 'never', 3000).added.length, 0);
    assert.deepEqual(
      sortNewestFirst(map.values()).map((r) => r.localId),
      ['new1', 'm'],
    );
  });

  it('expires unsaved results only, and keeps a saved one completed when the server expires it', () => {
    const unsaved = rec('u', { status: 'completed', expiresAt: 100, resultUrl: 'https://r' });
    const saved = rec('s', { status: 'completed', expiresAt: 100, savedPath: '/w/s.mp4' });
    assert.equal(applyExpiry(unsaved, 99), false);
    assert.equal(applyExpiry(unsaved, 101), true);
    assert.equal(unsaved.status, 'expired');
    assert.equal(unsaved.downloadError, 'expired');
    assert.equal(applyExpiry(saved, 101), false);
    applyServerTask(saved, { task_id: 't', status: 'expired' }, 101);
    assert.equal(saved.status, 'completed');
    const failed = rec('f', { status: 'processing' });
    applyServerTask(failed, { task_id: 't', status: 'failed' }, 5);
    assert.equal(failed.error, 'The task failed.');
    assert.equal(failed.completedAt, 5);
  });

  it('#11 a server input_image_url never becomes a local source (new merges and old stored records)', async () => {
    const map = new Map<string, TrackedJobRecord>();
    const server: VideoTask[] = [
      { task_id: 'p1', status: 'completed', progress: 100, created: 1, input_image_url: '/home/me/.ssh/id_ed25519' },
      { task_id: 'p2', status: 'completed', progress: 100, created: 2, input_image_url: 'file:///etc/passwd' },
      { task_id: 'p3', status: 'completed', progress: 100, created: 3, input_image_url: 'http://cdn.example/a.png' },
      { task_id: 'p4', status: 'completed', progress: 100, created: 4, input_image_url: 'https://cdn.example/a.png' },
    ];
    let n = 0;
    mergeHistory(map, server, () => `i${++n}`, 10);
    for (const r of map.values()) assert.deepEqual(r.inputImageSources, [], `${r.taskId} has no local source`);
    assert.deepEqual(
      [...map.values()].map((r) => r.serverInputImageUrl),
      [undefined, undefined, undefined, 'https://cdn.example/a.png'],
      'only an https URL is kept, apart from the local sources',
    );

    // A record an older version imported, with the server's value stored as a local source.
    const kv = memoryStore({
      [TASKS_KEY]: [
        { ...rec('old1', { status: 'completed', taskId: 'o1' }), imported: true, inputImageSources: ['/home/me/secret.png'] },
        { ...rec('old2', { status: 'completed', taskId: 'o2' }), imported: true, inputImageSources: ['https://cdn.example/b.png'] },
        rec('mine', { status: 'completed', taskId: 'o3', inputImageSources: ['/w/picked.png'] }),
      ],
    });
    const loaded = new JobStore(kv, () => ({ records: [], pending: [] })).loadRecords();
    const byId = new Map(loaded.map((r) => [r.localId, r]));
    assert.deepEqual(byId.get('old1')?.inputImageSources, []);
    assert.equal(byId.get('old1')?.serverInputImageUrl, undefined);
    assert.deepEqual(byId.get('old2')?.inputImageSources, []);
    assert.equal(byId.get('old2')?.serverInputImageUrl, 'https://cdn.example/b.png');
    assert.deepEqual(byId.get('mine')?.inputImageSources, ['/w/picked.png'], 'what the person picked here stays');
  });

  it('splits request extras from the documented fields', () => {
    const r = recordFromRequest(videoRequest('x', { seed: 3, sound: true }), ['/a'], 'id', 7);
    assert.deepEqual(r.extra, { seed: 3, sound: true });
    assert.equal(r.status, 'waiting');
    assert.equal(r.duration_seconds, 5);
  });
});

describe('Emitter', () => {
  it('delivers to live listeners only and survives a throwing one', () => {
    const e = new Emitter<number>();
    const got: number[] = [];
    e.event(() => {
      throw new Error('boom');
    });
    const sub = e.event((v) => got.push(v));
    e.fire(1);
    sub.dispose();
    e.fire(2);
    assert.deepEqual(got, [1]);
  });
});
