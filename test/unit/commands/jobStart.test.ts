// A batch's budget hold against the real spending ledger (src/submit/vscode/startBatch.ts startJobs over
// src/submit/batch.ts and src/spending/service.ts): a storyboard's image shot and the video made
// from it. The tracker is a stand-in that records each job in the ledger as the recorder would and
// lets the test say when the image is done; the budget, the holds and the lock are the real ones.
import { fakeVscode } from '../vscodeFake';
import { copyFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Airforce } from '../../../src/container';
import type { Model } from '../../../src/api/schemas/schemas';
import { Spending, type BudgetSettings } from '../../../src/spending/service';
import { fixturePath } from '../../simulator/resultBytes';
import { tempDir } from '../spending/helpers';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startJobs } = require('../../../src/submit/vscode/startBatch') as typeof import('../../../src/submit/vscode/startBatch');
type StartedJob = import('../../../src/submit/vscode/startBatch').StartedJob;

const tmp = tempDir();
after(tmp.cleanup);
Object.assign(fakeVscode.workspace, { asRelativePath: (p: string) => path.basename(p) });

const MODELS = [
  { id: 'flux-2-dev', output_modalities: ['image'], image_caps: { max_n: 4 }, priceperthousandimages: 2500 },
  {
    id: 'wan-2.6',
    output_modalities: ['video'],
    video_caps: { aspect_ratios: ['16:9'], qualities: ['720p'], min_duration_s: 5, max_duration_s: 10, modes: ['text', 'image'], price_per_second_cents: 40 },
  },
] as unknown as Model[];

const still = { key: 'still', kind: 'image' as const, input: { model: 'flux-2-dev', prompt: 'A red fox' }, origin: { type: 'command' as const } };
const video = {
  key: 'fox',
  kind: 'video' as const,
  input: { model: 'wan-2.6', prompt: 'The fox runs', duration_seconds: 5, mode: 'image' },
  imageFrom: 'still',
  origin: { type: 'command' as const },
};

/** An Airforce whose tracker records jobs in the ledger; `finishImage(cents)` ends the image job with its file. */
function fakeAf(file: string, settings: BudgetSettings) {
  const spending = new Spending({ file, settings: () => settings });
  const sent: string[] = [];
  let finish: (files: string[]) => void = () => undefined;
  let n = 0;
  const record = (id: string, kind: 'image' | 'video', state: 'inflight' | 'settled', cents: number): void =>
    void spending.ledger.append({ id, at: Math.floor(Date.now() / 1000), kind, model: kind === 'image' ? 'flux-2-dev' : 'wan-2.6', state, cents });
  const tracker = {
    runSync: (_kind: string, request: { model: string }, meta: { estimateCents?: number }) => {
      const localId = `image-${++n}`;
      sent.push(request.model);
      record(localId, 'image', 'inflight', meta.estimateCents ?? 0);
      return { localId, files: new Promise<string[]>((resolve) => (finish = resolve)) };
    },
    submit: (request: { model: string }) => {
      const localId = `video-${++n}`;
      sent.push(request.model);
      record(localId, 'video', 'inflight', 200);
      return { localId, taskId: Promise.resolve(`task-${n}`) };
    },
    get: () => undefined,
    onDidChange: () => ({ dispose: () => undefined }),
  };
  const af = { keys: { get: async () => 'sk-air-test' }, allModels: async () => MODELS, tracker, spending } as unknown as Airforce;
  const png = path.join(tmp.dir, `still-${path.basename(file)}.png`);
  copyFileSync(fixturePath('demo-image.png'), png);
  const finishImage = (cents: number): void => {
    record('image-1', 'image', 'settled', cents);
    finish([png]);
  };
  return { af, sent, spending, finishImage };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const yes = async (): Promise<boolean> => true;

/** startJobs, with every job's promises observed (the test awaits the ones it asserts on). */
async function start(af: Airforce): Promise<StartedJob[]> {
  const jobs = await startJobs(af, [still, video], yes);
  for (const j of jobs) for (const p of [j.localId, j.accepted, j.files]) p.catch(() => undefined);
  return jobs;
}

describe('a batch’s budget hold (storyboard: an image and the video made from it)', () => {
  it('r3#1 while the image is generating, the waiting video stays reserved: another window’s check cannot spend it', async () => {
    const file = tmp.file('chain.jsonl');
    const settings = { budgetCents: 300, period: 'day' as const };
    const { af, sent, finishImage } = fakeAf(file, settings);
    const [, fox] = await start(af);
    assert.deepEqual(sent, ['flux-2-dev'], 'the video waits for its image');
    await sleep(1_300); // longer than the moment a sent job's hold outlives its send
    const otherWindow = new Spending({ file, settings: () => settings });
    const v = await otherWindow.check([200]);
    v.release();
    assert.equal(v.ok, false, '2.5 ¢ image + 200 ¢ waiting video + 200 ¢ more is over $3.00');
    finishImage(2.5);
    await fox!.accepted;
    assert.deepEqual(sent, ['flux-2-dev', 'wan-2.6'], 'then the video is sent');
  });

  it('r3#1 the waiting video is checked when it starts: an image billed far above its estimate leaves no room, and the video is not sent', async () => {
    const file = tmp.file('recheck.jsonl');
    const settings = { budgetCents: 300, period: 'day' as const };
    const { af, sent, spending, finishImage } = fakeAf(file, settings);
    const [, fox] = await start(af);
    await sleep(1_300); // the image takes a moment (its hold is gone, its record counts it)
    finishImage(150); // billed 150 ¢ for a 2.5 ¢ estimate
    await assert.rejects(fox!.accepted, /^BudgetExceededError: Budget of \$3\.00 per day: \$1\.50 left; this costs about \$2\.00\. Nothing was sent\.$/);
    assert.deepEqual(sent, ['flux-2-dev']);
    await sleep(1_300);
    assert.equal((await spending.data()).inFlightCents, 0, 'the dropped video holds nothing');
  });

  it('a video whose image failed is dropped with its hold', async () => {
    const file = tmp.file('dropped.jsonl');
    const settings = { budgetCents: 300, period: 'day' as const };
    const { af, sent, spending } = fakeAf(file, settings);
    const tracker = af.tracker as unknown as { runSync: (...a: unknown[]) => unknown };
    const runSync = tracker.runSync;
    tracker.runSync = (...a: unknown[]) => ({ ...(runSync(...a) as object), files: Promise.reject(new Error('the image failed')) });
    const [, fox] = await start(af);
    await assert.rejects(fox!.accepted, /the image failed/);
    await sleep(1_300);
    assert.deepEqual(sent, ['flux-2-dev']);
    assert.equal((await spending.data()).inFlightCents, 2.5, 'only the image counts (its own record)');
  });

  it('r3#1 a budget set while the video waits (none when the batch was checked) is checked when it starts', async () => {
    const file = tmp.file('late-budget.jsonl');
    const settings = { budgetCents: 0, period: 'day' as const };
    const { af, sent, finishImage } = fakeAf(file, settings);
    const [, fox] = await start(af);
    settings.budgetCents = 100;
    finishImage(2.5);
    await assert.rejects(fox!.accepted, /^BudgetExceededError: Budget of \$1\.00 per day/);
    assert.deepEqual(sent, ['flux-2-dev']);
  });
});
