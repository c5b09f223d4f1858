// The job record: one zod schema reads stored records back (old ones migrate to video jobs, broken
// ones are dropped with a warning), keeps every contract field, and records what the server billed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AirforceClient } from '../../../src/api/client';
import { JobRecordSchema, parseJobRecord, type TrackedJobRecord } from '../../../src/jobs/job';
import { noteSaved, noteSavedFiles, recordFromRequest, toPublic } from '../../../src/jobs/records';
import { JobStore, TASKS_KEY } from '../../../src/jobs/jobStore';
import { arrayLogger, KEY, memoryStore, useTrackerSim, videoRequest } from './helpers';

/** A record as the previous version stored it (before jobs): no kind, no origin, no files. */
const oldStored = {
  localId: '6f1c2a9e-3b7d-4c55-9a10-2f0e8d7b1c42',
  taskId: 'vid_9f8e7d6c',
  model: 'wan-2.6',
  prompt: 'A red fox runs through snow',
  mode: 'image',
  duration_seconds: 5,
  aspect_ratio: '16:9',
  quality: '720p',
  extra: { seed: 7 },
  inputImageSources: ['/w/fox.png'],
  status: 'completed',
  progress: 100,
  costCents: 140,
  created: 1_736_244_000,
  expiresAt: 1_736_330_400,
  completedAt: 1_736_244_070,
  resultUrl: 'https://cdn.example/v/9f8e7d6c.mp4',
  savedPath: '/w/airforce-media/2025-01-07-a-red-fox-9f8e7d6c.mp4',
  sentAt: 1_736_243_999,
};

/** Every field of the record, each set (the contract fields of issue 7 included). */
const full: TrackedJobRecord = {
  localId: 'l-full',
  kind: 'image',
  origin: { type: 'storyboard', file: 'story/board.md', shot: 3 },
  taskId: 'req_0123',
  model: 'imagen-4',
  prompt: 'A lighthouse',
  mode: 'image',
  duration_seconds: 0,
  aspect_ratio: '1:1',
  quality: 'hd',
  extra: { n: 2, seed: 1 },
  inputImageSources: ['/w/in.png', 'https://cdn.example/in.png'],
  serverInputImageUrl: 'https://cdn.example/server.png',
  status: 'unrecognized',
  rawStatus: 'thinking',
  progress: 55,
  error: 'Status reads keep failing',
  requestId: 'req-abc',
  retryable: true,
  waitReason: 'The API allows 4 videos at a time: waiting for a free slot.',
  costCents: 8,
  settledCostCents: 9,
  resultUrl: 'https://cdn.example/r.png',
  savedPath: '/w/a-1.png',
  files: ['/w/a-1.png', '/w/a-2.png'],
  downloadError: 'expired',
  created: 1000,
  sentAt: 1001,
  completedAt: 1100,
  expiresAt: 2000,
  waitingSince: 999,
  imported: true,
  sending: false,
};

describe('job record', () => {
  it('an old stored record (no kind) migrates to a video job sent by a command, its fields kept', () => {
    const kv = memoryStore({ [TASKS_KEY]: [oldStored] });
    const [loaded] = new JobStore(kv, () => ({ records: [], pending: [] })).loadRecords();
    assert.deepEqual(loaded, { ...oldStored, kind: 'video', origin: { type: 'command' } });
  });

  it('an invalid stored record is dropped with a warning naming where it broke; the others load', () => {
    const logger = arrayLogger();
    const kv = memoryStore({
      [TASKS_KEY]: [
        { ...oldStored, localId: 'bad-kind', kind: 'hologram' },
        { ...oldStored, localId: 'no-created', created: undefined },
        { ...oldStored, localId: 'bad-origin', origin: { type: 'compare' } },
        { ...oldStored, localId: 'extra-field', addedByAFutureVersion: { x: 1 } },
        oldStored,
      ],
    });
    const loaded = new JobStore(kv, () => ({ records: [], pending: [] }), { logger }).loadRecords();
    assert.deepEqual(
      loaded.map((r) => r.localId),
      ['extra-field', oldStored.localId],
    );
    assert.equal('addedByAFutureVersion' in loaded[0], false, 'an unknown field is tolerated, not kept');
    const warnings = logger.lines.filter((l) => l.level === 'warn').map((l) => l.message);
    assert.equal(warnings.length, 3);
    assert.match(warnings[0], /entry 0, kind:/);
    assert.match(warnings[1], /entry 1, created:/);
    assert.match(warnings[2], /entry 2, origin/);
    assert.ok(!warnings.join('\n').includes('red fox'), 'a prompt never goes into the log');
  });

  it('the schema round-trips every field, through the store too', async () => {
    assert.deepEqual(JobRecordSchema.parse(JSON.parse(JSON.stringify(full))), full);
    const kv = memoryStore();
    const store = new JobStore(kv, () => ({ records: [{ ...full, imported: false }], pending: [] }));
    await store.flush();
    assert.deepEqual(store.loadRecords(), [{ ...full, imported: false }]);
    for (const origin of [{ type: 'panel' }, { type: 'command' }, { type: 'compare', group: 'g1' }] as const) {
      const parsed = parseJobRecord({ ...full, origin });
      assert.ok(parsed.ok && parsed.record.origin.type === origin.type);
    }
    const { imported: _i, sending: _s, ...shared } = full;
    assert.deepEqual(toPublic(full), shared, 'the public record is everything but the bookkeeping');
  });

  it('several saved files: the first is the saved path; a stored list without one gets it', () => {
    const r = recordFromRequest(videoRequest('x'), [], 'id', 1);
    noteSavedFiles(r, ['/w/1.png', '/w/2.png']);
    assert.equal(r.savedPath, '/w/1.png');
    assert.deepEqual(r.files, ['/w/1.png', '/w/2.png']);
    noteSaved(r, '/w/other.png');
    assert.equal(r.files, undefined, 'a single file saved anew replaces the list');
    const { savedPath: _p, ...noPath } = full;
    const parsed = parseJobRecord(noPath);
    assert.ok(parsed.ok);
    assert.equal(parsed.record.savedPath, '/w/a-1.png');
  });
});

describe('job record: cost and origin from a create', () => {
  const env = useTrackerSim({ taskSeconds: 40 });

  it('X-Cost-Cents of the create answer is recorded as the settled cost; origin is what submit was told', async () => {
    const t = env.tracker(memoryStore());
    const fromPanel = t.submit(videoRequest('billed', { duration_seconds: 5 }), { inputImageSources: [], origin: { type: 'panel' } });
    await fromPanel.taskId;
    const rec = t.get(fromPanel.localId);
    assert.equal(rec?.kind, 'video');
    assert.deepEqual(rec?.origin, { type: 'panel' });
    assert.equal(rec?.settledCostCents, 200, "the simulator's X-Cost-Cents: 5 s of wan-2.6 at 40 ¢/s");

    const fromCommand = t.submit(videoRequest('no origin given'), { inputImageSources: [] });
    await fromCommand.taskId;
    assert.deepEqual(t.get(fromCommand.localId)?.origin, { type: 'command' });
  });

  it('the client takes the settled cost from the header only, not from a body field of that name', async () => {
    const answers = [
      { header: '150', body: { cost_cents: 140 }, want: 150 },
      { header: null, body: { cost_cents: 140, cost_cents_settled: 999 }, want: undefined },
      { header: 'lots', body: {}, want: undefined },
    ];
    for (const a of answers) {
      const client = new AirforceClient({
        baseUrl: 'https://api.airforce',
        getApiKey: () => Promise.resolve(KEY),
        maxRetries: 0,
        fetch: () =>
          Promise.resolve(
            new Response(JSON.stringify({ task_id: 'vid_1', status: 'queued', ...a.body }), {
              status: 200,
              headers: { 'content-type': 'application/json', ...(a.header === null ? {} : { 'x-cost-cents': a.header }) },
            }),
          ),
      });
      const task = await client.createVideo(videoRequest('p'));
      assert.equal(task.cost_cents_settled, a.want, `header ${a.header}`);
    }
  });
});
