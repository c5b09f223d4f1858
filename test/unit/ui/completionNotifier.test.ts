// The completion notice names the kind of media, stays quiet for an image or audio result the
// Generate panel is already showing, announces a job once, ever (never a restored or listed one that
// was already finished; one window of two), and sums up a batch in one notice without opening tabs.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import { ui, FakeEventEmitter } from '../vscodeFake';
import { CompletionNotifier, memoryMarks } from '../../../src/ui/completionNotifier';
import { AnnouncedFolder, type AnnouncedMarks } from '../../../src/jobs/announced';
import type { JobRecord } from '../../../src/jobs/types';

function record(over: Partial<JobRecord>): JobRecord {
  return {
    localId: 'l1',
    kind: 'video',
    origin: { type: 'panel' },
    model: 'm',
    prompt: 'A lighthouse',
    mode: 'text',
    duration_seconds: 0,
    extra: {},
    inputImageSources: [],
    status: 'processing',
    progress: 0,
    created: 1,
    ...over,
  } as JobRecord;
}

/** A tracker stand-in: `show` replaces what records() answers and fires one event (a record, or the whole list). */
function setup(showing: (id: string) => boolean = () => false, restored: JobRecord[] = [], marks: AnnouncedMarks = memoryMarks()) {
  const emitter = new FakeEventEmitter<JobRecord | undefined>();
  const records = new Map<string, JobRecord>(restored.map((r) => [r.localId, r]));
  const notifier = new CompletionNotifier(showing, marks, { offerDelayMs: 20, batchDelayMs: 20 });
  notifier.attach({ records: () => [...records.values()], onDidChange: emitter.event } as never);
  return {
    /** One record changed (and is fired alone). */
    finish(r: JobRecord) {
      records.set(r.localId, r);
      emitter.fire(r);
    },
    /** The whole list changed (restore, refresh): fired without a record. */
    list(all: JobRecord[]) {
      for (const r of all) records.set(r.localId, r);
      emitter.fire(undefined);
    },
    /** Seen running first, then finished: the way a job this window watches ends. */
    run(r: JobRecord) {
      this.finish({ ...r, status: 'processing', savedPath: undefined, files: undefined });
      this.finish(r);
    },
    notifier,
  };
}

const offerDelay = () => new Promise((r) => setTimeout(r, 60));

const settle = () => new Promise((r) => setImmediate(r));

const opened = () => ui.commands.filter((c) => c.id === 'vscode.open').map((c) => (c.args[0] as { fsPath: string }).fsPath);

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function sharedFolder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'af-announced-'));
  dirs.push(dir);
  return path.join(dir, 'announced');
}

describe('completion notices', () => {
  beforeEach(() => ui.reset());

  it('names the kind: two images, speech, video', async () => {
    const s = setup();
    s.run(record({ localId: 'a', kind: 'image', status: 'completed', savedPath: '/o/a-1.png', files: ['/o/a-1.png', '/o/a-2.png'] }));
    await settle();
    s.run(record({ localId: 'b', kind: 'speech', status: 'completed', savedPath: '/o/b.mp3' }));
    await settle();
    s.run(record({ localId: 'c', kind: 'video', status: 'completed', savedPath: '/o/c.mp4' }));
    await offerDelay();
    assert.deepEqual(
      ui.infos.map((i) => i.message),
      ['2 images ready: A lighthouse', 'Speech ready: A lighthouse', 'Video ready: A lighthouse'],
    );
    s.notifier.dispose();
  });

  it('a failed sound effect says so in its own words', async () => {
    const s = setup();
    s.finish(record({ localId: 'd', kind: 'sfx', status: 'processing' }));
    s.finish(record({ localId: 'd', kind: 'sfx', status: 'failed', error: 'boom' }));
    await offerDelay();
    assert.deepEqual(
      ui.errors.map((e) => e.message),
      ['Sound effect failed: boom'],
    );
    s.notifier.dispose();
  });

  it('an image the panel is showing gets no notice; a video there still does', async () => {
    const s = setup(() => true);
    s.run(record({ localId: 'e', kind: 'image', status: 'completed', savedPath: '/o/e.png' }));
    s.run(record({ localId: 'f', kind: 'video', status: 'completed', savedPath: '/o/f.mp4' }));
    await offerDelay();
    assert.deepEqual(
      ui.infos.map((i) => i.message),
      ['Video ready: A lighthouse'],
    );
    assert.deepEqual(opened(), [], 'the panel shows it: no editor');
    s.notifier.dispose();
  });

  it('a dubbing job the panel shows gets no "ready" notice before its track is saved; elsewhere it does', async () => {
    const dub = { kind: 'dub', status: 'completed', prompt: 'take.wav' } as const;
    const [panel, elsewhere] = [setup((id) => id === 'shown'), setup(() => false)];
    panel.run(record({ localId: 'shown', ...dub }));
    elsewhere.run(record({ localId: 'hidden', ...dub }));
    await offerDelay();
    const told = ui.infos.map((i) => `${i.message} [${i.items.join()}]`);
    assert.deepEqual(told, ['Dub ready: take.wav [Download]'], 'only the one the panel does not show');
    for (const s of [panel, elsewhere]) s.notifier.dispose();
  });

  it('a result that finished while the window was closed is offered for download once, ever', async () => {
    const marks = memoryMarks();
    const ready = record({ localId: 'g', taskId: 'task-g', status: 'completed' });
    const first = setup(() => false, [ready], marks);
    await offerDelay();
    assert.deepEqual(
      ui.infos.map((i) => [i.message, i.items]),
      [['Ready to download: A lighthouse', ['Download']]],
    );
    first.notifier.dispose();
    const again = setup(() => false, [ready], marks);
    await offerDelay();
    assert.equal(ui.infos.length, 1, 'offered once, not again in the next session');
    again.notifier.dispose();
  });

  it('results seen finished for the first time (another window) come as one notification', async () => {
    const s = setup();
    s.finish(record({ localId: 'h', status: 'completed' }));
    s.finish(record({ localId: 'i', status: 'completed' }));
    await offerDelay();
    assert.deepEqual(
      ui.infos.map((i) => [i.message, i.items]),
      [['2 results finished while this window was closed or in another window.', ['Download All']]],
    );
    s.notifier.dispose();
  });

  it('a result that finished while closed and was saved before the offer is due is said once, never opened', async () => {
    const s = setup();
    s.finish(record({ localId: 'j', status: 'completed' }));
    s.finish(record({ localId: 'j', status: 'completed', savedPath: '/o/j.mp4' }));
    await offerDelay();
    assert.deepEqual(
      ui.infos.map((i) => [i.message, i.items]),
      [['Video ready: A lighthouse', ['Open', 'Reveal']]],
    );
    assert.deepEqual(opened(), []);
    s.notifier.dispose();
  });

  it('a video of a comparison or a storyboard is not opened over the grid or the document; one from the panel is', async () => {
    const s = setup();
    s.run(record({ localId: 'k', origin: { type: 'compare', group: 'g' }, status: 'completed', savedPath: '/o/k.mp4' }));
    s.run(record({ localId: 'l', origin: { type: 'storyboard', file: 'film.md', shot: 'a' }, status: 'completed', savedPath: '/o/l.mp4' }));
    s.run(record({ localId: 'm', status: 'completed', savedPath: '/o/m.mp4' }));
    await offerDelay();
    assert.deepEqual(opened(), ['/o/m.mp4']);
    assert.equal(ui.infos.length, 3, 'each of the three said once');
    s.notifier.dispose();
  });

  it('fh#1 a reload: records restored already finished (every kind) say nothing and open nothing; the one in flight is announced once', async () => {
    const marks = memoryMarks();
    const done = [
      record({ localId: 'v1', taskId: 't-v1', status: 'completed', savedPath: '/o/v1.mp4' }),
      record({ localId: 'i1', taskId: 'r-i1', kind: 'image', status: 'completed', savedPath: '/o/i1.png' }),
      record({ localId: 's1', taskId: 'r-s1', kind: 'speech', status: 'completed', savedPath: '/o/s1.mp3' }),
      record({ localId: 'c1', taskId: 't-c1', origin: { type: 'compare', group: 'g1' }, status: 'completed', savedPath: '/o/c1.mp4' }),
      record({ localId: 'b1', taskId: 't-b1', origin: { type: 'storyboard', file: 'film.md', shot: 'x' }, status: 'completed', savedPath: '/o/b1.mp4' }),
      record({ localId: 'f1', taskId: 't-f1', status: 'failed', error: 'no' }),
    ];
    const inFlight = record({ localId: 'v2', taskId: 't-v2', status: 'processing' });
    // The tracker exists before its records are loaded: they arrive with the restore's one list event.
    for (let reload = 0; reload < 2; reload++) {
      const s = setup(() => false, [], marks);
      s.list([...done, inFlight]);
      await offerDelay();
      assert.deepEqual([ui.infos.length, ui.errors.length, opened().length], [0, 0, 0], `reload ${reload}: nothing announced`);
      s.notifier.dispose();
    }
    const s = setup(() => false, [], marks);
    s.list([...done, inFlight]);
    s.finish({ ...inFlight, status: 'completed', savedPath: '/o/v2.mp4' });
    await offerDelay();
    assert.deepEqual(
      ui.infos.map((i) => i.message),
      ['Video ready: A lighthouse'],
    );
    assert.deepEqual(opened(), ['/o/v2.mp4']);
    s.notifier.dispose();
    const next = setup(() => false, [], marks);
    next.list([...done, { ...inFlight, status: 'completed', savedPath: '/o/v2.mp4' }]);
    await offerDelay();
    assert.equal(ui.infos.length, 1, 'and not again after the next reload');
    next.notifier.dispose();
  });

  it('fh#1 announced as ready (not downloaded) is not offered again after a reload', async () => {
    const marks = memoryMarks();
    const s = setup(() => false, [], marks);
    s.run(record({ localId: 'n', taskId: 't-n', kind: 'video', status: 'completed', downloadError: 'expired' }));
    await offerDelay();
    assert.deepEqual(
      ui.infos.map((i) => i.items),
      [['Download']],
    );
    s.notifier.dispose();
    const after = setup(() => false, [record({ localId: 'n', taskId: 't-n', status: 'completed', downloadError: 'expired' })], marks);
    await offerDelay();
    assert.equal(ui.infos.length, 1);
    after.notifier.dispose();
  });

  it('fh#1 two windows watching one task (each with its own record of it): one announcement', async () => {
    const dir = sharedFolder();
    const a = setup(() => false, [], new AnnouncedFolder(dir));
    const b = setup(() => false, [], new AnnouncedFolder(dir));
    a.run(record({ localId: 'mine', taskId: 'task-1', status: 'completed', savedPath: '/o/1.mp4' }));
    b.run(record({ localId: 'imported', taskId: 'task-1', status: 'completed', savedPath: '/o/1.mp4' }));
    await offerDelay();
    assert.equal(ui.infos.length, 1);
    assert.equal(opened().length, 1);
    // A third window that lists it later, finished, offers nothing either.
    const c = setup(() => false, [], new AnnouncedFolder(dir));
    c.list([record({ localId: 'third', taskId: 'task-1', status: 'completed' })]);
    await offerDelay();
    assert.equal(ui.infos.length, 1);
    for (const s of [a, b, c]) s.notifier.dispose();
  });

  it('fh#4 five videos queued from the panel: no editor opens, one summary with Open and Reveal', async () => {
    const s = setup();
    const videos = Array.from({ length: 5 }, (_, i) => record({ localId: `q${i}`, taskId: `tq${i}`, status: 'processing' }));
    for (const v of videos) s.finish(v);
    // All done on the server first, then saved one by one (each download takes its time).
    for (const v of videos) s.finish({ ...v, status: 'completed' });
    for (const v of videos) {
      s.finish({ ...v, status: 'completed', savedPath: `/o/${v.localId}.mp4` });
      await settle();
    }
    await offerDelay();
    assert.deepEqual(opened(), []);
    assert.deepEqual(
      ui.infos.map((i) => [i.message, i.items]),
      [['Batch finished. Ready: 5.', ['Open', 'Reveal']]],
    );
    s.notifier.dispose();
  });

  it('fh#4 a comparison ends in one summary, failures counted, nothing opened', async () => {
    const s = setup();
    const origin = { type: 'compare', group: 'g7' } as const;
    const jobs = ['x', 'y', 'z'].map((id) => record({ localId: id, taskId: `t-${id}`, origin, status: 'processing' }));
    for (const j of jobs) s.finish(j);
    s.finish({ ...jobs[0]!, status: 'completed', savedPath: '/o/x.mp4' });
    s.finish({ ...jobs[1]!, status: 'failed', error: 'nope' });
    await offerDelay();
    assert.equal(ui.infos.length + ui.errors.length, 0, 'nothing while a job still runs');
    s.finish({ ...jobs[2]!, status: 'completed', savedPath: '/o/z.mp4' });
    await offerDelay();
    assert.deepEqual(
      ui.infos.map((i) => [i.message, i.items]),
      [['Comparison finished. Ready: 2, failed: 1.', ['Open', 'Reveal']]],
    );
    assert.deepEqual([ui.errors.length, opened().length], [0, 0]);
    s.notifier.dispose();
  });
});

describe('announced marks', () => {
  it('fh#1 a job is claimed once across instances sharing the folder (atomic create)', async () => {
    const dir = sharedFolder();
    const one = new AnnouncedFolder(dir);
    const two = new AnnouncedFolder(dir);
    const results = await Promise.all([one.claim('task:abc'), two.claim('task:abc'), one.claim('task:abc')]);
    assert.deepEqual(results.filter(Boolean).length, 1);
    assert.equal(await two.has('task:abc'), true);
    assert.equal(await two.has('task:other'), false);
    assert.equal(await two.claim('task:../../etc'), true, 'a key with path characters stays a hashed name inside the folder');
  });
});
