// The Tasks view rows as VS Code would draw them (a stand-in `vscode`): the words, icons, menus and
// tooltips of the issue-7 states. The real VS Code draws them in the integration layer.
import '../vscodeFake';
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { JobRecord } from '../../../src/jobs/types';
import type { FakeEventEmitter, FakeMarkdownString } from '../vscodeFake';
import { taskRecord } from '../jobs/record-helpers';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TasksTreeProvider } = require('../../../src/views/tasksTree') as typeof import('../../../src/views/tasksTree');

const NOW_SEC = 2_000_000;

const base: JobRecord = taskRecord({ created: NOW_SEC - 120 });

type Row = { description: string; contextValue: string; tooltip: FakeMarkdownString; iconPath: { id: string }; accessibilityInformation: { label: string } };

function source(records: Record<string, unknown>[]) {
  const listeners: ((r: JobRecord | undefined) => void)[] = [];
  let list = records as unknown as JobRecord[];
  return {
    set(next: Record<string, unknown>[]) {
      list = next as unknown as JobRecord[];
    },
    fire(r: JobRecord | undefined) {
      for (const l of listeners) l(r);
    },
    records: () => list,
    get: (id: string) => list.find((r) => r.localId === id),
    onDidChange: (l: (r: JobRecord | undefined) => void) => {
      listeners.push(l);
      return { dispose() {} };
    },
  };
}

function draw(record: Record<string, unknown>): Row {
  const src = source([{ ...base, ...record }]);
  const tree = new TasksTreeProvider(
    () => src,
    () => NOW_SEC * 1000,
  );
  const [id] = tree.getChildren();
  const row = tree.getTreeItem(id!) as unknown as Row;
  tree.dispose();
  return row;
}

test('#1 a fate-unknown row says "sent — fate unknown" and its tooltip explains both actions', () => {
  const row = draw({ status: 'fate-unknown', sentAt: NOW_SEC - 100 });
  assert.equal(row.contextValue, 'airforce.task.video.fate-unknown');
  assert.match(row.description, /^sent — fate unknown · wan-2\.6 · 5s · 2m$/);
  assert.equal(row.iconPath.id, 'debug-disconnect');
  const tip = row.tooltip.value;
  assert.match(tip, /\*\*Sent — fate unknown\*\*/);
  assert.match(tip, /window closed or the connection dropped/);
  assert.match(tip, /could not be found in the task list/);
  assert.match(tip, /Look Again checks the task list/);
  assert.match(tip, /Send Again .* may be billed twice/);
  assert.match(row.accessibilityInformation.label, /fate unknown/);
});

test('#4 a waiting row shows its reason and how long it has waited', () => {
  const row = draw({
    status: 'waiting',
    waitReason: 'The API allows 4 videos at a time: waiting for a free slot.',
    waitingSince: NOW_SEC - 42,
  });
  assert.equal(row.contextValue, 'airforce.task.video.waiting');
  assert.match(row.description, /^waiting 0:42 — The API allows 4 videos at a time · wan-2\.6/);
  assert.match(row.tooltip.value, /The API allows 4 videos at a time: waiting for a free slot\. Waiting since /);
  // A record persisted before issue 7 (no reason) still draws as before.
  assert.equal(draw({ status: 'waiting' }).description, 'wan-2.6 · 5s · 2m');
});

test("#4 a waiting row's clock is redrawn while it is shown", async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const src = source([{ ...base, waitReason: 'Rate limited by the API: next try at 12:03:05.', waitingSince: NOW_SEC - 5 }]);
  const tree = new TasksTreeProvider(
    () => src,
    () => NOW_SEC * 1000,
  );
  const fired = (tree as unknown as { changed: FakeEventEmitter<string | undefined> }).changed.fired;
  tree.getTreeItem(tree.getChildren()[0]!);
  t.mock.timers.tick(1000);
  assert.deepEqual(fired, ['l1']);
  tree.dispose();
});

test('#4 a failed row the server refused offers Try Again and shows the error', () => {
  const row = draw({ status: 'failed', retryable: true, error: 'Daily request cap reached: try again tomorrow.' });
  assert.equal(row.contextValue, 'airforce.task.video.failed.retryable');
  assert.match(row.description, /^Daily request cap reached · wan-2\.6/);
  assert.match(row.tooltip.value, /nothing was billed and sending it again is safe: Try Again/);
  assert.match(row.tooltip.value, /Error: Daily request cap reached: try again tomorrow\./);
});

test('#9 an unrecognized status row reads Unknown status “<raw>”', () => {
  const row = draw({ status: 'unrecognized', rawStatus: 'paused_for_review', taskId: 't9', progress: 30 });
  assert.equal(row.contextValue, 'airforce.task.video.unrecognized');
  assert.match(row.description, /^Unknown status “paused_for_review” · wan-2\.6 · 5s · 30% · 2m$/);
  assert.match(row.tooltip.value, /\*\*Unknown status “paused_for_review”\*\*/);
});

test('#9 a running row whose status reads keep failing shows the problem and stays running', () => {
  const row = draw({ status: 'processing', taskId: 't9', progress: 40, error: 'HTTP 500: internal error' });
  assert.equal(row.contextValue, 'airforce.task.video.processing');
  assert.equal(row.iconPath.id, 'warning');
  assert.match(row.description, /^problem: HTTP 500 · wan-2\.6 · 5s · 40% · 2m$/);
  assert.match(row.tooltip.value, /still followed/);
});

test('a row whose menus change (retryable, an error appears) reshapes the list instead of redrawing one row', () => {
  const src = source([{ ...base, status: 'processing', taskId: 't1' }]);
  const tree = new TasksTreeProvider(
    () => src,
    () => NOW_SEC * 1000,
  );
  tree.attach(src);
  const fired = (tree as unknown as { changed: FakeEventEmitter<string | undefined> }).changed.fired;
  tree.getChildren();
  fired.length = 0;
  src.fire({ ...base, status: 'processing', taskId: 't1', progress: 50 });
  assert.deepEqual(fired, ['l1'], 'a progress tick redraws the row');
  src.fire({ ...base, status: 'processing', taskId: 't1', error: 'HTTP 500' });
  assert.deepEqual(fired, ['l1', undefined], 'a problem appearing reshapes');
  tree.dispose();
});

// ---- issue 8: every kind in the history

test('an image job shows its kind icon, its billed cost and its size; a click opens its first file', () => {
  const row = draw({
    kind: 'image',
    model: 'flux-2-dev',
    prompt: 'A lighthouse',
    status: 'completed',
    taskId: 'req-img-1',
    extra: { n: 2 },
    costCents: 5,
    settledCostCents: 6,
    savedPath: '/out/a.png',
    files: ['/out/a.png', '/out/a-2.png'],
  }) as Row & { command: { command: string; arguments: { fsPath: string }[] } };
  assert.equal(row.iconPath.id, 'file-media');
  assert.equal(row.description, 'flux-2-dev · ×2 · ≈$0.05 → $0.06 · 2m', 'estimate and settled side by side');
  assert.equal(row.contextValue, 'airforce.task.image.completed.saved', 'Open/Delete apply, Download does not');
  assert.equal(row.command.command, 'vscode.open');
  assert.equal(row.command.arguments[0]!.fsPath, '/out/a.png');
  assert.match(row.tooltip.value, /Kind: Image/);
  assert.match(row.tooltip.value, /Cost: \$0\.06/);
  assert.match(row.tooltip.value, /Files: \/out\/a-2\.png/);
  assert.doesNotMatch(row.tooltip.value, /Duration/);
  assert.match(row.accessibilityInformation.label, /^Image: A lighthouse, Completed, saved/);
});

test('a speech job shows the mic, its voice and its estimate (less than a cent is not $0.00)', () => {
  const row = draw({ kind: 'speech', model: 'eleven-tts-v3', prompt: 'Hello there', status: 'completed', extra: { voice: 'rachel' }, costCents: 0.165, savedPath: '/out/s.mp3' });
  assert.equal(row.iconPath.id, 'mic');
  assert.equal(row.description, 'eleven-tts-v3 · rachel · $0.0017 · 2m');
  assert.match(row.tooltip.value, /Estimated cost: \$0\.0017/);
  const sending = draw({ kind: 'speech', model: 'eleven-tts-v3', status: 'waiting', extra: { voice: 'rachel' } });
  assert.equal(sending.iconPath.id, 'loading~spin');
  assert.match(sending.tooltip.value, /\*\*Generating…\*\*/);
  const lost = draw({ kind: 'music', status: 'fate-unknown', error: 'Sent, but the connection was lost.', extra: { music_length_ms: 30000 } });
  assert.equal(lost.iconPath.id, 'music');
  assert.match(lost.description, / · 30s · 2m$/);
  assert.match(lost.tooltip.value, /Sent, but the connection was lost\./);
  assert.doesNotMatch(lost.tooltip.value, /task list/);
  assert.equal(draw({ kind: 'sfx', status: 'failed', error: 'boom', extra: { duration_seconds: 2.5 } }).iconPath.id, 'symbol-event');
});

test('a video task is still shown as before', () => {
  const row = draw({ status: 'completed', taskId: 't1', costCents: 200, savedPath: '/out/v.mp4' }) as Row & { command: { command: string; arguments: unknown[] } };
  assert.equal(row.iconPath.id, 'pass-filled');
  assert.equal(row.description, 'wan-2.6 · 5s · $2.00 · 2m');
  assert.equal(row.contextValue, 'airforce.task.video.completed.saved');
  assert.deepEqual(row.command, { command: 'airforce.openResult', title: 'Open Video', arguments: ['l1'] });
  assert.match(row.tooltip.value, /Task ID: t1/);
  assert.match(row.tooltip.value, /Duration: 5 sec/);
  assert.equal(draw({ status: 'completed', taskId: 't1' }).contextValue, 'airforce.task.video.completed', 'unsaved: Download applies');
});

test("fh#5 a comparison's jobs lead with their model, so rows on one prompt can be told apart", () => {
  const origin = { type: 'compare', group: 'g1' };
  const list = [
    { ...base, localId: 'c1', model: 'wan-2.6', origin, prompt: 'A red fox runs across a snowy field at dawn' },
    { ...base, localId: 'c2', model: 'kling-1', origin, prompt: 'A red fox runs across a snowy field at dawn' },
  ];
  const src = source(list);
  const tree = new TasksTreeProvider(
    () => src,
    () => NOW_SEC * 1000,
  );
  const [a, b] = tree.getChildren('compare:g1').map((id) => tree.getTreeItem(id) as unknown as Row & { label: string });
  assert.equal(a!.label, 'wan-2.6');
  assert.equal(b!.label, 'kling-1');
  assert.equal(a!.description, '5s · 2m', 'the model is not repeated in the description');
  assert.match(a!.accessibilityInformation.label, /^wan-2\.6, /);
  assert.match(a!.tooltip.value, /A red fox runs across a snowy field at dawn/, 'the prompt is still in the tooltip');
  tree.dispose();
});

test("fh#5 a tooltip shows the request's own fields as labelled values, not JSON", () => {
  const speech = draw({ kind: 'speech', status: 'completed', extra: { voice: 'rachel', speed: 1.1, voice_settings: { stability: 0.5, use_speaker_boost: true } } });
  const tip = speech.tooltip.value;
  assert.doesNotMatch(tip, /[{}"]/, 'no JSON');
  assert.match(tip, /Voice: rachel/);
  assert.match(tip, /Speed: 1\.1/);
  assert.match(tip, /Voice settings: stability 0\.5, use speaker boost yes/);
  const music = draw({ kind: 'music', status: 'completed', extra: { music_length_ms: 30000, custom_key: 'x' } }).tooltip.value;
  assert.match(music, /Length: 30 sec/);
  assert.match(music, /custom_key: x/, 'a field this version does not know keeps its API name');
  const video = draw({ status: 'completed', extra: { seed: 7, negative_prompt: 'blur' } }).tooltip.value;
  assert.match(video, /Seed: 7/);
  assert.match(video, /Negative prompt: blur/);
  assert.doesNotMatch(video, /Extra:/);
});

test('"Processing 42%" in English: the percentage as the language writes it', () => {
  const row = draw({ status: 'processing', progress: 42 });
  assert.match(row.tooltip.value, /\*\*Processing 42%\*\*/);
});
