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

function setup(showing: (id: string) => boolean = () => false) {
  const emitter = new FakeEventEmitter<TaskRecord | undefined>();
  let records: TaskRecord[] = [];
  const notifier = new CompletionNotifier(showing);
  notifier.attach({ records: () => records, onDidChange: emitter.event } as never);
  return {
    finish(r: TaskRecord) {
      records = [r];
      emitter.fire(r);
    },
    notifier,
  };
}

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
});
