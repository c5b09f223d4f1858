// The one submit pipeline (src/submit): each step, their order (nothing is read or sent after a
// step fails; files are read only after the cost was agreed; the budget is checked before the cost
// question), the same pipeline behind the panel and the commands, a request-object command's cost
// rule (no dialog: refused above the threshold unless {confirm: false}) and budget rule (refused,
// naming the budget).
import { fakeVscode, FakeUri, ui } from '../vscodeFake';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Airforce } from '../../../src/container';
import type { VideoModel } from '../../../src/api/models';
import type { CreateVideoRequest } from '../../../src/api/schemas/schemas';
import { encodeImageFile } from '../../../src/api/images';
import { runSubmitPipeline, type SubmitSteps } from '../../../src/submit/pipeline';
import { startJob, type JobRequest, type StartJobDeps } from '../../../src/submit/startJob';
import { fixturePath } from '../../simulator/resultBytes';
import { Spending } from '../../../src/spending/service';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const generate = require('../../../src/commands/generate') as typeof import('../../../src/commands/generate');

const root = path.resolve(__dirname, '..', '..', '..', '..');
const model: VideoModel = {
  id: 'wan-2.6',
  output_modalities: ['video'],
  video_caps: { aspect_ratios: ['16:9'], qualities: ['720p'], min_duration_s: 5, max_duration_s: 10, modes: ['text', 'image', 'reference'], price_per_second_cents: 40 },
};

const tmp = mkdtempSync(path.join(os.tmpdir(), 'af-submit-'));
const png = path.join(tmp, 'frame.png');
copyFileSync(fixturePath('demo-image.png'), png);
const fakePng = path.join(tmp, 'not-really.png');
writeFileSync(fakePng, 'just text with a .png name');
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A pipeline whose steps log their names; `patch` replaces any of them. */
function steps(log: string[], patch: Partial<SubmitSteps<string, string, string, string>> = {}): SubmitSteps<string, string, string, string> {
  return {
    findModel: async (id) => (log.push('findModel'), id),
    validate: (m) => (log.push('validate'), { ok: true, request: `req(${m})` }),
    estimateCents: () => (log.push('estimate'), 400),
    budget: async () => (log.push('budget'), { ok: true }),
    confirmAboveCents: 300,
    confirm: async () => (log.push('confirm'), true),
    encode: async (r) => (log.push('encode'), { ok: true, request: `${r}+bytes` }),
    run: async (r) => (log.push('run'), `sent ${r}`),
    ...patch,
  };
}

describe('submit pipeline: order and steps', () => {
  it('runs validate → estimate → budget → confirm → encode → run, and sends the encoded request', async () => {
    const log: string[] = [];
    const out = await runSubmitPipeline('m', steps(log));
    assert.deepEqual(log, ['findModel', 'validate', 'estimate', 'budget', 'confirm', 'encode', 'run']);
    assert.deepEqual(out, { ok: true, result: 'sent req(m)+bytes', costCents: 400 });
  });

  it('an invalid request stops before the estimate: nothing is confirmed, read or sent', async () => {
    const log: string[] = [];
    const out = await runSubmitPipeline('m', steps(log, { validate: () => (log.push('validate'), { ok: false, problems: ['duration_seconds'] }) }));
    assert.deepEqual(log, ['findModel', 'validate']);
    assert.deepEqual(out, { ok: false, stage: 'validate', problems: ['duration_seconds'] });
  });

  it('a declined cost stops before the encoder: no file is read, nothing is sent', async () => {
    const log: string[] = [];
    const out = await runSubmitPipeline('m', steps(log, { confirm: async () => (log.push('confirm'), false) }));
    assert.deepEqual(log, ['findModel', 'validate', 'estimate', 'budget', 'confirm']);
    assert.deepEqual(out, { ok: false, stage: 'confirm', costCents: 400 });
  });

  it('a budget refusal stops before the cost question: nothing is confirmed, read or sent', async () => {
    const log: string[] = [];
    const costs: number[] = [];
    const budget = async (c: number) => (log.push('budget'), costs.push(c), { ok: false as const, message: 'Budget of $1.00 per day' });
    const out = await runSubmitPipeline('m', steps(log, { budget }));
    assert.deepEqual(log, ['findModel', 'validate', 'estimate', 'budget']);
    assert.deepEqual(costs, [400], 'the budget sees the estimate');
    assert.deepEqual(out, { ok: false, stage: 'budget', costCents: 400, message: 'Budget of $1.00 per day' });
  });

  it('the budget hold is released once the job is sent, or when it is not sent; a failing release masks nothing', async () => {
    const log: string[] = [];
    const hold = (name: string) => async () => (log.push('budget'), { ok: true as const, release: () => void log.push(`release ${name}`) });
    await runSubmitPipeline('m', steps(log, { budget: hold('sent') }));
    assert.deepEqual(log.slice(-2), ['run', 'release sent']);
    log.length = 0;
    await runSubmitPipeline('m', steps(log, { budget: hold('declined'), confirmAboveCents: 0, confirm: async () => false }));
    assert.deepEqual(log.slice(-1), ['release declined']);
    const broken = async () => ({
      ok: true as const,
      release: () => {
        throw new Error('ledger gone');
      },
    });
    const out = await runSubmitPipeline('m', steps([], { budget: broken }));
    assert.equal(out.ok, true, 'the sent job is reported as sent');
  });

  it('asks only above the threshold (at it: no question)', async () => {
    const log: string[] = [];
    await runSubmitPipeline('m', steps(log, { confirmAboveCents: 400 }));
    assert.deepEqual(log, ['findModel', 'validate', 'estimate', 'budget', 'encode', 'run']);
  });

  it('an input that cannot be encoded is not sent', async () => {
    const log: string[] = [];
    const out = await runSubmitPipeline('m', steps(log, { encode: async () => (log.push('encode'), { ok: false, problems: ['input_images'] }) }));
    assert.deepEqual(log, ['findModel', 'validate', 'estimate', 'budget', 'confirm', 'encode']);
    assert.deepEqual(out, { ok: false, stage: 'encode', problems: ['input_images'] });
  });
});

describe('the one submit (startJob) for video', () => {
  type Deps = StartJobDeps<JobRequest>;
  const deps = (log: string[], patch: Partial<Deps> = {}): Deps => ({
    findModel: async (id) => (id === model.id ? model : undefined),
    budget: async () => ({ ok: true }),
    confirmAboveCents: 500,
    confirm: async (e) => (log.push(`confirm ${'cents' in e ? e.cents : '?'}`), true),
    encodeFile: async (file) => (log.push('encode'), encodeImageFile(file)),
    run: async (request) => (log.push('run'), request),
    ...patch,
  });

  it('validates with stand-ins, estimates duration × price, then sends the bytes in order', async () => {
    const log: string[] = [];
    const out = await startJob(
      'video',
      { model: 'wan-2.6', prompt: 'p', mode: 'reference', duration_seconds: 8 },
      [{ file: png }, { url: 'https://e.com/a.png' }],
      deps(log, { confirmAboveCents: 300 }),
    );
    assert.deepEqual(log, ['confirm 320', 'encode', 'run']);
    assert.ok(out.ok);
    assert.deepEqual(out.result.input_images, [{ b64_json: readFileSync(png).toString('base64') }, { url: 'https://e.com/a.png' }]);
    assert.deepEqual(out.estimate, { cents: 320 });
  });

  it('the encoder checks the bytes, not the name: a .png that is text is refused and nothing is sent', async () => {
    const log: string[] = [];
    const out = await startJob('video', { model: 'wan-2.6', prompt: 'p', mode: 'image' }, [{ file: fakePng }], deps(log));
    assert.deepEqual(log, ['encode']);
    assert.ok(!out.ok && out.stage === 'encode');
    assert.equal(out.problems[0]?.field, 'input_images');
    assert.match(out.problems[0]?.message ?? '', /not a PNG, JPEG or WebP/);
  });

  it('names the field and its allowed values when the caps refuse; the encoder never runs', async () => {
    const log: string[] = [];
    const out = await startJob('video', { model: 'wan-2.6', prompt: 'p', duration_seconds: 99 }, [], deps(log));
    assert.deepEqual(log, []);
    assert.ok(!out.ok && out.stage === 'validate');
    assert.equal(out.problems[0]?.field, 'duration_seconds');
    assert.ok(out.problems[0]?.allowed?.includes(10));
  });

  it('an unknown model: the caller’s own message when it gives one', async () => {
    const out = await startJob('video', { model: 'nope', prompt: 'p' }, [], deps([], { unknownModel: { field: 'model', message: 'Choose a video model.' } }));
    assert.ok(!out.ok && out.stage === 'validate');
    assert.deepEqual(out.problems, [{ field: 'model', message: 'Choose a video model.' }]);
  });
});

describe('commands with a request object go through the same pipeline, without dialogs', () => {
  const settings: Record<string, unknown> = {};
  (fakeVscode.workspace as unknown as Record<string, unknown>).getConfiguration = () => ({
    get: (k: string, d?: unknown) => settings[k] ?? d,
    inspect: (k: string) => ({ globalValue: settings[k] }),
  });
  fakeVscode.workspace.workspaceFolders = [{ uri: FakeUri.file(tmp) }];

  let ledgers = 0;
  function fakeAf() {
    const sent: Array<{ request: CreateVideoRequest; meta: { inputImageSources: string[] } }> = [];
    const tracker = {
      submit: (request: CreateVideoRequest, meta: { inputImageSources: string[] }) => {
        sent.push({ request, meta });
        return { localId: `l${sent.length}`, taskId: Promise.resolve(`task-${sent.length}`) };
      },
    };
    const spending = new Spending({ file: path.join(tmp, `spend-${++ledgers}.jsonl`), settings: () => ({ budgetCents: Number(settings.budgetCents ?? 0), period: 'day' }) });
    const af = { keys: { get: async () => 'sk-air-test' }, videoModels: async () => [model], tracker, spending } as unknown as Airforce;
    return { af, sent, spending };
  }

  beforeEach(() => {
    ui.reset();
    for (const k of Object.keys(settings)) delete settings[k];
  });

  it('a cost above airforce.confirmCostAboveCents is refused, naming the setting; nothing is sent, no dialog', async () => {
    settings.confirmCostAboveCents = 300;
    const { af, sent } = fakeAf();
    await assert.rejects(generate.generateVideo(af, { model: 'wan-2.6', prompt: 'p', duration_seconds: 10 }), (e: Error) => {
      assert.equal(e.name, 'CostNotConfirmedError');
      assert.match(e.message, /airforce\.confirmCostAboveCents/);
      assert.match(e.message, /\$4\.00/);
      assert.match(e.message, /\{confirm: false\}/);
      return true;
    });
    assert.equal(sent.length, 0);
    assert.equal(ui.warnings.length, 0, 'no dialog');
  });

  it('{confirm: false} accepts the cost; at or under the threshold nothing is needed', async () => {
    settings.confirmCostAboveCents = 300;
    const { af, sent } = fakeAf();
    assert.equal(await generate.generateVideo(af, { model: 'wan-2.6', prompt: 'p', duration_seconds: 10 }, { confirm: false }), 'task-1');
    assert.equal(await generate.generateVideo(af, { model: 'wan-2.6', prompt: 'p', duration_seconds: 7 }), 'task-2');
    assert.equal(sent.length, 2);
    assert.equal(ui.warnings.length, 0);
  });

  it('over airforce.budgetCents: rejects naming the budget, what is left and the cost; nothing sent, no dialog', async () => {
    settings.budgetCents = 100;
    const { af, sent, spending } = fakeAf();
    await assert.rejects(generate.generateVideo(af, { model: 'wan-2.6', prompt: 'p', duration_seconds: 5 }, { confirm: false }), (e: Error) => {
      assert.equal(e.name, 'BudgetExceededError');
      assert.equal(e.message, 'Budget of $1.00 per day: $1.00 left; this costs about $2.00. Nothing was sent.');
      return true;
    });
    assert.equal(sent.length, 0);
    assert.equal(ui.warnings.length, 0);
    // Money already spent today (by any window) counts: 150 spent leaves 150 of a 300 budget.
    settings.budgetCents = 300;
    spending.ledger.append({ id: 'x', at: Date.now() / 1000, kind: 'image', model: 'flux', state: 'settled', cents: 150 });
    await assert.rejects(generate.generateVideo(af, { model: 'wan-2.6', prompt: 'p', duration_seconds: 5 }), /Budget of \$3\.00 per day: \$1\.50 left; this costs about \$2\.00/);
    settings.budgetCents = 350;
    assert.equal(await generate.generateVideo(af, { model: 'wan-2.6', prompt: 'p', duration_seconds: 5 }), 'task-1');
    assert.equal(sent.length, 1);
  });

  it('an invalid request rejects with the field and sends nothing', async () => {
    const { af, sent } = fakeAf();
    await assert.rejects(generate.generateVideo(af, { model: 'wan-2.6', prompt: 'p', duration_seconds: 99 }), /duration_seconds/);
    assert.equal(sent.length, 0);
  });

  it('fh#2 a 20,000-character video prompt rejects naming the prompt, its count and the limit; nothing is sent, no dialog', async () => {
    const { af, sent } = fakeAf();
    await assert.rejects(generate.generateVideo(af, { model: 'wan-2.6', prompt: 'z'.repeat(20_000), duration_seconds: 5 }, { confirm: false }), (e: Error) => {
      assert.equal(e.name, 'ValidationError');
      assert.match(e.message, /prompt is 20000 characters long; at most 4000 are allowed/);
      return true;
    });
    assert.equal(sent.length, 0);
    assert.equal(ui.warnings.length, 0);
    assert.equal(await generate.generateVideo(af, { model: 'wan-2.6', prompt: 'z'.repeat(4000), duration_seconds: 5 }, { confirm: false }), 'task-1');
  });

  it('animateImage(uri, {prompt}) reads the file with the magic-byte checked encoder, after validation', async () => {
    const { af, sent } = fakeAf();
    assert.equal(await generate.animateImage(af, FakeUri.file(png), { prompt: 'fly', model: 'wan-2.6' }), 'task-1');
    assert.deepEqual(sent[0]?.request.input_images, [{ b64_json: readFileSync(png).toString('base64') }]);
    assert.equal(sent[0]?.request.mode, 'image');
    assert.deepEqual(sent[0]?.meta.inputImageSources, [png]);
    await assert.rejects(generate.animateImage(af, FakeUri.file(fakePng), { prompt: 'fly', model: 'wan-2.6' }), /not a PNG, JPEG or WebP/);
    assert.equal(sent.length, 1);
  });

  it('generateVideo takes input images as workspace paths and URIs too, encoded the same way; a URL is checked by its first bytes (fh#2)', async () => {
    const { af, sent } = fakeAf();
    // The image host: answers the URL's first bytes (a PNG), and must never see the key.
    const asked: Array<{ url: string; headers: Headers }> = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      asked.push({ url: String(input), headers: new Headers(init?.headers) });
      return new Response(readFileSync(png).subarray(0, 32), { status: 206, headers: { 'content-type': 'image/png' } });
    }) as typeof fetch;
    try {
      await generate.generateVideo(af, { model: 'wan-2.6', prompt: 'p', mode: 'reference', input_images: ['frame.png', FakeUri.file(png), 'https://e.com/r.png'] });
    } finally {
      globalThis.fetch = realFetch;
    }
    const b64 = readFileSync(png).toString('base64');
    assert.deepEqual(sent[0]?.request.input_images, [{ b64_json: b64 }, { b64_json: b64 }, { url: 'https://e.com/r.png' }]);
    assert.deepEqual(sent[0]?.meta.inputImageSources, [png, png, 'https://e.com/r.png']);
    assert.deepEqual(
      asked.map((a) => [a.url, a.headers.get('range'), a.headers.get('authorization')]),
      [['https://e.com/r.png', 'bytes=0-31', null]],
    );
  });
});

describe('one submit behind the panel and the commands', () => {
  it('the single-job call sites start through startJob and check nothing on their own', () => {
    const binding = /import \{[^}]*\bstartJob\b[^}]*\} from '(\.\.\/)+submit\/vscode\/startJob'/;
    const calls: Array<[string, RegExp]> = [
      ['src/commands/generate.ts', binding],
      ['src/commands/mediaCommands.ts', binding],
      ['src/commands/speakSelection.ts', binding],
      ['src/compare/host/run.ts', binding],
      ['src/generate/host/vscodePanelHost.ts', binding],
    ];
    for (const [file, imports] of calls) {
      const text = readFileSync(path.join(root, file), 'utf8');
      assert.match(text, imports, `${file} imports startJob`);
      assert.match(text, /\bstartJob\(/, `${file} calls startJob`);
      for (const own of ['validateVideoRequest', 'validateImageRequest', 'estimateCostCents', 'runSubmitPipeline', 'showWarningMessage']) {
        assert.ok(!text.includes(own), `${file} has no second ${own}: the submit's steps and its question are written once`);
      }
    }
  });
});
