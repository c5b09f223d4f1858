// "Generate Again" (Tasks view, airforce.rerunTask) on any kind: the Generate panel opens on the
// record's kind, prefilled from the record — nothing is sent and no dialog asks, the person submits
// from the form (which shows the price). Input images are checked by the panel like any dropped file.
import { fakeVscode, FakeUri, ui, type FakeWebviewPanel } from '../vscodeFake';
import { after, beforeEach, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Airforce } from '../../../src/container';
import type { JobRecord } from '../../../src/jobs/types';
import type { HostMessage } from '../../../src/generate/protocol';
import { isImageToken } from '../../../src/generate/protocolConstants';
import { MODELS } from '../../simulator/catalog';
import { fixturePath } from '../../simulator/resultBytes';
import { taskRecord } from '../jobs/record-helpers';

Object.assign(fakeVscode.workspace, { getConfiguration: () => ({ get: (_key: string, fallback?: unknown) => fallback, inspect: () => undefined }) });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const commands = require('../../../src/commands/jobCommands') as typeof import('../../../src/commands/jobCommands');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { GenerationPanel } = require('../../../src/generate/host/panel') as typeof import('../../../src/generate/host/panel');

type Panel = FakeWebviewPanel<HostMessage>;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'af-rerun-'));
fakeVscode.workspace.workspaceFolders = [{ uri: FakeUri.file(tmp) }];
const png = path.join(tmp, 'in.png');
copyFileSync(fixturePath('demo-image.png'), png);

function fakeAf(r: JobRecord) {
  const runs: string[] = [];
  const tracker = {
    get: (id: string) => (id === r.localId ? r : undefined),
    runSync: (kind: string) => {
      runs.push(kind);
      return { localId: 'new', files: Promise.resolve([]) };
    },
    submit: () => {
      runs.push('video');
      return { localId: 'v' };
    },
    onDidChange: () => ({ dispose() {} }),
  };
  const store = new Map<string, unknown>();
  const af = {
    tracker,
    keys: { get: async () => 'sk-air-test' },
    allModels: async () => MODELS,
    log: { warn() {}, info() {}, error() {} },
    context: {
      extensionUri: FakeUri.file('/ext'),
      globalStorageUri: FakeUri.file(path.join(tmp, 'storage')),
      globalState: { get: (k: string) => store.get(k), update: async (k: string, v: unknown) => void store.set(k, v) },
    },
  };
  return { af: af as unknown as Airforce, runs };
}

/** The panel's prefill once the app said `ready`. */
async function prefillOf(): Promise<{ p: Panel; prefill: Extract<HostMessage, { type: 'prefill' }> }> {
  const p = ui.panels.at(-1) as Panel;
  assert.ok(p, 'the panel opened');
  p.send({ type: 'ready' });
  for (let i = 0; i < 400 && !p.posted.some((m) => m.type === 'prefill'); i++) await new Promise((r) => setTimeout(r, 5));
  const prefill = p.posted.find((m): m is Extract<HostMessage, { type: 'prefill' }> => m.type === 'prefill');
  assert.ok(prefill, 'a prefill was posted');
  return { p, prefill };
}

beforeEach(() => {
  GenerationPanel.current?.dispose();
  ui.reset();
});
after(() => {
  GenerationPanel.current?.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

test('Generate Again on an image job opens the panel on Image with its fields; nothing is sent, nothing asked', async () => {
  const { af, runs } = fakeAf(
    taskRecord({ localId: 'img1', kind: 'image', status: 'completed', model: 'flux-2-dev', prompt: 'A red fox', aspect_ratio: '16:9', extra: { n: 2, style: 'ink' } }),
  );
  assert.equal(await commands.rerunTask(af, 'img1'), undefined);
  const { p, prefill } = await prefillOf();
  assert.equal(prefill.kind, 'image');
  assert.deepEqual(prefill.media, { model: 'flux-2-dev', prompt: 'A red fox', aspect_ratio: '16:9', n: 2, extra: { style: 'ink' } });
  const init = p.posted.find((m): m is Extract<HostMessage, { type: 'init' }> => m.type === 'init');
  assert.equal(init?.kind, 'image', 'a new panel starts on the kind');
  assert.deepEqual(ui.warnings, []);
  assert.deepEqual(runs, []);
});

test('Generate Again on a speech job fills the speech form (text as input, the voice)', async () => {
  const { af, runs } = fakeAf(taskRecord({ localId: 's1', kind: 'speech', status: 'completed', model: 'eleven-tts-v3', prompt: 'Hello', extra: { voice: 'rachel', speed: 1.5 } }));
  await commands.rerunTask(af, 's1');
  const { prefill } = await prefillOf();
  assert.equal(prefill.kind, 'speech');
  assert.deepEqual(prefill.media, { model: 'eleven-tts-v3', input: 'Hello', voice: 'rachel', speed: 1.5 });
  assert.deepEqual(runs, []);
});

test('Generate Again on an image edit puts a workspace input image in as a token, and refuses one outside', async () => {
  const { af } = fakeAf(taskRecord({ localId: 'e1', kind: 'image', status: 'completed', model: 'flux-2-dev', prompt: 'Edit', inputImageSources: [png] }));
  await commands.rerunTask(af, 'e1');
  const { prefill } = await prefillOf();
  assert.equal(prefill.images.length, 1);
  assert.ok(isImageToken(prefill.images[0]!.source));

  GenerationPanel.current?.dispose();
  ui.reset();
  const outside = fakeAf(taskRecord({ localId: 'e2', kind: 'image', status: 'completed', model: 'flux-2-dev', prompt: 'Edit', inputImageSources: ['/etc/passwd'] }));
  await commands.rerunTask(outside.af, 'e2');
  const { p, prefill: refused } = await prefillOf();
  assert.deepEqual(refused.images, []);
  for (let i = 0; i < 200 && !p.posted.some((m) => m.type === 'imagesAdded'); i++) await new Promise((r) => setTimeout(r, 5));
  const added = p.posted.find((m): m is Extract<HostMessage, { type: 'imagesAdded' }> => m.type === 'imagesAdded');
  assert.equal(added?.rejected.length, 1, 'the refusal is shown');
  assert.deepEqual(outside.runs, []);
});

test('Generate Again on a video job opens the video form as before', async () => {
  const { af } = fakeAf(taskRecord({ localId: 'v1', kind: 'video', status: 'completed', model: 'wan-2.6', prompt: 'Waves', duration_seconds: 6 }));
  await commands.rerunTask(af, 'v1');
  const { prefill } = await prefillOf();
  assert.equal(prefill.kind, 'video');
  assert.equal(prefill.media, undefined);
  assert.deepEqual(prefill.values, { model: 'wan-2.6', mode: 'text', prompt: 'Waves', duration_seconds: 6, extra: {} });
});
