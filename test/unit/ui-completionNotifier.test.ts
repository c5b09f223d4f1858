// The completion notice names the kind of media, and stays quiet for an image or audio result the
// Generate panel is already showing.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { ui, FakeEventEmitter } from './vscodeFake';
import { CompletionNotifier } from '../../src/ui/completionNotifier';
import type { TaskRecord } from '../../src/tasks/types';

function record(over: Partial<TaskRecord>): TaskRecord {
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
  } as TaskRecord;
}

function memoryStore() {
  let ids: string[] = [];
  return { get: () => ids, set: async (next: string[]) => void (ids = next) };
}

function setup(showing: (id: string) => boolean = () => false, restored: TaskRecord[] = [], store?: ReturnType<typeof memoryStore>) {
  const emitter = new FakeEventEmitter<TaskRecord | undefined>();
  let records: TaskRecord[] = restored;
  const notifier = new CompletionNotifier(showing, store, 20);
  notifier.attach({ records: () => records, onDidChange: emitter.event } as never);
  return {
    finish(r: TaskRecord) {
      records = [r];
      emitter.fire(r);
    },
    notifier,
  };
}

const offerDelay = () => new Promise((r) => setTimeout(r, 60));

const settle = () => new Promise((r) => setImmediate(r));

describe('completion notices', () => {
  beforeEach(() => ui.reset());

  it('names the kind: two images, speech, video', async () => {
    const s = setup();
    s.finish(record({ localId: 'a', kind: 'image', status: 'completed', savedPath: '/o/a-1.png', files: ['/o/a-1.png', '/o/a-2.png'] }));
    s.finish(record({ localId: 'b', kind: 'speech', status: 'completed', savedPath: '/o/b.mp3' }));
    s.finish(record({ localId: 'c', kind: 'video', status: 'completed', savedPath: '/o/c.mp4' }));
    await settle();
    assert.deepEqual(ui.infos.map((i) => i.message), ['2 images ready: A lighthouse', 'Speech ready: A lighthouse', 'Video ready: A lighthouse']);
    s.notifier.dispose();
  });

  it('a failed sound effect says so in its own words', async () => {
    const s = setup();
    s.finish(record({ localId: 'd', kind: 'sfx', status: 'processing' }));
    s.finish(record({ localId: 'd', kind: 'sfx', status: 'failed', error: 'boom' }));
    await settle();
    assert.deepEqual(ui.errors.map((e) => e.message), ['Sound effect failed: boom']);
    s.notifier.dispose();
  });

  it('an image the panel is showing gets no notice; a video there still does', async () => {
    const s = setup(() => true);
    s.finish(record({ localId: 'e', kind: 'image', status: 'completed', savedPath: '/o/e.png' }));
    s.finish(record({ localId: 'f', kind: 'video', status: 'completed', savedPath: '/o/f.mp4' }));
    await settle();
    assert.deepEqual(ui.infos.map((i) => i.message), ['Video ready: A lighthouse']);
    s.notifier.dispose();
  });

  it('a result that finished while the window was closed is offered for download once, ever', async () => {
    const store = memoryStore();
    const ready = record({ localId: 'g', status: 'completed' });
    const first = setup(() => false, [ready], store);
    await offerDelay();
    assert.deepEqual(ui.infos.map((i) => [i.message, i.items]), [['Ready to download: A lighthouse', ['Download']]]);
    first.notifier.dispose();
    const again = setup(() => false, [ready], store);
    await offerDelay();
    assert.equal(ui.infos.length, 1, 'offered once, not again in the next session');
    again.notifier.dispose();
  });

  it('results seen finished for the first time (another window) come as one notification', async () => {
    const s = setup(() => false, [], memoryStore());
    s.finish(record({ localId: 'h', status: 'completed' }));
    s.finish(record({ localId: 'i', status: 'completed' }));
    await offerDelay();
    assert.deepEqual(ui.infos.map((i) => [i.message, i.items]), [['2 results finished while this window was closed or in another window.', ['Download All']]]);
    s.notifier.dispose();
  });

  it('a result downloaded before the offer is due is not offered', async () => {
    const s = setup(() => false, [], memoryStore());
    s.finish(record({ localId: 'j', status: 'completed' }));
    s.finish(record({ localId: 'j', status: 'completed', savedPath: '/o/j.mp4' }));
    await offerDelay();
    assert.deepEqual(ui.infos.map((i) => i.message), ['Video ready: A lighthouse']);
    s.notifier.dispose();
  });

  it('a video of a comparison or a storyboard is not opened over the grid or the document; one from the panel is', async () => {
    const s = setup();
    s.finish(record({ localId: 'k', origin: { type: 'compare', group: 'g' }, status: 'completed', savedPath: '/o/k.mp4' }));
    s.finish(record({ localId: 'l', origin: { type: 'storyboard', file: 'film.md', shot: 'a' }, status: 'completed', savedPath: '/o/l.mp4' }));
    s.finish(record({ localId: 'm', status: 'completed', savedPath: '/o/m.mp4' }));
    await settle();
    const opened = ui.commands.filter((c) => c.id === 'vscode.open').map((c) => (c.args[0] as { fsPath: string }).fsPath);
    assert.deepEqual(opened, ['/o/m.mp4']);
    s.notifier.dispose();
  });
});
