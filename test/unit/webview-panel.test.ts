// The panel's host side against a small stand-in for the `vscode` module: message queueing until
// `ready`, validation at the boundary, the cost confirmation, image encoding, file actions by task id,
// replay after the panel was hidden, and the serializer's revive. The real VS Code UI test runs later.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import type { VideoModel } from '../../src/api/models';
import type { CreateVideoRequest } from '../../src/api/schemas';
import type { TaskRecord } from '../../src/tasks/types';
import { encodeImageFile } from '../../src/api/images';
import { recordFromServerTask } from '../../src/tasks/records';
import { HostMessageSchema, type HostMessage, type TaskView } from '../../src/webview/protocol';
import { isImageToken } from '../../src/webview/protocolConstants';
import { fixturePath } from '../simulator/resultBytes';
import { fakeVscode, FakeEventEmitter, FakeUri, FakeWebviewPanel, ui } from './vscodeFake';

// ---------------------------------------------------------------- the vscode stand-in

type Panel = FakeWebviewPanel<HostMessage>;
const calls = ui as Omit<typeof ui, 'panels'> & { panels: Panel[] };
/** The commands run, each with its one argument (an id, or a Uri's path). */
const commandsRun = (): Array<{ id: string; arg: string }> =>
  ui.commands.map(({ id, args }) => ({ id, arg: typeof args[0] === 'string' ? args[0] : (args[0] as FakeUri).fsPath }));
const warningTexts = (): string[] => ui.warnings.map((w) => w.message);
const types = (p: Panel): string[] => p.posted.map((m) => m.type);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { GenerationPanel, PANEL_VIEW_TYPE } = require('../../src/webview/panel') as typeof import('../../src/webview/panel');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { registerPanelSerializer } = require('../../src/webview/serializer') as typeof import('../../src/webview/serializer');
type PanelHost = import('../../src/webview/panel').PanelHost;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { rerunTask } = require('../../src/commands/taskCommands') as typeof import('../../src/commands/taskCommands');

// ---------------------------------------------------------------- fixtures

const tmp = mkdtempSync(path.join(os.tmpdir(), 'af-panel-'));
fakeVscode.workspace.workspaceFolders = [{ uri: FakeUri.file(tmp) }];
const png = path.join(tmp, 'frame.png');
copyFileSync(fixturePath('demo-image.png'), png);
const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'af-outside-'));
const outsidePng = path.join(elsewhere, 'secret.png');
copyFileSync(fixturePath('demo-image.png'), outsidePng);
const gif = path.join(tmp, 'anim.gif');
writeFileSync(gif, 'GIF89a');
const saved = path.join(tmp, 'out', 'vid_1.mp4');
const outDir = path.join(tmp, 'out');
mkdirSync(outDir, { recursive: true });
writeFileSync(saved, 'mp4');

const model: VideoModel = {
  id: 'wan-2.6',
  output_modalities: ['video'],
  video_caps: { aspect_ratios: ['16:9', '9:16'], qualities: ['480p', '720p'], min_duration_s: 5, max_duration_s: 10, modes: ['text', 'image', 'reference'], price_per_second_cents: 40 },
};

interface Harness {
  host: PanelHost;
  warnings: string[];
  submitted: Array<{ request: CreateVideoRequest; sources: string[] }>;
  encoded: string[];
  records: Map<string, TaskRecord>;
  change: FakeEventEmitter<TaskRecord | undefined>;
  loads: number;
}

function harness(opts: { confirmAbove?: number; loadFails?: boolean } = {}): Harness {
  const h: Harness = {
    warnings: [],
    submitted: [],
    encoded: [],
    records: new Map(),
    change: new FakeEventEmitter<TaskRecord | undefined>(),
    loads: 0,
    host: undefined as unknown as PanelHost,
  };
  const log = (level: string) => (m: unknown) => {
    if (level === 'warn') h.warnings.push(String(m));
  };
  h.host = {
    extensionUri: FakeUri.file('/ext') as unknown as PanelHost['extensionUri'],
    outputDir: () => FakeUri.file(outDir) as unknown as ReturnType<PanelHost['outputDir']>,
    loadModels: async () => {
      h.loads++;
      if (opts.loadFails) throw Object.assign(new Error('raw'), { userMessage: () => 'Cannot reach Airforce (request id r-9).' });
      return [model];
    },
    defaultModel: () => 'wan-2.6',
    rememberModel: async () => undefined,
    confirmCostAboveCents: () => opts.confirmAbove ?? 500,
    checkBudget: async () => ({ ok: true }),
    submit: async (request, sources) => {
      h.submitted.push({ request, sources });
      const localId = `local-${h.submitted.length}`;
      h.records.set(localId, {
        localId, kind: 'video', origin: { type: 'panel' }, model: request.model, prompt: request.prompt, mode: request.mode ?? 'text', duration_seconds: request.duration_seconds ?? 5,
        extra: {}, inputImageSources: sources, status: 'waiting', progress: 0, created: 1_700_000_000,
      });
      return { localId };
    },
    encodeImage: async (fsPath) => {
      h.encoded.push(fsPath);
      return { b64_json: 'QUJD' };
    },
    trackerRecord: (id) => h.records.get(id),
    onDidChangeRecord: (l) => h.change.event(l) as unknown as ReturnType<PanelHost['onDidChangeRecord']>,
    logger: { warn: log('warn'), info: log('info'), error: log('error'), debug: log('debug'), trace: log('trace') } as unknown as PanelHost['logger'],
    voicePreviewDir: () => undefined,
    loadMediaModels: async () => [],
    mediaSettingDefault: () => undefined,
    defaultVoice: () => undefined,
    submitMedia: async () => ({ ok: false, problems: [{ field: 'form', message: 'not in this test' }] }),
    voices: async () => [],
    voicePreviewFile: async () => {
      throw new Error('not in this test');
    },
    memento: memoryMemento(),
  };
  return h;
}

/** globalState in memory. */
export function memoryMemento(): PanelHost['memento'] & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return {
    values,
    get: <T>(key: string) => values.get(key) as T | undefined,
    update: async (key: string, value: unknown) => {
      values.set(key, value);
    },
  };
}

/** Lets queued promise work (model loading, file reads) finish. */
const settle = async (): Promise<void> => {
  // Real file reads (realpath, stat, read) run on libuv's pool: wait until none is in flight for a
  // few turns of the loop (each one's continuation starts the next before the loop turns).
  const fileWork = (): boolean => process.getActiveResourcesInfo().some((r) => r.startsWith('FSReq') || r === 'CloseReq');
  for (let quiet = 0, turns = 0; quiet < 5 && turns < 20_000; turns++) {
    await new Promise((r) => setImmediate(r));
    quiet = fileWork() ? 0 : quiet + 1;
  }
};

/** Drops one file on the panel and returns the token the host issued for it. */
async function tokenFor(p: Panel, file: string): Promise<string> {
  p.send({ type: 'dropImages', uris: [`file://${file}`] });
  await settle();
  const token = lastOf(p, 'imagesAdded')?.images[0]?.source;
  assert.ok(token && isImageToken(token), `no token for ${file}`);
  return token;
}

function lastOf<T extends HostMessage['type']>(p: Panel, type: T): Extract<HostMessage, { type: T }> | undefined {
  return p.posted.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type).at(-1);
}

describe('GenerationPanel (host side)', () => {
  beforeEach(() => {
    GenerationPanel.current?.dispose();
    ui.reset();
  });

  after(() => {
    GenerationPanel.current?.dispose();
    rmSync(tmp, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  });

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
    assert.deepEqual(p.webview.options.localResourceRoots?.map((u) => u.fsPath), ['/ext/dist', '/ext/media', outDir]);
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
    assert.deepEqual(lastOf(p, 'models')?.models.map((m) => m.id), ['wan-2.6']);
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
    assert.deepEqual(lastOf(p, 'validation')?.problems.map((x) => x.field), ['duration_seconds']);
    p.send({ type: 'generate', request: { model: 'nope', prompt: 'p' }, images: [] });
    await settle();
    assert.deepEqual(lastOf(p, 'validation')?.problems.map((x) => x.field), ['model']);
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
    assert.deepEqual(h.submitted[0].request, { seed: 4, model: 'wan-2.6', prompt: 'style me', mode: 'reference', duration_seconds: 5, input_images: [{ b64_json: 'QUJD' }, { url: 'https://e.com/ref.jpg' }] });
    assert.deepEqual(h.submitted[0].sources, [png, 'https://e.com/ref.jpg']);
    assert.deepEqual(h.encoded, [realpathSync(png)]);
    const task = lastOf(p, 'task');
    assert.equal(task?.reveal, true);
    assert.equal(task?.task.status, 'waiting');
    assert.deepEqual(p.posted.filter((m) => m.type === 'busy').map((m) => m.type === 'busy' && m.busy), [false, true, false]);
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
    assert.deepEqual(warningTexts(), ['Generate this video for $4.00?']);
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
    assert.deepEqual(added?.images.map((i) => i.label), ['frame.png', 'a.webp']);
    assert.ok(isImageToken(added?.images[0].source ?? ''));
    assert.equal(added?.images[1].source, 'https://e.com/a.webp');
    assert.deepEqual(added?.rejected.map((r) => r.source), ['untitled:Untitled-1', 'anim.gif', 'missing.png']);
    calls.openDialog = [FakeUri.file(png)];
    p.send({ type: 'pickImages', multi: false });
    await settle();
    assert.deepEqual(lastOf(p, 'imagesAdded')?.images.map((i) => i.label), ['frame.png']);
    // The same file keeps its token.
    assert.equal(lastOf(p, 'imagesAdded')?.images[0].source, added?.images[0].source);
  });

  it('opens, reveals and hands to the system player only the saved file of a known task', async () => {
    const h = harness();
    h.records.set('done', {
      localId: 'done', kind: 'video', origin: { type: 'panel' }, model: 'wan-2.6', prompt: 'p', mode: 'text', duration_seconds: 5, extra: {}, inputImageSources: [],
      status: 'completed', progress: 100, created: 1_700_000_000, completedAt: 1_700_000_060, savedPath: saved,
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
    assert.deepEqual(commandsRun(), [{ id: 'vscode.open', arg: saved }, { id: 'revealInExplorer', arg: saved }]);
    assert.deepEqual(calls.external, [saved]);
  });

  it('replays the current task when the reloaded app is ready again', async () => {
    const h = harness();
    h.records.set('done', {
      localId: 'done', kind: 'video', origin: { type: 'panel' }, model: 'wan-2.6', prompt: 'p', mode: 'text', duration_seconds: 5, extra: {}, inputImageSources: [],
      status: 'completed', progress: 100, created: 1_700_000_000, completedAt: 1_700_000_060, savedPath: saved,
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
    assert.deepEqual(types(p).filter((t) => t === 'init' || t === 'task'), ['init', 'task']);
    assert.equal(lastOf(p, 'task')?.task.localId, 'done');
  });

  it('revives after a reload with the task the app was showing', async () => {
    const h = harness();
    h.records.set('l7', {
      localId: 'l7', kind: 'video', origin: { type: 'panel' }, model: 'wan-2.6', prompt: 'p', mode: 'text', duration_seconds: 5, extra: {}, inputImageSources: [],
      status: 'processing', progress: 55, created: 1_700_000_000,
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
      localId: 'again', kind: 'video', origin: { type: 'panel' }, model: 'wan-2.6', prompt: 'once more', mode: 'image', duration_seconds: 8, aspect_ratio: '9:16', extra: { seed: 3 },
      inputImageSources: [png], status: 'failed', progress: 0, created: 1_700_000_000, error: 'x',
    });
    GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    p.send({ type: 'generateAgain', localId: 'again' });
    await settle();
    const prefill = lastOf(p, 'prefill');
    assert.deepEqual(prefill?.values, { model: 'wan-2.6', mode: 'image', prompt: 'once more', duration_seconds: 8, aspect_ratio: '9:16', extra: { seed: 3 } });
    assert.deepEqual(prefill?.images.map((i) => i.label), ['frame.png']);
    assert.ok(isImageToken(prefill?.images[0].source ?? ''));
  });

  // ---------------------------------------------------------------- #11 images by token

  it('#11 a generate message naming a raw path is refused', async () => {
    const h = harness();
    GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    for (const images of [[png], [`file://${png}`], ['/etc/passwd']]) {
      p.send({ type: 'generate', request: { model: 'wan-2.6', prompt: 'p', mode: 'image', duration_seconds: 5 }, images });
      await settle();
      const problems = lastOf(p, 'validation')?.problems;
      assert.deepEqual(problems?.map((x) => x.field), ['input_images'], String(images));
      assert.match(problems?.[0].message ?? '', /not one this panel added/);
      p.posted.length = 0;
    }
    assert.equal(h.submitted.length, 0);
    assert.deepEqual(h.encoded, []);
    assert.equal(h.warnings.filter((w) => /dropped a message from the webview: invalid 'generate' message at images/.test(w)).length, 3);
  });

  it('#11 an image token unknown to the host is refused', async () => {
    const h = harness();
    // A token another panel issued is as unknown here as a made-up one.
    GenerationPanel.createOrShow(h.host);
    const first = calls.panels[0];
    first.send({ type: 'ready' });
    await settle();
    const foreign = await tokenFor(first, png);
    GenerationPanel.current?.dispose();
    GenerationPanel.createOrShow(h.host);
    const p = calls.panels[1];
    p.send({ type: 'ready' });
    await settle();
    assert.deepEqual(lastOf(p, 'init')?.imageTokens, []);
    for (const token of [foreign, 'img:AAAAAAAAAAAAAAAAAAAAAAAA']) {
      p.posted.length = 0;
      p.send({ type: 'generate', request: { model: 'wan-2.6', prompt: 'p', mode: 'image', duration_seconds: 5 }, images: [token] });
      await settle();
      assert.deepEqual(lastOf(p, 'validation')?.problems.map((x) => [x.field, x.message]), [
        ['input_images', 'An image in the form is not one this panel added: remove it and add it again.'],
      ]);
    }
    assert.equal(h.submitted.length, 0);
    assert.deepEqual(h.encoded, []);
    assert.equal(h.warnings.filter((w) => /refused an image of a generate message: unknown-token/.test(w)).length, 2);
  });

  it('#11 a .png that is not an image by its bytes is not shown or sent', async () => {
    const h = harness();
    h.host.encodeImage = (fsPath) => encodeImageFile(fsPath);
    const fake = path.join(tmp, 'fake.png');
    writeFileSync(fake, '<html>not an image</html>');
    GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    p.send({ type: 'dropImages', uris: [`file://${fake}`] });
    await settle();
    assert.deepEqual(lastOf(p, 'imagesAdded'), { type: 'imagesAdded', images: [], rejected: [{ source: 'fake.png', reason: 'Not a PNG, JPEG or WebP image (by its contents)' }] });
    // Shown while it was an image, then its bytes changed: nothing is sent.
    const swapped = path.join(tmp, 'swapped.png');
    copyFileSync(png, swapped);
    const token = await tokenFor(p, swapped);
    writeFileSync(swapped, 'no longer pixels');
    p.send({ type: 'generate', request: { model: 'wan-2.6', prompt: 'p', mode: 'image', duration_seconds: 5 }, images: [token] });
    await settle();
    const problems = lastOf(p, 'validation')?.problems;
    assert.deepEqual(problems?.map((x) => x.field), ['input_images']);
    assert.match(problems?.[0].message ?? '', /swapped\.png.*not a PNG, JPEG or WebP/);
    assert.equal(h.submitted.length, 0);
  });

  it('#11 a dropped file outside the workspace is refused unless the person picked it', async () => {
    const h = harness();
    GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    const link = path.join(tmp, 'link.png');
    symlinkSync(outsidePng, link);
    p.send({ type: 'dropImages', uris: [`file://${outsidePng}`, `file://${link}`, outsidePng] });
    await settle();
    const refused = lastOf(p, 'imagesAdded');
    assert.deepEqual(refused?.images, []);
    assert.deepEqual(refused?.rejected.map((r) => r.source), ['secret.png', 'link.png', 'secret.png']);
    assert.match(refused?.rejected[0].reason ?? '', /Not inside a workspace folder/);
    // Picked in the open dialog: the person chose it, so it is used (and a later drop of it too).
    calls.openDialog = [FakeUri.file(outsidePng)];
    p.send({ type: 'pickImages', multi: false });
    await settle();
    const picked = lastOf(p, 'imagesAdded')?.images[0];
    assert.equal(picked?.label, 'secret.png');
    p.send({ type: 'dropImages', uris: [`file://${outsidePng}`] });
    await settle();
    assert.equal(lastOf(p, 'imagesAdded')?.images[0]?.source, picked?.source);
    p.send({ type: 'generate', request: { model: 'wan-2.6', prompt: 'p', mode: 'image', duration_seconds: 5 }, images: [picked?.source ?? ''] });
    await settle();
    assert.deepEqual(h.submitted.map((x) => x.sources), [[outsidePng]]);
  });

  it('#11 Generate again never reads a server-supplied input_image_url as a path', async () => {
    const h = harness();
    // Imported from the server's list: its input_image_url names a workspace image and a file: URL.
    for (const [id, url] of [['srv-path', png], ['srv-file', `file://${png}`], ['srv-https', 'https://cdn.example/in.png']] as const) {
      const imported = recordFromServerTask({ task_id: `vid_${id}`, status: 'failed', model: 'wan-2.6', prompt: 'from elsewhere', mode: 'image', input_image_url: url }, id, 1_700_000_000);
      h.records.set(id, imported);
    }
    GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    for (const id of ['srv-path', 'srv-file']) {
      p.send({ type: 'generateAgain', localId: id });
      await settle();
      assert.deepEqual(lastOf(p, 'prefill')?.images, [], id);
    }
    p.send({ type: 'generateAgain', localId: 'srv-https' });
    await settle();
    assert.deepEqual(lastOf(p, 'prefill')?.images.map((i) => i.source), ['https://cdn.example/in.png']);
    // The Tasks view's "Generate Again" (airforce.rerunTask) reads nothing either.
    const opened: Array<{ images?: Array<{ source: string }> }> = [];
    const createOrShow = GenerationPanel.createOrShow;
    GenerationPanel.createOrShow = ((_host: PanelHost, init?: { images?: Array<{ source: string }> }) => {
      opened.push(init ?? {});
      return GenerationPanel.current;
    }) as typeof GenerationPanel.createOrShow;
    try {
      const af = { tracker: { get: (id: string) => h.records.get(id) }, context: { extensionUri: FakeUri.file('/ext') }, log: h.host.logger };
      for (const id of ['srv-path', 'srv-file', 'srv-https']) rerunTask(af as unknown as Parameters<typeof rerunTask>[0], id);
    } finally {
      GenerationPanel.createOrShow = createOrShow;
    }
    assert.deepEqual(opened.map((o) => o.images?.map((i) => i.source)), [[], [], ['https://cdn.example/in.png']]);
  });

  it('#11 Generate again shows a local source only from inside the workspace, checked by its bytes', async () => {
    const h = harness();
    const notImage = path.join(tmp, 'old.png');
    writeFileSync(notImage, 'text');
    h.records.set('mine', {
      localId: 'mine', kind: 'video', origin: { type: 'panel' }, model: 'wan-2.6', prompt: 'again', mode: 'reference', duration_seconds: 5, extra: {},
      inputImageSources: [outsidePng, `file://${png}`, notImage, 'frame.png', 'https://e.com/r.png'], status: 'completed', progress: 100, created: 1_700_000_000,
    });
    GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    p.send({ type: 'generateAgain', localId: 'mine' });
    await settle();
    assert.deepEqual(lastOf(p, 'prefill')?.images.map((i) => i.label), ['frame.png', 'r.png']);
    assert.deepEqual(lastOf(p, 'imagesAdded')?.rejected.map((r) => r.source), ['secret.png', 'old.png']);
  });

  // ---------------------------------------------------------------- #1 #4 #9 task states

  it('#1 a fate-unknown task offers Look again and Send again, which run the commands', async () => {
    const h = harness();
    h.records.set('lost', { ...baseRecord('lost'), status: 'fate-unknown', sentAt: 1_700_000_001 } as TaskRecord);
    const panel = GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    panel.showTask('lost');
    await settle();
    const view = lastOf(p, 'task')?.task;
    assert.equal(view?.status, 'fate-unknown');
    assert.equal(view?.endedAt, undefined);
    calls.commandResult = 'fate-unknown';
    p.send({ type: 'taskAction', action: 'lookAgain', id: 'lost' });
    await settle();
    calls.commandResult = 'vid_new';
    p.send({ type: 'taskAction', action: 'sendAgain', id: 'lost' });
    await settle();
    // Not offered for this state: refused and logged, no command.
    p.send({ type: 'taskAction', action: 'tryAgain', id: 'lost' });
    p.send({ type: 'taskAction', action: 'lookAgain', id: 'nope' });
    p.send({ type: 'taskAction', action: 'rm -rf', id: 'lost' });
    await settle();
    assert.deepEqual(commandsRun(), [{ id: 'airforce.lookAgain', arg: 'lost' }, { id: 'airforce.sendAgain', arg: 'lost' }]);
    assert.equal(h.warnings.filter((w) => /tryAgain refused|lookAgain refused|invalid 'taskAction'/.test(w)).length, 3);
  });

  it('#1 Send again falls back to the pre-filled form when the request is no longer available', async () => {
    const h = harness();
    h.records.set('lost', { ...baseRecord('lost'), status: 'fate-unknown', prompt: 'a held request' } as TaskRecord);
    GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    calls.commandResult = new Error('The request is no longer available (it held image bytes).');
    p.send({ type: 'taskAction', action: 'sendAgain', id: 'lost' });
    await settle();
    assert.equal(lastOf(p, 'prefill')?.values.prompt, 'a held request');
  });

  it('#4 a retryable failure offers Try again; a waiting task shows why and since when', async () => {
    const h = harness();
    h.records.set('capped', { ...baseRecord('capped'), status: 'failed', retryable: true, error: 'Daily request cap reached.' } as TaskRecord);
    h.records.set('plain', { ...baseRecord('plain'), status: 'failed', error: 'Provider error.' });
    h.records.set('held', { ...baseRecord('held'), status: 'waiting', waitReason: 'Rate limited by the API: next try at 12:03:05.', waitingSince: 1_700_000_100 } as TaskRecord);
    const panel = GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    const viewOf = async (id: string): Promise<TaskView | undefined> => {
      panel.showTask(id);
      await settle();
      return lastOf(p, 'task')?.task;
    };
    const capped = await viewOf('capped');
    assert.deepEqual([capped?.status, capped?.retryable, capped?.error], ['failed', true, 'Daily request cap reached.']);
    assert.equal((await viewOf('plain'))?.retryable, undefined);
    const held = await viewOf('held');
    assert.deepEqual([held?.waitReason, held?.waitingSince], ['Rate limited by the API: next try at 12:03:05.', 1_700_000_100_000]);
    calls.commandResult = 'vid_retry';
    p.send({ type: 'taskAction', action: 'tryAgain', id: 'capped' });
    p.send({ type: 'taskAction', action: 'tryAgain', id: 'plain' });
    await settle();
    assert.deepEqual(commandsRun(), [{ id: 'airforce.tryAgain', arg: 'capped' }]);
  });

  it('#9 an unrecognized status is shown with its value; a running task keeps its problem', async () => {
    const h = harness();
    h.records.set('odd', { ...baseRecord('odd'), status: 'unrecognized', rawStatus: 'paused', progress: 20 } as TaskRecord);
    h.records.set('new', { ...baseRecord('new'), status: 'thinking' } as unknown as TaskRecord);
    h.records.set('flaky', { ...baseRecord('flaky'), status: 'processing', progress: 40, error: 'Status reads keep failing (HTTP 500).' });
    const panel = GenerationPanel.createOrShow(h.host);
    const p = calls.panels[0];
    p.send({ type: 'ready' });
    await settle();
    const views: Array<TaskView | undefined> = [];
    for (const id of ['odd', 'new', 'flaky']) {
      panel.showTask(id);
      await settle();
      views.push(lastOf(p, 'task')?.task);
    }
    assert.deepEqual(views.map((v) => [v?.status, v?.rawStatus]), [['unrecognized', 'paused'], ['unrecognized', 'thinking'], ['processing', undefined]]);
    assert.deepEqual([views[2]?.progress, views[2]?.error, views[2]?.endedAt], [40, 'Status reads keep failing (HTTP 500).', undefined]);
    // Every view the host sends passes the protocol's own schema.
    for (const m of p.posted) assert.equal(HostMessageSchema.safeParse(m).success, true, JSON.stringify(m));
  });
});

function baseRecord(localId: string): TaskRecord {
  return { localId, kind: 'video', origin: { type: 'panel' }, taskId: `vid_${localId}`, model: 'wan-2.6', prompt: 'p', mode: 'text', duration_seconds: 5, extra: {}, inputImageSources: [], status: 'queued', progress: 0, created: 1_700_000_000 };
}
