// The Generate panel's image/audio side (issue 8), host glue against the shared vscode fake and the
// real simulator: the panel wired by panelHost(af) with the real client, catalog and tracker. A media
// submit saves the simulator's bytes and shows them as the task's files; an invalid one reaches no
// endpoint; file actions only touch the record's files; "Animate this image" hands the video form a
// token; kind and model are remembered; voice previews are fetched without the key.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { fakeVscode, FakeUri, ui, type FakeWebviewPanel } from '../vscodeFake';
import { ModelCatalog } from '../../../src/api/models';
import { saveSyncResult } from '../../../src/jobs/sync/saveSyncResult';
import { TaskTracker } from '../../../src/jobs/tracker';
import type { Airforce } from '../../../src/container';
import type { HostMessage } from '../../../src/generate/protocol';
import { isImageToken } from '../../../src/generate/protocolConstants';
import { LAST_KIND_KEY, LAST_MODELS_KEY } from '../../../src/generate/host/memory';
import { fixturePath } from '../../simulator/resultBytes';
import { captureLogger, useSimulator } from '../simulator/sim-helpers';
import { KEY, simClient, memoryStore } from '../jobs/helpers';

// ---------------------------------------------------------------- what this file adds to the fake

const settings = new Map<string, unknown>();
const clipboard: string[] = [];
Object.assign(fakeVscode.workspace, {
  getConfiguration: () => ({
    get: (key: string, fallback?: unknown) => (settings.has(key) ? settings.get(key) : fallback),
    inspect: (key: string) => ({ globalValue: settings.get(key) }),
    update: async (key: string, value: unknown) => void settings.set(key, value),
  }),
  asRelativePath: (u: FakeUri) => path.relative(tmp, u.fsPath),
});
(fakeVscode as unknown as Record<string, unknown>).ConfigurationTarget ??= { Global: 1, Workspace: 2, WorkspaceFolder: 3 };
Object.assign(fakeVscode.env, { clipboard: { writeText: async (text: string) => void clipboard.push(text) } });

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { GenerationPanel } = require('../../../src/generate/host/panel') as typeof import('../../../src/generate/host/panel');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateMedia } = require('../../../src/commands/mediaCommands') as typeof import('../../../src/commands/mediaCommands');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateVideo } = require('../../../src/commands/generate') as typeof import('../../../src/commands/generate');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { panelHost } = require('../../../src/generate/host/vscodePanelHost') as typeof import('../../../src/generate/host/vscodePanelHost');

type Panel = FakeWebviewPanel<HostMessage>;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'af-panel-media-'));
const outDir = path.join(tmp, 'airforce-media');
const storage = path.join(tmp, 'global-storage');
fakeVscode.workspace.workspaceFolders = [{ uri: FakeUri.file(tmp) }];
const PNG = readFileSync(fixturePath('demo-image.png'));
const MP3 = readFileSync(fixturePath('tone.mp3'));

const sim = useSimulator({ keys: [KEY] });
const trackers: TaskTracker[] = [];

function memento(): Airforce['context']['globalState'] & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return { values, get: (key: string) => values.get(key), update: async (key: string, value: unknown) => void values.set(key, value) } as never;
}

/** The container as the panel's wiring sees it: the real client, catalog and tracker over the simulator. */
function fakeAf(globalState = memento()) {
  const log = captureLogger();
  const client = simClient(sim(), KEY);
  const catalog = new ModelCatalog({ listModels: (o) => client.listModels(o) });
  const tracker = new TaskTracker({
    api: client,
    store: memoryStore(),
    saveDebounceMs: 1,
    pollIntervalMs: () => 1_000,
    saveSync: (record, source, at, signal) => saveSyncResult({ record, source, ...at, dir: outDir, baseIsLoopback: true, signal }).then((s) => s.path),
  });
  trackers.push(tracker);
  const af = {
    client,
    tracker,
    allModels: (refresh = false) => catalog.get({ refresh }),
    videoModels: async () => [],
    keys: { get: async () => KEY },
    // An accepted check holds its estimate until released (budgetGuard releases it a second later).
    spending: { check: async () => ({ ok: true, holds: [], release: () => undefined }) },
    log: Object.assign(log, { show() {} }),
    context: { extensionUri: FakeUri.file('/ext'), globalState, globalStorageUri: FakeUri.file(storage) },
  };
  return { af: af as unknown as Airforce, log, globalState };
}

/** The last image/audio model list the host posted. */
const mediaModels = (p: Panel): Extract<HostMessage, { type: 'models' }> | undefined =>
  p.posted.filter((m): m is Extract<HostMessage, { type: 'models' }> => m.type === 'models' && m.kinds.includes('image')).at(-1);
const lastOf = <T extends HostMessage['type']>(p: Panel, type: T): Extract<HostMessage, { type: T }> | undefined =>
  p.posted.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type).at(-1);

async function until(what: string, check: () => boolean, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const posts = (): string[] =>
  sim()
    .requests.filter((r) => r.method === 'POST')
    .map((r) => r.path);

/** The panel a command without arguments opens, ready and with its models loaded. */
async function openOn(af: Airforce, kind: 'image' | 'speech' | 'music' | 'sfx'): Promise<Panel> {
  await generateMedia(af, kind);
  const p = ui.panels.at(-1) as Panel;
  p.send({ type: 'ready' });
  await until('media models', () => mediaModels(p) !== undefined);
  return p;
}

async function completedTask(p: Panel): Promise<Extract<HostMessage, { type: 'task' }>['task']> {
  await until('a finished task', () => ['completed', 'failed'].includes(lastOf(p, 'task')?.task.status ?? ''));
  return lastOf(p, 'task')!.task;
}

describe('Generate panel: images and audio (host side, against the simulator)', () => {
  beforeEach(() => {
    GenerationPanel.current?.dispose();
    ui.reset();
    settings.clear();
    settings.set('baseUrl', sim().url);
    clipboard.length = 0;
  });
  afterEach(() => {
    GenerationPanel.current?.dispose();
    for (const t of trackers.splice(0)) t.dispose();
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('a command without arguments opens the panel on its kind and sends nothing', async () => {
    const { af } = fakeAf();
    const p = await openOn(af, 'speech');
    assert.equal(lastOf(p, 'init')?.kind, 'speech');
    assert.equal(lastOf(p, 'kind')?.kind, 'speech');
    assert.ok(mediaModels(p)?.models.some((m) => m.id === 'eleven-tts-v3'));
    assert.ok(!mediaModels(p)?.models.some((m) => m.video_caps), 'no video model among the media models');
    // Another kind on the open panel: switched, not opened twice.
    await generateMedia(af, 'music');
    assert.equal(ui.panels.length, 1);
    assert.equal(lastOf(p, 'kind')?.kind, 'music');
    await generateVideo(af);
    assert.equal(lastOf(p, 'kind')?.kind, 'video');
    assert.deepEqual(posts(), []);
  });

  it('generateMedia for 2 images: shown at once, then completed with 2 files holding the served bytes', async () => {
    const { af } = fakeAf();
    const p = await openOn(af, 'image');
    p.send({ type: 'generate', kind: 'image', request: { model: 'flux-2-dev', prompt: 'Two foxes', n: 2 }, images: [] });
    await until('the job shown', () => lastOf(p, 'task') !== undefined);
    const first = p.posted.find((m) => m.type === 'task');
    assert.ok(first?.type === 'task' && first.reveal);
    assert.equal(first.task.kind, 'image');
    assert.deepEqual(lastOf(p, 'validation')?.problems, []);
    const task = await completedTask(p);
    assert.equal(task.status, 'completed', task.error);
    assert.equal(task.files?.length, 2);
    assert.equal(typeof task.costCents, 'number');
    const record = af.tracker.get(task.localId)!;
    assert.deepEqual(record.origin, { type: 'panel' });
    for (const [i, file] of (record.files ?? []).entries()) {
      assert.ok(readFileSync(file).equals(PNG), `file ${i} holds the served PNG`);
      assert.equal(task.files?.[i]?.name, path.basename(file));
      assert.equal(task.files?.[i]?.media, 'image');
      assert.match(task.files?.[i]?.uri ?? '', /^https:\/\/webview.*\?v=\d+$/);
    }
    assert.deepEqual(posts(), ['/v1/images/generations']);
    assert.deepEqual(lastOf(p, 'recentPrompts'), { type: 'recentPrompts', kind: 'image', prompts: ['Two foxes'] });
  });

  it('generateMedia for speech: one audio file with the served bytes', async () => {
    const { af } = fakeAf();
    const p = await openOn(af, 'speech');
    p.send({ type: 'generate', kind: 'speech', request: { model: 'eleven-tts-v3', input: 'Hello there', voice: 'rachel' }, images: [] });
    const task = await completedTask(p);
    assert.equal(task.status, 'completed', task.error);
    assert.equal(task.kind, 'speech');
    assert.deepEqual(
      task.files?.map((f) => f.media),
      ['audio'],
    );
    assert.ok(readFileSync(af.tracker.get(task.localId)!.savedPath!).equals(MP3));
    assert.deepEqual(lastOf(p, 'recentPrompts')?.prompts, ['Hello there']);
  });

  it('an invalid request comes back as a problem naming the field and its allowed values; no POST', async () => {
    const { af } = fakeAf();
    const p = await openOn(af, 'image');
    p.send({ type: 'generate', kind: 'image', request: { model: 'flux-2-dev', prompt: 'Too many', n: 99 }, images: [] });
    await until('validation', () => lastOf(p, 'validation') !== undefined);
    const [problem] = lastOf(p, 'validation')!.problems;
    assert.equal(problem?.field, 'n');
    assert.ok((problem?.allowed ?? []).length > 1 && problem?.allowed?.[0] === 1, JSON.stringify(problem));
    // A refused message (input_images inside the request) is answered too, and never sent.
    p.send({ type: 'generate', kind: 'image', request: { model: 'flux-2-dev', prompt: 'x', input_images: [{ url: 'https://e.com/a.png' }] }, images: [] });
    await until('the refusal', () => lastOf(p, 'validation')?.problems[0]?.field === 'form');
    assert.equal(lastOf(p, 'task'), undefined);
    assert.deepEqual(posts(), []);
  });

  it('fh#2 a request object with a 4,001-character music, sound-effect or image prompt rejects naming the prompt and its count; a panel submit is refused next to the field; nothing is POSTed', async () => {
    const { af } = fakeAf();
    const long = 'x'.repeat(4001);
    for (const [kind, model] of [
      ['music', 'eleven-music-v1'],
      ['sfx', 'eleven-sfx-v2'],
      ['image', 'flux-2-dev'],
    ] as const) {
      await assert.rejects(generateMedia(af, kind, { model, prompt: long }, { confirm: false }), (e: Error) => {
        assert.equal(e.name, 'ValidationError', kind);
        assert.match(e.message, /prompt is 4001 characters long; at most 4000 are allowed/, kind);
        return true;
      });
    }
    const p = await openOn(af, 'music');
    p.send({ type: 'generate', kind: 'music', request: { model: 'eleven-music-v1', prompt: long }, images: [] });
    await until('validation', () => lastOf(p, 'validation') !== undefined);
    assert.deepEqual(
      lastOf(p, 'validation')!.problems.map((x) => x.field),
      ['prompt'],
    );
    // Speech is billed per character and not capped: a long text is sent.
    const [file] = (await generateMedia(af, 'speech', { model: 'eleven-tts-v3', input: 'y'.repeat(6000), voice: 'rachel' }, { confirm: false })) ?? [];
    assert.ok(file);
    assert.deepEqual(posts(), ['/v1/audio/speech']);
  });

  it('file actions take an index into the job files; out of range is refused; animateImage posts a token, never a path', async () => {
    const { af, log } = fakeAf();
    const p = await openOn(af, 'image');
    p.send({ type: 'generate', kind: 'image', request: { model: 'flux-2-dev', prompt: 'Frames', n: 2 }, images: [] });
    const { localId } = await completedTask(p);
    const files = af.tracker.get(localId)!.files!;
    p.send({ type: 'copyPath', localId, index: 1 });
    p.send({ type: 'openFile', localId, index: 0 });
    p.send({ type: 'openExternal', localId, index: 1 });
    p.send({ type: 'openFile', localId, index: 2 });
    p.send({ type: 'copyPath', localId, index: 7 });
    await until('the actions', () => clipboard.length > 0 && ui.external.length > 0 && ui.commands.length > 0);
    assert.deepEqual(clipboard, [files[1]]);
    assert.equal(ui.statusMessages.length, 1);
    assert.deepEqual(
      ui.commands.map((c) => [c.id, (c.args[0] as FakeUri).fsPath]),
      [['vscode.open', files[0]]],
    );
    assert.deepEqual(ui.external, [files[1]]);
    assert.equal(log.lines.filter((l) => /refused/.test(l)).length, 2);

    p.send({ type: 'animateImage', localId, index: 1 });
    await until('the video prefill', () => lastOf(p, 'prefill') !== undefined);
    const prefill = lastOf(p, 'prefill')!;
    assert.equal(prefill.kind, 'video');
    assert.equal(prefill.values.mode, 'image');
    assert.equal(prefill.images.length, 1);
    assert.ok(isImageToken(prefill.images[0]!.source));
    assert.ok(!JSON.stringify(prefill).includes(outDir), 'no path reaches the webview');
    const before = p.posted.length;
    p.send({ type: 'animateImage', localId, index: 2 });
    p.send({ type: 'animateImage', localId: 'no-such-task', index: 0 });
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(p.posted.length, before);
  });

  it('remembers the last kind and the last model per kind in global state', async () => {
    const { af, globalState } = fakeAf();
    settings.set('defaultSpeechModel', 'eleven-tts-v3');
    const p = await openOn(af, 'image');
    assert.deepEqual(mediaModels(p)?.defaults, { speech: 'eleven-tts-v3' });
    p.send({ type: 'setKind', kind: 'music' });
    p.send({ type: 'rememberModel', kind: 'image', model: 'flux-2-dev' });
    await until('remembered', () => globalState.values.has(LAST_MODELS_KEY));
    assert.equal(globalState.values.get(LAST_KIND_KEY), 'music');
    assert.deepEqual(globalState.values.get(LAST_MODELS_KEY), { image: 'flux-2-dev' });
    // A new panel opened without a kind shows the last one, and the models last used.
    GenerationPanel.current?.dispose();
    GenerationPanel.createOrShow(panelHost(af));
    const q = ui.panels.at(-1) as Panel;
    q.send({ type: 'ready' });
    await until('init', () => lastOf(q, 'init') !== undefined);
    assert.equal(lastOf(q, 'init')?.kind, 'music');
    await until('media models', () => mediaModels(q) !== undefined);
    assert.deepEqual(mediaModels(q)?.defaults, { image: 'flux-2-dev', speech: 'eleven-tts-v3' });
  });

  it('fh#5 "Make default" on the image, speech, music and sound-effect forms writes that kind\'s setting, not the video one; init names them', async () => {
    const { af } = fakeAf();
    const p = await openOn(af, 'music');
    const chosen = { image: 'imagen-4', speech: 'eleven-tts-v3', music: 'eleven-music-v1', sfx: 'eleven-sfx-v2' } as const;
    const setting = { image: 'defaultImageModel', speech: 'defaultSpeechModel', music: 'defaultMusicModel', sfx: 'defaultSoundEffectModel' } as const;
    for (const kind of ['image', 'speech', 'music', 'sfx'] as const) {
      p.send({ type: 'setDefaultModel', kind, model: chosen[kind] });
      await until(`the ${kind} setting`, () => settings.get(setting[kind]) === chosen[kind]);
      assert.deepEqual(lastOf(p, 'defaultModel'), { type: 'defaultModel', kind, model: chosen[kind] });
    }
    assert.equal(settings.has('defaultVideoModel'), false);
    // The next panel starts with them (the form says "Default model" for each).
    GenerationPanel.current?.dispose();
    const q = await openOn(af, 'image');
    assert.deepEqual(lastOf(q, 'init')?.settings, chosen);
  });

  it('sends the airforce.defaultVoice setting in init, and nothing when it is unset', async () => {
    const { af } = fakeAf();
    settings.set('defaultVoice', 'adam');
    try {
      const p = await openOn(af, 'speech');
      assert.equal(lastOf(p, 'init')?.defaultVoice, 'adam');
      GenerationPanel.current?.dispose();
      settings.set('defaultVoice', '');
      const q = await openOn(af, 'speech');
      const init = lastOf(q, 'init');
      assert.ok(init);
      assert.equal('defaultVoice' in init, false);
    } finally {
      settings.delete('defaultVoice');
    }
  });

  it('clears one kind of recent prompts and answers with an empty list', async () => {
    const { af, globalState } = fakeAf();
    globalState.values.set('airforce.recentPrompts', { image: ['a'], video: ['v'] });
    const p = await openOn(af, 'image');
    assert.deepEqual(lastOf(p, 'init')?.recentPrompts, { image: ['a'], video: ['v'] });
    p.send({ type: 'clearRecentPrompts', kind: 'image' });
    await until('cleared', () => lastOf(p, 'recentPrompts') !== undefined);
    assert.deepEqual(lastOf(p, 'recentPrompts'), { type: 'recentPrompts', kind: 'image', prompts: [] });
    assert.deepEqual(globalState.values.get('airforce.recentPrompts'), { video: ['v'] });
  });

  it('lists voices and plays a preview downloaded once, without the Authorization header, from a resource root', async () => {
    const { af } = fakeAf();
    const p = await openOn(af, 'speech');
    assert.ok(p.webview.options.localResourceRoots?.some((u) => u.fsPath === path.join(storage, 'voice-previews')));
    p.send({ type: 'requestVoices', model: 'eleven-tts-v3' });
    await until('voices', () => lastOf(p, 'voices') !== undefined);
    const rachel = lastOf(p, 'voices')!.voices.find((v) => v.voice_id === 'rachel');
    assert.equal(rachel?.hasPreview, true);
    assert.ok(!JSON.stringify(lastOf(p, 'voices')).includes('/files/'), 'the preview URL stays on the host');
    p.send({ type: 'previewVoice', voiceId: 'rachel' });
    await until('the preview', () => lastOf(p, 'voicePreview') !== undefined || lastOf(p, 'voicePreviewError') !== undefined);
    assert.equal(lastOf(p, 'voicePreviewError'), undefined);
    const preview = lastOf(p, 'voicePreview')!;
    assert.match(preview.uri, /voice-previews\/voice-rachel-[0-9a-f]{8}\.mp3$/);
    const fetched = sim().requests.filter((r) => r.path.startsWith('/files/voices/'));
    assert.equal(fetched.length, 1);
    assert.equal(
      Object.keys(fetched[0]!.headers ?? {}).find((k) => k.toLowerCase() === 'authorization'),
      undefined,
    );
    assert.ok(readFileSync(path.join(storage, 'voice-previews', path.basename(preview.uri))).equals(MP3));
    // Cached: played again without another download.
    p.send({ type: 'previewVoice', voiceId: 'rachel' });
    p.send({ type: 'previewVoice', voiceId: 'nobody' });
    await until('the unknown voice answered', () => lastOf(p, 'voicePreviewError')?.voiceId === 'nobody');
    assert.equal(sim().requests.filter((r) => r.path.startsWith('/files/voices/')).length, 1);
    assert.equal(sim().requests.filter((r) => r.path === '/v1/audio/voices').length, 1, 'voices are read once');
    assert.equal(readdirSync(path.join(storage, 'voice-previews')).length, 1);
  });
});
