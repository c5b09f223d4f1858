// The panel's host side against a small stand-in for the `vscode` module: message queueing until
// `ready`, validation at the boundary, the cost confirmation, image encoding, file actions by task id,
// replay after the panel was hidden, and the serializer's revive. The real VS Code UI test runs later.
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { HostMessage } from '../../../src/generate/protocol';
import { isImageToken } from '../../../src/generate/protocolConstants';
import { FakeUri, FakeWebviewPanel, ui } from '../vscodeFake';
import {
  calls,
  commandsRun,
  warningTexts,
  types,
  GenerationPanel,
  PANEL_VIEW_TYPE,
  registerPanelSerializer,
  tmp,
  png,
  gif,
  saved,
  outDir,
  harness,
  settle,
  tokenFor,
  lastOf,
  panelHooks,
} from './panel-helpers';

describe('GenerationPanel (host side)', () => {
  panelHooks();

  it('creates one panel with a nonce CSP, limited roots and no retained context', () => {
    const h = harness();
    const a = GenerationPanel.createOrShow(h.host);
    const b = GenerationPanel.createOrShow(h.host);
    assert.equal(a, b);
    assert.equal(calls.panels.length, 1);
    const p = calls.panels[0];
    assert.equal(p.viewType, PANEL_VIEW_TYPE);
    assert.equal(p.title, 'Airforce: Generate');
    assert.equal((p.createOptions as { retainContextWhenHidden: boolean }).retainContextWhenHidden, false);
    assert.equal(p.webview.options.enableScripts, true);
    assert.deepEqual(
      p.webview.options.localResourceRoots?.map((u) => u.fsPath),
      ['/ext/dist', '/ext/media', outDir],
    );
    const nonce = /script-src 'nonce-([^']+)'/.exec(p.webview.html)?.[1];
    assert.ok(nonce && nonce.length >= 22);
    assert.ok(p.webview.html.includes(`<script nonce="${nonce}" src="https://webview/ext/dist/webview/panel.js">`));
    assert.ok(!p.webview.html.includes('sk-air'));
  });

  it('queues messages until the app is ready, then sends init, the form values and the models', async () => {
    const h = harness();
    GenerationPanel.createOrShow(h.host, { prompt: 'from a command', mode: 'image', images: [{ source: png, picked: true }] });
    await settle();
    const p = calls.panels[0];
    assert.deepEqual(p.posted, []);
    p.send({ type: 'ready' });
    await settle();
    assert.deepEqual(types(p).slice(0, 3), ['init', 'busy', 'prefill']);
    const prefill = lastOf(p, 'prefill');
    assert.deepEqual(prefill?.values, { prompt: 'from a command', mode: 'image' });
    assert.ok(isImageToken(prefill?.images[0].source ?? ''));
    assert.equal(prefill?.images[0].label, 'frame.png');
    assert.match(prefill?.images[0].thumb ?? '', /^data:image\/png;base64,/);
    assert.deepEqual(
      lastOf(p, 'models')?.models.map((m) => m.id),
      ['wan-2.6'],
    );
    assert.equal(h.loads, 1);
  });

  it('reports a model loading failure with its user message', async () => {
    const h = harness({ loadFails: true });
    GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    assert.equal(lastOf(p, 'modelsError')?.message, 'Cannot reach Airforce (request id r-9).');
  });

  it('drops and logs unknown, malformed and oversized messages', async () => {
    const h = harness();
    GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    const before = p.posted.length;
    p.send({ type: 'runShell', cmd: 'rm -rf /' });
    p.send({ type: 'openFile', path: '/etc/passwd' });
    p.send({ type: 'generate', request: { model: 'wan-2.6', prompt: 'x'.repeat(70_000) }, images: [] });
    await settle();
    assert.equal(h.warnings.length, 3);
    assert.match(h.warnings[2], /too large/);
    assert.equal(p.posted.length, before);
    assert.equal(h.submitted.length, 0);
    assert.deepEqual(commandsRun(), []);
  });

  it('validates again on the host and answers with the problems', async () => {
    const h = harness();
    GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    p.send({ type: 'generate', request: { model: 'wan-2.6', prompt: 'p', mode: 'text', duration_seconds: 30 }, images: [] });
    await settle();
    assert.deepEqual(
      lastOf(p, 'validation')?.problems.map((x) => x.field),
      ['duration_seconds'],
    );
    p.send({ type: 'generate', request: { model: 'nope', prompt: 'p' }, images: [] });
    await settle();
    assert.deepEqual(
      lastOf(p, 'validation')?.problems.map((x) => x.field),
      ['model'],
    );
    assert.equal(h.submitted.length, 0);
  });

  it('encodes local images, keeps URLs, submits and shows the task', async () => {
    const h = harness();
    GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    const token = await tokenFor(p, png);
    p.send({ type: 'generate', request: { model: 'wan-2.6', prompt: 'style me', mode: 'reference', duration_seconds: 5, seed: 4 }, images: [token, 'https://e.com/ref.jpg'] });
    await settle();
    assert.equal(h.submitted.length, 1);
    assert.deepEqual(h.submitted[0].request, {
      seed: 4,
      model: 'wan-2.6',
      prompt: 'style me',
      mode: 'reference',
      duration_seconds: 5,
      input_images: [{ b64_json: 'QUJD' }, { url: 'https://e.com/ref.jpg' }],
    });
    assert.deepEqual(h.submitted[0].sources, [png, 'https://e.com/ref.jpg']);
    assert.deepEqual(h.encoded, [realpathSync(png)]);
    const task = lastOf(p, 'task');
    assert.equal(task?.reveal, true);
    assert.equal(task?.task.status, 'waiting');
    assert.deepEqual(
      p.posted.filter((m) => m.type === 'busy').map((m) => m.type === 'busy' && m.busy),
      [false, true, false],
    );
    assert.deepEqual(warningTexts(), []);
    // An accepted submit is a recent prompt of its kind.
    assert.deepEqual(lastOf(p, 'recentPrompts'), { type: 'recentPrompts', kind: 'video', prompts: ['style me'] });
    // Updates for the shown task follow, without switching the app's view.
    const record = h.records.get('local-1');
    assert.ok(record);
    h.records.set('local-1', { ...record, status: 'processing', progress: 30, taskId: 'vid_1' });
    h.change.fire(h.records.get('local-1'));
    await settle();
    assert.deepEqual([lastOf(p, 'task')?.task.progress, lastOf(p, 'task')?.reveal], [30, false]);
  });

  it('asks before spending more than the threshold', async () => {
    const h = harness({ confirmAbove: 300 });
    GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    const request = { model: 'wan-2.6', prompt: 'long', mode: 'text', duration_seconds: 10 };
    p.send({ type: 'generate', request, images: [] });
    await settle();
    assert.deepEqual(warningTexts(), ['Generate video for $4.00?']);
    assert.equal(h.submitted.length, 0);
    calls.warningAnswer = 'Generate';
    p.send({ type: 'generate', request, images: [] });
    await settle();
    assert.equal(h.submitted.length, 1);
    // At or under the threshold: no question.
    p.send({ type: 'generate', request: { ...request, duration_seconds: 7 }, images: [] });
    await settle();
    assert.equal(ui.warnings.length, 2);
    assert.equal(h.submitted.length, 2);
  });

  it('checks dropped and picked images', async () => {
    const h = harness();
    GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    p.send({ type: 'dropImages', uris: [`file://${png}`, `file://${gif}`, `file://${tmp}/missing.png`, 'https://e.com/a.webp', 'untitled:Untitled-1'] });
    await settle();
    const added = lastOf(p, 'imagesAdded');
    assert.deepEqual(
      added?.images.map((i) => i.label),
      ['frame.png', 'a.webp'],
    );
    assert.ok(isImageToken(added?.images[0].source ?? ''));
    assert.equal(added?.images[1].source, 'https://e.com/a.webp');
    assert.deepEqual(
      added?.rejected.map((r) => r.source),
      ['untitled:Untitled-1', 'anim.gif', 'missing.png'],
    );
    calls.openDialog = [FakeUri.file(png)];
    p.send({ type: 'pickImages', multi: false });
    await settle();
    assert.deepEqual(
      lastOf(p, 'imagesAdded')?.images.map((i) => i.label),
      ['frame.png'],
    );
    // The same file keeps its token.
    assert.equal(lastOf(p, 'imagesAdded')?.images[0].source, added?.images[0].source);
  });

  it('opens, reveals and hands to the system player only the saved file of a known task', async () => {
    const h = harness();
    h.records.set('done', {
      localId: 'done',
      kind: 'video',
      origin: { type: 'panel' },
      model: 'wan-2.6',
      prompt: 'p',
      mode: 'text',
      duration_seconds: 5,
      extra: {},
      inputImageSources: [],
      status: 'completed',
      progress: 100,
      created: 1_700_000_000,
      completedAt: 1_700_000_060,
      savedPath: saved,
    });
    GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    p.send({ type: 'openFile', localId: 'done' });
    p.send({ type: 'revealFile', localId: 'done' });
    p.send({ type: 'openExternal', localId: 'done' });
    p.send({ type: 'openFile', localId: 'unknown' });
    await settle();
    assert.deepEqual(commandsRun(), [
      { id: 'vscode.open', arg: saved },
      { id: 'revealInExplorer', arg: saved },
    ]);
    assert.deepEqual(calls.external, [saved]);
  });

  it('replays the current task when the reloaded app is ready again', async () => {
    const h = harness();
    h.records.set('done', {
      localId: 'done',
      kind: 'video',
      origin: { type: 'panel' },
      model: 'wan-2.6',
      prompt: 'p',
      mode: 'text',
      duration_seconds: 5,
      extra: {},
      inputImageSources: [],
      status: 'completed',
      progress: 100,
      created: 1_700_000_000,
      completedAt: 1_700_000_060,
      savedPath: saved,
    });
    const panel = GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    panel.showTask('done');
    await settle();
    const shown = lastOf(p, 'task');
    assert.equal(shown?.reveal, true);
    assert.equal(shown?.task.endedAt, 1_700_000_060_000);
    assert.match(shown?.task.videoUri ?? '', /^https:\/\/webview.*vid_1\.mp4\?v=\d+$/);
    // Hidden: nothing is delivered; shown again, the reloaded app says ready and gets the task back.
    p.setVisible(false);
    p.posted.length = 0;
    h.change.fire(h.records.get('done'));
    await settle();
    assert.deepEqual(p.posted, []);
    p.setVisible(true);
    p.send({ type: 'ready' });
    await settle();
    assert.deepEqual(
      types(p).filter((t) => t === 'init' || t === 'task'),
      ['init', 'task'],
    );
    assert.equal(lastOf(p, 'task')?.task.localId, 'done');
  });

  it('revives after a reload with the task the app was showing', async () => {
    const h = harness();
    h.records.set('l7', {
      localId: 'l7',
      kind: 'video',
      origin: { type: 'panel' },
      model: 'wan-2.6',
      prompt: 'p',
      mode: 'text',
      duration_seconds: 5,
      extra: {},
      inputImageSources: [],
      status: 'processing',
      progress: 55,
      created: 1_700_000_000,
    });
    const disposable = registerPanelSerializer((panel, state) => GenerationPanel.revive(h.host, panel, state));
    const serializer = calls.serializers.at(-1);
    assert.equal(serializer?.viewType, PANEL_VIEW_TYPE);
    const restored = new FakeWebviewPanel<HostMessage>(PANEL_VIEW_TYPE, 'old', {});
    await serializer?.deserializeWebviewPanel(restored as unknown as FakeWebviewPanel, { view: 'task', localId: 'l7', form: {} });
    assert.ok(restored.webview.html.includes('Content-Security-Policy'));
    restored.send({ type: 'ready' });
    await settle();
    assert.equal(lastOf(restored, 'task')?.task.progress, 55);
    disposable.dispose();
  });

  it('puts a task back into the form for "Generate again"', async () => {
    const h = harness();
    h.records.set('again', {
      localId: 'again',
      kind: 'video',
      origin: { type: 'panel' },
      model: 'wan-2.6',
      prompt: 'once more',
      mode: 'image',
      duration_seconds: 8,
      aspect_ratio: '9:16',
      extra: { seed: 3 },
      inputImageSources: [png],
      status: 'failed',
      progress: 0,
      created: 1_700_000_000,
      error: 'x',
    });
    GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    p.send({ type: 'generateAgain', localId: 'again' });
    await settle();
    const prefill = lastOf(p, 'prefill');
    assert.deepEqual(prefill?.values, { model: 'wan-2.6', mode: 'image', prompt: 'once more', duration_seconds: 8, aspect_ratio: '9:16', extra: { seed: 3 } });
    assert.deepEqual(
      prefill?.images.map((i) => i.label),
      ['frame.png'],
    );
    assert.ok(isImageToken(prefill?.images[0].source ?? ''));
  });
});
