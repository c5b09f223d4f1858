// "Generate Again" on an image or audio job: the same kind again (never the video form), only after
// the person has seen the model and the estimated cost, with the same request fields.
import { ui } from './vscodeFake';
import { beforeEach, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Airforce } from '../../src/container';
import type { TaskRecord } from '../../src/tasks/types';
import { MODELS } from '../simulator/catalog';
import { taskRecord } from './record-helpers';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const commands = require('../../src/commands/taskCommands') as typeof import('../../src/commands/taskCommands');

function fakeAf(r: TaskRecord) {
  const runs: { kind: string; request: Record<string, unknown> }[] = [];
  const tracker = {
    get: (id: string) => (id === r.localId ? r : undefined),
    runSync: (kind: string, request: Record<string, unknown>) => {
      runs.push({ kind, request });
      return { localId: 'new', files: Promise.resolve(['/tmp/again.png']) };
    },
  };
  const af = { tracker, keys: { get: async () => 'sk-air-test' }, allModels: async () => MODELS, log: { warn() {}, info() {}, error() {} } };
  return { af: af as unknown as Airforce, runs };
}

const imageJob = (): TaskRecord =>
  taskRecord({ localId: 'img1', kind: 'image', status: 'completed', model: 'flux-2-dev', prompt: 'A red fox', aspect_ratio: '16:9', extra: { n: 2 } });

beforeEach(() => ui.reset());

test('Generate Again on an image job asks with the model and cost, then runs the same image request', async () => {
  const { af, runs } = fakeAf(imageJob());
  ui.warningAnswer = 'Generate Again';
  const files = await commands.rerunTask(af, 'img1');
  assert.equal(ui.panels.length, 0, 'the video form is not opened for an image job');
  assert.equal(ui.warnings.length, 1);
  assert.equal(ui.warnings[0]!.modal, true);
  assert.match(ui.warnings[0]!.message, /A red fox.*flux-2-dev/);
  assert.match(ui.warnings[0]!.detail ?? '', /\$0\.05/, 'two images at 2.5 ¢ each');
  assert.deepEqual(runs.map((r) => r.kind), ['image']);
  assert.equal(runs[0]!.request.prompt, 'A red fox');
  assert.equal(runs[0]!.request.n, 2);
  assert.equal(runs[0]!.request.aspect_ratio, '16:9');
  assert.deepEqual((files as { fsPath: string }[]).map((f) => f.fsPath), ['/tmp/again.png']);
});

test('Generate Again on an image job sends nothing when the person declines', async () => {
  const { af, runs } = fakeAf(imageJob());
  assert.equal(await commands.rerunTask(af, 'img1'), undefined, 'declining is not an error');
  assert.equal(ui.warnings.length, 1);
  assert.deepEqual(runs, []);
});

test('Generate Again on an image edit refuses an input image that is not inside the workspace, and sends nothing', async () => {
  const { af, runs } = fakeAf(taskRecord({ localId: 'img2', kind: 'image', status: 'completed', model: 'flux-2-dev', prompt: 'Edit', inputImageSources: ['/etc/passwd'] }));
  ui.warningAnswer = 'Generate Again';
  await assert.rejects(commands.rerunTask(af, 'img2'), /cannot be used/);
  assert.deepEqual(runs, []);
});
