// Look Again / Send Again / Try Again against a stand-in `vscode` and a stand-in tracker: who asks
// first, who shows nothing, what they resolve to, and the "Generate Again…" fallback.
import { ui } from '../vscodeFake';
import { beforeEach, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Airforce } from '../../../src/container';
import type { JobRecord } from '../../../src/jobs/types';
import { taskRecord } from '../jobs/record-helpers';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fate = require('../../../src/commands/fateCommands') as typeof import('../../../src/commands/fateCommands');

const NOT_KEPT = 'The request is no longer available: it held image bytes that are not kept across a restart.';

const record = (patch: Partial<JobRecord>): JobRecord => taskRecord({ status: 'fate-unknown', ...patch });

function fakeAf(r: JobRecord, behaviour: { look?: () => JobRecord; send?: () => Promise<string> } = {}) {
  const calls = { lookAgain: [] as string[], sendAgain: [] as string[] };
  const tracker = {
    get: (id: string) => (id === r.localId || id === r.taskId ? r : undefined),
    lookAgain: async (id: string) => {
      calls.lookAgain.push(id);
      return behaviour.look ? behaviour.look() : r;
    },
    sendAgain: async (id: string) => {
      calls.sendAgain.push(id);
      return behaviour.send ? behaviour.send() : 'task-new';
    },
  };
  const log = { error() {}, warn() {}, info() {} };
  return { af: { tracker, log } as unknown as Airforce, calls };
}

const settle = () => new Promise((r) => setImmediate(r));

beforeEach(() => ui.reset());

test('#1 Send Again asks first (modal, "billed twice") and sends nothing when the person declines', async () => {
  const { af, calls } = fakeAf(record({}));
  await assert.rejects(fate.sendAgain(af, 'l1'), { name: 'Canceled' });
  assert.equal(ui.warnings.length, 1);
  assert.equal(ui.warnings[0]!.modal, true);
  assert.match(ui.warnings[0]!.message, /billed twice/);
  assert.deepEqual(calls.sendAgain, []);
  await settle();
  assert.deepEqual(ui.errors, [], 'declining is not an error to report');

  ui.reset();
  ui.warningAnswer = 'Send Again';
  assert.equal(await fate.sendAgain(af, { localId: 'l1' }), 'task-new');
  assert.deepEqual(calls.sendAgain, ['l1']);
});

test('#1 Send Again with {confirm: false} shows nothing at all and resolves to the new task id', async () => {
  const { af, calls } = fakeAf(record({}));
  assert.equal(await fate.sendAgain(af, 'l1', { confirm: false }), 'task-new');
  assert.deepEqual(calls.sendAgain, ['l1']);
  assert.deepEqual(ui.warnings, []);
  // A failure also stays silent, and rejects with a clear message.
  const { af: failing } = fakeAf(record({}), { send: () => Promise.reject(new Error('HTTP 500')) });
  await assert.rejects(fate.sendAgain(failing, 'l1', { confirm: false }), /HTTP 500/);
  await settle();
  assert.deepEqual(ui.errors, []);
  assert.deepEqual(ui.warnings, []);
});

test('#1 Send Again refuses a record whose fate is known (a second click sends nothing twice)', async () => {
  const { af, calls } = fakeAf(record({ status: 'processing', taskId: 't1' }));
  await assert.rejects(fate.sendAgain(af, 't1', { confirm: false }), /Only a request whose fate is unknown can be sent again \(this one is processing\)/);
  await assert.rejects(fate.sendAgain(af, 'nope', { confirm: false }), /no such task \(nope\)/);
  assert.deepEqual(calls.sendAgain, []);
});

test('#1 when the request is no longer available, an interactive Send Again offers Generate Again…', async () => {
  const { af } = fakeAf(record({}), { send: () => Promise.reject(new Error(NOT_KEPT)) });
  ui.warningAnswer = 'Send Again';
  await assert.rejects(fate.sendAgain(af, 'l1'), /^Error: The request is no longer available/);
  await settle();
  const offer = ui.warnings.find((w) => !w.modal);
  assert.ok(offer, 'a notification explains and offers the form');
  assert.deepEqual(offer.items, ['Generate Again…']);
  assert.deepEqual(ui.errors, [], 'no second, raw error notification');

  // Choosing it opens the form pre-filled (airforce.rerunTask with the record).
  ui.reset();
  ui.warningAnswer = 'Generate Again…';
  await assert.rejects(fate.sendAgain(af, 'l1', { confirm: false }), /no longer available/);
  await settle();
  assert.deepEqual(ui.commands, [], '{confirm: false}: no offer, just the rejection');
  await assert.rejects(fate.tryAgain(fakeAf(record({ status: 'failed', retryable: true }), { send: () => Promise.reject(new Error(NOT_KEPT)) }).af, 'l1'));
  await settle();
  assert.deepEqual(ui.commands, [{ id: 'airforce.rerunTask', args: ['l1'] }]);
});

test('#1 Look Again resolves to the status after the look, without any dialog', async () => {
  const lost = record({});
  const { af, calls } = fakeAf(lost);
  assert.equal(await fate.lookAgain(af, 'l1', { confirm: false }), 'fate-unknown');
  const found = fakeAf(lost, { look: () => record({ status: 'queued', taskId: 't7' }) });
  assert.equal(await fate.lookAgain(found.af, 'l1'), 'queued');
  assert.deepEqual([...calls.lookAgain, ...found.calls.lookAgain], ['l1', 'l1']);
  assert.equal(ui.warnings.length + ui.errors.length, 0, 'no dialog');
  // Already known (e.g. a second click): nothing to look for.
  const known = fakeAf(record({ status: 'completed', taskId: 't7' }));
  assert.equal(await fate.lookAgain(known.af, 't7'), 'completed');
  assert.deepEqual(known.calls.lookAgain, []);
  // The list cannot be read: rejects; interactively it is also reported.
  const offline = fakeAf(lost, {
    look: () => {
      throw new Error('The task list could not be read');
    },
  });
  await assert.rejects(fate.lookAgain(offline.af, 'l1'), /could not be read/);
  await settle();
  assert.equal(ui.errors.length, 1);
  assert.match(ui.errors[0]!.message, /could not be read/);
});

test('#4 Try Again sends a refused request again without a warning, and only a refused one', async () => {
  const { af, calls } = fakeAf(record({ status: 'failed', retryable: true, error: 'Daily request cap reached' }));
  assert.equal(await fate.tryAgain(af, 'l1'), 'task-new');
  assert.deepEqual(calls.sendAgain, ['l1']);
  assert.deepEqual(ui.warnings, []);
  const plain = fakeAf(record({ status: 'failed', error: 'boom' }));
  await assert.rejects(fate.tryAgain(plain.af, 'l1', { confirm: false }), /Only a request the server refused can be tried again/);
  assert.deepEqual(plain.calls.sendAgain, []);
});

test('only a plain {confirm: false} turns dialogs off (a tree menu passes other things)', () => {
  assert.equal(fate.wantsDialogs(undefined), true);
  assert.equal(fate.wantsDialogs([{ localId: 'x' }]), true);
  assert.equal(fate.wantsDialogs({ confirm: true }), true);
  assert.equal(fate.wantsDialogs({ confirm: false }), false);
});
